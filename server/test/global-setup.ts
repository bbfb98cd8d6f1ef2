import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '../src/platform/db/embedded.ts';
import { ensureDatabase } from '../src/platform/db/ensure.ts';
import { MIGRATIONS_DIR, migrateDatabase } from '../src/platform/db/migrate.ts';
import { createLogger } from '../src/platform/logger.ts';

declare module 'vitest' {
  interface ProvidedContext {
    /** URL of a database on the test server with rights to create databases (path is replaced). */
    dbServerUrl: string;
    /** Name of the migrated template each test file clones. */
    dbTemplate: string;
  }
}

/** Template name changes with the migrations, so a stale template on an external server is never reused. */
function templateName(): string {
  const h = createHash('sha256');
  for (const f of readdirSync(MIGRATIONS_DIR).sort())
    if (f.endsWith('.sql')) h.update(readFileSync(path.join(MIGRATIONS_DIR, f)));
  h.update(readFileSync(new URL('../../node_modules/graphile-worker/package.json', import.meta.url)));
  return `yac_tpl_${h.digest('hex').slice(0, 12)}`;
}

function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

/** Start the embedded PostgreSQL (or use TEST_DATABASE_URL) and prepare the migrated template. */
export default async function setup(project: TestProject) {
  const log = createLogger({ level: 'warn', pretty: false });
  let serverUrl = process.env.TEST_DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  let tmp: string | undefined;
  if (!serverUrl) {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'yac-test-pg-'));
    const embedded = await startEmbeddedPostgres(path.join(tmp, 'pg'), log);
    serverUrl = embedded.url('postgres');
    stop = embedded.stop;
  }
  const tpl = templateName();
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const exists = (await client.query('select 1 from pg_database where datname = $1', [tpl])).rowCount;
  await client.end();
  if (!exists) {
    // Build under a temporary name, then rename: an interrupted build never leaves a half template.
    const building = `${tpl}_build_${process.pid}`;
    await ensureDatabase(serverUrl, building);
    await migrateDatabase(withDatabase(serverUrl, building));
    const c = new pg.Client({ connectionString: serverUrl });
    await c.connect();
    try {
      await c.query(`alter database "${building}" rename to "${tpl}"`);
    } catch (err) {
      await c.query(`drop database if exists "${building}"`);
      if ((err as { code?: string }).code !== '42P04') throw err;
    } finally {
      await c.end();
    }
  }
  project.provide('dbServerUrl', serverUrl);
  project.provide('dbTemplate', tpl);
  return async () => {
    await stop?.();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  };
}
