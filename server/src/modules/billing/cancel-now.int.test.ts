import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import { checkout, payingCompany, postCallback, simCallback, sqlRows } from './billing.test-helpers.ts';
import { DAY } from './periods.ts';

// POST /billing/cancel {when: 'now'}: the subscription ends at once; CANCEL_REFUND_POLICY says whether
// the unused whole days become a credit for the next payment (an iskonto on its invoice line).

interface Sub {
  status: string;
  currentPeriodStart: string | null;
  currentPeriodEnd: string | null;
  creditUsdMinor: number;
  entitlements: { canUseWorkspaces: boolean };
  cancelNow: { policy: string; endsAt: string; unusedDays: number; creditUsdMinor: number } | null;
}

/** A company that paid a Team month in USD through the simulator's notification. */
async function paidTeamMonth(ctx: TestContext) {
  const s = await payingCompany(ctx);
  const c = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'USD' });
  const r = await postCallback(ctx, simCallback(c.merchantOid, 'success', c.amount, { currency: 'USD' }));
  expect(r.text).toBe('OK');
  return s;
}

const view = async (ctx: TestContext, s: { email: string; password: string }) => {
  const client = (await login(ctx, s.email, s.password)).client;
  const res = await client.get<Sub>('/api/v1/billing/subscription');
  expect(res.status).toBe(200);
  return { client, sub: res.body };
};

describe('cancel now with CANCEL_REFUND_POLICY=prorated_credit', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({
      paytr: true,
      fakeClock: true,
      env: { CANCEL_REFUND_POLICY: 'prorated_credit' },
    });
  });
  afterAll(async () => ctx?.close());
  const q = sqlRows(() => ctx);

  it('ends the subscription at once, credits the unused whole days, and the next payment uses the credit', async () => {
    const s = await paidTeamMonth(ctx);
    ctx.fakeClock?.advance(10 * DAY + 3_600_000);
    const before = await view(ctx, s);
    const start = new Date(before.sub.currentPeriodStart as string).getTime();
    const end = new Date(before.sub.currentPeriodEnd as string).getTime();
    const now = ctx.clock.now().getTime();
    const unused = Math.floor((end - now) / DAY);
    const credit = Math.floor((9900 * unused) / Math.round((end - start) / DAY));
    // What the confirm dialog shows is what happens.
    expect(before.sub.cancelNow).toEqual({
      policy: 'prorated_credit',
      endsAt: new Date(now).toISOString(),
      unusedDays: unused,
      creditUsdMinor: credit,
    });
    expect(credit).toBeGreaterThan(0);

    const res = await before.client.post<Sub>('/api/v1/billing/cancel', { when: 'now' });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('canceled');
    expect(res.body.entitlements.canUseWorkspaces).toBe(false);
    expect(res.body.cancelNow).toBeNull();
    expect(res.body.creditUsdMinor).toBe(credit);
    const [audit] = await q<{ metadata: Record<string, unknown> }>(
      "select metadata from audit_events where company_id = $1 and action = 'billing.canceled_now'",
      [s.companyId],
    );
    expect(audit?.metadata).toMatchObject({
      policy: 'prorated_credit',
      unusedDays: unused,
      creditUsdMinor: credit,
    });
    const [mail] = await q<{ text: string }>(
      "select text from mail_outbox where company_id = $1 and template = 'canceled_now'",
      [s.companyId],
    );
    expect(mail?.text).toContain(`credit of $${(credit / 100).toFixed(2)}`);

    // Nothing left to cancel: refused, and nothing is credited twice.
    const again = await before.client.post<{ code: string }>('/api/v1/billing/cancel', { when: 'now' });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('CONFLICT');

    // The next payment: the list price less the credit, VAT on what is left; the invoice shows it
    // as the line's discount, and the ledger is back to zero.
    ctx.fakeClock?.advance(3 * DAY);
    const { client } = await view(ctx, s);
    // A payment page closed without paying does not hold the credit back from the next try.
    const abandoned = await checkout(client, { plan: 'team', period: 'monthly', currency: 'USD' });
    const c = await checkout(client, { plan: 'team', period: 'monthly', currency: 'USD' });
    expect(c.amount).toBe(abandoned.amount);
    const net = 9900 - credit;
    expect(c.amount).toBe(net + Math.floor((net * 2000 + 5000) / 10000));
    expect(
      (await postCallback(ctx, simCallback(c.merchantOid, 'success', c.amount, { currency: 'USD' }))).text,
    ).toBe('OK');
    const [inv] = await q<{ id: string; net_minor: string; lines: Record<string, unknown>[] }>(
      'select id, net_minor, lines from invoices where order_id = $1',
      [c.orderId],
    );
    expect(Number(inv?.net_minor)).toBe(net);
    expect(inv?.lines).toEqual([
      expect.objectContaining({ unitNetMinor: 9900, discountMinor: credit, netMinor: net }),
    ]);
    const after = await view(ctx, s);
    expect(after.sub.status).toBe('active');
    expect(after.sub.creditUsdMinor).toBe(0);
    const pdf = await after.client.get(`/api/v1/billing/invoices/${inv?.id}/pdf`);
    expect(pdf.status).toBe(200);
    const used = await q(
      "select 1 from audit_events where company_id = $1 and action = 'billing.credit_applied'",
      [s.companyId],
    );
    expect(used).toHaveLength(1);
  });

  it('another company cannot see or use the credit', async () => {
    const s = await paidTeamMonth(ctx);
    ctx.fakeClock?.advance(DAY + 3_600_000);
    const { client } = await view(ctx, s);
    expect((await client.post('/api/v1/billing/cancel', { when: 'now' })).status).toBe(200);
    const other = await payingCompany(ctx);
    const o = await view(ctx, other);
    expect(o.sub.creditUsdMinor).toBe(0);
    const c = await checkout(o.client, { plan: 'team', period: 'monthly', currency: 'USD' });
    expect(c.amount).toBe(11880);
  });
});

