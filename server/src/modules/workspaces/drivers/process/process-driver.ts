// The `process` driver: each workspace is a code-server process on this host, run by Node 24, as its
// own Linux user when the platform is root (see layout.ts for the folders and their owners).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import {
  type ExecOptions,
  type ExecResult,
  type LogsOptions,
  normalizeWorkspacePath,
  type RuntimeDriver,
  type RuntimeDriverOptions,
  RuntimeError,
  type RuntimeInspection,
  type RuntimeState,
  type RuntimeStats,
  type RuntimeUser,
  type StopOptions,
  WORKSPACE_ID_PATTERN,
  type WorkspacePaths,
  type WorkspaceSpec,
} from '../../runtime.ts';
import { OutputTail, runAs } from '../common/exec.ts';
import type * as extensions from '../common/extensions.ts';
import { diskUsage, exists, readIfExists, removeFiles, tailLines, writeAtomic } from '../common/files.ts';
import {
  alive,
  allProcesses,
  argValue,
  argv,
  ideProcessesByWorkspace,
  procInfo,
  usage,
  workspaceProcesses,
} from '../common/procfs.ts';
import { normalizeSpec } from '../common/spec.ts';
import type { FsContext } from '../common/workspace-fs.ts';
import { WorkspaceOperations } from '../common/workspace-ops.ts';
import {
  areaPaths,
  idOfUserName,
  prepareFolders,
  prepareRoot,
  type WorkspaceLayout,
  workspaceLayout,
  workspacesRoot,
  workspaceUserName,
} from './layout.ts';
import {
  type ExitInfo,
  type SavedExit,
  savedExit,
  saveExit,
  spawnIde,
  terminate,
  waitReady,
  workspaceEnv,
} from './lifecycle.ts';
import { ensureUser, listUsers, lookupUser, removeUser } from './users.ts';

// Enters the working folder as the workspace user (the platform only enters the project folder itself,
// which the user cannot replace), then becomes the command.
const CD_EXEC = 'cd -- "$1" || exit 2; shift; exec "$@"';

/** Options of the process driver. */
export interface ProcessDriverOptions extends RuntimeDriverOptions {
  /** Run each workspace as its own Linux user; default (and only possible) when the platform is root. */
  readonly isolate?: boolean;
}

/** Build the process driver (registered as `process`). */
export function createProcessDriver(opts: ProcessDriverOptions): RuntimeDriver {
  return new ProcessDriver(opts);
}

class ProcessDriver extends WorkspaceOperations<WorkspaceLayout> implements RuntimeDriver {
  readonly name = 'process';
  readonly isolated: boolean;
  readonly contained = false;
  private readonly root: string;
  private readonly startTimeoutMs: number;
  private readonly stopGraceMs: number;
  /** Pids this instance is ending on purpose: their exit is no crash. */
  private readonly ending = new Set<number>();
  /** How the IDE processes this instance spawned ended: observe() may see one dead before 'exit' is handled. */
  private readonly exits = new Map<number, Promise<ExitInfo>>();

  constructor(private readonly opts: ProcessDriverOptions) {
    super();
    const root = process.getuid?.() === 0;
    // Making users and switching to them needs root; without it, isolation cannot be promised.
    if (opts.isolate && !root) throw new Error('isolated workspaces need the platform to run as root');
    this.isolated = opts.isolate ?? root;
    this.root = workspacesRoot(opts.dataDir);
    this.startTimeoutMs = opts.startTimeoutMs ?? 30_000;
    this.stopGraceMs = opts.stopGraceMs ?? 10_000;
  }

  socketPath(id: string): string {
    return workspaceLayout(this.opts.dataDir, id).socket;
  }

