// The runtime layer of workspaces: what runs a workspace's IDE (code-server) and how the platform
// observes it. Services, the reconciler and the gateway see only this interface; concrete drivers
// (drivers/process/, later others) are built by drivers/registry.ts.
import path from 'node:path';
import type { IdeRuntimePaths } from '../../platform/ide-runtime.ts';

/** What a driver needs to know to run one workspace. Idle settings are the services' business. */
export interface WorkspaceSpec {
  /** The workspace id, `ws_` and lowercase alphanumerics (see WORKSPACE_ID_PATTERN). */
  readonly id: string;
  /** The user-facing name: given to the workspace as YAC_WORKSPACE_NAME, never put in a path or argv. */
  readonly name: string;
  /** Extra environment for code-server and everything it starts (terminals, tasks, extensions). */
  readonly env?: Readonly<Record<string, string>>;
  /** Folder to open, relative to the workspace's project folder; default: the project folder itself. */
  readonly folder?: string;
  /**
   * What the workspace may use, from its company's plan; default the smallest plan's. Drivers that
   * contain workspaces (container) enforce all four; the process driver enforces none.
   */
  readonly limits?: WorkspaceLimits;
}

/** Resources one workspace may use. Creating an existing workspace with other limits applies them. */
export interface WorkspaceLimits {
  /** CPU cores (a fraction is a share of one core). */
  readonly cpus: number;
  /** Memory of all its processes together; past it the kernel stops one (out of memory). */
  readonly memoryBytes: number;
  /** How many processes and threads it may run at once. */
  readonly processes: number;
  /** Its disk: project, home and temporary files; past it writes fail with "no space left". */
  readonly diskBytes: number;
}

/** Workspace ids the drivers accept: they become folder and Linux user names. */
export const WORKSPACE_ID_PATTERN = /^ws_[a-z0-9]{4,27}$/;

/** Environment variables a spec may not set: the driver owns them (identity, paths, code-server's own). */
export const RESERVED_ENV = Object.freeze([
  'HOME',
  'USER',
  'LOGNAME',
  'SHELL',
  'PATH',
  'TMPDIR',
  'XDG_RUNTIME_DIR',
  'NODE_OPTIONS',
  'PASSWORD',
  'HASHED_PASSWORD',
  'YAC_WORKSPACE_ID',
  'YAC_WORKSPACE_NAME',
]);

/** Observed state of a workspace's runtime. */
export type RuntimeState =
  /** Nothing exists for this id (never created, or destroyed). */
  | { readonly status: 'absent' }
  /** Folders (and user) exist; the IDE was never started. */
  | { readonly status: 'created' }
  /**
   * A start is in progress, or the IDE process lives but has not answered yet (a start interrupted by
   * a platform restart: start() adopts it). pid is null until the process is spawned.
   */
  | { readonly status: 'starting'; readonly pid: number | null }
  /** The IDE process lives and answered over its socket. */
  | { readonly status: 'running'; readonly pid: number }
  /** The IDE was stopped on purpose. */
  | { readonly status: 'stopped' }
  /**
   * The IDE ended without being stopped (or a start failed). Exit code and signal are known only when
   * a driver instance watched the process end; after a platform restart they are null.
   */
  | {
      readonly status: 'crashed';
      readonly exitCode: number | null;
      readonly signal: string | null;
      /** Why, when the driver knows better than the exit status (e.g. "no answer within 30 s"). */
      readonly reason: string | null;
      /** The last lines of the IDE's log. */
      readonly logTail: readonly string[];
    };

/** Every status a runtime can report. */
export type RuntimeStatus = RuntimeState['status'];

/** The operating-system identity a workspace runs as. */
export interface RuntimeUser {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
}

/** What inspect() and list() report about one workspace. */
export interface RuntimeInspection {
  readonly id: string;
  readonly state: RuntimeState;
  /** The IDE's main process while starting or running, else null. */
  readonly pid: number | null;
  /** When the current IDE process was started (ISO time), while starting or running. */
  readonly startedAt: string | null;
  /** Unix socket of the IDE, only once it answered (status running); the gateway's only way in. */
  readonly socketPath: string | null;
  /** False when workspaces share the platform's identity (not root): the portal warns. */
  readonly isolated: boolean;
  /** Who the IDE runs as; null when absent or not isolated. */
  readonly user: RuntimeUser | null;
  /**
   * list() only: an IDE process runs for this id that the driver lost track of (its folder is gone, or
   * its pid was never recorded). stop() ends it when the folder exists, destroy() in any case.
   */
  readonly orphan: boolean;
}

