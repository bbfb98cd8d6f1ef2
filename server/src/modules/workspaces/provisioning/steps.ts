// The step types except git_clone (git.ts): what each does to a workspace and how it is undone.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { TemplateStep } from '@youarecoder/contract';
import { randomAlnum } from '../../../platform/ids.ts';
import { RESERVED_ENV, RuntimeError, type WorkspacePath } from '../runtime.ts';
import { readVsixManifest } from '../templates/vsix.ts';
import {
  execIn,
  lastLines,
  type StepContext,
  StepError,
  type StepRunner,
  workspacePathOf,
} from './context.ts';
import { gitCloneStep } from './git.ts';
import { parseJsonc } from './jsonc.ts';

type Step<K extends TemplateStep['type']> = Extract<TemplateStep, { type: K }>;

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** Journal how to put a file back as it was (`previous` null: it did not exist). */
function undoWrite(ctx: StepContext, target: WorkspacePath, previous: Buffer | null): void {
  ctx.undo(() =>
    previous === null
      ? ctx.driver.removePath(ctx.workspaceId, target)
      : ctx.driver.writeFile(ctx.workspaceId, target, previous),
  );
}

/** Write a file, journalling how to undo it (content restored, or file and new folders removed). */
async function writeUndoable(
  ctx: StepContext,
  target: WorkspacePath,
  content: string | Uint8Array,
  mode?: number,
): Promise<Buffer | null> {
  ctx.checkTime();
  const previous = await ctx.driver.readFile(ctx.workspaceId, target);
  undoWrite(ctx, target, previous);
  const { createdDir } = await ctx.driver.writeFile(
    ctx.workspaceId,
    target,
    content,
    mode === undefined ? {} : { mode },
  );
  // Undone before the file's own entry (last-first): the folder goes with the file in it.
  if (createdDir)
    ctx.undo(() => ctx.driver.removePath(ctx.workspaceId, { area: target.area, path: createdDir }));
  return previous;
}

const filesStep: StepRunner<Step<'files'>> = async (step, ctx) => {
  for (const f of step.files) {
    const previous = await writeUndoable(
      ctx,
      workspacePathOf(f.path),
      f.content,
      f.executable ? 0o755 : undefined,
    );
    ctx.log(
      `${previous === null ? 'created' : 'replaced'} ${f.path}${f.executable ? ' (executable)' : ''}\n`,
    );
  }
};

const envStep: StepRunner<Step<'env'>> = async (step, ctx) => {
  const names = Object.keys(step.variables);
  const reserved = names.filter((n) => RESERVED_ENV.includes(n));
  if (reserved.length)
    throw new StepError(`${reserved.join(', ')} ${reserved.length === 1 ? 'is' : 'are'} set by the platform`);
  const before = new Map(names.map((n) => [n, Object.hasOwn(ctx.env, n) ? ctx.env[n] : undefined]));
  ctx.undo(async () => {
    for (const [n, v] of before) {
      if (v === undefined) delete ctx.env[n];
      else ctx.env[n] = v;
    }
  });
  Object.assign(ctx.env, step.variables);
  ctx.log(`set ${names.join(', ')}\n`);
};

const SETTINGS: WorkspacePath = { area: 'userData', path: 'User/settings.json' };
const SETTINGS_BACKUP: WorkspacePath = { area: 'userData', path: 'User/settings.json.bak' };

const settingsStep: StepRunner<Step<'settings'>> = async (step, ctx) => {
  ctx.checkTime();
  const previous = await ctx.driver.readFile(ctx.workspaceId, SETTINGS);
  let current: Record<string, unknown> = {};
  if (previous !== null) {
    let parsed: unknown;
    try {
      parsed = parseJsonc(previous.toString('utf8'));
    } catch {
      parsed = null;
    }
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
      current = parsed as Record<string, unknown>;
    } else {
      // Someone's hand-edited file that no longer parses: keep it beside, start afresh.
      await writeUndoable(ctx, SETTINGS_BACKUP, previous);
      ctx.log('the existing settings.json was not a JSON object; kept it as settings.json.bak\n');
    }
  }
  const merged = { ...current, ...step.settings };
  await writeUndoable(ctx, SETTINGS, `${JSON.stringify(merged, null, 2)}\n`);
  ctx.log(`set ${Object.keys(step.settings).join(', ')} in settings.json\n`);
};

