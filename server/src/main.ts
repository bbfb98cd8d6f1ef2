// The process: arguments, configuration, the database, signals. Only what is needed to start the
// embedded PostgreSQL is imported up front; the rest of the platform (boot.ts: the app, the services,
// the job runner) is imported while PostgreSQL starts, so the two overlap instead of adding up.
import path from 'node:path';
import type { startRoles } from './boot.ts';
import { type Config, ConfigError, loadConfig } from './config/index.ts';
import type { Deps } from './deps.ts';
import { type EmbeddedDatabase, startEmbeddedPostgres } from './platform/db/embedded.ts';
import { ensureDatabase } from './platform/db/ensure.ts';
import { DataDirLockedError, lockDataDir } from './platform/db/lock.ts';
import { createLogger, type Logger } from './platform/logger.ts';
import { type ProcessRole, ROLES } from './roles.ts';

const USAGE = `Usage: youarecoder [start|migrate] [--role api,worker,gateway] [--stop-workspaces]
       youarecoder operator grant|revoke <email> | list

  start     run the platform (default); --role picks the parts (default: all in one process)
            --stop-workspaces: on SIGTERM/SIGINT, stop every workspace this host runs before exiting
            (also STOP_WORKSPACES_ON_EXIT=1); without it they keep running and the next start adopts them
  migrate   apply database migrations and exit
  operator  give or take the platform operator flag (billing admin pages)`;

/** How long a shutdown with --stop-workspaces waits for the workspaces to stop. */
const STOP_WORKSPACES_MS = 30_000;

type Command = 'start' | 'migrate' | 'operator';

function parseArgs(argv: string[]): {
  command: Command;
  roles: Set<ProcessRole>;
  rest: string[];
  stopWorkspaces: boolean;
} {
  let command: Command = 'start';
  let roles = new Set<ProcessRole>(ROLES);
  let stopWorkspaces = false;
  if (argv[0] === 'operator') return { command: 'operator', roles, rest: argv.slice(1), stopWorkspaces };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === 'start' || a === 'migrate') command = a;
    else if (a === '--stop-workspaces') stopWorkspaces = true;
    else if (a === '--role' || a.startsWith('--role=')) {
      const v = a.includes('=') ? a.slice(7) : argv[++i];
      const list = (v ?? '')
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const bad = list.filter((r) => !ROLES.includes(r as ProcessRole));
      if (!list.length || bad.length)
        throw new ConfigError([`--role: ${bad.join(', ') || '(empty)'} is not one of ${ROLES.join(', ')}`]);
      roles = new Set(list as ProcessRole[]);
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else throw new ConfigError([`unknown argument ${a}\n${USAGE}`]);
  }
  return { command, roles, rest: [], stopWorkspaces };
}

/** Resolve the database: DATABASE_URL, or the embedded PostgreSQL in DATA_DIR/pg. */
async function openDatabase(
  config: Config,
  log: Logger,
): Promise<{ url: string; embedded?: EmbeddedDatabase; release?: () => void }> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL };
  const release = lockDataDir(config.dataDir);
  try {
    const embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), log);
    await ensureDatabase(embedded.url('postgres'), 'youarecoder');
    return { url: embedded.url('youarecoder'), embedded, release };
  } catch (err) {
    release();
    throw err;
  }
}

/**
 * --stop-workspaces: stop every workspace this host runs as a person's stop would (status, audit,
 * usage), waiting at most STOP_WORKSPACES_MS; what is still stopping then is finished by the next start.
 */
async function stopAllWorkspaces(deps: Deps, log: Logger): Promise<void> {
  log.info('stopping the workspaces this host runs (--stop-workspaces)');
  const r = await deps.converger.stopForShutdown(STOP_WORKSPACES_MS);
  if (r.pending.length)
    log.warn(
      { stopped: r.stopped.length, pending: r.pending },
      `${r.stopped.length} workspace(s) stopped; ${r.pending.length} still stopping after ${STOP_WORKSPACES_MS / 1000} s, which the next start finishes`,
    );
  else log.info({ stopped: r.stopped.length }, `${r.stopped.length} workspace(s) stopped with the platform`);
}

/** What a shutdown has to undo; filled in as start-up progresses. */
interface Running {
  db?: Awaited<ReturnType<typeof openDatabase>>;
  boot?: Awaited<ReturnType<typeof startRoles>>;
}

