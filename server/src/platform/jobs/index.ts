import { sql } from 'drizzle-orm';
import { type Runner, run, type Task } from 'graphile-worker';
import pg from 'pg';
import type { z } from 'zod';
import type { Executor } from '../db/client.ts';
import { quietGraphileLogger } from '../db/migrate.ts';
import type { Logger } from '../logger.ts';

/** What a handler gets besides its payload. */
export interface JobContext {
  log: Logger;
  jobId: string;
  attempts: number;
  maxAttempts: number;
  requestId?: string;
}

/** A job type: its id, the shape of its payload and what it does. Handlers must be idempotent. */
export interface JobDefinition<P = unknown> {
  id: string;
  payload: z.ZodType<P>;
  maxAttempts?: number;
  handler: (payload: P, ctx: JobContext) => Promise<void>;
}

/** A job of any payload, for heterogeneous lists. */
// biome-ignore lint/suspicious/noExplicitAny: a list of jobs mixes payload types; each handler parses its own.
export type AnyJob = JobDefinition<any>;

/** Declare a job type with its payload type inferred. */
export function defineJob<S extends z.ZodType>(def: {
  id: string;
  payload: S;
  maxAttempts?: number;
  handler: (payload: z.infer<S>, ctx: JobContext) => Promise<void>;
}): JobDefinition<z.infer<S>> {
  return def as JobDefinition<z.infer<S>>;
}

/** A recurring job, in graphile-worker's crontab syntax (UTC), e.g. `* * * * *`. */
export interface CronEntry {
  pattern: string;
  job: string;
  /** Catch up on missed runs of up to this long after downtime, e.g. `1h`. */
  backfill?: string;
}

/** Options of one enqueue. */
export interface EnqueueOptions {
  runAt?: Date;
  jobKey?: string;
  maxAttempts?: number;
  requestId?: string;
}

const REQUEST_ID_KEY = '__requestId';

/**
 * Add a job in the caller's transaction: the job exists exactly when the change that wants it
 * is committed, so nothing is lost and nothing is sent for a rolled-back change.
 */
export async function enqueue<P>(
  exec: Executor,
  job: JobDefinition<P>,
  payload: P,
  opts: EnqueueOptions = {},
): Promise<void> {
  const body = { ...(payload as object), ...(opts.requestId ? { [REQUEST_ID_KEY]: opts.requestId } : {}) };
  await exec.execute(sql`select graphile_worker.add_job(
    identifier => ${job.id},
    payload => ${JSON.stringify(body)}::json,
    run_at => ${opts.runAt ? opts.runAt.toISOString() : null}::timestamptz,
    max_attempts => ${opts.maxAttempts ?? job.maxAttempts ?? 25}::int,
    job_key => ${opts.jobKey ?? null}::text
  )`);
}

/** graphile-worker tasks that parse each payload with its schema and log with the enqueuing request's id. */
export function buildTaskList(
  jobs: AnyJob[],
  baseLog: Logger,
  onJobDone?: (job: string, ok: boolean) => void,
): Record<string, Task> {
  const taskList: Record<string, Task> = {};
  for (const def of jobs) {
    taskList[def.id] = async (raw, helpers) => {
      const { [REQUEST_ID_KEY]: requestId, ...rest } = (raw ?? {}) as Record<string, unknown>;
      const log = baseLog.child({
        job: def.id,
        jobId: helpers.job.id,
        ...(requestId ? { reqId: requestId } : {}),
      });
      const parsed = def.payload.safeParse(rest);
      if (!parsed.success) {
        // A malformed payload will never succeed: log it and drop it rather than retry forever.
        log.error({ issues: parsed.error.issues }, 'job payload does not match its schema; dropped');
        onJobDone?.(def.id, false);
        return;
      }
      try {
        await def.handler(parsed.data, {
          log,
          jobId: String(helpers.job.id),
          attempts: helpers.job.attempts,
          maxAttempts: helpers.job.max_attempts,
          requestId: requestId as string | undefined,
        });
        onJobDone?.(def.id, true);
      } catch (err) {
        onJobDone?.(def.id, false);
        log.warn(
          { err, attempt: helpers.job.attempts, of: helpers.job.max_attempts },
          'job failed; will retry',
        );
        throw err;
      }
    };
  }
  return taskList;
}

