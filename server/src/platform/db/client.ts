import { createHash } from 'node:crypto';
import type { SQL } from 'drizzle-orm';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import * as schema from './schema.ts';

/** The drizzle database with the whole schema. */
export type Db = NodePgDatabase<typeof schema>;
/** A transaction handle. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either; repos accept both so callers decide the transaction. */
export type Executor = Db | Tx;

/** A pool and its drizzle wrapper. */
export interface Database {
  pool: pg.Pool;
  db: Db;
  close: () => Promise<void>;
}

/** Connect a pool (lazily: no connection is made until the first query). */
export function createDatabase(url: string, poolSize = 10): Database {
  // Without a connect timeout a database that drops packets hangs every request, /readyz too.
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 10_000,
  });
  // An idle client losing its connection must not crash the process.
  pool.on('error', () => {});
  const db = drizzle(pool, { schema });
  return { pool, db, close: () => pool.end() };
}

/** PostgreSQL error code of a unique violation. */
export const UNIQUE_VIOLATION = '23505';

/** The constraint name of a unique violation, if that is what `err` is. */
export function uniqueViolation(err: unknown): string | null {
  let e: unknown = err;
  // drizzle wraps driver errors; walk the cause chain.
  for (let i = 0; i < 4 && e; i++) {
    const pgErr = e as { code?: string; constraint?: string; cause?: unknown };
    if (pgErr.code === UNIQUE_VIOLATION) return pgErr.constraint ?? '';
    e = pgErr.cause;
  }
  return null;
}

const statementNames = new Map<string, string>();

interface DrizzleInternals {
  dialect: { sqlToQuery(q: SQL): { sql: string; params: unknown[] } };
  session: {
    prepareQuery(
      q: { sql: string; params: unknown[] },
      fields: undefined,
      name: string,
      arrayMode: boolean,
    ): { execute(): Promise<{ rows: unknown[] }> };
  };
}

/**
 * Run a statement as a named prepared statement of its connection (one per distinct text): after
 * the first run PostgreSQL parses and plans it no more. For hot paths whose statements repeat.
 * (drizzle's own `.prepare(name)` needs a query builder; this takes any SQL.)
 */
export async function executePrepared<T>(exec: Executor, query: SQL): Promise<{ rows: T[] }> {
  const inner = exec as unknown as DrizzleInternals;
  const q = inner.dialect.sqlToQuery(query);
  let name = statementNames.get(q.sql);
  if (!name) {
    name = `p${createHash('sha1').update(q.sql).digest('base64url').slice(0, 20)}`;
    // A handful of texts in practice; the bound keeps a caller with varying texts from growing it.
    if (statementNames.size < 1000) statementNames.set(q.sql, name);
  }
  return (await inner.session.prepareQuery(q, undefined, name, false).execute()) as { rows: T[] };
}