describe('cancel now with CANCEL_REFUND_POLICY=none (the default)', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ paytr: true, fakeClock: true });
  });
  afterAll(async () => ctx?.close());
  const q = sqlRows(() => ctx);

  it('ends a paid period at once with no refund or credit, as the preview said', async () => {
    const s = await paidTeamMonth(ctx);
    ctx.fakeClock?.advance(5 * DAY);
    const before = await view(ctx, s);
    expect(before.sub.cancelNow).toMatchObject({ policy: 'none', creditUsdMinor: 0 });
    expect(before.sub.cancelNow?.unusedDays).toBeGreaterThan(20);
    const res = await before.client.post<Sub>('/api/v1/billing/cancel', { when: 'now' });
    expect(res.body.status).toBe('canceled');
    expect(res.body.creditUsdMinor).toBe(0);
    expect(new Date(res.body.currentPeriodEnd as string).getTime()).toBe(ctx.clock.now().getTime());
    const [mail] = await q<{ text: string }>(
      "select text from mail_outbox where company_id = $1 and template = 'canceled_now'",
      [s.companyId],
    );
    expect(mail?.text).toContain('no refund or credit');
    expect(await q('select 1 from billing_credits where company_id = $1', [s.companyId])).toHaveLength(0);
  });

  it('cancels a trial now; at the period end stays the default of POST /billing/cancel', async () => {
    const s = await payingCompany(ctx);
    const plain = await s.client.post<Sub & { cancelAtPeriodEnd: boolean }>('/api/v1/billing/cancel');
    expect(plain.status).toBe(200);
    expect(plain.body.status).toBe('trialing');
    expect(plain.body.cancelAtPeriodEnd).toBe(true);
    const now = await s.client.post<Sub>('/api/v1/billing/cancel', { when: 'now' });
    expect(now.body.status).toBe('canceled');
    expect(now.body.entitlements.canUseWorkspaces).toBe(false);
  });
});