async function main(): Promise<void> {
  let config: Config;
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const log = createLogger({
    level: config.LOG_LEVEL,
    pretty: !config.isProduction && process.stdout.isTTY === true,
  });
  if (args.command === 'operator') {
    const { operatorCommand, operatorUsage, runningEmbeddedUrl } = await import('./cli/operator.ts');
    const { migrateDatabase } = await import('./platform/db/migrate.ts');
    const answered = operatorUsage(args.rest);
    if (answered !== null) process.exit(answered);
    // A running platform's embedded database is used as it is; otherwise one is started for the change.
    const live = config.DATABASE_URL ?? runningEmbeddedUrl(config.dataDir);
    if (live) process.exit(await operatorCommand(live, args.rest));
    const db = await openDatabase(config, log);
    try {
      await migrateDatabase(db.url);
      process.exitCode = await operatorCommand(db.url, args.rest);
    } finally {
      await db.embedded?.stop();
      db.release?.();
    }
    return;
  }
  const started = Date.now();
  const stopWorkspaces = args.stopWorkspaces || config.STOP_WORKSPACES_ON_EXIT === '1';
  const running: Running = {};
  let booting = true;
  let stopping = false;
  let stopAfterBoot: { reason: string; code: number } | undefined;
  // Read through a function: TypeScript cannot see the signal handler assigning it meanwhile.
  const pendingStop = () => stopAfterBoot;

  const shutdown = async (reason: string, code = 0) => {
    if (stopping) {
      log.warn('second signal: exiting now');
      process.exit(1);
    }
    if (booting) {
      // A signal during initdb or migrations: let that step finish, then stop in order.
      stopAfterBoot = { reason, code };
      log.info({ reason }, 'will stop as soon as start-up reaches a safe point');
      return;
    }
    stopping = true;
    log.info({ reason }, 'shutting down');
    // Hard stop if something hangs, so no supervisor waits forever.
    setTimeout(() => process.exit(1), 20_000 + (stopWorkspaces ? STOP_WORKSPACES_MS : 0)).unref();
    const { db, boot } = running;
    try {
      if (!stopWorkspaces) {
        // Workspaces are separate processes (or containers) and keep running by design: say so, so
        // nobody takes a stopped platform for stopped workspaces. The next start adopts them.
        // At most 2 s: a slow driver (podman) must not hold the shutdown up for a log line.
        const ides = await Promise.race([
          boot?.deps.driver.list().catch(() => []),
          new Promise<[]>((r) => setTimeout(() => r([]), 2_000).unref()),
        ]);
        const left = (ides ?? []).filter((w) => w.state.status === 'running').length;
        if (left)
          log.info(
            { workspaces: left },
            `${left} workspace(s) keep running after the platform stops; the next start adopts them (start with --stop-workspaces, or STOP_WORKSPACES_ON_EXIT=1, to stop them on exit)`,
          );
      }
      boot?.gateway?.close(); // IDE connections live for hours: cut them rather than wait
      await boot?.sim?.close();
      await boot?.app?.close(); // stops accepting, lets in-flight requests finish
      if (stopWorkspaces && boot) await stopAllWorkspaces(boot.deps, log);
      await boot?.runner?.stop();
      boot?.deps.mail.close();
      await boot?.deps.listener.close();
      await boot?.deps.database.close();
      await db?.embedded?.stop();
    } catch (err) {
      log.error({ err }, 'error during shutdown');
    } finally {
      db?.release?.();
    }
    log.info('stopped');
    process.exit(code);
  };
  // Installed first, so a signal at any moment of start-up still stops the database in order.
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  const opening = openDatabase(config, log);
  // Imported (read and evaluated) while PostgreSQL starts in its own process; awaited once it runs.
  const platform = import('./boot.ts');
  platform.catch(() => {}); // a failure is handled where it is awaited, below
  try {
    running.db = await opening;
  } catch (err) {
    if (err instanceof DataDirLockedError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const db = running.db;

  try {
    const { migrateDatabase, prepareRoles, startRoles } = await platform;
    const prepared = args.command === 'migrate' ? undefined : prepareRoles(config);
    if (!pendingStop() && (args.command === 'migrate' || config.migrateOnStart)) {
      await migrateDatabase(db.url);
      log.info('database migrated');
    }
    const early = pendingStop();
    if (args.command === 'migrate' || early) {
      booting = false;
      return shutdown(early?.reason ?? 'migrated', early?.code ?? 0);
    }
    running.boot = await startRoles(
      config,
      log,
      db.url,
      args.roles,
      !!db.embedded,
      started,
      (err) => {
        log.fatal({ err }, 'the job runner stopped; exiting so a supervisor restarts this process');
        void shutdown('job runner crashed', 1);
      },
      await prepared,
    );
  } catch (err) {
    log.fatal({ err }, 'start-up failed');
    booting = false;
    return shutdown('start-up failed', 1);
  }
  booting = false;
  const late = pendingStop();
  if (late) return shutdown(late.reason, late.code);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
