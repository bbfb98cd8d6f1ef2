// The template step editor's state: drafts of steps as the inputs hold them (numbers as text, env
// variables as rows, settings as JSON text), a reducer, the conversion to the API's body with the
// portal's own checks, and the mapping of field errors (`steps.2.url`) back to the step they are about.
import type { TemplateStep, TemplateStepInput } from '@youarecoder/contract';
import {
  DEBIAN_PACKAGE,
  packageList,
  STEP_MAX_RETRIES,
  STEP_TIMEOUT,
  STEP_TYPES,
  type StepType,
  TEMPLATE_MAX_STEPS,
} from '@youarecoder/contract/workspace-rules';
import type { TFunction } from '../i18n/index.tsx';

/** One file of a files step. */
export interface FileDraft {
  key: string;
  path: string;
  content: string;
  executable: boolean;
}

/** One environment variable row. */
export interface VarDraft {
  key: string;
  name: string;
  value: string;
}

interface CommonDraft {
  /** Stable identity in the editor (React key, where field errors attach). */
  key: string;
  name: string;
  timeoutSeconds: string;
  retries: string;
  fatal: boolean;
}

/** A step as the editor holds it. */
export type StepDraft = CommonDraft &
  (
    | { type: 'files'; files: FileDraft[] }
    | { type: 'env'; variables: VarDraft[] }
    | { type: 'git_clone'; url: string; branch: string; directory: string }
    | { type: 'extensions'; vsix: string[] }
    | { type: 'settings'; settings: string }
    | { type: 'shell'; script: string }
    /** Package names separated by spaces, commas or lines, as typed. */
    | { type: 'system_packages'; packages: string }
  );

/** The editor's state: the steps and the next free key number. */
export interface EditorState {
  steps: StepDraft[];
  nextKey: number;
}

/** Text inputs of a step (those a type lacks are ignored). */
export type TextField =
  | 'name'
  | 'timeoutSeconds'
  | 'retries'
  | 'url'
  | 'branch'
  | 'directory'
  | 'settings'
  | 'script'
  | 'packages';

/** What the editor can do. */
export type EditorAction =
  | { type: 'load'; steps: TemplateStep[] }
  | { type: 'add'; stepType: StepType }
  | { type: 'remove'; key: string }
  | { type: 'move'; key: string; by: -1 | 1 }
  | { type: 'setText'; key: string; field: TextField; value: string }
  | { type: 'setFatal'; key: string; value: boolean }
  | { type: 'addFile'; key: string }
  | { type: 'removeFile'; key: string; fileKey: string }
  | { type: 'setFile'; key: string; fileKey: string; patch: Partial<Omit<FileDraft, 'key'>> }
  | { type: 'addVar'; key: string }
  | { type: 'removeVar'; key: string; varKey: string }
  | { type: 'setVar'; key: string; varKey: string; patch: Partial<Omit<VarDraft, 'key'>> }
  | { type: 'setVsix'; key: string; id: string; on: boolean };

/** The bundled welcome extension an extensions step may install without an upload. */
export const BUNDLED_VSIX = 'bundled:youarecoder-welcome.vsix';

/** An empty editor. */
export const EMPTY_EDITOR: EditorState = { steps: [], nextKey: 1 };

function common(key: string): CommonDraft {
  return {
    key,
    name: '',
    timeoutSeconds: String(STEP_TIMEOUT.default),
    retries: '0',
    fatal: true,
  };
}

/** A new step of a type, with one empty row where the type needs rows. Uses up to 2 keys from `next`. */
function newStep(type: StepType, next: number): StepDraft {
  const c = common(`s${next}`);
  switch (type) {
    case 'files':
      return { ...c, type, files: [{ key: `f${next + 1}`, path: '', content: '', executable: false }] };
    case 'env':
      return { ...c, type, variables: [{ key: `v${next + 1}`, name: '', value: '' }] };
    case 'git_clone':
      return { ...c, type, url: '', branch: '', directory: '' };
    case 'extensions':
      return { ...c, type, vsix: [] };
    case 'settings':
      return { ...c, type, settings: '{\n  \n}' };
    case 'shell':
      return { ...c, type, script: '' };
    case 'system_packages':
      return { ...c, type, timeoutSeconds: '600', packages: '' };
  }
}

