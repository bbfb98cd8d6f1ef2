import type { TemplateStep } from '@youarecoder/contract';
import { TEMPLATE_MAX_STEPS } from '@youarecoder/contract/workspace-rules';
import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { translator } from '../i18n/index.tsx';
import {
  BUNDLED_VSIX,
  buildSteps,
  type EditorAction,
  type EditorState,
  EMPTY_EDITOR,
  editorFromSteps,
  mapStepErrors,
  type StepDraft,
  settingsProblem,
  stepEditorReducer,
  unplacedErrors,
} from './stepEditor.ts';

const t = translator(en);
const run = (actions: EditorAction[], from: EditorState = EMPTY_EDITOR) =>
  actions.reduce(stepEditorReducer, from);
const common = { timeoutSeconds: 120, retries: 0, fatal: true };

const stored: TemplateStep[] = [
  { type: 'files', ...common, files: [{ path: 'README.md', content: '# hi', executable: false }] },
  { type: 'env', ...common, name: 'Env', variables: { NODE_ENV: 'development', PORT: '3000' } },
  { type: 'git_clone', ...common, url: 'https://github.com/acme/app.git' },
  { type: 'extensions', ...common, vsix: [BUNDLED_VSIX] },
  { type: 'settings', ...common, settings: { 'editor.tabSize': 2 } },
  { type: 'shell', ...common, retries: 2, fatal: false, script: 'npm ci' },
  { type: 'system_packages', ...common, timeoutSeconds: 600, packages: ['postgresql-client', 'jq=1.6-2.1'] },
];

describe('system packages steps', () => {
  it('take names separated by spaces, commas or lines, and refuse what is not a package name', () => {
    let s = run([{ type: 'add', stepType: 'system_packages' }]);
    const key = s.steps[0]?.key as string;
    expect(s.steps[0]).toMatchObject({ type: 'system_packages', timeoutSeconds: '600', packages: '' });
    expect(buildSteps(t, s.steps).problems).toEqual({ 'steps.0.packages': 'is required' });
    s = run([{ type: 'setText', key, field: 'packages', value: 'jq, postgresql-client\nlibpq-dev' }], s);
    expect(buildSteps(t, s.steps)).toMatchObject({
      problems: {},
      steps: [{ type: 'system_packages', packages: ['jq', 'postgresql-client', 'libpq-dev'] }],
    });
    s = run([{ type: 'setText', key, field: 'packages', value: 'jq; rm -rf /' }], s);
    expect(buildSteps(t, s.steps).problems['steps.0.packages']).toBe('“jq;” is not a Debian package name');
  });
});

