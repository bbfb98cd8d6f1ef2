// Running a command as a workspace's user: its own process group (ended as a whole on timeout, on abort
// and once the command exits), output captured with a cap.
import { spawn } from 'node:child_process';
import { RuntimeError, type RuntimeUser } from '../../runtime.ts';

/** What runAs() needs. */
export interface RunAsOptions {
  readonly argv: readonly string[];
  /** Entered by the platform before switching user: must be a folder the user cannot replace. */
  readonly cwd: string;
  readonly env: Record<string, string>;
  readonly user: RuntimeUser | null;
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
  /** Between SIGTERM and SIGKILL; default 2 s. */
  readonly killGraceMs?: number;
  /** Written to the command's standard input (else it reads /dev/null). */
  readonly input?: string | Uint8Array;
}

/** How a driver runs a command as the workspace's user: runAs() bound to that user, or inside a container. */
export type Runner = (
  o: Omit<RunAsOptions, 'user'>,
  onData: (chunk: Buffer, fd: 1 | 2) => void,
) => Promise<RunAsResult>;

/** How the command ended. */
export interface RunAsResult {
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
}

/** Keeps the last `max` bytes of a stream of chunks. */
export class OutputTail {
  private chunks: Buffer[] = [];
  private size = 0;
  private dropped = 0;
  constructor(private readonly max: number) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.chunks.length > 1 && this.size - (this.chunks[0] as Buffer).length >= this.max) {
      const first = this.chunks.shift() as Buffer;
      this.size -= first.length;
      this.dropped += first.length;
    }
  }

  /** The kept bytes; raw, without a note of what was cut. */
  buffer(): Buffer {
    const all = Buffer.concat(this.chunks);
    return all.length > this.max ? all.subarray(all.length - this.max) : all;
  }

  /** How many bytes were cut from the start. */
  get cut(): number {
    return this.dropped + Math.max(0, this.size - this.max);
  }

  toString(): string {
    const note = this.cut ? `[… ${this.cut} bytes of earlier output cut …]\n` : '';
    return note + this.buffer().toString('utf8');
  }
}

/** Why a command is being ended early. */
export type Ending = 'timeout' | 'abort';

/**
 * The early end of a command, shared by every runner: on timeout or abort, `kill('TERM')`, then
 * `kill('KILL')` after the grace; `settle()` runs the outcome once and drops the timers and listener.
 * `end()` does nothing while `canKill()` says there is nothing to kill yet.
 */
export function commandEnding(
  o: Pick<RunAsOptions, 'timeoutMs' | 'signal' | 'killGraceMs'>,
  kill: (signal: 'TERM' | 'KILL') => void,
  canKill: () => boolean = () => true,
) {
  let settled = false;
  let ending: Ending | null = null;
  let killTimer: NodeJS.Timeout | undefined;
  const end = (why: Ending): void => {
    if (ending || !canKill()) return;
    ending = why;
    kill('TERM');
    killTimer = setTimeout(() => kill('KILL'), o.killGraceMs ?? 2000);
  };
  const timer = o.timeoutMs !== undefined ? setTimeout(() => end('timeout'), o.timeoutMs) : undefined;
  const onAbort = () => end('abort');
  o.signal?.addEventListener('abort', onAbort, { once: true });
  return {
    end,
    /** Why it is being ended, or null. */
    get ending(): Ending | null {
      return ending;
    },
    settle(fn: () => void): void {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(killTimer);
      o.signal?.removeEventListener('abort', onAbort);
      fn();
    },
  };
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // ESRCH: nothing left in the group
  }
}

/**
 * Spawn `argv` as `user` in a new session and process group, feed `onData` its output, and resolve when
 * it ended. On timeout or abort the group gets SIGTERM, then SIGKILL after the grace; abort rejects with
 * the signal's reason. Once the command exits, what it left in its group is killed (a background job
 * must not keep running, nor keep the output pipes open).
 */
export function runAs(o: RunAsOptions, onData: (chunk: Buffer, fd: 1 | 2) => void): Promise<RunAsResult> {
  o.signal?.throwIfAborted();
  const [file, ...args] = o.argv;
  if (!file) throw new RuntimeError('exec_failed', 'no command given');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, {
      cwd: o.cwd,
      env: o.env,
      detached: true,
      stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
      ...(o.user ? { uid: o.user.uid, gid: o.user.gid } : {}),
    });
    const e = commandEnding(
      o,
      (signal) => killGroup(child.pid as number, `SIG${signal}`),
      () => child.pid !== undefined,
    );
    const settle = e.settle;

    child.stdout?.on('data', (c: Buffer) => onData(c, 1));
    child.stderr?.on('data', (c: Buffer) => onData(c, 2));
    if (o.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined); // EPIPE: it did not want to read it all
      child.stdin.end(o.input);
    }
    child.once('error', (err) =>
      settle(() =>
        reject(new RuntimeError('exec_failed', `cannot run ${file}: ${err.message}`, [], { cause: err })),
      ),
    );
    child.once('exit', (exitCode, signal) => {
      const pid = child.pid as number;
      killGroup(pid, 'SIGKILL');
      const done = () =>
        settle(() => {
          if (e.ending === 'abort') reject(o.signal?.reason ?? new Error('aborted'));
          else resolve({ exitCode, signal, timedOut: e.ending === 'timeout' });
        });
      // A process that left the group (setsid) may still hold the pipes: do not wait for it forever.
      const late = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        done();
      }, 1000);
      child.once('close', () => {
        clearTimeout(late);
        done();
      });
    });
  });
}
