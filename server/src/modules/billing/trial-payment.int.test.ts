import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import { checkout, payingCompany, sqlRows } from './billing.test-helpers.ts';
import { DAY, periodEnd } from './periods.ts';

// Paying during the trial keeps the trial's remaining days: the plan applies at once and the days left
// are added to the first paid period (which then ends a period after the trial's end).
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true, fakeClock: true });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);

interface SubDto {
  status: string;
  plan: string;
  currentPeriodEnd: string | null;
  trialCredit: {
    days: number;
    trialEndsAt: string;
    firstPeriodEnds: { monthly: string; annual: string };
  } | null;
}

describe('paying during the trial', () => {
  it('on day 2 of 14 the plan starts at once and the 12 days left are added to the first period', async () => {
    const s = await payingCompany(ctx);
    const [t] = await q<{ trial_ends_at: Date }>(
      'select trial_ends_at from subscriptions where company_id = $1',
      [s.companyId],
    );
    const trialEnd = t?.trial_ends_at as Date;
    ctx.fakeClock?.advance(2 * DAY);
    const client = (await login(ctx, s.email, s.password, { remember: true })).client;

    // Said before paying: how many days are kept and when the first period ends.
    const before = await client.get<SubDto>('/api/v1/billing/subscription');
    expect(before.body.trialCredit).toEqual({
      days: 12,
      trialEndsAt: trialEnd.toISOString(),
      firstPeriodEnds: {
        monthly: periodEnd(trialEnd, 'monthly').toISOString(),
        annual: periodEnd(trialEnd, 'annual').toISOString(),
      },
    });

    const c = await checkout(client, { plan: 'team', period: 'monthly', currency: 'TRY' });
    const paid = await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' });
    expect(paid?.callbackOk).toBe(true);

    const after = await client.get<SubDto>('/api/v1/billing/subscription');
    expect(after.body.status).toBe('active');
    expect(after.body.plan).toBe('team');
    expect(after.body.trialCredit).toBeNull();
    expect(after.body.currentPeriodEnd).toBe(periodEnd(trialEnd, 'monthly').toISOString());
    const [row] = await q<{ billing_anchor: Date; current_period_start: Date }>(
      'select billing_anchor, current_period_start from subscriptions where company_id = $1',
      [s.companyId],
    );
    // Renewals fall on the trial end's day of the month.
    expect(row?.billing_anchor.toISOString()).toBe(trialEnd.toISOString());
    expect(row?.current_period_start.toISOString()).toBe(ctx.fakeClock?.now().toISOString());
    const [inv] = await q<{ period_start: Date; period_end: Date }>(
      "select period_start, period_end from invoices where company_id = $1 and kind = 'invoice'",
      [s.companyId],
    );
    expect(inv?.period_end.toISOString()).toBe(periodEnd(trialEnd, 'monthly').toISOString());
  });

  it('after the trial has ended nothing is added: the period starts on the day of payment', async () => {
    const s = await payingCompany(ctx);
    ctx.fakeClock?.advance(15 * DAY);
    await ctx.deps.payments.runLifecycle();
    const client = (await login(ctx, s.email, s.password, { remember: true })).client;
    expect((await client.get<SubDto>('/api/v1/billing/subscription')).body.trialCredit).toBeNull();
    const c = await checkout(client, { plan: 'starter', period: 'monthly', currency: 'TRY' });
    await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' });
    const now = ctx.fakeClock?.now() as Date;
    const after = await client.get<SubDto>('/api/v1/billing/subscription');
    expect(after.body.currentPeriodEnd).toBe(periodEnd(now, 'monthly').toISOString());
  });
});