  async create(spec: WorkspaceSpec): Promise<RuntimeInspection> {
    const s = normalizeSpec(spec);
    const l = workspaceLayout(this.opts.dataDir, s.id);
    return this.serial(s.id, async () => {
      await prepareRoot(this.opts.dataDir, this.isolated);
      const owner = this.isolated
        ? await ensureUser(workspaceUserName(s.id), l.home, `YouAreCoder workspace ${s.id}`)
        : null;
      await prepareFolders(l, owner);
      await writeAtomic(l.specFile, JSON.stringify(s));
      return this.observe(l);
    });
  }

  protected layoutOf(id: string): WorkspaceLayout {
    return workspaceLayout(this.opts.dataDir, id);
  }

  protected async launch(l: WorkspaceLayout, now: RuntimeInspection): Promise<void> {
    const user = now.user;
    // Alive but never answered: a start interrupted by a platform restart. Adopt it.
    if (now.state.status === 'starting' && now.state.pid)
      return waitReady(l, now.state.pid, user, this.startTimeoutMs, this.opts.ide);
    // Crashed leftovers, or a code-server whose pid was never recorded (the platform died right then).
    await this.end(l, user);
    const spec = normalizeSpec(JSON.parse(await fs.readFile(l.specFile, 'utf8')) as WorkspaceSpec);
    const child = await spawnIde(l, spec, this.opts.ide, user);
    const pid = child.pid as number;
    const exited = new Promise<ExitInfo>((resolve) =>
      child.once('exit', (exitCode, signal) => resolve({ exitCode, signal })),
    );
    this.exits.set(pid, exited);
    void exited.then(async (info) => {
      if (!this.ending.has(pid) && !this.starting.has(l.id)) await saveExit(l, pid, info, null);
      this.exits.delete(pid);
      this.ending.delete(pid);
    });
    await writeAtomic(l.pidFile, `${pid}\n`, 0o644);
    try {
      await waitReady(l, pid, user, this.startTimeoutMs, this.opts.ide);
    } catch (err) {
      // Leave it 'crashed' with the reason, for the reconciler and the portal to show.
      this.ending.add(pid);
      await terminate(pid, user, 0);
      const info = await Promise.race([exited, sleep(2000).then(() => ({ exitCode: null, signal: null }))]);
      await saveExit(l, pid, info, (err as Error).message);
      throw err;
    }
  }

  async stop(id: string, opts: StopOptions = {}): Promise<RuntimeInspection> {
    const l = workspaceLayout(this.opts.dataDir, id);
    return this.serial(id, async () => {
      if (!(await exists(l.root))) return this.observe(l);
      await this.end(l, await this.owner(l), opts.graceMs);
      return this.observe(l);
    });
  }

  async destroy(id: string, opts: StopOptions = {}): Promise<void> {
    const l = workspaceLayout(this.opts.dataDir, id);
    return this.serial(id, async () => {
      if (await exists(l.root)) await this.end(l, await this.owner(l), opts.graceMs);
      // What a half-finished destroy may have left: a process without its folder, a user without either.
      else
        for (const pid of (await ideProcessesByWorkspace(this.root)).get(id) ?? [])
          await terminate(pid, null, 0);
      if (this.isolated) {
        const name = workspaceUserName(id);
        const user = await lookupUser(name);
        if (user && user.home === l.home) {
          await terminate(null, user, 0);
          await removeUser(name, l.home);
        }
      }
      await fs.rm(l.root, { recursive: true, force: true, maxRetries: 5 });
    });
  }

  async inspect(id: string): Promise<RuntimeInspection> {
    return this.observe(workspaceLayout(this.opts.dataDir, id));
  }

