// Start and stop the platform as a child process on a fresh temporary DATA_DIR (embedded PostgreSQL).
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, probe, STRIPPED_ENV } from './common.mjs';

export { freePort, probe };

/** The repository root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Whether a process with this pid exists. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

// Linux's /proc counts CPU time in clock ticks of 10 ms (CLK_TCK 100).
const TICK_MS = 10;

/** ppid and CPU ticks of every process (own time, and time of reaped children), from /proc. */
function processTable(): Map<number, { ppid: number; ticks: number; childTicks: number }> {
  const table = new Map<number, { ppid: number; ticks: number; childTicks: number }>();
  if (!existsSync('/proc/self/stat')) return table;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(name), {
        ppid: Number(f[1]),
        ticks: Number(f[11]) + Number(f[12]),
        childTicks: Number(f[13]) + Number(f[14]),
      });
    } catch {
      // the process ended while we looked
    }
  }
  return table;
}

/** Pids of a process and all its descendants. */
function tree(table: ReturnType<typeof processTable>, root: number): Set<number> {
  const out = new Set<number>([root]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, p] of table) {
      if (!out.has(pid) && out.has(p.ppid)) {
        out.add(pid);
        grew = true;
      }
    }
  }
  return out;
}

/** CPU time (user + system) one process has used so far, in ms (10 ms ticks; NaN when it is gone). */
export function cpuMsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * TICK_MS;
  } catch {
    return Number.NaN;
  }
}

/** Resident memory of one process now, in bytes (VmRSS; NaN when it is gone). */
export function rssOf(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/** Pids of a process's direct children. */
export function childPids(pid: number): number[] {
  return [...processTable()].filter(([, p]) => p.ppid === pid).map(([child]) => child);
}

/** The soft limit on open files of a process (Infinity when unlimited, NaN when unknown). */
export function openFilesLimit(pid: number | 'self' = 'self'): number {
  try {
    const m = /^Max open files\s+(\S+)/m.exec(readFileSync(`/proc/${pid}/limits`, 'utf8'));
    if (!m) return Number.NaN;
    return m[1] === 'unlimited' ? Number.POSITIVE_INFINITY : Number(m[1]);
  } catch {
    return Number.NaN;
  }
}

/** CPU time used so far, in ms, by the platform's node processes and by its PostgreSQL. */
export interface CpuSample {
  serverMs: number;
  dbMs: number;
}

/** A running platform process. */
export interface Platform {
  port: number;
  dataDir: string;
  child: ChildProcess;
  /** postgres:// URL of the embedded database the platform uses. */
  databaseUrl(): string;
  /** SIGTERM, wait for exit (SIGKILL after a while), end an orphaned postmaster, delete DATA_DIR. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null; ms: number }>;
  /** CPU used so far (Linux /proc; NaN elsewhere). */
  cpu(): CpuSample;
  /** The last lines the process wrote to stderr/stdout (for error messages). */
  output(): string;
}

/** How startPlatform runs the server. */
export interface PlatformOptions {
  /**
   * Another entry script instead of `server/src/main.ts` (it must keep DATA_DIR's layout: the embedded
   * PostgreSQL in DATA_DIR/pg). It runs as ONE node process (`node --import tsx <entry>`, no tsx CLI in
   * between), so the child's pid is the server's, and with `ipc` it has an IPC channel (process.send).
   */
  entry?: string;
  /** Extra node flags (with `entry`), e.g. `--expose-gc`. */
  nodeArgs?: string[];
  /** Open an IPC channel to the child (with `entry`). */
  ipc?: boolean;
  /** Arguments after the entry script, e.g. `['start', '--role', 'api']`. */
  args?: string[];
}

/** Spawn `tsx server/src/main.ts` (or opts.entry) on a temp DATA_DIR and wait until /readyz answers 200. */
export async function startPlatform(
  env: Record<string, string> = {},
  readyTimeoutMs = 120_000,
  opts: PlatformOptions = {},
): Promise<Platform> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'yac-bench-'));
  const port = await freePort();
  const base = { ...process.env };
  for (const k of STRIPPED_ENV) delete base[k];
  const require = createRequire(import.meta.url);
  const args = opts.entry
    ? [...(opts.nodeArgs ?? []), '--import', 'tsx', opts.entry, ...(opts.args ?? [])]
    : [require.resolve('tsx/cli'), path.join(ROOT, 'server/src/main.ts'), ...(opts.args ?? [])];
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...base, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: opts.entry && opts.ipc ? ['ignore', 'pipe', 'pipe', 'ipc'] : ['ignore', 'pipe', 'pipe'],
  });
  let tail = '';
  const keep = (b: Buffer) => {
    tail = (tail + b.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  let gone = false;
  void exited.then(() => {
    gone = true;
  });

  const pgPidFile = path.join(dataDir, 'pg', 'postmaster.pid');
  const platform: Platform = {
    port,
    dataDir,
    child,
    output: () => tail,
    cpu() {
      const table = processTable();
      if (!table.size || !child.pid) return { serverMs: Number.NaN, dbMs: Number.NaN };
      const postmaster = Number.parseInt(readFileSync(pgPidFile, 'utf8').split('\n')[0] ?? '', 10);
      const db = tree(table, postmaster);
      let serverTicks = 0;
      let dbTicks = table.get(postmaster)?.childTicks ?? 0; // backends that already exited
      for (const pid of tree(table, child.pid)) {
        const p = table.get(pid);
        if (!p) continue;
        if (db.has(pid)) dbTicks += p.ticks;
        else serverTicks += p.ticks;
      }
      return { serverMs: serverTicks * TICK_MS, dbMs: dbTicks * TICK_MS };
    },
    databaseUrl() {
      // postmaster.pid: line 4 is the port; the password is kept beside the cluster.
      const port = readFileSync(pgPidFile, 'utf8').split('\n')[3]?.trim();
      const { password } = JSON.parse(readFileSync(path.join(dataDir, 'pg-credentials.json'), 'utf8'));
      return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/youarecoder`;
    },
    async stop() {
      const t0 = Date.now();
      let postmaster: number | undefined;
      if (existsSync(pgPidFile))
        postmaster = Number.parseInt(readFileSync(pgPidFile, 'utf8').split('\n')[0] ?? '', 10);
      if (!gone) child.kill('SIGTERM');
      const timer = setTimeout(() => {
        if (!gone) child.kill('SIGKILL');
      }, 30_000);
      const how = await exited;
      clearTimeout(timer);
      const ms = Date.now() - t0;
      // The platform stops its PostgreSQL on SIGTERM; if it was killed instead, end the one it left.
      if (postmaster && Number.isInteger(postmaster) && alive(postmaster)) {
        process.kill(postmaster, 'SIGINT');
        for (let i = 0; i < 100 && alive(postmaster); i++) await new Promise((r) => setTimeout(r, 50));
        if (alive(postmaster)) process.kill(postmaster, 'SIGKILL');
      }
      await rm(dataDir, { recursive: true, force: true });
      return { ...how, ms };
    },
  };

  const deadline = Date.now() + readyTimeoutMs;
  while (Date.now() < deadline) {
    if (gone) {
      await rm(dataDir, { recursive: true, force: true });
      throw new Error(`the platform exited before it was ready:\n${tail}`);
    }
    if ((await probe(port, '/readyz')) === 200) return platform;
    await new Promise((r) => setTimeout(r, 100));
  }
  await platform.stop();
  throw new Error(`the platform was not ready within ${readyTimeoutMs} ms:\n${tail}`);
}
