// Money that must not buy what it asks for: an upgrade paid after its period ended (a new period on the
// higher plan for a few kuruş), a notification in another currency than the order's, and a success after
// a failure that PayTR's own record does not confirm. Each is taken as money received and dealt with
// (refunded, held, alerted), never booked as asked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import {
  checkout,
  endTrialNow,
  payingCompany,
  postCallback,
  simCallback,
  sqlRows,
} from './billing.test-helpers.ts';
import { DAY } from './periods.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true, fakeClock: true, env: { OPS_EMAIL: 'ops@example.com' } });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);
const clock = () => {
  if (!ctx.fakeClock) throw new Error('fake clock expected');
  return ctx.fakeClock;
};
const opsAlerts = async () =>
  (
    await q<{ subject: string }>(
      "select subject from mail_outbox where template = 'ops_alert' order by created_at",
    )
  ).map((m) => m.subject);

describe('an upgrade paid after its period ended', () => {
  it('is refunded and alerted, and the company stays on its plan', async () => {
    const s = await payingCompany(ctx);
    await endTrialNow(ctx, s.companyId);
    const api = async () => (await login(ctx, s.email, s.password, { remember: true })).client;
    const first = await checkout(await api(), { plan: 'starter', period: 'monthly', currency: 'TRY' });
    expect((await ctx.sim?.pay({ merchantOid: first.merchantOid, card: 'success' }))?.callbackOk).toBe(true);
    // Near the period's end: the upgrade's prorated price is small.
    clock().advance(29 * DAY);
    const up = await (await api()).post<{ checkout: { merchantOid: string; amount: number; kind: string } }>(
      '/api/v1/billing/plan',
      { plan: 'enterprise', currency: 'TRY', acceptLegal: true },
    );
    expect(up.body.checkout.kind).toBe('upgrade');
    // The renewal is prepaid, and the period rolls over.
    const renewal = await checkout(await api(), { plan: 'starter', period: 'monthly', currency: 'TRY' });
    expect(renewal.kind).toBe('renewal');
    expect((await ctx.sim?.pay({ merchantOid: renewal.merchantOid, card: 'success' }))?.callbackOk).toBe(
      true,
    );
    clock().advance(2 * DAY);
    await ctx.deps.payments.runLifecycle();

    // Now the old upgrade's payment page is used.
    const paid = await ctx.sim?.pay({ merchantOid: up.body.checkout.merchantOid, card: 'success' });
    expect(paid?.callbackOk).toBe(true);
    const [company] = await q<{ plan: string; workspace_limit: number }>(
      'select plan, workspace_limit from companies where id = $1',
      [s.companyId],
    );
    expect(company).toEqual({ plan: 'starter', workspace_limit: 5 });
    const [sub] = await q<{ plan: string }>('select plan from subscriptions where company_id = $1', [
      s.companyId,
    ]);
    expect(sub?.plan).toBe('starter');
    const [order] = await q<{ status: string; refunded_minor: number; amount_minor: number }>(
      'select status, refunded_minor, amount_minor from orders where merchant_oid = $1',
      [up.body.checkout.merchantOid],
    );
    // Money received, given back in full, no invoice for a sale that did not happen.
    expect(order?.status).toBe('paid');
    expect(Number(order?.refunded_minor)).toBe(Number(order?.amount_minor));
    const invoices = await q(
      'select id from invoices where order_id = (select id from orders where merchant_oid = $1)',
      [up.body.checkout.merchantOid],
    );
    expect(invoices).toEqual([]);
    expect((await opsAlerts()).some((a) => a.includes('paid after its period'))).toBe(true);
    const actions = await q<{ action: string }>('select action from audit_events where company_id = $1', [
      s.companyId,
    ]);
    expect(actions.map((a) => a.action)).toEqual(
      expect.arrayContaining(['billing.stale_payment', 'billing.refunded']),
    );
  });
});

describe("a notification in another currency than the order's", () => {
  it.each(['GBP', 'XYZ', 'usd'])('with currency=%s is held, not booked', async (currency) => {
    const s = await payingCompany(ctx);
    const c = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'TRY' });
    const res = await postCallback(ctx, simCallback(c.merchantOid, 'success', c.amount, { currency }));
    expect(res.text).toBe('OK');
    const [order] = await q<{ status: string }>('select status from orders where id = $1', [c.orderId]);
    expect(order?.status).toBe('pending');
    const [cb] = await q<{ outcome: string; reason: string }>(
      'select outcome, reason from payment_callbacks where order_id = $1',
      [c.orderId],
    );
    expect(cb).toEqual({ outcome: 'held', reason: 'currency_mismatch' });
  });
});

describe('a success after a failure', () => {
  it('is booked only when PayTR confirms the payment, and alerted', async () => {
    const s = await payingCompany(ctx);
    const c = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'TRY' });
    // PayTR said it failed (a timed-out 3-D Secure step), then the bank approved it after all.
    await postCallback(ctx, simCallback(c.merchantOid, 'failed', 0));
    const [failed] = await q<{ status: string }>('select status from orders where id = $1', [c.orderId]);
    expect(failed?.status).toBe('failed');
    expect((await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' }))?.callbackOk).toBe(true);
    const [order] = await q<{ status: string }>('select status from orders where id = $1', [c.orderId]);
    expect(order?.status).toBe('paid');
    expect((await opsAlerts()).some((a) => a.includes(c.merchantOid) && a.includes('after a failure'))).toBe(
      true,
    );
  });

  it('is held when PayTR does not know the payment', async () => {
    const s = await payingCompany(ctx);
    const c = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'TRY' });
    await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'decline' });
    // A signed success PayTR never sent for this order (a replay, a bug on either side).
    const res = await postCallback(ctx, simCallback(c.merchantOid, 'success', c.amount));
    expect(res.text).toBe('OK');
    const [order] = await q<{ status: string }>('select status from orders where id = $1', [c.orderId]);
    expect(order?.status).toBe('failed');
    const [cb] = await q<{ outcome: string; reason: string }>(
      "select outcome, reason from payment_callbacks where order_id = $1 and outcome = 'held'",
      [c.orderId],
    );
    expect(cb?.reason).toBe('success_after_failure_unconfirmed');
    const [sub] = await q<{ status: string }>('select status from subscriptions where company_id = $1', [
      s.companyId,
    ]);
    expect(sub?.status).not.toBe('active');
  });
});

describe('the portal and the renewal', () => {
  it('show one currency: the one the renewal charges', async () => {
    const s = await payingCompany(ctx);
    // Billing details say TRY; the company pays in USD.
    const c = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'USD' });
    expect((await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' }))?.callbackOk).toBe(true);
    const view = await s.client.get<{
      currency: string;
      nextCharge: { currency: string; amountMinor: number };
    }>('/api/v1/billing/subscription');
    expect(view.body.currency).toBe('USD');
    expect(view.body.nextCharge.currency).toBe('USD');
    expect(view.body.nextCharge.amountMinor).toBe(c.amount);
  });
});