const shellStep: StepRunner<Step<'shell'>> = async (step, ctx) => {
  const name = `yac-step-${ctx.index + 1}-${randomAlnum(8)}.sh`;
  const script: WorkspacePath = { area: 'tmp', path: name };
  await ctx.driver.writeFile(ctx.workspaceId, script, step.script, { mode: 0o700 });
  ctx.undo({ irreversible: 'a shell script cannot be undone: what it changed was left in place' });
  try {
    const r = await execIn(ctx, ['bash', path.posix.join(ctx.driver.paths(ctx.workspaceId).tmp, name)]);
    if (r.exitCode !== 0) {
      const how = r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
      const tail = lastLines(r.output);
      throw new StepError(`the script ${how}${tail ? `: ${tail}` : ''}`);
    }
  } finally {
    await ctx.driver.removePath(ctx.workspaceId, script).catch(() => undefined);
  }
};

const extensionsStep: StepRunner<Step<'extensions'>> = async (step, ctx) => {
  ctx.checkTime();
  const before = new Set((await ctx.driver.listExtensions(ctx.workspaceId)).map((e) => e.id.toLowerCase()));
  for (const ref of step.vsix) {
    ctx.checkTime();
    let file: string;
    let manifest: ReturnType<typeof readVsixManifest>;
    try {
      file = await ctx.resolveVsix(ref);
    } catch (err) {
      throw new StepError(`cannot find the extension ${ref}: ${messageOf(err)}`);
    }
    try {
      manifest = readVsixManifest(await fs.readFile(file));
    } catch (err) {
      throw new StepError(`${ref} is not a usable .vsix: ${messageOf(err)}`);
    }
    const extId = manifest.extensionId;
    // One that was there before stays (updated) on rollback: the previous version is not kept.
    if (!before.has(extId.toLowerCase()))
      ctx.undo(() => ctx.driver.uninstallExtension(ctx.workspaceId, extId, { timeoutMs: 120_000 }));
    try {
      const r = await ctx.driver.installExtension(ctx.workspaceId, file, {
        timeoutMs: ctx.remainingMs(),
        signal: ctx.signal,
      });
      ctx.log(r.output.endsWith('\n') ? r.output : `${r.output}\n`);
    } catch (err) {
      if (err instanceof RuntimeError && err.logTail.length) ctx.log(`${err.logTail.join('\n')}\n`);
      ctx.checkTime();
      throw err instanceof RuntimeError ? new StepError(err.message) : err;
    }
    ctx.log(`installed ${extId}@${manifest.version}\n`);
  }
};

/**
 * apt-get as root inside the workspace (sudo): the list, then the packages. What it installed stays on a
 * rollback (removing packages exactly as they were is not something apt promises).
 */
const systemPackagesStep: StepRunner<Step<'system_packages'>> = async (step, ctx) => {
  if (!ctx.driver.contained)
    throw new StepError(
      'system packages need workspaces in containers; on this platform workspaces run as users of its host (an operator enables containers with `npm run setup:ide` as root)',
    );
  ctx.undo({ irreversible: 'installed system packages stay in place' });
  ctx.log(`apt-get install ${step.packages.join(' ')}\n`);
  const r = await execIn(ctx, [
    'sudo',
    '-n',
    'env',
    'DEBIAN_FRONTEND=noninteractive',
    'sh',
    '-c',
    'apt-get update -q && apt-get install -y -q --no-install-recommends "$@" && rm -rf /var/lib/apt/lists/*',
    'yac-apt',
    ...step.packages,
  ]);
  if (r.exitCode !== 0) {
    const how = r.signal ? `was killed by ${r.signal}` : `exited with code ${r.exitCode}`;
    const tail = lastLines(r.output);
    throw new StepError(`apt-get ${how}${tail ? `: ${tail}` : ''}`);
  }
};

/** Every step type's implementation. */
export const STEP_RUNNERS: { [K in TemplateStep['type']]: StepRunner<Step<K>> } = {
  files: filesStep,
  env: envStep,
  git_clone: gitCloneStep,
  extensions: extensionsStep,
  settings: settingsStep,
  shell: shellStep,
  system_packages: systemPackagesStep,
};
