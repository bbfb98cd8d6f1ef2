// Short commands (getent, useradd, userdel, du) run from a worker thread rather than the platform's
// event loop. Spawning is synchronous in the thread that spawns: libuv forks and then waits until the
// child has exec'd, which on a loaded machine took 2–140 ms per command, and the gateway's proxying
// (on the same event loop) waited meanwhile. From the worker, the main thread only posts a message.
import { Worker } from 'node:worker_threads';

/** How a command ended: its exit status and output, or `error` when it could not run or timed out. */
export interface OffThreadResult {
  /** The exit status (null with `error`, or when a signal ended it). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why it did not run to an exit status (not found, timed out), else null. */
  error: string | null;
}

/** Options of one command. */
export interface OffThreadOptions {
  timeoutMs?: number;
  env?: Record<string, string>;
}

// Plain JavaScript evaluated as the worker's script: no loader (tsx, vitest) is needed to start it.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { execFile } = require('node:child_process');
parentPort.on('message', (m) => {
  try {
    execFile(m.cmd, m.args, { timeout: m.timeoutMs, env: m.env }, (err, stdout, stderr) => {
      parentPort.postMessage({
        id: m.id,
        code: err ? (typeof err.code === 'number' ? err.code : null) : 0,
        stdout: String(stdout),
        stderr: String(stderr),
        error: err && typeof err.code !== 'number' ? String(err.message || err) : null,
      });
    });
  } catch (err) {
    parentPort.postMessage({ id: m.id, code: null, stdout: '', stderr: '', error: String(err && err.message) });
  }
});
`;

let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, (r: OffThreadResult) => void>();

function theWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, { eval: true });
  w.on('message', (r: OffThreadResult & { id: number }) => {
    const done = pending.get(r.id);
    pending.delete(r.id);
    if (pending.size === 0) w.unref();
    done?.({ code: r.code, stdout: r.stdout, stderr: r.stderr, error: r.error });
  });
  const fail = (err: unknown) => {
    // The worker died: answer what it held and start a new one on the next call.
    if (worker === w) worker = null;
    for (const [id, done] of pending) {
      pending.delete(id);
      done({ code: null, stdout: '', stderr: '', error: `exec worker: ${String(err)}` });
    }
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(`exited with ${code}`));
  w.unref();
  worker = w;
  return w;
}

/** Run a command from the worker thread; resolves with its exit status and output (never rejects). */
export function execFileOffThread(
  cmd: string,
  args: readonly string[],
  opts: OffThreadOptions = {},
): Promise<OffThreadResult> {
  return new Promise((resolve) => {
    const w = theWorker();
    const id = nextId++;
    pending.set(id, resolve);
    // Held while a command is out: the process must not exit under it (and may once none is).
    w.ref();
    w.postMessage({ id, cmd, args: [...args], timeoutMs: opts.timeoutMs ?? 0, env: opts.env });
  });
}
