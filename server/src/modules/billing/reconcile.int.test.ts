// Reconciliation with PayTR's transaction report, on real PostgreSQL and the real simulator: each kind of
// discrepancy is planted (a payment PayTR has and we lack, one we booked and PayTR lacks, a different
// amount), and a clean day, a matching refund, a rerun, a late record, a range longer than 3 days and a
// PayTR outage each behave as operators need.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { operatorCommand } from '../../cli/operator.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import { checkout, payingCompany, sqlRows } from './billing.test-helpers.ts';
import { DAY } from './periods.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true, fakeClock: true, env: { OPS_EMAIL: 'ops@example.com' } });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);
const quiet = { log: () => {}, error: () => {} } as unknown as Console;
const sim = () => {
  if (!ctx.sim) throw new Error('simulator expected');
  return ctx.sim;
};
const clock = () => {
  if (!ctx.fakeClock) throw new Error('fake clock expected');
  return ctx.fakeClock;
};
const reconAlerts = async () =>
  (
    await q<{ subject: string }>(
      "select subject from mail_outbox where template = 'ops_alert' and subject like '%Reconciliation with PayTR%' order by created_at",
    )
  ).map((m) => m.subject);

interface Discrepancy {
  id: string;
  day: string;
  merchantOid: string;
  subject: string;
  kind: string;
  status: string;
  paytr: { amountMinor: number; currency: string } | null;
  ours: { amountMinor: number; currency: string } | null;
  resolutionNote: string | null;
  payment: { orderId: string; status: string; companyName: string | null } | null;
}
interface Run {
  id: string;
  fromDay: string;
  toDay: string;
  status: string;
  found: number;
  opened: number;
  cleared: number;
  error: string | null;
}

/** A new company that pays for a plan through the simulator; the notification is booked unless held. */
async function paid(opts: { hold?: boolean } = {}) {
  const s = await payingCompany(ctx);
  const c = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'TRY' });
  if (opts.hold) sim().setConfig({ deliverCallbacks: false });
  const r = await sim().pay({ merchantOid: c.merchantOid, card: 'success' });
  expect(r.status).toBe('success');
  expect(r.callbackOk).toBe(!opts.hold);
  return { ...c, company: s };
}

let op: Awaited<ReturnType<typeof payingCompany>>;
// The fake clock moves days at a time, past a session's idle limit: sign in again each time.
const opClient = async () => (await login(ctx, op.email, op.password, { remember: true })).client;
const list = async (status = 'open') =>
  (
    await (
      await opClient()
    ).get<{ discrepancies: Discrepancy[]; runs: Run[] }>(`/api/v1/admin/reconciliation?status=${status}`)
  ).body;

