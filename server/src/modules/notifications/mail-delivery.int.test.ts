import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { MAIL_MAX_ATTEMPTS } from './notifications.jobs.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

interface OutboxState {
  id: string;
  status: string;
  attempts: number;
  last_error: string | null;
  sent_at: Date | null;
}

async function outboxFor(emails: string[]): Promise<OutboxState[]> {
  const { rows } = await ctx.deps.database.pool.query<OutboxState>(
    'select id, status, attempts, last_error, sent_at from mail_outbox where to_address = any($1) order by id',
    [emails],
  );
  return rows;
}

/** Failed jobs wait with exponential backoff; a test cannot wait minutes, so make them due now. */
async function makeRetriesDue(): Promise<void> {
  // graphile_worker.jobs is a view in 0.17; the table behind it is _private_jobs.
  await ctx.deps.database.pool.query(
    'update graphile_worker._private_jobs set run_at = now() where locked_at is null',
  );
}

/**
 * graphile-worker 0.17 does not await a job's fail/complete write before runOnce resolves, so
 * the last job can still be locked when ctx.runJobs() returns; wait for that write to land.
 */
async function runJobs(): Promise<void> {
  await ctx.runJobs();
  for (let i = 0; i < 200; i++) {
    const { rows } = await ctx.deps.database.pool.query(
      'select count(*)::int as n from graphile_worker._private_jobs where locked_at is not null',
    );
    if (rows[0].n === 0) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('jobs still locked 5 s after runOnce');
}

const deliveredIds = () => ctx.smtp.messages.map((m) => m.messageId);

describe('mail delivery through the outbox', () => {
  it('survives the SMTP server being down: kept queued with the error, then delivered exactly once', async () => {
    await ctx.smtp.stop();
    const emails: string[] = [];
    for (let i = 0; i < 3; i++) emails.push((await signupCompany(ctx)).email);

    await runJobs();
    let rows = await outboxFor(emails);
    // Each signup queues its own messages (verification, welcome): all of them must wait.
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const r of rows) {
      expect(r.status).toBe('queued');
      expect(r.attempts).toBeGreaterThanOrEqual(1);
      expect(r.last_error).toMatch(/ECONNREFUSED|connect/i);
    }
    const { rows: jobs } = await ctx.deps.database.pool.query(
      `select attempts, last_error from graphile_worker.jobs where task_identifier = 'mail:send'`,
    );
    expect(jobs.length).toBe(rows.length);
    expect(jobs.every((j) => j.attempts === 1 && j.last_error)).toBe(true);

    await ctx.smtp.start(ctx.smtp.port);
    await makeRetriesDue();
    await runJobs();
    // Running again finds nothing to send twice.
    await makeRetriesDue();
    await runJobs();

    rows = await outboxFor(emails);
    for (const r of rows) {
      expect(r.status).toBe('sent');
      expect(r.last_error).toBeNull();
      expect(r.sent_at).toBeInstanceOf(Date);
      expect(r.attempts).toBe(2);
      expect(deliveredIds().filter((id) => id === `<${r.id}@youarecoder>`)).toHaveLength(1);
    }
    for (const e of emails) expect(ctx.smtp.to(e).length).toBeGreaterThanOrEqual(1);
    expect(ctx.smtp.messages).toHaveLength(rows.length);
    const left = await ctx.deps.database.pool.query(`select count(*)::int as n from graphile_worker.jobs`);
    expect(left.rows[0].n).toBe(0);
  });

  it(`gives up after ${MAIL_MAX_ATTEMPTS} failed attempts: status failed with the reason, never sent later`, async () => {
    await ctx.smtp.stop();
    const { email } = await signupCompany(ctx);
    for (let i = 0; i < MAIL_MAX_ATTEMPTS; i++) {
      await makeRetriesDue();
      await runJobs();
      for (const row of await outboxFor([email])) {
        expect(row.attempts).toBe(i + 1);
        expect(row.status).toBe(i + 1 < MAIL_MAX_ATTEMPTS ? 'queued' : 'failed');
      }
    }
    const rows = await outboxFor([email]);
    expect(rows.length).toBeGreaterThanOrEqual(1);
    for (const row of rows) expect(row.last_error).toMatch(/ECONNREFUSED|connect/i);

    // The mail server comes back: a message given up on stays given up on.
    await ctx.smtp.start(ctx.smtp.port);
    await makeRetriesDue();
    await runJobs();
    expect(ctx.smtp.to(email)).toHaveLength(0);
    expect((await outboxFor([email])).map((r) => r.status)).toEqual(rows.map(() => 'failed'));
  });
});
