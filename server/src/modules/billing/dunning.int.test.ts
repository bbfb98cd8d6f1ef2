import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import {
  declineStoredCard,
  eventually,
  sqlRows,
  storedCardCompany,
  withDeclinedCard,
} from './billing.test-helpers.ts';
import { DAY, istanbulDate } from './periods.ts';

// Dunning (DUNNING_RETRY_DAYS, default 1,3,5): a declined stored-card renewal is charged again on
// those days of the grace period, with the real simulator declining and then accepting the card.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true, fakeClock: true, env: { PAYTR_RECURRING: '1' } });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);
const HOUR = 3_600_000;
const at = (d: Date) => ctx.fakeClock?.set(d);

interface Charge {
  status: string;
  dunning_attempt: number;
  merchant_oid: string;
  period_start: Date;
  period_end: Date;
}
const charges = (companyId: string) =>
  q<Charge>(
    "select status, dunning_attempt, merchant_oid, period_start, period_end from orders where company_id = $1 and kind = 'renewal' order by dunning_attempt",
    [companyId],
  );
const subOf = async (companyId: string) =>
  (
    await q<{
      status: string;
      past_due_since: Date | null;
      current_period_start: Date;
      billing_anchor: Date;
    }>(
      'select status, past_due_since, current_period_start, billing_anchor from subscriptions where company_id = $1',
      [companyId],
    )
  )[0];
const mails = (companyId: string, template: string) =>
  q<{ text: string; locale: string }>(
    'select text, locale from mail_outbox where company_id = $1 and template = $2 order by created_at',
    [companyId, template],
  );
/** The portal's subscription view, signed in afresh (the fake clock outruns sessions). */
async function viewOf(s: { email: string; password: string }) {
  const client = (await login(ctx, s.email, s.password)).client;
  const res = await client.get<{ dunning: Record<string, unknown> | null }>('/api/v1/billing/subscription');
  expect(res.status).toBe(200);
  return res.body;
}
const settled = (companyId: string, n: number) =>
  eventually(async () => {
    const rows = await charges(companyId);
    return rows.length >= n && rows.every((r) => r.status !== 'pending') ? rows : null;
  }, `${n} settled renewal charges`);

/** A stored-card company whose renewal was declined: past due since its period end `end`. */
async function declinedRenewal() {
  const s = await storedCardCompany(ctx);
  const end = s.periodEnd;
  await withDeclinedCard(ctx, s.companyId, async () => {
    at(new Date(end.getTime() - DAY + HOUR));
    await ctx.deps.payments.runLifecycle();
    await settled(s.companyId, 1);
  });
  at(new Date(end.getTime() + HOUR));
  await ctx.deps.payments.runLifecycle();
  expect((await subOf(s.companyId))?.status).toBe('past_due');
  return { ...s, end };
}

