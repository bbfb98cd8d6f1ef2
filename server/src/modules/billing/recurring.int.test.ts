import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import { endTrialNow, payingCompany, sqlRows, submitCard } from './billing.test-helpers.ts';
import { DAY } from './periods.ts';

// PAYTR_RECURRING=1: the first payment goes through PayTR's Direct API with store_card=1 (the card
// form posts straight to PayTR), and renewals charge the stored card without the payer.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true, fakeClock: true, env: { PAYTR_RECURRING: '1' } });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);

interface Direct {
  orderId: string;
  merchantOid: string;
  iframeUrl: string | null;
  directForm: { action: string; fields: Record<string, string> } | null;
}

describe('stored-card renewals (PAYTR_RECURRING=1)', () => {
  it('stores the card on the first payment and renews by charging it; a declined renewal falls back to the link', async () => {
    const s = await payingCompany(ctx);
    const api = async () => (await login(ctx, s.email, s.password, { remember: true })).client;
    const c = await (await api()).post<Direct>('/api/v1/billing/checkout', {
      acceptLegal: true,
      plan: 'team',
      period: 'monthly',
      currency: 'TRY',
    });
    expect(c.status).toBe(201);
    expect(c.body.iframeUrl).toBeNull();
    expect(c.body.directForm?.action).toBe(`${ctx.sim?.url}/odeme`);
    expect(c.body.directForm?.fields.store_card).toBe('1');
    // No card data in what the platform hands out.
    expect(Object.keys(c.body.directForm?.fields ?? {})).not.toContain('card_number');
    const back = await submitCard(c.body.directForm as NonNullable<Direct['directForm']>);
    expect(back).toContain(`payment=ok&order=${c.body.orderId}`);
    await new Promise((r) => setTimeout(r, 200));
    const [sub] = await q<{
      status: string;
      card_utoken: string | null;
      card_ctoken: string | null;
      current_period_end: Date;
    }>(
      'select status, card_utoken, card_ctoken, current_period_end from subscriptions where company_id = $1',
      [s.companyId],
    );
    expect(sub?.status).toBe('active');
    expect(sub?.card_utoken).toBeTruthy();
    expect(sub?.card_ctoken).toBeTruthy();

    // A day before the period ends the stored card is charged; the notification books the renewal.
    const end = sub?.current_period_end as Date;
    ctx.fakeClock?.set(new Date(end.getTime() - DAY + 3_600_000));
    const r = await ctx.deps.payments.runLifecycle();
    expect(r.charges).toBe(1);
    await new Promise((res) => setTimeout(res, 300));
    const renewals = await q<{ status: string; period_start: Date }>(
      "select status, period_start from orders where company_id = $1 and kind = 'renewal'",
      [s.companyId],
    );
    expect(renewals).toHaveLength(1);
    expect(renewals[0]?.status).toBe('paid');
    expect(renewals[0]?.period_start.getTime()).toBe(end.getTime());
    // Running again charges nothing more.
    expect((await ctx.deps.payments.runLifecycle()).charges).toBe(0);
    ctx.fakeClock?.set(new Date(end.getTime() + 3_600_000));
    await ctx.deps.payments.runLifecycle();
    const [rolled] = await q<{ status: string; current_period_end: Date }>(
      'select status, current_period_end from subscriptions where company_id = $1',
      [s.companyId],
    );
    expect(rolled?.status).toBe('active');
    const end2 = rolled?.current_period_end as Date;
    expect(end2.getTime()).toBeGreaterThan(end.getTime());

    // The bank declines the next renewal: the order fails with the reason, the owner is told, and
    // the period ends past due (the payment link still works).
    ctx.sim?.setCardDecline(sub?.card_ctoken as string, true);
    ctx.fakeClock?.set(new Date(end2.getTime() - DAY + 3_600_000));
    // Refused at once (or by a failed notification): either way the order fails with PayTR's reason.
    await ctx.deps.payments.runLifecycle();
    await new Promise((res) => setTimeout(res, 300));
    const [failed] = await q<{ status: string; failed_reason_msg: string }>(
      "select status, failed_reason_msg from orders where company_id = $1 and kind = 'renewal' order by created_at desc limit 1",
      [s.companyId],
    );
    expect(failed?.status).toBe('failed');
    expect(failed?.failed_reason_msg).toBeTruthy();
    const mails = await q<{ template: string }>('select template from mail_outbox where company_id = $1', [
      s.companyId,
    ]);
    expect(mails.map((m) => m.template)).toContain('payment_failed');
    ctx.fakeClock?.set(new Date(end2.getTime() + 3_600_000));
    await ctx.deps.payments.runLifecycle();
    const [late] = await q<{ status: string }>('select status from subscriptions where company_id = $1', [
      s.companyId,
    ]);
    expect(late?.status).toBe('past_due');
  });
});

