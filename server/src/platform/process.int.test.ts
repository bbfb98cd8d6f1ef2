import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { signedCallback } from '@youarecoder/paytr-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  listening,
  readyz,
  type Server,
  spawnedServers,
  spawnServer,
  waitForOutput,
  waitReady,
  withTimeout,
} from '../../test/spawn-server.ts';
import { SIMULATOR_CREDENTIALS } from '../modules/billing/index.ts';
import { freePort } from './db/embedded.ts';
import { commandLine, isAlive } from './proc.ts';

// The real binary (node + tsx + main.ts, as `npm start` and bin/youarecoder.mjs run it): spawn-server.ts.
const SLOW = 90_000;

/** Pids of PostgreSQL postmasters serving `dataDir`'s embedded database. */
function postmastersFor(dataDir: string): number[] {
  const pgDir = path.join(dataDir, 'pg');
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    const cmd = commandLine(pid);
    if (cmd?.includes('postgres') && cmd.includes(`-D ${pgDir}`) && isAlive(pid)) pids.push(pid);
  }
  // A child the postmaster has just forked carries its command line until it sets its own title
  // ("postgres: checkpointer"): count only the processes whose parent is not one of them.
  return pids.filter((pid) => !pids.includes(parentOf(pid)));
}

/** The parent pid of a process (0 when it is gone). */
function parentOf(pid: number): number {
  try {
    // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after its last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return 0;
  }
}

const lockFile = (dataDir: string) => path.join(dataDir, 'youarecoder.lock');
const lockPid = (dataDir: string) => Number(readFileSync(lockFile(dataDir), 'utf8').trim());

let dataDir: string;
beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'yac-proc-'));
});
afterAll(async () => {
  for (const c of spawnedServers()) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  // A server killed above leaves its database running: end it, then remove the folder.
  for (const pid of postmastersFor(dataDir)) process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && postmastersFor(dataDir).length; i++)
    await new Promise((r) => setTimeout(r, 100));
  await rm(dataDir, { recursive: true, force: true });
}, SLOW);