/** Resource use of one workspace. */
export interface RuntimeStats {
  /** The limits in force, where the driver enforces them (container); null otherwise. */
  readonly limits?: WorkspaceLimits | null;
  /**
   * Processes the kernel stopped for memory since the workspace last started (container driver; the
   * process driver cannot tell).
   */
  readonly oomKills?: number;
  /** CPU time the workspace wanted but its CPU limit held back, in seconds since it last started. */
  readonly cpuThrottledSeconds?: number;
  /** CPU time (user + system) of the workspace's live processes and their reaped children. */
  readonly cpuSeconds: number;
  /** Sum of the resident memory of the workspace's processes (shared pages counted in each). */
  readonly memoryBytes: number;
  /** Disk used by the workspace's folder (allocated blocks, like du), or of its own disk (container). */
  readonly diskBytes: number;
  /** How many processes the workspace runs (IDE, extension hosts, terminals, their children). */
  readonly processes: number;
}

/** Options of logs(). */
export interface LogsOptions {
  /** How many lines from the end; default 200. */
  readonly tail?: number;
}

/** Options of stop() and destroy(). */
export interface StopOptions {
  /** How long to wait after SIGTERM before SIGKILL; default: the driver's stopGraceMs. */
  readonly graceMs?: number;
}

/**
 * Runs workspace IDEs. Every operation is idempotent: creating an existing workspace updates its spec,
 * starting a running one returns it as is, stopping a stopped one and destroying an absent one succeed.
 * Operations on one id are serialized inside a driver instance.
 */
export interface RuntimeDriver {
  /** The registry name of this driver. */
  readonly name: string;
  /** Whether workspaces are isolated from each other and from the platform (see RuntimeInspection). */
  readonly isolated: boolean;
  /**
   * Whether a workspace is a system of its own (containers): its CPU, memory, process and disk limits are
   * enforced, and root inside (through `sudo`) may install system packages that change it only. False
   * when it is a user on the platform's host (processes): limits are only measured.
   */
  readonly contained: boolean;
  /** Prepare folders (and the OS user); store the spec for later starts. */
  create(spec: WorkspaceSpec): Promise<RuntimeInspection>;
  /** Start the IDE and resolve once it answers over its socket; a crashed one is cleaned up first. */
  start(id: string): Promise<RuntimeInspection>;
  /** Stop the IDE and everything the workspace runs; a crashed one becomes stopped. */
  stop(id: string, opts?: StopOptions): Promise<RuntimeInspection>;
  /** Stop, then remove the OS user and every file of the workspace. */
  destroy(id: string, opts?: StopOptions): Promise<void>;
  /** Observe one workspace (cheap: files and /proc, no network). */
  inspect(id: string): Promise<RuntimeInspection>;
  /** Everything that exists, orphan processes included, for the reconciler to adopt or end. */
  list(): Promise<RuntimeInspection[]>;
  /** The last lines of the IDE's log (empty when absent or never started). */
  logs(id: string, opts?: LogsOptions): Promise<string[]>;
  /** Resource use, or null when the workspace is absent. */
  stats(id: string): Promise<RuntimeStats | null>;
  /** Where the IDE listens once running; the gateway connects here (checks inspect() first). */
  socketPath(id: string): string;

  // The operations below need a created workspace (RuntimeError 'not_found' otherwise) but no running
  // IDE: provisioning uses them before the first start. They act as the workspace's user, so they can
  // reach nothing the workspace itself could not.

  /** The workspace's folders as commands run by exec() see them (absolute paths). */
  paths(id: string): WorkspacePaths;
  /**
   * Run a command as the workspace user, with the workspace's environment (as its IDE gets it) and
   * `opts.env`. Ends the command's whole process group on timeout or abort (SIGTERM, then SIGKILL), and
   * whatever the command left running in its group once it exits. Rejects only when the command cannot
   * be run at all or `opts.signal` aborts it (with the signal's reason); a failing command resolves.
   */
  exec(id: string, opts: ExecOptions): Promise<ExecResult>;
  /**
   * Write a file (folders made as needed), owned by the workspace user, mode 0644 or `opts.mode`; an
   * existing file keeps its mode unless `opts.mode` is given. Paths that lead outside the workspace's
   * folders (through `..` or a symlink) are refused with RuntimeError 'invalid_path'.
   */
  writeFile(
    id: string,
    target: WorkspacePath,
    content: string | Uint8Array,
    opts?: WriteFileOptions,
  ): Promise<WriteFileResult>;
  /** A file's content, or null when it does not exist ('invalid_path' for folders and escapes). */
  readFile(id: string, target: WorkspacePath): Promise<Buffer | null>;
  /** Remove a file or folder tree; a symlink is removed, never followed. Missing is fine. */
  removePath(id: string, target: WorkspacePath): Promise<void>;
  /**
   * Install (or update) a VS Code extension from a .vsix on the platform's disk into the workspace, with
   * code-server's own CLI. Throws RuntimeError 'extension_failed' with the CLI's output as logTail.
   */
  installExtension(id: string, vsixPath: string, opts?: ExtensionOptions): Promise<ExtensionResult>;
  /** Uninstall an extension by id (`publisher.name`); one that is not installed is fine. */
  uninstallExtension(id: string, extensionId: string, opts?: ExtensionOptions): Promise<ExtensionResult>;
  /** The extensions installed in the workspace. */
  listExtensions(id: string): Promise<InstalledExtension[]>;
}

