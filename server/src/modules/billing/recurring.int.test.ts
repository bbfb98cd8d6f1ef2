import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import { payingCompany, sqlRows } from './billing.test-helpers.ts';
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

/** What the payer's browser does with the card form: post it to PayTR with the card typed in. */
async function submitCard(form: NonNullable<Direct['directForm']>, card = '4355084355084358') {
  const res = await fetch(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      ...form.fields,
      cc_owner: 'Ayşe Yılmaz',
      card_number: card,
      expiry_month: '12',
      expiry_year: '2030',
      cvv: '000',
    }).toString(),
    redirect: 'manual',
  });
  return res.headers.get('location') ?? '';
}

describe('stored-card renewals (PAYTR_RECURRING=1)', () => {
  it('stores the card on the first payment and renews by charging it; a declined renewal falls back to the link', async () => {
    const s = await payingCompany(ctx);
    const api = async () => (await login(ctx, s.email, s.password, { remember: true })).client;
    const c = await (await api()).post<Direct>('/api/v1/billing/checkout', {
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