describe('stepEditorReducer', () => {
  it('adds steps of each type with their defaults and unique keys', () => {
    const s = run([
      { type: 'add', stepType: 'shell' },
      { type: 'add', stepType: 'files' },
      { type: 'add', stepType: 'env' },
    ]);
    expect(s.steps.map((x) => x.type)).toEqual(['shell', 'files', 'env']);
    expect(s.steps[0]).toMatchObject({ timeoutSeconds: '120', retries: '0', fatal: true, script: '' });
    const keys = [
      ...s.steps.map((x) => x.key),
      ...s.steps.flatMap((x) => (x.type === 'files' ? x.files.map((f) => f.key) : [])),
      ...s.steps.flatMap((x) => (x.type === 'env' ? x.variables.map((v) => v.key) : [])),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('moves steps up and down, not past the ends, and removes them', () => {
    let s = run([
      { type: 'add', stepType: 'shell' },
      { type: 'add', stepType: 'files' },
      { type: 'add', stepType: 'env' },
    ]);
    const [a, b, c] = s.steps.map((x) => x.key) as [string, string, string];
    s = run([{ type: 'move', key: c, by: -1 }], s);
    expect(s.steps.map((x) => x.key)).toEqual([a, c, b]);
    expect(run([{ type: 'move', key: a, by: -1 }], s)).toBe(s);
    expect(run([{ type: 'move', key: b, by: 1 }], s)).toBe(s);
    s = run([{ type: 'remove', key: c }], s);
    expect(s.steps.map((x) => x.key)).toEqual([a, b]);
  });

  it('edits fields a type has and ignores those it lacks', () => {
    let s = run([{ type: 'add', stepType: 'git_clone' }]);
    const key = s.steps[0]?.key as string;
    s = run(
      [
        { type: 'setText', key, field: 'url', value: 'https://x.test/r.git' },
        { type: 'setText', key, field: 'script', value: 'rm -rf /' },
        { type: 'setText', key, field: 'name', value: 'Clone' },
        { type: 'setFatal', key, value: false },
      ],
      s,
    );
    expect(s.steps[0]).toMatchObject({ url: 'https://x.test/r.git', name: 'Clone', fatal: false });
    expect(s.steps[0]).not.toHaveProperty('script');
  });

  it('edits the rows of files, variables and extensions', () => {
    let s = run([
      { type: 'add', stepType: 'files' },
      { type: 'add', stepType: 'env' },
      { type: 'add', stepType: 'extensions' },
    ]);
    const [files, env, ext] = s.steps as [
      Extract<EditorState['steps'][number], { type: 'files' }>,
      Extract<EditorState['steps'][number], { type: 'env' }>,
      EditorState['steps'][number],
    ];
    const firstFile = files.files[0]?.key as string;
    s = run(
      [
        { type: 'setFile', key: files.key, fileKey: firstFile, patch: { path: 'run.sh', executable: true } },
        { type: 'addFile', key: files.key },
        {
          type: 'setVar',
          key: env.key,
          varKey: env.variables[0]?.key as string,
          patch: { name: 'A', value: '1' },
        },
        { type: 'addVar', key: env.key },
        { type: 'setVsix', key: ext.key, id: BUNDLED_VSIX, on: true },
        { type: 'setVsix', key: ext.key, id: 'asset_abcdefgh', on: true },
        { type: 'setVsix', key: ext.key, id: BUNDLED_VSIX, on: false },
      ],
      s,
    );
    const [f, e, x] = s.steps;
    expect(f?.type === 'files' && f.files.map((r) => [r.path, r.executable])).toEqual([
      ['run.sh', true],
      ['', false],
    ]);
    expect(e?.type === 'env' && e.variables.map((r) => [r.name, r.value])).toEqual([
      ['A', '1'],
      ['', ''],
    ]);
    expect(x?.type === 'extensions' && x.vsix).toEqual(['asset_abcdefgh']);
    const second = f?.type === 'files' ? (f.files[1]?.key as string) : '';
    s = run([{ type: 'removeFile', key: files.key, fileKey: second }], s);
    expect(s.steps[0]?.type === 'files' && s.steps[0].files).toHaveLength(1);
  });

  it('stops adding at the most steps a template may have', () => {
    const full = run(
      Array.from({ length: TEMPLATE_MAX_STEPS + 3 }, () => ({ type: 'add', stepType: 'shell' }) as const),
    );
    expect(full.steps).toHaveLength(TEMPLATE_MAX_STEPS);
  });
});

describe('stored steps and the body sent', () => {
  it('round-trips every type through the editor', () => {
    const editor = editorFromSteps(stored);
    expect(editor.steps[1]).toMatchObject({ name: 'Env', type: 'env' });
    expect(editor.steps[4]).toMatchObject({ settings: '{\n  "editor.tabSize": 2\n}' });
    const { steps, problems } = buildSteps(t, editor.steps);
    expect(problems).toEqual({});
    expect(steps).toEqual(stored);
  });

  it("collects the portal's own problems keyed like the API's", () => {
    let s = run([
      { type: 'add', stepType: 'files' },
      { type: 'add', stepType: 'env' },
      { type: 'add', stepType: 'git_clone' },
      { type: 'add', stepType: 'extensions' },
      { type: 'add', stepType: 'settings' },
      { type: 'add', stepType: 'shell' },
    ]);
    const [files, env, , , settings, shell] = s.steps;
    const fileKey = files?.type === 'files' ? (files.files[0]?.key as string) : '';
    const varKey = env?.type === 'env' ? (env.variables[0]?.key as string) : '';
    s = run(
      [
        { type: 'setFile', key: files?.key as string, fileKey, patch: { path: '/etc/passwd' } },
        { type: 'setVar', key: env?.key as string, varKey, patch: { name: '1BAD', value: 'x' } },
        { type: 'setText', key: settings?.key as string, field: 'settings', value: '[1, 2]' },
        { type: 'setText', key: shell?.key as string, field: 'timeoutSeconds', value: '0' },
        { type: 'setText', key: shell?.key as string, field: 'retries', value: '1.5' },
      ],
      s,
    );
    expect(buildSteps(t, s.steps).problems).toEqual({
      'steps.0.files.0.path': en['templates.pathRelative'],
      'steps.1.variables.0': en['templates.varNameInvalid'],
      'steps.2.url': en['form.required'],
      'steps.3.vsix': en['templates.needVsix'],
      'steps.4.settings': en['templates.settingsNotObject'],
      'steps.5.timeoutSeconds': 'must be a whole number from 1 to 1800',
      'steps.5.retries': 'must be a whole number from 0 to 5',
      'steps.5.script': en['form.required'],
    });
  });

  it('leaves out empty variable rows and flags names used twice', () => {
    const s = editorFromSteps([{ type: 'env', ...common, variables: { A: '1' } }]);
    const key = s.steps[0]?.key as string;
    const next = run(
      [
        { type: 'addVar', key },
        { type: 'addVar', key },
      ],
      s,
    );
    const env = next.steps[0];
    const dup = env?.type === 'env' ? (env.variables[2]?.key as string) : '';
    expect(buildSteps(t, next.steps)).toEqual({
      steps: [{ type: 'env', ...common, variables: { A: '1' } }],
      problems: {},
    });
    const twice = run([{ type: 'setVar', key, varKey: dup, patch: { name: 'A', value: '2' } }], next);
    expect(buildSteps(t, twice.steps).problems).toEqual({
      'steps.0.variables.2': en['templates.varNameDuplicate'],
    });
  });

  it('checks settings JSON as typed', () => {
    expect(settingsProblem(t, '{"a": 1}')).toBeNull();
    expect(settingsProblem(t, '{"a": ')).toBe(en['templates.settingsInvalid']);
    expect(settingsProblem(t, '"text"')).toBe(en['templates.settingsNotObject']);
    expect(settingsProblem(t, 'null')).toBe(en['templates.settingsNotObject']);
  });
});

describe('mapStepErrors', () => {
  const sent = editorFromSteps(stored).steps;
  const key = (i: number) => sent[i]?.key as string;

  it("places the API's field errors on the step and field they are about", () => {
    expect(
      mapStepErrors(
        {
          name: 'is required',
          'steps.0.files.0.path': 'must be relative',
          'steps.1.variables.PORT': 'may not contain NUL',
          'steps.1.variables.GONE': 'is odd',
          'steps.2.url': 'must be an http(s), ssh, git or file URL',
          'steps.3.vsix.0': 'is not a known .vsix',
          'steps.4.settings.editor': 'bad',
          'steps.5': 'Invalid input',
          'steps.5.retries': 'must be at most 5',
        },
        sent,
      ),
    ).toEqual({
      form: { name: 'is required' },
      steps: {
        [key(0)]: { 'files.0.path': 'must be relative' },
        [key(1)]: { 'variables.1': 'may not contain NUL', variables: 'is odd' },
        [key(2)]: { url: 'must be an http(s), ssh, git or file URL' },
        [key(3)]: { vsix: 'is not a known .vsix' },
        [key(4)]: { settings: 'bad' },
        [key(5)]: { _: 'Invalid input', retries: 'must be at most 5' },
      },
    });
  });

  it('keeps errors on their step after it moved, and sends those about missing steps to the form', () => {
    const moved = run([{ type: 'move', key: key(2), by: -1 }], editorFromSteps(stored));
    const errors = mapStepErrors(
      { 'steps.2.url': 'bad url', 'steps.9.url': 'x', steps: 'at most 30 steps' },
      sent,
    );
    expect(errors.steps[moved.steps[1]?.key as string]).toEqual({ url: 'bad url' });
    expect(errors.form).toEqual({ steps: 'at most 30 steps' });
  });

  it("uses the client's own row paths as they are", () => {
    expect(mapStepErrors({ 'steps.1.variables.0': 'needs a name' }, sent).steps[key(1)]).toEqual({
      'variables.0': 'needs a name',
    });
  });
});

describe('unplacedErrors', () => {
  it("lists the errors no field of the step's card shows", () => {
    const steps = editorFromSteps(stored).steps;
    const at = (i: number) => steps[i] as StepDraft;
    expect(unplacedErrors(at(2), { url: 'bad', branch: 'bad', _: 'odd' })).toEqual([]);
    expect(unplacedErrors(at(5), { url: 'bad', script: 'empty' })).toEqual([['url', 'bad']]);
    expect(unplacedErrors(at(0), { 'files.0.path': 'x', 'files.0.mode': 'y', files: 'z' })).toEqual([
      ['files.0.mode', 'y'],
    ]);
    expect(unplacedErrors(at(1), { 'variables.1': 'x', variables: 'y', 'variables.1.name': 'z' })).toEqual([
      ['variables.1.name', 'z'],
    ]);
  });
});