/** The editor holding stored steps. */
export function editorFromSteps(steps: TemplateStep[]): EditorState {
  let next = 1;
  const key = (p: string) => `${p}${next++}`;
  const drafts = steps.map((s): StepDraft => {
    const c: CommonDraft = {
      key: key('s'),
      name: s.name ?? '',
      timeoutSeconds: String(s.timeoutSeconds ?? STEP_TIMEOUT.default),
      retries: String(s.retries ?? 0),
      fatal: s.fatal ?? true,
    };
    switch (s.type) {
      case 'files':
        return {
          ...c,
          type: 'files',
          files: s.files.map((f) => ({
            key: key('f'),
            path: f.path,
            content: f.content,
            executable: f.executable ?? false,
          })),
        };
      case 'env':
        return {
          ...c,
          type: 'env',
          variables: Object.entries(s.variables).map(([name, value]) => ({ key: key('v'), name, value })),
        };
      case 'git_clone':
        return { ...c, type: 'git_clone', url: s.url, branch: s.branch ?? '', directory: s.directory ?? '' };
      case 'extensions':
        return { ...c, type: 'extensions', vsix: [...s.vsix] };
      case 'settings':
        return { ...c, type: 'settings', settings: JSON.stringify(s.settings, null, 2) };
      case 'system_packages':
        return { ...c, type: 'system_packages', packages: s.packages.join(' ') };
      default: // shell
        return { ...c, type: 'shell', script: s.script };
    }
  });
  return { steps: drafts, nextKey: next };
}

function mapStep(state: EditorState, key: string, fn: (s: StepDraft) => StepDraft): EditorState {
  return { ...state, steps: state.steps.map((s) => (s.key === key ? fn(s) : s)) };
}

/** The step editor's reducer. */
export function stepEditorReducer(state: EditorState, action: EditorAction): EditorState {
  switch (action.type) {
    case 'load':
      return editorFromSteps(action.steps);
    case 'add':
      if (state.steps.length >= TEMPLATE_MAX_STEPS || !STEP_TYPES.includes(action.stepType)) return state;
      return {
        steps: [...state.steps, newStep(action.stepType, state.nextKey)],
        nextKey: state.nextKey + 2,
      };
    case 'remove':
      return { ...state, steps: state.steps.filter((s) => s.key !== action.key) };
    case 'move': {
      const i = state.steps.findIndex((s) => s.key === action.key);
      const j = i + action.by;
      if (i < 0 || j < 0 || j >= state.steps.length) return state;
      const steps = [...state.steps];
      [steps[i], steps[j]] = [steps[j] as StepDraft, steps[i] as StepDraft];
      return { ...state, steps };
    }
    case 'setText':
      return mapStep(state, action.key, (s) =>
        action.field in s ? { ...s, [action.field]: action.value } : s,
      );
    case 'setFatal':
      return mapStep(state, action.key, (s) => ({ ...s, fatal: action.value }));
    case 'addFile': {
      const fileKey = `f${state.nextKey}`;
      const next = mapStep(state, action.key, (s) =>
        s.type === 'files'
          ? { ...s, files: [...s.files, { key: fileKey, path: '', content: '', executable: false }] }
          : s,
      );
      return { ...next, nextKey: state.nextKey + 1 };
    }
    case 'removeFile':
      return mapStep(state, action.key, (s) =>
        s.type === 'files' ? { ...s, files: s.files.filter((f) => f.key !== action.fileKey) } : s,
      );
    case 'setFile':
      return mapStep(state, action.key, (s) =>
        s.type === 'files'
          ? { ...s, files: s.files.map((f) => (f.key === action.fileKey ? { ...f, ...action.patch } : f)) }
          : s,
      );
    case 'addVar': {
      const varKey = `v${state.nextKey}`;
      const next = mapStep(state, action.key, (s) =>
        s.type === 'env' ? { ...s, variables: [...s.variables, { key: varKey, name: '', value: '' }] } : s,
      );
      return { ...next, nextKey: state.nextKey + 1 };
    }
    case 'removeVar':
      return mapStep(state, action.key, (s) =>
        s.type === 'env' ? { ...s, variables: s.variables.filter((v) => v.key !== action.varKey) } : s,
      );
    case 'setVar':
      return mapStep(state, action.key, (s) =>
        s.type === 'env'
          ? {
              ...s,
              variables: s.variables.map((v) => (v.key === action.varKey ? { ...v, ...action.patch } : v)),
            }
          : s,
      );
    case 'setVsix':
      return mapStep(state, action.key, (s) => {
        if (s.type !== 'extensions') return s;
        const without = s.vsix.filter((id) => id !== action.id);
        return { ...s, vsix: action.on ? [...without, action.id] : without };
      });
  }
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Why settings JSON text is refused, or null when it is a JSON object. */
export function settingsProblem(t: TFunction, text: string): string | null {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return t('templates.settingsInvalid');
  }
  return v && typeof v === 'object' && !Array.isArray(v) ? null : t('templates.settingsNotObject');
}