  async list(): Promise<RuntimeInspection[]> {
    const ids = new Set(
      (await fs.readdir(this.root).catch(() => [])).filter((n) => WORKSPACE_ID_PATTERN.test(n)),
    );
    const found = await ideProcessesByWorkspace(this.root);
    const out = (await Promise.all([...ids].map((id) => this.inspect(id)))).map((i) =>
      found.get(i.id)?.some((pid) => pid !== i.pid) ? { ...i, orphan: true } : i,
    );
    for (const [id, pids] of found) {
      if (ids.has(id)) continue;
      ids.add(id);
      const pid = pids[0] as number;
      out.push({ ...this.base(id, null, true), state: { status: 'running', pid }, pid });
    }
    for (const u of this.isolated ? await listUsers() : []) {
      const wsId = idOfUserName(u.name);
      // A home elsewhere: another platform's (another DATA_DIR's) user, not ours to report.
      if (!wsId || ids.has(wsId) || u.home !== workspaceLayout(this.opts.dataDir, wsId).home) continue;
      out.push(this.base(wsId, { name: u.name, uid: u.uid, gid: u.gid }, true));
    }
    return out;
  }

  async logs(id: string, opts: LogsOptions = {}): Promise<string[]> {
    return tailLines(workspaceLayout(this.opts.dataDir, id).logFile, opts.tail ?? 200);
  }

  async stats(id: string): Promise<RuntimeStats | null> {
    const l = workspaceLayout(this.opts.dataDir, id);
    if (!(await exists(l.root))) return null;
    const user = await this.owner(l);
    const pid = await this.livePid(l, user);
    const by = user ? { uid: user.uid } : pid ? { pgrp: pid } : null;
    const procs = by ? workspaceProcesses(await allProcesses(), by) : [];
    return { ...(await usage(procs)), diskBytes: await diskUsage(l.root), processes: procs.length };
  }

  paths(id: string): WorkspacePaths {
    return areaPaths(workspaceLayout(this.opts.dataDir, id));
  }

  async exec(id: string, opts: ExecOptions): Promise<ExecResult> {
    const w = await this.workspace(id, opts.env);
    const cwd = opts.cwd === undefined || opts.cwd.trim() === '.' ? '.' : normalizeWorkspacePath(opts.cwd);
    const output = new OutputTail(opts.maxOutputBytes ?? 64 * 1024);
    const r = await runAs(
      {
        argv: ['/bin/sh', '-c', CD_EXEC, 'sh', cwd, ...opts.argv],
        cwd: w.l.project,
        env: w.env,
        user: w.user,
        timeoutMs: opts.timeoutMs ?? 120_000,
        signal: opts.signal,
      },
      (chunk) => output.push(chunk),
    );
    return { ...r, output: output.toString() };
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** A created workspace's folders, user and environment (`extraEnv` validated like a spec's). */
  protected async workspace(id: string, extraEnv: Readonly<Record<string, string>> = {}) {
    const l = workspaceLayout(this.opts.dataDir, id);
    const raw = await readIfExists(l.specFile);
    const user = await this.owner(l);
    if (raw === null || (this.isolated && !user))
      throw new RuntimeError('not_found', `workspace ${id} does not exist`);
    const saved = JSON.parse(raw) as WorkspaceSpec;
    const spec = normalizeSpec({ ...saved, env: { ...saved.env, ...extraEnv } });
    const env = workspaceEnv(l, spec, this.opts.ide, user);
    const fsContext = await this.fsContext(l, user);
    const ext: extensions.ExtensionContext = {
      fs: fsContext,
      extensionsDir: l.extensions,
      userDataDir: l.userData,
      home: l.home,
      env,
      ide: this.opts.ide,
    };
    return { l, user, env, fs: fsContext, ext };
  }

  /** File operations as the workspace user, on the workspace's folders resolved. */
  private async fsContext(l: WorkspaceLayout, user: RuntimeUser | null): Promise<FsContext> {
    // The folders themselves are the platform's to place (their parent is root's): resolving them is safe.
    const root = await fs.realpath(l.root);
    const real = (p: string) => path.join(root, path.relative(l.root, p));
    const areas = areaPaths(l);
    return {
      areas: {
        project: real(areas.project),
        home: real(areas.home),
        userData: real(areas.userData),
        tmp: real(areas.tmp),
      },
      roots: [l.project, l.home, l.userData, l.extensions, l.tmp].map(real),
      home: l.home,
      run: (o, onData) => runAs({ ...o, user }, onData),
    };
  }

