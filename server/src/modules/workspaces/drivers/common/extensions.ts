// VS Code extensions of a workspace, through code-server's own CLI run as the workspace user (so the
// extensions folder and its extensions.json stay the user's, exactly as the IDE itself would leave them).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { IdeRuntimePaths } from '../../../../platform/ide-runtime.ts';
import { randomAlnum } from '../../../../platform/ids.ts';
import {
  type ExtensionOptions,
  type ExtensionResult,
  type InstalledExtension,
  RuntimeError,
} from '../../runtime.ts';
import { OutputTail } from './exec.ts';
import { type FsContext, removeWorkspacePath, writeWorkspaceFile } from './workspace-fs.ts';

/** What the CLI needs: where (as its commands see the folders), with which environment and runtime. */
export interface ExtensionContext {
  /** The file operations of the workspace; its runner runs the CLI too. */
  readonly fs: FsContext;
  readonly extensionsDir: string;
  readonly userDataDir: string;
  /** Working folder of the CLI. */
  readonly home: string;
  readonly env: Record<string, string>;
  /** The runtime, with nodeBin and codeServerEntry as the runner's commands see them. */
  readonly ide: IdeRuntimePaths;
}

const EXTENSION_ID = /^[A-Za-z0-9][A-Za-z0-9-]*\.[A-Za-z0-9][A-Za-z0-9._-]*$/;

async function cli(
  ctx: ExtensionContext,
  args: string[],
  opts: ExtensionOptions,
): Promise<{ ok: boolean; output: string; stdout: string }> {
  if (!ctx.ide.installed)
    throw new RuntimeError(
      'runtime_missing',
      `the IDE runtime (code-server ${ctx.ide.versions.codeServer}) is not installed in ${ctx.ide.cacheDir}: run \`npm run setup:ide\``,
    );
  const output = new OutputTail(64 * 1024);
  const stdout = new OutputTail(1024 * 1024);
  const r = await ctx.fs.run(
    {
      argv: [
        ctx.ide.nodeBin,
        ctx.ide.codeServerEntry,
        '--extensions-dir',
        ctx.extensionsDir,
        '--user-data-dir',
        ctx.userDataDir,
        ...args,
      ],
      cwd: ctx.home,
      env: ctx.env,
      timeoutMs: opts.timeoutMs ?? 300_000,
      signal: opts.signal,
    },
    (chunk, fd) => {
      output.push(chunk);
      if (fd === 1) stdout.push(chunk);
    },
  );
  const text = r.timedOut
    ? `${output}\ntimed out after ${Math.round((opts.timeoutMs ?? 300_000) / 1000)} s`
    : output.toString();
  return { ok: r.exitCode === 0 && !r.timedOut, output: text, stdout: stdout.toString() };
}

function lines(text: string): string[] {
  return text.split(/\r?\n/).filter((s) => s.trim() !== '');
}

/**
 * Install a .vsix: the platform reads it and writes a copy into the workspace's tmp/ as the workspace user
 * (never opening a path the user controls as root), then the CLI installs it as the user.
 */
export async function installExtension(
  ctx: ExtensionContext,
  vsixPath: string,
  opts: ExtensionOptions = {},
): Promise<ExtensionResult> {
  const data = await fs.readFile(path.resolve(vsixPath)).catch((err: NodeJS.ErrnoException) => {
    throw new RuntimeError('extension_failed', `cannot read ${vsixPath}: ${err.code ?? err.message}`);
  });
  const base = path.basename(vsixPath).replace(/[^\w.-]/g, '_');
  const dir = `yac-vsix-${randomAlnum(12)}`;
  const copy = { area: 'tmp', path: `${dir}/${base.endsWith('.vsix') ? base : `${base}.vsix`}` } as const;
  await writeWorkspaceFile(ctx.fs, copy, data);
  try {
    const r = await cli(
      ctx,
      ['--install-extension', path.join(ctx.fs.areas.tmp, copy.path), '--force'],
      opts,
    );
    if (!r.ok || /Failed Installing/i.test(r.output))
      throw new RuntimeError(
        'extension_failed',
        `installing ${path.basename(vsixPath)} failed: ${lines(r.output).slice(-3).join(' | ') || 'no output'}`,
        lines(r.output).slice(-40),
      );
    return { output: r.output };
  } finally {
    await removeWorkspacePath(ctx.fs, { area: 'tmp', path: dir }).catch(() => undefined);
  }
}

/** Uninstall an extension; one that is not installed is fine. */
export async function uninstallExtension(
  ctx: ExtensionContext,
  extensionId: string,
  opts: ExtensionOptions = {},
): Promise<ExtensionResult> {
  if (!EXTENSION_ID.test(extensionId))
    throw new RuntimeError('extension_failed', `invalid extension id ${JSON.stringify(extensionId)}`);
  const r = await cli(ctx, ['--uninstall-extension', extensionId], opts);
  if (!r.ok && !/is not installed/i.test(r.output))
    throw new RuntimeError(
      'extension_failed',
      `uninstalling ${extensionId} failed: ${lines(r.output).slice(-3).join(' | ') || 'no output'}`,
      lines(r.output).slice(-40),
    );
  return { output: r.output };
}

/** The installed extensions (`--list-extensions --show-versions`). */
export async function listExtensions(ctx: ExtensionContext): Promise<InstalledExtension[]> {
  const r = await cli(ctx, ['--list-extensions', '--show-versions'], { timeoutMs: 120_000 });
  if (!r.ok)
    throw new RuntimeError(
      'extension_failed',
      `listing extensions failed: ${lines(r.output).slice(-3).join(' | ')}`,
      lines(r.output).slice(-40),
    );
  const out: InstalledExtension[] = [];
  for (const line of lines(r.stdout)) {
    const m = /^([A-Za-z0-9][\w.-]*\.[\w.-]+)@(\S+)$/.exec(line.trim());
    if (m) out.push({ id: m[1] as string, version: m[2] as string });
  }
  return out;
}