/** How the job runner's connections show in pg_stat_activity. */
export const JOB_RUNNER_APPLICATION_NAME = 'youarecoder-jobs';

/** A running job runner. */
export interface JobRunner {
  stop: () => Promise<void>;
  healthy: () => boolean;
}

/** Start graphile-worker with these job types and cron entries. */
export async function startJobRunner(opts: {
  connectionString: string;
  jobs: AnyJob[];
  cron: CronEntry[];
  concurrency: number;
  log: Logger;
  onJobDone?: (job: string, ok: boolean) => void;
  /** Called once if the runner stops without being asked (the process should then exit). */
  onCrash?: (err: unknown) => void;
}): Promise<JobRunner> {
  const taskList = buildTaskList(opts.jobs, opts.log, opts.onJobDone);
  const crontab = opts.cron
    .map((c) => `${c.pattern} ${c.job}${c.backfill ? ` ?fill=${c.backfill}` : ''}`)
    .join('\n');
  // Our own pool, ended by us: graphile-worker's own pool drops its error handlers on stop but
  // ends without waiting, so stopping PostgreSQL right after crashed the process with an
  // unhandled 'error' from a client that was still connected.
  const pool = new pg.Pool({
    connectionString: opts.connectionString,
    max: opts.concurrency + 2,
    application_name: JOB_RUNNER_APPLICATION_NAME,
  });
  const onPgError = (err: Error) => opts.log.warn({ err }, 'job queue connection error');
  pool.on('error', onPgError);
  pool.on('connect', (client) => client.on('error', onPgError));
  let failed = false;
  let stopped = false;
  let runner: Runner;
  try {
    runner = await run({
      pgPool: pool,
      concurrency: opts.concurrency,
      taskList,
      crontab,
      noHandleSignals: true,
      pollInterval: 1000,
      logger: quietGraphileLogger,
    });
  } catch (err) {
    await pool.end().catch(() => {});
    throw err;
  }
  runner.promise.then(
    () => {
      // A runner that ends without being asked runs no more jobs.
      if (!stopped) {
        failed = true;
        opts.onCrash?.(new Error('job runner ended unexpectedly'));
      }
    },
    (err) => {
      failed = true;
      opts.log.error({ err }, 'job runner crashed');
      if (!stopped) opts.onCrash?.(err);
    },
  );
  return {
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await runner.stop().catch(() => {});
      await pool.end();
    },
    healthy: () => !failed && !stopped,
  };
}

/** A job that failed at least `minAttempts` times (or for good), for the operators' page and alerts. */
export interface FailingJob {
  id: string;
  task: string;
  attempts: number;
  maxAttempts: number;
  lastError: string | null;
  runAt: string;
  permanent: boolean;
}

/** Jobs failing repeatedly (attempts ≥ minAttempts) or for good, newest first. */
export async function failingJobs(exec: Executor, minAttempts = 3, limit = 100): Promise<FailingJob[]> {
  const res = await exec.execute<{
    id: string;
    task: string;
    attempts: number;
    max_attempts: number;
    last_error: string | null;
    run_at: string;
  }>(sql`select id::text, task_identifier as task, attempts, max_attempts, last_error, run_at::text
           from graphile_worker.jobs
          where attempts >= least(${minAttempts}::int, max_attempts) and last_error is not null
          order by run_at desc limit ${limit}`);
  return res.rows.map((r) => ({
    id: r.id,
    task: r.task,
    attempts: r.attempts,
    maxAttempts: r.max_attempts,
    lastError: r.last_error?.slice(0, 2000) ?? null,
    runAt: r.run_at,
    permanent: r.attempts >= r.max_attempts,
  }));
}
