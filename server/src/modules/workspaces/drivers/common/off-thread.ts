// Work of the drivers that must not run on the platform's event loop, which also runs the gateway's
// proxy: spawning short commands (getent, useradd, userdel, du) and walking /proc. One worker thread
// does both. Spawning is synchronous in the thread that spawns (libuv forks, then waits until the child
// has exec'd: 2–140 ms per command on a loaded machine); a /proc walk reads two files per process on the
// host (10–200 ms read synchronously, and read asynchronously it costs the loop five callbacks a file).
// From the worker, the main thread posts one message and gets one back.
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

/** What the worker read of one process: /proc/<pid>/stat, lines of its status, its command line. */
export interface RawProc {
  pid: number;
  stat: string;
  /** The `Uid:` line of /proc/<pid>/status ('' when missing). */
  uid: string;
  /** The `VmRSS:` line ('' for kernel threads and zombies). */
  rss: string;
  /** /proc/<pid>/cmdline when asked for (NUL-separated), else undefined. */
  cmdline?: string;
}

// Plain JavaScript evaluated as the worker's script: no loader (tsx, vitest) is needed to start it.
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { execFile } = require('node:child_process');
const fs = require('node:fs');
const line = (text, key) => {
  const i = text.indexOf('\\n' + key);
  if (i < 0) return '';
  const end = text.indexOf('\\n', i + 1);
  return text.slice(i + 1, end < 0 ? undefined : end);
};
function readProcs(pids, cmdline) {
  const list = pids || fs.readdirSync('/proc').filter((n) => /^\\d+$/.test(n)).map(Number);
  const out = [];
  for (const pid of list) {
    try {
      const stat = fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
      const status = fs.readFileSync('/proc/' + pid + '/status', 'utf8');
      const p = { pid, stat, uid: line(status, 'Uid:'), rss: line(status, 'VmRSS:') };
      if (cmdline) p.cmdline = fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8');
      out.push(p);
    } catch {
      // it ended while we looked
    }
  }
  return out;
}
parentPort.on('message', (m) => {
  if (m.op === 'procs') {
    let procs = [];
    try {
      procs = readProcs(m.pids, m.cmdline);
    } catch {}
    return parentPort.postMessage({ id: m.id, procs });
  }
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

type Answer = { id: number } & Record<string, unknown>;
let worker: Worker | null = null;
let nextId = 0;
const pending = new Map<number, { done: (a: Answer) => void; fail: (why: string) => void }>();

function theWorker(): Worker {
  if (worker) return worker;
  const w = new Worker(WORKER_SOURCE, { eval: true });
  w.on('message', (a: Answer) => {
    const p = pending.get(a.id);
    pending.delete(a.id);
    if (pending.size === 0) w.unref();
    p?.done(a);
  });
  const fail = (err: unknown) => {
    // The worker died: answer what it held and start a new one on the next call.
    if (worker === w) worker = null;
    for (const [id, p] of pending) {
      pending.delete(id);
      p.fail(`driver worker: ${String(err)}`);
    }
  };
  w.on('error', fail);
  w.on('exit', (code) => fail(`exited with ${code}`));
  w.unref();
  worker = w;
  return w;
}

function call(message: Record<string, unknown>): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const w = theWorker();
    const id = nextId++;
    pending.set(id, { done: resolve, fail: (why) => reject(new Error(why)) });
    // Held while a call is out: the process must not exit under it (and may once none is).
    w.ref();
    w.postMessage({ id, ...message });
  });
}

/** Run a command from the worker thread; resolves with its exit status and output (never rejects). */
export async function execFileOffThread(
  cmd: string,
  args: readonly string[],
  opts: OffThreadOptions = {},
): Promise<OffThreadResult> {
  try {
    const a = await call({ op: 'exec', cmd, args: [...args], timeoutMs: opts.timeoutMs ?? 0, env: opts.env });
    return { code: a.code, stdout: a.stdout, stderr: a.stderr, error: a.error } as OffThreadResult;
  } catch (err) {
    return { code: null, stdout: '', stderr: '', error: (err as Error).message };
  }
}

/** Read /proc from the worker thread: these pids (null: every process), with command lines if asked. */
export async function readProcsOffThread(
  pids: readonly number[] | null,
  cmdline = false,
): Promise<RawProc[]> {
  const a = await call({ op: 'procs', pids: pids ? [...pids] : null, cmdline });
  return a.procs as RawProc[];
}