  /** The workspace user: whoever owns its home folder (no passwd lookup on every inspect). */
  private async owner(l: WorkspaceLayout): Promise<RuntimeUser | null> {
    if (!this.isolated) return null;
    const st = await fs.stat(l.home).catch(() => null);
    return st ? { name: workspaceUserName(l.id), uid: st.uid, gid: st.gid } : null;
  }

  /** The pid in the pid file if that process is alive and is this workspace's code-server. */
  private async livePid(l: WorkspaceLayout, user: RuntimeUser | null): Promise<number | null> {
    const pid = Number((await readIfExists(l.pidFile))?.trim());
    if (!Number.isInteger(pid) || pid <= 1 || !(await alive(pid))) return null;
    // Pids are reused: only a process serving this workspace's socket, as its user, is ours.
    if (argValue(await argv(pid), '--socket') !== l.bindSocket) return null;
    if (user && !(await procInfo(pid))?.uids.includes(user.uid)) return null;
    return pid;
  }

  /** Stop whatever runs (live or crashed leftovers) and forget the run: the workspace is 'stopped'. */
  private async end(l: WorkspaceLayout, user: RuntimeUser | null, graceMs = this.stopGraceMs): Promise<void> {
    const live = await this.livePid(l, user);
    const recorded = Number((await readIfExists(l.pidFile))?.trim());
    // A dead recorded pid still names the process group its leftovers are in; a live stranger's never.
    const pid =
      live ?? (Number.isInteger(recorded) && recorded > 1 && !(await alive(recorded)) ? recorded : null);
    if (pid) this.ending.add(pid);
    try {
      await terminate(pid, user, graceMs);
      for (const stray of (await ideProcessesByWorkspace(this.root)).get(l.id) ?? [])
        await terminate(stray, user, 0);
      // Our own child's 'exit' comes a little after it is gone: let it pass while the pid counts as ended.
      const exit = pid ? this.exits.get(pid) : undefined;
      if (exit) await Promise.race([exit, sleep(2000)]);
    } finally {
      if (pid && !this.exits.has(pid)) this.ending.delete(pid);
    }
    await removeFiles(l.pidFile, l.exitFile, l.socket, `${l.socket}.new`);
  }

  private base(id: string, user: RuntimeUser | null, orphan = false) {
    return {
      id,
      state: { status: 'absent' } as RuntimeState,
      pid: null as number | null,
      startedAt: null as string | null,
      socketPath: null as string | null,
      isolated: this.isolated,
      user,
      orphan,
    };
  }

  protected async observe(l: WorkspaceLayout): Promise<RuntimeInspection> {
    if (!(await exists(l.root))) return this.base(l.id, null);
    const user = await this.owner(l);
    const base = this.base(l.id, user);
    const pid = await this.livePid(l, user);
    const startingHere = this.starting.has(l.id);
    if (pid || startingHere) {
      const startedAt = pid
        ? ((await fs.stat(l.pidFile).catch(() => null))?.mtime.toISOString() ?? null)
        : null;
      return pid && !startingHere && (await exists(l.socket))
        ? { ...base, state: { status: 'running', pid }, pid, startedAt, socketPath: l.socket }
        : { ...base, state: { status: 'starting', pid }, pid, startedAt };
    }
    const recorded = await readIfExists(l.pidFile);
    if (recorded !== null) {
      const watched = this.exits.get(Number(recorded.trim()));
      const saved: Partial<SavedExit> =
        (await savedExit(l)) ?? (watched ? await Promise.race([watched, sleep(1000).then(() => ({}))]) : {});
      const logTail = await tailLines(l.logFile, 40);
      const state = {
        status: 'crashed' as const,
        exitCode: saved.exitCode ?? null,
        signal: saved.signal ?? null,
        reason: saved.reason ?? null,
        logTail,
      };
      return { ...base, state };
    }
    return { ...base, state: { status: (await exists(l.logFile)) ? 'stopped' : 'created' } };
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
