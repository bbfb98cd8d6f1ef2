import { fileURLToPath } from 'node:url';
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import { Logger as GraphileLogger, runMigrations } from 'graphile-worker';
import pg from 'pg';

/** Folder of the checked-in SQL migrations. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../drizzle', import.meta.url));

// Any constant: every process migrating the same database takes the same lock.
const MIGRATION_LOCK = 7_270_301;

/**
 * Apply the schema migrations and the job queue's own, under an advisory lock so that several
 * processes starting at once migrate exactly once.
 */
export async function migrateDatabase(url: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder: MIGRATIONS_DIR });
    // graphile-worker gets a pool of ours that is ended here: one it made itself could keep an idle
    // connection past this function, and a database stopped right after (`migrate` on the embedded one)
    // would then raise an unhandled pool error and crash the exiting process.
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    pool.on('error', () => {});
    pool.on('connect', (c) => c.on('error', () => {}));
    try {
      await runMigrations({ pgPool: pool, logger: quietGraphileLogger });
    } finally {
      await pool.end();
    }
  } finally {
    await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await client.end();
  }
}

/** graphile-worker's logger, silenced except for errors (ours logs job outcomes). */
export const quietGraphileLogger = new GraphileLogger(
  () => (level: string, message: string, meta?: { failure?: boolean }) => {
    // A failing task is already logged, as JSON with its request id, by the task wrapper in jobs/.
    if (level === 'error' && !meta?.failure) console.error(`[jobs] ${message}`);
  },
);
