import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import {
  declineStoredCard,
  endTrialNow,
  payingCompany,
  sqlRows,
  submitCard,
} from './billing.test-helpers.ts';
import { DAY } from './periods.ts';

// A year of stored-card renewals on a fake clock, anchored on the 31st, through what went wrong in the
// held-out billing cases: an upgrade paid after the period it was priced for had rolled over, a crash
// (PayTR unreachable) between a renewal's order and its charge, a declined renewal that the dunning
// retry of the next day gets paid. PayTR's transaction report is reconciled every day of the year, as
// the daily job does. The books must balance at the end, and agree with PayTR's every day.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({
    paytr: true,
    fakeClock: true,
    env: { PAYTR_RECURRING: '1', OPS_EMAIL: 'ops@example.com' },
  });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);
const HOUR = 3_600_000;

interface Direct {
  orderId: string;
  merchantOid: string;
  directForm: { action: string; fields: Record<string, string> } | null;
}

describe('a year of stored-card renewals', () => {
  // A year stepped a day at a time (370+ reconciliations): minutes on a loaded machine, not seconds.
  it('anchored on 31 January: renewals on the 31st whenever the month has one, a stale upgrade refunded, a lost charge resent; books balance', async () => {
    ctx.fakeClock?.set(new Date('2031-01-20T09:00:00Z'));
    const s = await payingCompany(ctx);
    const api = async () => (await login(ctx, s.email, s.password, { remember: true })).client;
    const sub = async () =>
      (
        await q<{ status: string; plan: string; current_period_start: Date; current_period_end: Date }>(
          'select status, plan, current_period_start, current_period_end from subscriptions where company_id = $1',
          [s.companyId],
        )
      )[0];
    const paidCount = async () =>
      (
        await q<{ n: number }>(
          "select count(*)::int as n from orders where company_id = $1 and status = 'paid'",
          [s.companyId],
        )
      )[0]?.n ?? 0;
    /** Wait for the simulator's notification to be booked. */
    const untilPaid = async (n: number) => {
      for (let i = 0; i < 100 && (await paidCount()) < n; i++) await new Promise((r) => setTimeout(r, 50));
      expect(await paidCount()).toBe(n);
    };

    // 31 January 2031, 10:00 Istanbul: the first payment, with the card stored.
    ctx.fakeClock?.set(new Date('2031-01-31T07:00:00Z'));
    await endTrialNow(ctx, s.companyId);
    const first = await (await api()).post<Direct>('/api/v1/billing/checkout', {
      acceptLegal: true,
      plan: 'starter',
      period: 'monthly',
      currency: 'TRY',
    });
    await submitCard(first.body.directForm as NonNullable<Direct['directForm']>);
    let paid = 1;
    await untilPaid(paid);

    /** Move the clock forward a day at a time, reconciling with PayTR's report each day as the job does. */
    let reconciled = 0;
    const advanceTo = async (t: Date) => {
      const clock = ctx.fakeClock;
      if (!clock) throw new Error('fake clock expected');
      while (clock.now() < t) {
        clock.set(new Date(Math.min(t.getTime(), clock.now().getTime() + DAY)));
        const r = await ctx.deps.payments.reconcile();
        expect(r.run.status).not.toBe('failed');
        expect(r.findings).toEqual([]);
        reconciled++;
      }
    };

    let staleUpgrade: Direct | null = null;
    for (let month = 1; month <= 12; month++) {
      const end = (await sub())?.current_period_end as Date;
      if (month === 9) {
        // The bank declines the renewal: past due at the end, and the retry a day later is paid.
        await declineStoredCard(ctx, s.companyId, true);
        await advanceTo(new Date(end.getTime() - DAY + HOUR));
        await ctx.deps.payments.runLifecycle();
        await declineStoredCard(ctx, s.companyId, false);
        await advanceTo(new Date(end.getTime() + HOUR));
        await ctx.deps.payments.runLifecycle();
        expect((await sub())?.status).toBe('past_due');
        await advanceTo(new Date(end.getTime() + DAY + HOUR));
        expect((await ctx.deps.payments.runLifecycle()).charges).toBe(1);
        await untilPaid(++paid);
        await ctx.deps.payments.runLifecycle();
        expect((await sub())?.status).toBe('active');
        expect((await sub())?.current_period_start.toISOString()).toBe(end.toISOString());
        continue;
      }
      if (month === 3) {
        // Two days before the end an upgrade is priced (a few days' difference) and left unpaid.
        await advanceTo(new Date(end.getTime() - 2 * DAY));
        const up = await (await api()).post<{ effect: string; checkout: Direct }>('/api/v1/billing/plan', {
          acceptLegal: true,
          plan: 'team',
          currency: 'TRY',
        });
        expect(up.body.effect).toBe('checkout');
        staleUpgrade = up.body.checkout;
      }
      await advanceTo(new Date(end.getTime() - DAY + HOUR));
      if (month === 6) {
        // PayTR cannot be reached when the renewal is due: the order is made, the charge is not sent.
        ctx.sim?.setConfig({ apiDown: true });
        expect((await ctx.deps.payments.runLifecycle()).charges).toBe(0);
        ctx.sim?.setConfig({ apiDown: false });
        ctx.fakeClock?.advance(11 * 60_000);
      }
      expect((await ctx.deps.payments.runLifecycle()).charges).toBe(1);
      await untilPaid(++paid);
      await advanceTo(new Date(end.getTime() + HOUR));
      await ctx.deps.payments.runLifecycle();
      expect((await sub())?.status).toBe('active');
      if (month === 3 && staleUpgrade?.directForm) {
        // The period has rolled over; now the old upgrade's card form is sent.
        await submitCard(staleUpgrade.directForm);
        await untilPaid(++paid);
        expect((await sub())?.plan).toBe('starter');
      }
    }

    // Periods start on the anchor's day: the 31st, or the month's last day.
    const starts = await q<{ period_start: Date }>(
      "select period_start from orders where company_id = $1 and status = 'paid' and kind <> 'upgrade' order by period_start",
      [s.companyId],
    );
    expect(starts.map((o) => o.period_start.toISOString().slice(0, 10))).toEqual([
      '2031-01-31',
      '2031-02-28',
      '2031-03-31',
      '2031-04-30',
      '2031-05-31',
      '2031-06-30',
      '2031-07-31',
      '2031-08-31',
      '2031-09-30',
      '2031-10-31',
      '2031-11-30',
      '2031-12-31',
      '2032-01-31',
    ]);

    // The stale upgrade: money in, given back in full, no invoice, no plan change, operators told.
    const [stale] = await q<{ status: string; amount_minor: string; refunded_minor: string; id: string }>(
      'select id, status, amount_minor, refunded_minor from orders where merchant_oid = $1',
      [staleUpgrade?.merchantOid],
    );
    expect(stale?.status).toBe('paid');
    expect(stale?.refunded_minor).toBe(stale?.amount_minor);
    expect(
      await q('select 1 from invoices where order_id = $1 and kind = $2', [stale?.id, 'invoice']),
    ).toHaveLength(0);

    // Reconciled every day; the declined renewal failed once and its first retry was paid.
    await advanceTo(new Date(((await sub())?.current_period_start.getTime() as number) + 5 * DAY));
    expect(reconciled).toBeGreaterThan(365);
    expect(await q('select 1 from reconciliation_discrepancies')).toHaveLength(0);
    const dunned = await q<{ status: string; dunning_attempt: number }>(
      "select status, dunning_attempt from orders where company_id = $1 and kind = 'renewal' and (status = 'failed' or dunning_attempt > 0) order by created_at",
      [s.companyId],
    );
    expect(dunned).toEqual([
      { status: 'failed', dunning_attempt: 0 },
      { status: 'paid', dunning_attempt: 1 },
    ]);

    // The lost charge was sent twice and booked once.
    const attempts = await q<{ charge_attempts: number }>(
      "select charge_attempts from orders where company_id = $1 and kind = 'renewal' and charge_attempts > 1",
      [s.companyId],
    );
    expect(attempts).toEqual([{ charge_attempts: 2 }]);

    // The books: every paid order but the refunded stale one has one invoice; payments equal invoices.
    const orders = await q<{ id: string; amount_minor: string }>(
      "select id, amount_minor from orders where company_id = $1 and status = 'paid' and id <> $2",
      [s.companyId, stale?.id],
    );
    const invoices = await q<{ order_id: string; total_minor: string; number: string }>(
      "select order_id, total_minor, number from invoices where company_id = $1 and kind = 'invoice' order by number",
      [s.companyId],
    );
    expect(orders).toHaveLength(13);
    expect(invoices.map((i) => i.order_id).sort()).toEqual(orders.map((o) => o.id).sort());
    const sum = (xs: string[]) => xs.reduce((a, b) => a + Number(b), 0);
    expect(sum(invoices.map((i) => i.total_minor))).toBe(sum(orders.map((o) => o.amount_minor)));
  }, 180_000);
});