/** The folders of a workspace that file operations reach: project, home, VS Code's user data, temporary files. */
export type WorkspaceArea = 'project' | 'home' | 'userData' | 'tmp';

/** A path inside one of a workspace's folders: relative, without `..`. */
export interface WorkspacePath {
  readonly area: WorkspaceArea;
  readonly path: string;
}

/** Absolute paths of a workspace's folders, as seen by the commands exec() runs. */
export type WorkspacePaths = Readonly<Record<WorkspaceArea, string>>;

/** Options of exec(). */
export interface ExecOptions {
  /** The program and its arguments (no shell); the program is looked up on the workspace's PATH. */
  readonly argv: readonly [string, ...string[]];
  /** Extra environment; names in RESERVED_ENV are refused ('invalid_spec'). */
  readonly env?: Readonly<Record<string, string>>;
  /** Working folder, relative to the project folder; default the project folder. */
  readonly cwd?: string;
  /** Default 120 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** How much output to keep (the end of it); default 64 KiB. */
  readonly maxOutputBytes?: number;
}

/** How a command ended. */
export interface ExecResult {
  /** Null when a signal ended it. */
  readonly exitCode: number | null;
  readonly signal: string | null;
  /** It ran out of time and was ended. */
  readonly timedOut: boolean;
  /** Standard output and error interleaved as they came; only the end when longer than the limit. */
  readonly output: string;
}

/** Options of writeFile(). */
export interface WriteFileOptions {
  /** Permission bits, e.g. 0o755 for a script. */
  readonly mode?: number;
}

/** What writeFile() did besides writing, so a caller can undo it. */
export interface WriteFileResult {
  /** The outermost folder it had to make (relative, same area), or null when the folder existed. */
  readonly createdDir: string | null;
}

/** Options of installExtension() and uninstallExtension(). */
export interface ExtensionOptions {
  /** Default 300 s. */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** What the extension CLI said. */
export interface ExtensionResult {
  readonly output: string;
}

/** An installed extension. */
export interface InstalledExtension {
  /** `publisher.name`. */
  readonly id: string;
  readonly version: string;
}

/**
 * Normalize a path of a WorkspacePath: relative, no `..`, no NUL, not the folder itself. Throws
 * RuntimeError 'invalid_path'. Drivers call it; callers may, to fail early.
 */
export function normalizeWorkspacePath(p: string): string {
  if (typeof p !== 'string' || p.includes('\0') || p.trim() === '')
    throw new RuntimeError('invalid_path', 'a path is required');
  if (p.startsWith('/')) throw new RuntimeError('invalid_path', `${p} must be relative`);
  if (p.split('/').includes('..'))
    throw new RuntimeError('invalid_path', `${p} may not contain .. (it must stay inside the workspace)`);
  const n = path.posix.normalize(p).replace(/\/+$/, '');
  if (n === '.' || n === '') throw new RuntimeError('invalid_path', `${p} names the folder itself`);
  return n;
}

/** What every driver factory gets. */
export interface RuntimeDriverOptions {
  /** The platform's DATA_DIR; workspaces live in `<dataDir>/workspaces/<id>/`. */
  readonly dataDir: string;
  /** Node 24 and code-server, as installed by `npm run setup:ide`. */
  readonly ide: IdeRuntimePaths;
  /** How long start() waits for the IDE's first answer; default 30 s. */
  readonly startTimeoutMs?: number;
  /** How long stop() waits after SIGTERM before SIGKILL; default 10 s. */
  readonly stopGraceMs?: number;
}

/** Why a runtime operation failed; services map these codes to AppError codes. */
export type RuntimeErrorCode =
  | 'invalid_spec'
  | 'not_found'
  | 'runtime_missing'
  | 'start_failed'
  | 'start_timeout'
  | 'os_user_failed'
  /** A WorkspacePath is not relative, climbs out with `..`, or leads outside the workspace. */
  | 'invalid_path'
  /** A command could not be run at all (not: it ran and failed). */
  | 'exec_failed'
  /** code-server's extension CLI failed; logTail holds its output. */
  | 'extension_failed';

/** The one error drivers throw for expected failures; carries the IDE's log tail when relevant. */
export class RuntimeError extends Error {
  constructor(
    readonly code: RuntimeErrorCode,
    message: string,
    readonly logTail: readonly string[] = [],
    opts?: { cause?: unknown },
  ) {
    super(message, opts);
    this.name = 'RuntimeError';
  }
}