/** Why a path inside the workspace is refused, or null. */
function pathProblem(t: TFunction, path: string): string | null {
  const p = path.trim();
  if (!p) return t('form.required');
  if (p.startsWith('/')) return t('templates.pathRelative');
  if (p.replace(/^~\//, '').split('/').includes('..')) return t('templates.pathInside');
  return null;
}

function wholeNumber(text: string, min: number, max: number): number | null {
  const n = Number(text.trim());
  return text.trim() !== '' && Number.isInteger(n) && n >= min && n <= max ? n : null;
}

/**
 * The steps as the API takes them, and the portal's own field errors keyed like the API's
 * (`steps.2.url`, env rows by row: `steps.1.variables.0`). Only the problems are meaningful when
 * there are some.
 */
export function buildSteps(
  t: TFunction,
  drafts: StepDraft[],
): { steps: TemplateStepInput[]; problems: Record<string, string> } {
  const problems: Record<string, string> = {};
  const steps = drafts.map((d, i): TemplateStepInput => {
    const at = (rel: string) => `steps.${i}.${rel}`;
    const timeoutSeconds = wholeNumber(d.timeoutSeconds, STEP_TIMEOUT.min, STEP_TIMEOUT.max);
    if (timeoutSeconds === null) {
      problems[at('timeoutSeconds')] = t('templates.between', {
        min: STEP_TIMEOUT.min,
        max: STEP_TIMEOUT.max,
      });
    }
    const retries = wholeNumber(d.retries, 0, STEP_MAX_RETRIES);
    if (retries === null) problems[at('retries')] = t('templates.between', { min: 0, max: STEP_MAX_RETRIES });
    const base = {
      ...(d.name.trim() ? { name: d.name.trim() } : {}),
      timeoutSeconds: timeoutSeconds ?? STEP_TIMEOUT.default,
      retries: retries ?? 0,
      fatal: d.fatal,
    };
    switch (d.type) {
      case 'files': {
        if (d.files.length === 0) problems[at('files')] = t('templates.needFile');
        d.files.forEach((f, j) => {
          const p = pathProblem(t, f.path);
          if (p) problems[at(`files.${j}.path`)] = p;
        });
        return {
          type: 'files',
          ...base,
          files: d.files.map((f) => ({ path: f.path.trim(), content: f.content, executable: f.executable })),
        };
      }
      case 'env': {
        const rows = d.variables.filter((v) => v.name.trim() || v.value);
        if (rows.length === 0) problems[at('variables')] = t('templates.needVariable');
        const seen = new Set<string>();
        d.variables.forEach((v, j) => {
          const name = v.name.trim();
          if (!name && !v.value) return;
          if (!name) problems[at(`variables.${j}`)] = t('templates.varNameRequired');
          else if (!ENV_NAME.test(name)) problems[at(`variables.${j}`)] = t('templates.varNameInvalid');
          else if (seen.has(name)) problems[at(`variables.${j}`)] = t('templates.varNameDuplicate');
          seen.add(name);
        });
        return {
          type: 'env',
          ...base,
          variables: Object.fromEntries(rows.map((v) => [v.name.trim(), v.value])),
        };
      }
      case 'git_clone': {
        if (!d.url.trim()) problems[at('url')] = t('form.required');
        const dir = d.directory.trim();
        const dirProblem = dir ? pathProblem(t, dir) : null;
        if (dirProblem) problems[at('directory')] = dirProblem;
        return {
          type: 'git_clone',
          ...base,
          url: d.url.trim(),
          ...(d.branch.trim() ? { branch: d.branch.trim() } : {}),
          ...(dir ? { directory: dir } : {}),
        };
      }
      case 'extensions':
        if (d.vsix.length === 0) problems[at('vsix')] = t('templates.needVsix');
        return { type: 'extensions', ...base, vsix: [...d.vsix] };
      case 'settings': {
        const p = settingsProblem(t, d.settings);
        if (p) problems[at('settings')] = p;
        return {
          type: 'settings',
          ...base,
          settings: p ? {} : (JSON.parse(d.settings) as Record<string, unknown>),
        };
      }
      case 'system_packages': {
        const packages = packageList(d.packages);
        const bad = packages.find((p) => !DEBIAN_PACKAGE.test(p));
        if (packages.length === 0) problems[at('packages')] = t('form.required');
        else if (bad) problems[at('packages')] = t('templates.badPackage', { name: bad });
        return { type: 'system_packages', ...base, packages };
      }
      default: // shell
        if (!d.script.trim()) problems[at('script')] = t('form.required');
        return { type: 'shell', ...base, script: d.script };
    }
  });
  return { steps, problems };
}

/** Field errors split into the form's own and each step's (by step key, at a path inside the step). */
export interface StepErrors {
  form: Record<string, string>;
  steps: Record<string, Record<string, string>>;
}

/**
 * Place field errors (`name`, `steps`, `steps.2.url`, `steps.0.files.1.path`, `steps.1.variables.FOO`)
 * on the steps they are about, as the steps stood when the form was sent: env variables by the row
 * of that name (`variables.<row>`), any vsix entry on `vsix`, any settings key on `settings`, the
 * step itself on `_`. Errors about a step that is not there go to the form's `steps`.
 */
export function mapStepErrors(fields: Record<string, string>, sent: StepDraft[]): StepErrors {
  const out: StepErrors = { form: {}, steps: {} };
  for (const [path, message] of Object.entries(fields)) {
    const m = /^steps\.(\d+)(?:\.(.+))?$/.exec(path);
    if (!m) {
      // The list's own error (e.g. too many steps) wins over one about a step that is not there.
      if (path === 'steps') out.form.steps = message;
      else out.form[path] ??= message;
      continue;
    }
    const step = sent[Number(m[1])];
    if (!step) {
      out.form.steps ??= message;
      continue;
    }
    let rel = m[2] ?? '_';
    const [head, second] = rel.split('.');
    if (head === 'variables' && second !== undefined && step.type === 'env') {
      if (!/^\d+$/.test(second)) {
        const row = step.variables.findIndex((v) => v.name.trim() === second);
        rel = row >= 0 ? `variables.${row}` : 'variables';
      } else {
        rel = `variables.${second}`;
      }
    } else if (head === 'vsix' || head === 'settings') {
      rel = head;
    }
    const bucket = out.steps[step.key] ?? {};
    bucket[rel] ??= message;
    out.steps[step.key] = bucket;
  }
  return out;
}

/** Whether a step's card shows a field error at this path (inside the step). */
function shownAt(step: StepDraft, rel: string): boolean {
  if (['_', 'type', 'name', 'timeoutSeconds', 'retries', 'fatal'].includes(rel)) return true;
  switch (step.type) {
    case 'files':
      return rel === 'files' || /^files\.\d+(\.(path|content))?$/.test(rel);
    case 'env':
      return rel === 'variables' || /^variables\.\d+$/.test(rel);
    case 'git_clone':
      return rel === 'url' || rel === 'branch' || rel === 'directory';
    case 'extensions':
      return rel === 'vsix';
    case 'settings':
      return rel === 'settings';
    default: // shell
      return rel === 'script';
  }
}

/** A step's field errors that no field of its card shows (shown together at the top of the card). */
export function unplacedErrors(step: StepDraft, errors: Record<string, string>): [string, string][] {
  return Object.entries(errors).filter(([rel]) => !shownAt(step, rel));
}