describe('the server process', () => {
  let port: number;
  let server: Server;

  it(
    '`migrate` initialises the embedded database, migrates and exits 0 leaving nothing running',
    async () => {
      const s = spawnServer(['migrate'], { DATA_DIR: dataDir, PORT: String(await freePort()) });
      expect(await withTimeout(s.exited, 60_000, 'migrate'), s.output()).toBe(0);
      expect(s.output()).toContain('database migrated');
      expect(existsSync(path.join(dataDir, 'pg', 'PG_VERSION'))).toBe(true);
      expect(postmastersFor(dataDir)).toEqual([]);
      expect(existsSync(lockFile(dataDir))).toBe(false);
    },
    SLOW,
  );

  it(
    'starts on the embedded database and /readyz answers 200',
    async () => {
      port = await freePort();
      server = spawnServer([], { DATA_DIR: dataDir, PORT: String(port) });
      await waitReady(server, port);
      const res = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await res.json()).toEqual({ status: 'ready', jobs: 'ok' });
      expect(server.output()).toContain('"database":"embedded"');
      expect(postmastersFor(dataDir)).toHaveLength(1);
      expect(isAlive(lockPid(dataDir))).toBe(true);
    },
    SLOW,
  );

  it(
    'outside production listens on the loopback only, and its PayTR simulator has keys of its own',
    async () => {
      // Another address of this machine: nothing answers there.
      const outside = Object.values(os.networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      if (outside) {
        const refused = await new Promise<string>((resolve) => {
          const sock = net.connect({ host: outside, port }, () => {
            sock.destroy();
            resolve('connected');
          });
          sock.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
        });
        expect(refused).toBe('ECONNREFUSED');
      }
      // A notification signed with the repository's simulator constants is not this start's: refused.
      const forged = await fetch(`http://127.0.0.1:${port}/billing/paytr/callback`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(
          signedCallback(
            { merchantOid: 'FORGED1', status: 'success', totalAmount: 1000, testMode: true },
            SIMULATOR_CREDENTIALS,
          ),
        ).toString(),
      });
      expect(forged.status).toBe(400);
      expect(await forged.text()).toMatch(/^REJECTED/);
    },
    SLOW,
  );

  it(
    'a second instance on the same DATA_DIR refuses, naming the other pid, and exits 1',
    async () => {
      const holder = lockPid(dataDir);
      const second = spawnServer([], { DATA_DIR: dataDir, PORT: String(await freePort()) });
      expect(await withTimeout(second.exited, 30_000, 'second instance')).toBe(1);
      expect(second.output()).toContain(
        `Another YouAreCoder instance (pid ${holder}) is using DATA_DIR ${dataDir}`,
      );
      // The first one is untouched.
      expect(await readyz(port)).toBe(200);
      expect(lockPid(dataDir)).toBe(holder);
      expect(postmastersFor(dataDir)).toHaveLength(1);
    },
    SLOW,
  );

  it(
    'SIGTERM stops it gracefully: exit 0, its PostgreSQL gone, the lock removed',
    async () => {
      server.child.kill('SIGTERM');
      expect(await withTimeout(server.exited, 30_000, 'SIGTERM'), server.output()).toBe(0);
      expect(server.output()).toContain('"msg":"stopped"');
      expect(server.output()).not.toMatch(/Unhandled 'error' event|uncaught/i);
      expect(postmastersFor(dataDir)).toEqual([]);
      expect(existsSync(lockFile(dataDir))).toBe(false);
      expect(await listening(port)).toBe(false);
    },
    SLOW,
  );

  it(
    'after the server is killed (SIGKILL) and its PostgreSQL orphaned, the next start recovers',
    async () => {
      port = await freePort();
      const victim = spawnServer([], { DATA_DIR: dataDir, PORT: String(port) });
      await waitReady(victim, port);
      const [orphan] = postmastersFor(dataDir);
      expect(orphan).toBeGreaterThan(0);
      process.kill(lockPid(dataDir), 'SIGKILL'); // the node process that holds the lock
      await withTimeout(victim.exited, 30_000, 'killed server');
      expect(isAlive(orphan as number)).toBe(true);
      expect(existsSync(lockFile(dataDir))).toBe(true); // stale

      server = spawnServer([], { DATA_DIR: dataDir, PORT: String(port) });
      await waitReady(server, port);
      expect(server.output()).toContain('ending a PostgreSQL left running by an earlier platform process');
      expect(isAlive(orphan as number)).toBe(false);
      const now = postmastersFor(dataDir);
      expect(now).toHaveLength(1);
      expect(now[0]).not.toBe(orphan);

      server.child.kill('SIGTERM');
      expect(await withTimeout(server.exited, 30_000, 'SIGTERM'), server.output()).toBe(0);
      expect(postmastersFor(dataDir)).toEqual([]);
    },
    SLOW,
  );

  it(
    '--role worker runs jobs with no HTTP listener, and stops on SIGTERM',
    async () => {
      port = await freePort();
      const worker = spawnServer(['--role', 'worker'], { DATA_DIR: dataDir, PORT: String(port) });
      await waitForOutput(worker, 'YouAreCoder worker is running');
      expect(worker.output()).toContain('"roles":["worker"]');
      expect(await listening(port)).toBe(false);
      worker.child.kill('SIGTERM');
      expect(await withTimeout(worker.exited, 30_000, 'worker SIGTERM'), worker.output()).toBe(0);
      expect(postmastersFor(dataDir)).toEqual([]);
      expect(existsSync(lockFile(dataDir))).toBe(false);
    },
    SLOW,
  );

  it(
    'a port already in use: exits 1 saying why, stopping the database it started',
    async () => {
      const blocker = net.createServer();
      await new Promise<void>((r) => blocker.listen(0, '0.0.0.0', () => r()));
      const busy = (blocker.address() as net.AddressInfo).port;
      try {
        const s = spawnServer([], { DATA_DIR: dataDir, PORT: String(busy) });
        expect(await withTimeout(s.exited, 60_000, 'busy port'), s.output()).toBe(1);
        expect(s.output()).toContain('EADDRINUSE');
        expect(postmastersFor(dataDir)).toEqual([]);
        expect(existsSync(lockFile(dataDir))).toBe(false);
      } finally {
        blocker.close();
      }
    },
    SLOW,
  );
});

// Neither touches DATA_DIR, so they run side by side.
describe.concurrent('refusing to start', () => {
  it(
    '--role bogus exits 1 naming the bad role, before touching DATA_DIR',
    async () => {
      const fresh = path.join(dataDir, 'never-created');
      const s = spawnServer(['--role', 'bogus'], { DATA_DIR: fresh, PORT: String(await freePort()) });
      expect(await withTimeout(s.exited, 30_000, '--role bogus')).toBe(1);
      expect(s.output()).toContain('--role: bogus is not one of api, worker, gateway');
      expect(existsSync(fresh)).toBe(false);
    },
    SLOW,
  );

  it(
    'a bad environment exits 1 and prints every problem at once',
    async () => {
      const s = spawnServer([], {
        DATA_DIR: path.join(dataDir, 'never-created'),
        NODE_ENV: 'production',
        PORT: 'eighty',
        LOG_LEVEL: 'loud',
        PUBLIC_URL: 'http://yac.example.com',
        DATABASE_URL: 'mysql://db/yac',
      });
      expect(await withTimeout(s.exited, 30_000, 'bad env')).toBe(1);
      const out = s.output();
      expect(out).toContain('Invalid configuration:');
      for (const key of ['PORT', 'LOG_LEVEL', 'PUBLIC_URL', 'SMTP_URL', 'DATABASE_URL'])
        expect(out).toContain(`  - ${key}: `);
      expect(out).not.toMatch(/\n\s+at /); // a message for people, not a stack trace
    },
    SLOW,
  );
});
