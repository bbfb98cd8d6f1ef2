import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { DAY } from '../../platform/clock.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true, env: { MAIL_RETENTION_DAYS: '30' } });
});
afterAll(() => ctx.close());

it('the daily cleanup removes delivered and failed mail past the retention, never queued mail', async () => {
  const q = (sql: string, params: unknown[] = []) => ctx.deps.database.pool.query(sql, params);
  await signupCompany(ctx);
  await ctx.runJobs();
  const sent = (await q(`select id from mail_outbox where status = 'sent'`)).rows.map((r) => r.id);
  expect(sent.length).toBeGreaterThan(0);
  // Three older messages: one sent, one failed, one still waiting for SMTP.
  const old = new Date(ctx.clock.now().getTime() - 31 * DAY);
  for (const [id, status] of [
    ['msg_oldsent', 'sent'],
    ['msg_oldfailed', 'failed'],
    ['msg_oldqueued', 'queued'],
  ]) {
    await q(
      `insert into mail_outbox (id, template, locale, to_address, subject, html, text, status, created_at)
       values ($1, 'welcome', 'en', 'x@example.com', 's', 'h', 't', $2, $3)`,
      [id, status, old],
    );
  }
  await q(`select graphile_worker.add_job('mail:cleanup', '{}'::json)`);
  await ctx.runJobs();
  const left = (await q('select id from mail_outbox')).rows.map((r) => r.id).sort();
  expect(left).toEqual([...sent, 'msg_oldqueued'].sort());
  expect(ctx.deps.cron.map((c) => c.job)).toContain('mail:cleanup');
});
