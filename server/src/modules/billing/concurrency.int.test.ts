import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { checkout, payingCompany, postCallback, simCallback, sqlRows } from './billing.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true });
});
afterAll(async () => ctx?.close());
const q = sqlRows(() => ctx);

describe('payments under concurrency', () => {
  it('100 payments notified at once: each booked once, invoices numbered without gaps', async () => {
    // Ten companies, ten orders each (copies of a real checkout's order with their own merchant_oid).
    const oids: { oid: string; amount: number }[] = [];
    ctx.sim?.setConfig({ deliverCallbacks: false });
    for (let c = 0; c < 10; c++) {
      const s = await payingCompany(ctx);
      const first = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
      oids.push({ oid: first.merchantOid, amount: first.amount });
      for (let k = 1; k < 10; k++) {
        const oid = `${first.merchantOid}C${k}`;
        await q(
          `insert into orders select ('ord_' || $2) as id, company_id, $2 as merchant_oid, kind, plan, period, currency,
              usd_net_minor, net_minor, vat_minor, amount_minor, vat_rate_bp, vat_exempt_reason, try_rate, usd_try_rate,
              fx_date, fx_rate_type, period_start, period_end, status, failed_reason_code, failed_reason_msg,
              paid_total_minor, refunded_minor, installment_count, payment_type, settled_by, paid_at, settled_at,
              test_mode, user_ip, email, created_by, created_at, expires_at
            from orders where merchant_oid = $1`,
          [first.merchantOid, oid],
        );
        oids.push({ oid, amount: first.amount });
      }
    }
    ctx.sim?.setConfig({ deliverCallbacks: true });
    // Every payment notified twice, all 200 at once.
    const bodies = oids.flatMap((o) => {
      const b = simCallback(o.oid, 'success', o.amount);
      return [b, b];
    });
    const answers = await Promise.all(bodies.map((b) => postCallback(ctx, b)));
    expect(answers.filter((a) => a.text === 'OK')).toHaveLength(200);
    const paid = await q<{ n: number }>(
      "select count(*)::int as n from orders where status = 'paid' and merchant_oid = any($1)",
      [oids.map((o) => o.oid)],
    );
    expect(paid[0]?.n).toBe(100);
    const booked = await q<{ outcome: string; n: number }>(
      'select outcome, count(*)::int as n from payment_callbacks where merchant_oid = any($1) group by 1 order by 1',
      [oids.map((o) => o.oid)],
    );
    expect(booked).toEqual([
      { outcome: 'booked', n: 100 },
      { outcome: 'duplicate', n: 100 },
    ]);
    const numbers = (
      await q<{ number: string }>("select number from invoices where kind = 'invoice' order by number")
    ).map((r) => Number(r.number.slice(-9)));
    expect(numbers).toHaveLength(100);
    expect(numbers).toEqual(numbers.map((_, i) => i + 1));
    // Each company's ten paid periods follow each other without overlap.
    const overlaps = await q<{ n: number }>(
      `select count(*)::int as n from orders a join orders b
         on a.company_id = b.company_id and a.id < b.id and a.status = 'paid' and b.status = 'paid'
        and a.period_start < b.period_end and b.period_start < a.period_end`,
    );
    expect(overlaps[0]?.n).toBe(0);
  });
});

describe('live mode', () => {
  it('a test-mode notification in live mode is held, never booked', async () => {
    const live = await createTestContext({
      paytr: true,
      env: { PAYTR_TEST_MODE: '0', OPS_EMAIL: 'ops@example.com' },
    });
    try {
      const s = await payingCompany(live);
      live.sim?.setConfig({ deliverCallbacks: false });
      const c = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
      const r = await postCallback(live, simCallback(c.merchantOid, 'success', c.amount, { testMode: true }));
      expect(r.text).toBe('OK');
      const rows = (
        await live.deps.database.pool.query(
          'select outcome, reason from payment_callbacks where merchant_oid = $1',
          [c.merchantOid],
        )
      ).rows;
      expect(rows).toEqual([{ outcome: 'held', reason: 'test_mode_in_live' }]);
      // The operator hears of it (OPS_EMAIL), in the same transaction as the record.
      const alerts = (
        await live.deps.database.pool.query(
          "select subject from mail_outbox where template = 'ops_alert' and to_address = 'ops@example.com'",
        )
      ).rows;
      expect(alerts.map((a) => a.subject).join()).toContain('test_mode_in_live');
      const order = (
        await live.deps.database.pool.query('select status from orders where id = $1', [c.orderId])
      ).rows[0];
      expect(order.status).toBe('pending');
      // A live notification for the same order is booked.
      expect(
        (await postCallback(live, simCallback(c.merchantOid, 'success', c.amount, { testMode: false }))).text,
      ).toBe('OK');
      const after = (
        await live.deps.database.pool.query('select status from orders where id = $1', [c.orderId])
      ).rows[0];
      expect(after.status).toBe('paid');
      const metrics = await live.app.inject({ url: '/metrics' });
      expect(metrics.body).toMatch(/subscriptions\{status="active"\} 1/);
      expect(metrics.body).toMatch(/payments_total\{outcome="paid",currency="TRY"\} 1/);
      expect(metrics.body).toMatch(/payment_callbacks_rejected_total\{reason="test_mode_in_live"\} 1/);
    } finally {
      await live.close();
    }
  });
});

describe('operator alerts', () => {
  it('a job failing again and again is reported to OPS_EMAIL once', async () => {
    const ops = await createTestContext({ env: { OPS_EMAIL: 'ops@example.com' } });
    try {
      await ops.deps.database.pool.query(
        'select graphile_worker.add_job(\'workspace:converge\', \'{"id":"ws_x"}\'::json, max_attempts => 25)',
      );
      await ops.deps.database.pool.query(
        "update graphile_worker._private_jobs set attempts = 6, last_error = 'boom: disk full' where task_id = (select id from graphile_worker._private_tasks where identifier = 'workspace:converge')",
      );
      const watch = ops.deps.jobs.find((j) => j.id === 'ops:failing-jobs');
      const run = () => watch?.handler({}, { log: ops.deps.log, jobId: 'test', attempts: 1, maxAttempts: 1 });
      await run();
      await run();
      const alerts = (
        await ops.deps.database.pool.query(
          "select subject, text from mail_outbox where template = 'ops_alert'",
        )
      ).rows;
      expect(alerts).toHaveLength(1);
      expect(alerts[0].subject).toContain('failing repeatedly');
      expect(alerts[0].text).toContain('boom: disk full');
    } finally {
      await ops.close();
    }
  });
});