describe('dunning retries of a declined stored-card renewal', () => {
  it('retries on day 1 (declined again) and day 3 (paid): active again, the period continuous, one invoice', async () => {
    const s = await declinedRenewal();
    const { end } = s;
    const anchor = (await subOf(s.companyId))?.billing_anchor;

    // The portal says when it failed and when the next try is.
    let view = await viewOf(s);
    expect(view.dunning).toMatchObject({
      attempts: 0,
      retryDays: [1, 3, 5],
      nextRetryAt: new Date(end.getTime() + DAY).toISOString(),
    });

    // Day 1: charged again, declined again; a mail says so and names day 3.
    await declineStoredCard(ctx, s.companyId, true);
    at(new Date(end.getTime() + DAY + HOUR));
    // Refused at once by the simulator: no charge got through, but the retry's order exists.
    await ctx.deps.payments.runLifecycle();
    let rows = await settled(s.companyId, 2);
    expect(rows.map((r) => [r.dunning_attempt, r.status])).toEqual([
      [0, 'failed'],
      [1, 'failed'],
    ]);
    // Made once: later runs the same day add nothing.
    ctx.fakeClock?.advance(15 * 60_000);
    expect((await ctx.deps.payments.runLifecycle()).charges).toBe(0);
    expect(await charges(s.companyId)).toHaveLength(2);
    const [declined] = await mails(s.companyId, 'dunning_retry');
    expect(declined?.text).toContain(`on ${istanbulDate(new Date(end.getTime() + 3 * DAY))}`);
    expect(declined?.text).toContain('Pay now');
    view = await viewOf(s);
    expect(view.dunning).toMatchObject({
      attempts: 1,
      nextRetryAt: new Date(end.getTime() + 3 * DAY).toISOString(),
    });
    expect(view.dunning?.reason).toBeTruthy();

    // Day 3: the bank accepts.
    await declineStoredCard(ctx, s.companyId, false);
    at(new Date(end.getTime() + 2 * DAY + HOUR));
    expect((await ctx.deps.payments.runLifecycle()).charges).toBe(0);
    at(new Date(end.getTime() + 3 * DAY + HOUR));
    expect((await ctx.deps.payments.runLifecycle()).charges).toBe(1);
    rows = await settled(s.companyId, 3);
    expect(rows.map((r) => [r.dunning_attempt, r.status])).toEqual([
      [0, 'failed'],
      [1, 'failed'],
      [2, 'paid'],
    ]);
    expect(new Set(rows.map((r) => r.merchant_oid)).size).toBe(3);
    const sub = await subOf(s.companyId);
    expect(sub?.status).toBe('active');
    expect(sub?.past_due_since).toBeNull();
    // The paid period continues from the old end; the anchor is kept.
    expect(rows[2]?.period_start.getTime()).toBe(end.getTime());
    expect(sub?.current_period_start.getTime()).toBe(end.getTime());
    expect(sub?.billing_anchor?.getTime()).toBe(anchor?.getTime());
    const invoices = await q<{ period_start: Date }>(
      "select period_start from invoices where company_id = $1 and kind = 'invoice' and period_start = $2",
      [s.companyId, end],
    );
    expect(invoices).toHaveLength(1);
    const outcomes = await mails(s.companyId, 'dunning_retry');
    expect(outcomes).toHaveLength(2);
    expect(outcomes[1]?.text).toContain('went through');
    const audit = await q<{ action: string }>(
      "select action from audit_events where company_id = $1 and action = 'billing.dunning_retry'",
      [s.companyId],
    );
    expect(audit).toHaveLength(2);
    view = await viewOf(s);
    expect(view.dunning).toBeNull();
  });

  it('two lifecycle runs at once make one retry; an unsent retry is sent later, not made again', async () => {
    at(new Date('2028-03-01T09:00:00Z'));
    const s = await declinedRenewal();
    ctx.sim?.setConfig({ apiDown: true });
    at(new Date(s.end.getTime() + DAY + HOUR));
    await Promise.all([ctx.deps.payments.runLifecycle(), ctx.deps.payments.runLifecycle()]);
    let rows = await charges(s.companyId);
    expect(rows.map((r) => [r.dunning_attempt, r.status])).toEqual([
      [0, 'failed'],
      [1, 'pending'],
    ]);
    // PayTR back: the same retry is sent (resumable step), none is added.
    ctx.sim?.setConfig({ apiDown: false });
    ctx.fakeClock?.advance(11 * 60_000);
    expect((await ctx.deps.payments.runLifecycle()).charges).toBe(1);
    rows = await settled(s.companyId, 2);
    expect(rows.map((r) => [r.dunning_attempt, r.status])).toEqual([
      [0, 'failed'],
      [1, 'paid'],
    ]);
    expect((await subOf(s.companyId))?.status).toBe('active');
  });

  it('a removed card means no retries: the payment link stays the way', async () => {
    at(new Date('2028-06-01T09:00:00Z'));
    const s = await declinedRenewal();
    await q('update subscriptions set card_utoken = null, card_ctoken = null where company_id = $1', [
      s.companyId,
    ]);
    for (const d of [1, 3, 5]) {
      at(new Date(s.end.getTime() + d * DAY + HOUR));
      expect((await ctx.deps.payments.runLifecycle()).charges).toBe(0);
    }
    expect(await charges(s.companyId)).toHaveLength(1);
    const view = await viewOf(s);
    expect(view.dunning).toMatchObject({ attempts: 0, nextRetryAt: null });
  });
});

describe('dunning retries turned off (DUNNING_RETRY_DAYS=off)', () => {
  let off: TestContext;
  beforeAll(async () => {
    off = await createTestContext({
      paytr: true,
      fakeClock: true,
      env: { PAYTR_RECURRING: '1', DUNNING_RETRY_DAYS: 'off' },
    });
  });
  afterAll(async () => off?.close());

  it('a declined renewal is not charged again; the company is suspended after the grace period', async () => {
    const s = await storedCardCompany(off);
    const end = s.periodEnd;
    const rows = () =>
      sqlRows(() => off)<{ status: string }>(
        "select status from orders where company_id = $1 and kind = 'renewal'",
        [s.companyId],
      );
    await withDeclinedCard(off, s.companyId, async () => {
      off.fakeClock?.set(new Date(end.getTime() - DAY + HOUR));
      await off.deps.payments.runLifecycle();
      await eventually(async () => (await rows())[0]?.status === 'failed', 'the declined renewal');
    });
    for (const d of [0, 1, 3, 5]) {
      off.fakeClock?.set(new Date(end.getTime() + d * DAY + HOUR));
      expect((await off.deps.payments.runLifecycle()).charges).toBe(0);
    }
    expect(await rows()).toHaveLength(1);
    off.fakeClock?.set(new Date(end.getTime() + 7 * DAY + HOUR));
    await off.deps.payments.runLifecycle();
    const [sub] = await sqlRows(() => off)<{ status: string }>(
      'select status from subscriptions where company_id = $1',
      [s.companyId],
    );
    expect(sub?.status).toBe('suspended');
  });
});
