import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { createDatabase, type Database, uniqueViolation } from '../db/client.ts';
import { createLogger } from '../logger.ts';
import {
  type AnyJob,
  defineJob,
  enqueue,
  JOB_RUNNER_APPLICATION_NAME,
  type JobRunner,
  startJobRunner,
} from './index.ts';

const log = createLogger({ level: 'silent', pretty: false });
let tdb: TestDatabase;
let database: Database;

beforeAll(async () => {
  tdb = await createTestDatabase();
  database = createDatabase(tdb.url, 5);
  await database.pool.query('create table scratch_runs (key int primary key, runner text not null)');
});
afterAll(async () => {
  await database.close();
  await tdb.drop();
});

async function until(pred: () => Promise<boolean>, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await pred())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const jobsLeft = async () =>
  (await database.pool.query('select count(*)::int as n from graphile_worker.jobs')).rows[0].n as number;

describe('job runners', () => {
  it('two runners on one database never run a job twice', async () => {
    const runs: { key: number; runner: string }[] = [];
    const duplicates: number[] = [];
    const recordJob = (runner: string) =>
      defineJob({
        id: 'test:record',
        payload: z.object({ key: z.number().int() }),
        handler: async ({ key }) => {
          runs.push({ key, runner });
          // Long enough that both runners are busy at once.
          await new Promise((r) => setTimeout(r, 5));
          try {
            await database.pool.query('insert into scratch_runs (key, runner) values ($1, $2)', [
              key,
              runner,
            ]);
          } catch (err) {
            if (uniqueViolation(err) === null) throw err;
            duplicates.push(key);
          }
        },
      });
    const runners: JobRunner[] = [];
    try {
      for (const name of ['a', 'b']) {
        runners.push(
          await startJobRunner({
            connectionString: tdb.url,
            jobs: [recordJob(name) as AnyJob],
            cron: [],
            concurrency: 4,
            log,
          }),
        );
      }
      const def = recordJob('definition');
      await database.db.transaction(async (tx) => {
        for (let key = 1; key <= 100; key++) await enqueue(tx, def, { key });
      });
      await until(async () => (await jobsLeft()) === 0);
      // Give a would-be second run time to show up.
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      for (const r of runners) await r.stop();
    }
    const { rows } = await database.pool.query(
      'select count(*)::int as n, count(distinct key)::int as d from scratch_runs',
    );
    expect(rows[0]).toEqual({ n: 100, d: 100 });
    expect(duplicates).toEqual([]);
    expect(runs).toHaveLength(100);
    expect(new Set(runs.map((r) => r.key)).size).toBe(100);
    // Both took part, so the test did exercise concurrent claiming.
    expect(new Set(runs.map((r) => r.runner))).toEqual(new Set(['a', 'b']));
  });

  it('hands the enqueuing request id to the handler, and drops a payload that does not match its schema', async () => {
    const seen: { payload: unknown; requestId?: string }[] = [];
    const job = defineJob({
      id: 'test:echo',
      payload: z.object({ n: z.number() }),
      handler: async (payload, ctx) => {
        seen.push({ payload, requestId: ctx.requestId });
      },
    });
    const outcomes: boolean[] = [];
    const runner = await startJobRunner({
      connectionString: tdb.url,
      jobs: [job as AnyJob],
      cron: [],
      concurrency: 1,
      log,
      onJobDone: (_id, ok) => outcomes.push(ok),
    });
    try {
      await enqueue(database.db, job, { n: 1 }, { requestId: 'req_abc' });
      await enqueue(database.db, job as AnyJob, { n: 'not a number' });
      await until(async () => outcomes.length === 2 && (await jobsLeft()) === 0);
    } finally {
      await runner.stop();
    }
    expect(seen).toEqual([{ payload: { n: 1 }, requestId: 'req_abc' }]);
    expect(outcomes.sort()).toEqual([false, true]);
  });

  it('a stopped runner reports itself unhealthy and has closed its connections', async () => {
    const runnerBackends = async () =>
      (
        await database.pool.query(
          'select count(*)::int as n from pg_stat_activity where datname = current_database() and application_name = $1',
          [JOB_RUNNER_APPLICATION_NAME],
        )
      ).rows[0].n as number;
    await until(async () => (await runnerBackends()) === 0);
    const runner = await startJobRunner({
      connectionString: tdb.url,
      jobs: [],
      cron: [],
      concurrency: 2,
      log,
    });
    await until(async () => (await runnerBackends()) > 0);
    expect(runner.healthy()).toBe(true);
    await runner.stop();
    expect(runner.healthy()).toBe(false);
    await until(async () => (await runnerBackends()) === 0, 5000);
  });
});
