// The real server in a child process, as the systemd units run it (`node --import tsx main.ts`: one
// process, signals reach the server itself), with a clean environment; and waiting for it to be ready,
// print something or exit. Not tsx's CLI: its launcher SIGKILLs the server when a relayed SIGTERM is
// not acknowledged within 30 ms, which a loaded machine does not always manage.
import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import { fileURLToPath, pathToFileURL } from 'node:url';

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm')).href;

/** A spawned server: `child` is the server's own node process. */
export interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const spawned: ChildProcess[] = [];

/**
 * Spawn the server with `args` and `env` (over PATH, HOME, NODE_ENV=test, LOG_LEVEL=info).
 * `detached`: in a process group of its own, so that the server and anything it started in its group can
 * be signalled at once with `process.kill(-child.pid, …)`.
 */
export function spawnServer(
  args: string[],
  env: Record<string, string>,
  opts: { detached?: boolean } = {},
): Server {
  const child = spawn(process.execPath, ['--import', TSX_LOADER, MAIN, ...args], {
    // A clean environment: nothing of the test runner's (DATABASE_URL, SMTP_URL, NODE_ENV) leaks in.
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      // Servers run side by side: the PayTR simulator takes any free port, TCMB is never called.
      PAYTR_SIM_PORT: '0',
      TCMB_URL: 'http://127.0.0.1:9',
      // The process driver unless a test asks for containers (as the in-process harness does).
      WORKSPACE_DRIVER: 'process',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(opts.detached ? { detached: true } : {}),
  });
  let out = '';
  child.stdout?.on('data', (d) => {
    out += d;
  });
  child.stderr?.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  spawned.push(child);
  return { child, output: () => out, exited };
}

/** Every server spawned by this file so far (to kill what a failed test left running). */
export function spawnedServers(): readonly ChildProcess[] {
  return spawned;
}

export async function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no result within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([p, t]);
  } finally {
    clearTimeout(timer);
  }
}

/** The status /readyz answers, or null when nothing answers. */
export async function readyz(port: number): Promise<number | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2000) });
    return res.status;
  } catch {
    return null;
  }
}

/** Wait for /readyz 200; fail early with the server's output if it exits instead. */
export async function waitReady(s: Server, port: number, ms = 60_000): Promise<void> {
  let exitCode: number | null | undefined;
  void s.exited.then((c) => {
    exitCode = c;
  });
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (exitCode !== undefined)
      throw new Error(`server exited with ${exitCode} before ready:\n${s.output()}`);
    if ((await readyz(port)) === 200) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not ready within ${ms} ms:\n${s.output()}`);
}

export async function waitForOutput(s: Server, text: string, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!s.output().includes(text)) {
    if (Date.now() > end) throw new Error(`"${text}" not printed within ${ms} ms:\n${s.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
export async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = net.connect(port, '127.0.0.1');
    sock.once('connect', () => {
      sock.destroy();
      resolve(true);
    });
    sock.once('error', () => resolve(false));
  });
}