describe('reconciliation with PayTR', () => {
  let held: Awaited<ReturnType<typeof paid>>;
  let dropped: Awaited<ReturnType<typeof paid>>;
  let altered: Awaited<ReturnType<typeof paid>>;

  it('finds nothing on a clean day, a partial refund included', async () => {
    op = await payingCompany(ctx);
    expect(await operatorCommand(ctx.database.url, ['grant', op.email], quiet)).toBe(0);
    await paid();
    const refunded = await paid();
    const r = await (await opClient()).post<{ status: string }>(
      `/api/v1/admin/orders/${refunded.orderId}/refund`,
      {
        amountMinor: 500,
        reason: 'goodwill',
      },
    );
    expect(r.body.status).toBe('done');
    clock().advance(DAY);
    const { run } = await ctx.deps.payments.reconcile();
    // Yesterday (Istanbul) and the 3 days before.
    expect(run).toMatchObject({ fromDay: '2026-11-23', toDay: '2026-11-26', status: 'succeeded', found: 0 });
    expect(run.paytrRecords).toBe(3);
    expect(run.ourRecords).toBe(3);
    expect((await list()).discrepancies).toEqual([]);
    expect(await reconAlerts()).toEqual([]);
  });

  it('flags each kind of discrepancy once, beside its payment, with one alert and one audit entry', async () => {
    dropped = await paid();
    altered = await paid();
    held = await paid({ hold: true });
    sim().tamperReport({
      drop: [dropped.merchantOid],
      amounts: { [altered.merchantOid]: altered.amount + 100 },
      add: [{ merchantOid: 'GHOST1', type: 'S', amount: 1234, currency: 'USD', date: '2026-11-27 15:00:00' }],
    });
    clock().advance(DAY);
    const { run } = await ctx.deps.payments.reconcile();
    expect(run).toMatchObject({ toDay: '2026-11-27', status: 'succeeded', found: 4, opened: 4, cleared: 0 });

    const open = (await list()).discrepancies;
    const by = (oid: string) => open.find((d) => d.merchantOid === oid);
    expect(open).toHaveLength(4);
    expect(by(held.merchantOid)).toMatchObject({
      day: '2026-11-27',
      subject: 'sale',
      kind: 'missing_here',
      paytr: { amountMinor: held.amount, currency: 'TRY' },
      ours: null,
      payment: { orderId: held.orderId, status: 'pending' },
    });
    expect(by('GHOST1')).toMatchObject({
      kind: 'missing_here',
      paytr: { amountMinor: 1234, currency: 'USD' },
      payment: null,
    });
    expect(by(dropped.merchantOid)).toMatchObject({
      kind: 'missing_at_paytr',
      paytr: null,
      ours: { amountMinor: dropped.amount, currency: 'TRY' },
      payment: { orderId: dropped.orderId, status: 'paid', companyName: expect.any(String) },
    });
    expect(by(altered.merchantOid)).toMatchObject({
      kind: 'amount_mismatch',
      paytr: { amountMinor: altered.amount + 100 },
      ours: { amountMinor: altered.amount },
    });

    const alerts = await reconAlerts();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]).toContain('4 new discrepancies');
    const [mail] = await q<{ text: string }>(
      "select text from mail_outbox where template = 'ops_alert' and subject like '%Reconciliation with PayTR%'",
    );
    expect(mail?.text).toContain(
      'PayTR has, we lack: 2; we booked, PayTR lacks: 1; different amount or currency: 1',
    );
    const audit = await q<{ target_id: string }>(
      "select target_id from audit_events where action = 'billing.reconciled'",
    );
    expect(audit.map((a) => a.target_id)).toEqual([run.id]);
  });

  it('a rerun of the same days duplicates nothing and alerts no one again', async () => {
    const { run } = await ctx.deps.payments.reconcile();
    expect(run).toMatchObject({ found: 4, opened: 0, cleared: 0 });
    const [{ n } = { n: 0 }] = await q<{ n: number }>(
      'select count(*)::int as n from reconciliation_discrepancies',
    );
    expect(n).toBe(4);
    expect(await reconAlerts()).toHaveLength(1);
  });

  it('a late record clears its discrepancy on the next run', async () => {
    sim().setConfig({ deliverCallbacks: true });
    for (let i = 0; i < 100; i++) {
      const [o] = await q<{ status: string }>('select status from orders where id = $1', [held.orderId]);
      if (o?.status === 'paid') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const { run } = await ctx.deps.payments.reconcile();
    expect(run).toMatchObject({ found: 3, opened: 0, cleared: 1 });
    const cleared = (await list('cleared')).discrepancies;
    expect(cleared.map((d) => d.merchantOid)).toEqual([held.merchantOid]);
    expect((await list()).discrepancies).toHaveLength(3);
  });

  it('an operator resolves a discrepancy with a note, audited; it stays resolved on later runs', async () => {
    const target = (await list()).discrepancies.find((d) => d.merchantOid === dropped.merchantOid);
    const url = `/api/v1/admin/reconciliation/discrepancies/${target?.id}/resolve`;
    const empty = await (await opClient()).post<{ fields: Record<string, string> }>(url, { note: ' ' });
    expect(empty.status).toBe(400);
    expect(Object.keys(empty.body.fields)).toEqual(['note']);
    expect(
      (await (await opClient()).post(url, { note: 'PayTR support: listed late, confirmed paid' })).status,
    ).toBe(200);
    expect((await (await opClient()).post(url, { note: 'again' })).status).toBe(409);
    expect(
      (
        await (
          await opClient()
        ).post('/api/v1/admin/reconciliation/discrepancies/rcd_nope/resolve', { note: 'x' })
      ).status,
    ).toBe(404);
    const resolved = (await list('resolved')).discrepancies;
    expect(resolved).toMatchObject([
      { merchantOid: dropped.merchantOid, resolutionNote: 'PayTR support: listed late, confirmed paid' },
    ]);
    const audit = await q<{ actor_email: string; target_id: string }>(
      "select actor_email, target_id from audit_events where action = 'billing.discrepancy_resolved'",
    );
    expect(audit).toEqual([{ actor_email: op.email, target_id: target?.id }]);
    const { run } = await ctx.deps.payments.reconcile();
    expect(run).toMatchObject({ found: 3, opened: 0, cleared: 0 });
    expect((await list('resolved')).discrepancies).toHaveLength(1);
    expect((await list('all')).discrepancies).toHaveLength(4);
  });

  it('an operator reconciles a range longer than 3 days, asked of PayTR in windows', async () => {
    sim().tamperReport({
      add: [{ merchantOid: 'GHOST2', type: 'I', amount: 700, currency: 'TL', date: '2026-11-20 09:30:00' }],
    });
    const r = await (await opClient()).post<Run>('/api/v1/admin/reconciliation/runs', {
      from: '2026-11-18',
      to: '2026-11-27',
    });
    expect(r.status).toBe(200);
    // The simulator refuses any request over 3 days: a success means the range was split.
    expect(r.body).toMatchObject({
      fromDay: '2026-11-18',
      toDay: '2026-11-27',
      status: 'succeeded',
      opened: 1,
    });
    const ghost = (await list()).discrepancies.find((d) => d.merchantOid === 'GHOST2');
    expect(ghost).toMatchObject({ day: '2026-11-20', subject: 'refund', kind: 'missing_here' });
    expect(await reconAlerts()).toHaveLength(2);
  });

  it('refuses bad ranges naming the field', async () => {
    const post = async (body: object) =>
      (await opClient()).post<{ code: string; fields: Record<string, string> }>(
        '/api/v1/admin/reconciliation/runs',
        body,
      );
    for (const [body, field] of [
      [{ from: '2026-11-27', to: '2026-11-20' }, 'to'],
      [{ from: '27.11.2026', to: '2026-11-27' }, 'from'],
      [{ from: '2026-02-30', to: '2026-11-27' }, 'from'],
      [{ from: '2026-09-01', to: '2026-11-27' }, 'from'],
      [{ from: '2026-11-27', to: '2026-11-29' }, 'to'],
    ] as const) {
      const r = await post(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(r.body.fields)).toEqual([field]);
    }
    expect((await (await opClient()).get('/api/v1/admin/reconciliation?status=maybe')).status).toBe(400);
  });

  it('a PayTR outage leaves a failed run and nothing else; the next scheduled run covers its days', async () => {
    const before = await q('select id, status, last_run_id from reconciliation_discrepancies order by id');
    sim().setConfig({ apiDown: true });
    const r = await (await opClient()).post<{ code: string }>('/api/v1/admin/reconciliation/runs', {
      from: '2026-11-10',
      to: '2026-11-12',
    });
    expect(r.status).toBe(502);
    expect(r.body.code).toBe('PAYMENT_PROVIDER_ERROR');
    const { run } = await ctx.deps.payments.reconcile();
    expect(run.status).toBe('failed');
    expect(run.error).toContain('503');
    expect(await q('select id, status, last_run_id from reconciliation_discrepancies order by id')).toEqual(
      before,
    );
    expect((await list()).runs[0]).toMatchObject({ id: run.id, status: 'failed' });

    // The daily job fails too, so graphile-worker retries it; its crontab line is 05:00 Istanbul.
    const job = ctx.deps.jobs.find((j) => j.id === 'billing:reconcile');
    await expect(
      job?.handler({}, { log: ctx.deps.log, jobId: 'test', attempts: 1, maxAttempts: 5 }),
    ).rejects.toThrow(/reconciliation with PayTR failed/);
    expect(ctx.deps.cron).toContainEqual({ pattern: '0 2 * * *', job: 'billing:reconcile', backfill: '12h' });

    sim().setConfig({ apiDown: false });
    clock().advance(5 * DAY);
    const next = await ctx.deps.payments.reconcile();
    expect(next.run).toMatchObject({ fromDay: '2026-11-10', toDay: '2026-12-02', status: 'succeeded' });
  });

  it('a cleared discrepancy seen again opens again, and is alerted as new', async () => {
    const ghost = {
      merchantOid: 'GHOST3',
      type: 'S' as const,
      amount: 999,
      currency: 'TL',
      date: '2026-11-25 12:00:00',
    };
    const state = async () =>
      (
        await q<{ status: string; cleared_at: Date | null }>(
          "select status, cleared_at from reconciliation_discrepancies where merchant_oid = 'GHOST3'",
        )
      )[0];
    sim().tamperReport({ add: [ghost] });
    expect((await ctx.deps.payments.reconcileDays('2026-11-25', '2026-11-25')).run.opened).toBe(1);
    const kept = sim().tamperReport({});
    sim().tamperReport({ ...kept, add: kept.add.filter((a) => a.merchantOid !== 'GHOST3'), clear: true });
    expect((await ctx.deps.payments.reconcileDays('2026-11-25', '2026-11-25')).run.cleared).toBe(1);
    expect(await state()).toMatchObject({ status: 'cleared', cleared_at: expect.any(Date) });
    const alerts = (await reconAlerts()).length;
    sim().tamperReport({ add: [ghost] });
    expect((await ctx.deps.payments.reconcileDays('2026-11-25', '2026-11-25')).run.opened).toBe(1);
    expect(await state()).toEqual({ status: 'open', cleared_at: null });
    expect(await reconAlerts()).toHaveLength(alerts + 1);
  });

  it('is for operators only: everyone else gets 404', async () => {
    const s = await payingCompany(ctx);
    expect((await s.client.get('/api/v1/admin/reconciliation')).status).toBe(404);
    expect(
      (await s.client.post('/api/v1/admin/reconciliation/runs', { from: '2026-11-20', to: '2026-11-21' }))
        .status,
    ).toBe(404);
    const any = (await list('all')).discrepancies[0];
    expect(
      (await s.client.post(`/api/v1/admin/reconciliation/discrepancies/${any?.id}/resolve`, { note: 'me' }))
        .status,
    ).toBe(404);
    expect((await list('all')).discrepancies.find((d) => d.id === any?.id)?.status).toBe(any?.status);
  });
});