describe('stored-card renewals and the billing anchor', () => {
  it('a company that first pays on 31 January renews twice by card and its third period starts on 31 March', async () => {
    // Later than the run above: the fake clock only moves forward in this file.
    ctx.fakeClock?.set(new Date('2029-01-30T09:00:00Z'));
    const s = await payingCompany(ctx);
    const api = async () => (await login(ctx, s.email, s.password, { remember: true })).client;
    const current = async () =>
      (
        await q<{ status: string; current_period_start: Date; current_period_end: Date }>(
          'select status, current_period_start, current_period_end from subscriptions where company_id = $1',
          [s.companyId],
        )
      )[0];
    /** Wait for the simulator's notification to be booked. */
    const paidOrders = async (n: number) => {
      for (let i = 0; i < 50; i++) {
        const rows = await q<{ kind: string; period_start: Date; period_end: Date }>(
          "select kind, period_start, period_end from orders where company_id = $1 and status = 'paid' order by period_start",
          [s.companyId],
        );
        if (rows.length >= n) return rows;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`expected ${n} paid orders`);
    };
    // 31 January 2029, 10:00 Istanbul.
    ctx.fakeClock?.set(new Date('2029-01-31T07:00:00Z'));
    await endTrialNow(ctx, s.companyId);
    const c = await (await api()).post<Direct>('/api/v1/billing/checkout', {
      acceptLegal: true,
      plan: 'starter',
      period: 'monthly',
      currency: 'TRY',
    });
    expect(c.status).toBe(201);
    await submitCard(c.body.directForm as NonNullable<Direct['directForm']>, '5406675406675403');
    await paidOrders(1);
    for (let k = 1; k <= 2; k++) {
      const end = (await current())?.current_period_end as Date;
      ctx.fakeClock?.set(new Date(end.getTime() - DAY + 3_600_000));
      expect((await ctx.deps.payments.runLifecycle()).charges).toBe(1);
      await paidOrders(k + 1);
      ctx.fakeClock?.set(new Date(end.getTime() + 3_600_000));
      await ctx.deps.payments.runLifecycle();
      expect((await current())?.status).toBe('active');
    }
    const third = await current();
    expect(third?.current_period_start.toISOString()).toBe('2029-03-31T07:00:00.000Z');
    expect(third?.current_period_end.toISOString()).toBe('2029-04-30T07:00:00.000Z');
    expect(
      (await paidOrders(3)).map((o) => [o.kind, o.period_start.toISOString(), o.period_end.toISOString()]),
    ).toEqual([
      ['subscribe', '2029-01-31T07:00:00.000Z', '2029-02-28T07:00:00.000Z'],
      ['renewal', '2029-02-28T07:00:00.000Z', '2029-03-31T07:00:00.000Z'],
      ['renewal', '2029-03-31T07:00:00.000Z', '2029-04-30T07:00:00.000Z'],
    ]);
  });
});

describe('a stored-card renewal that was never sent', () => {
  it('is sent at a later lifecycle run once PayTR answers again, once per period', async () => {
    // Later than the runs above: the fake clock only moves forward in this file.
    ctx.fakeClock?.set(new Date('2030-06-01T09:00:00Z'));
    const s = await payingCompany(ctx);
    const api = async () => (await login(ctx, s.email, s.password, { remember: true })).client;
    const c = await (await api()).post<Direct>('/api/v1/billing/checkout', {
      acceptLegal: true,
      plan: 'starter',
      period: 'monthly',
      currency: 'TRY',
    });
    await submitCard(c.body.directForm as NonNullable<Direct['directForm']>);
    await new Promise((r) => setTimeout(r, 300));
    const [sub] = await q<{ current_period_end: Date }>(
      'select current_period_end from subscriptions where company_id = $1',
      [s.companyId],
    );
    const end = sub?.current_period_end as Date;
    const renewals = () =>
      q<{ status: string; charge_attempts: number }>(
        "select status, charge_attempts from orders where company_id = $1 and kind = 'renewal'",
        [s.companyId],
      );

    // PayTR is down when the renewal is due: the order exists, the charge does not get through.
    ctx.sim?.setConfig({ apiDown: true });
    ctx.fakeClock?.set(new Date(end.getTime() - DAY + 3_600_000));
    expect((await ctx.deps.payments.runLifecycle()).charges).toBe(0);
    expect(await renewals()).toEqual([{ status: 'pending', charge_attempts: 1 }]);
    // Back up: a run right away waits for the first send's outcome; a later one sends again.
    ctx.sim?.setConfig({ apiDown: false });
    expect((await ctx.deps.payments.runLifecycle()).charges).toBe(0);
    ctx.fakeClock?.advance(11 * 60_000);
    expect((await ctx.deps.payments.runLifecycle()).charges).toBe(1);
    await new Promise((r) => setTimeout(r, 300));
    expect(await renewals()).toEqual([{ status: 'paid', charge_attempts: 2 }]);
    // Nothing more for this period.
    ctx.fakeClock?.advance(11 * 60_000);
    expect((await ctx.deps.payments.runLifecycle()).charges).toBe(0);
    expect(await renewals()).toHaveLength(1);
  });
});
