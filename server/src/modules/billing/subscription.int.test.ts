import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, type TestContext } from '../../../test/harness.ts';
import { checkout, payingCompany, sqlRows } from './billing.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);

interface Plans {
  currency: string;
  rate: string;
  rateDate: string;
  vatRateBp: number;
  plans: {
    id: string;
    prices: { monthly: number; annual: number };
    usdPrices: { monthly: number; annual: number };
  }[];
}

describe('plans and prices', () => {
  it('are public, in minor units of the asked currency at the stored TCMB rate; annual is 10 months', async () => {
    const anon = new Client(ctx.app);
    const usd = await anon.get<Plans>('/api/v1/billing/plans?currency=USD');
    expect(usd.status).toBe(200);
    expect(usd.body.plans.map((p) => [p.id, p.prices.monthly, p.prices.annual])).toEqual([
      ['starter', 2900, 29000],
      ['team', 9900, 99000],
      ['enterprise', 29900, 299000],
    ]);
    const tr = await anon.get<Plans>('/api/v1/billing/plans?currency=TRY');
    expect(tr.body.rateDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const rate = Number((tr.body as Plans & { usdRate: string }).usdRate);
    // Within a kuruş of the exact product (one half-up rounding).
    for (const p of tr.body.plans)
      expect(Math.abs(p.prices.monthly - p.usdPrices.monthly * rate)).toBeLessThanOrEqual(0.5);
    const eur = await anon.get<Plans>('/api/v1/billing/plans?currency=EUR');
    expect(eur.body.plans[0]?.prices.monthly).toBeGreaterThan(2000);
    expect(eur.body.plans[0]?.prices.monthly).toBeLessThan(2900);
    // The portal may frame PayTR's payment page (and nothing else foreign); the usual headers are set.
    const csp = String(usd.headers['content-security-policy']);
    expect(csp).toContain(`frame-src 'self' ${ctx.sim?.url}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(usd.headers['x-content-type-options']).toBe('nosniff');
    const bad = await anon.get('/api/v1/billing/plans?currency=GBP');
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('currency');
  });

  it('refuses a checkout whose payer email PayTR would refuse (over 100 characters), saying why', async () => {
    const s = await payingCompany(ctx);
    const long = `${'p'.repeat(120)}@example.com`;
    await q(`update users set email = '${long}' where id = '${s.userId}'`);
    const res = await s.client.post<{ code: string; message: string; fields: Record<string, string> }>(
      '/api/v1/billing/checkout',
      { plan: 'team', period: 'monthly', currency: 'TRY' },
    );
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toMatch(/PayTR accepts payer email addresses of at most 100 characters/);
    expect(res.body.fields).toHaveProperty('email');
    expect((await q(`select count(*)::int as n from orders where company_id = '${s.companyId}'`))[0]).toEqual(
      { n: 0 },
    );
  });

  it("fixes an order's price when it is created: a later rate does not change it", async () => {
    const s = await payingCompany(ctx);
    ctx.sim?.setConfig({ deliverCallbacks: false });
    const c = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
    ctx.sim?.setConfig({ deliverCallbacks: true });
    await q("update fx_rates set forex_buying = forex_buying * 2 where currency = 'USD'");
    try {
      const [o] = await q<{ amount_minor: string }>('select amount_minor from orders where id = $1', [
        c.orderId,
      ]);
      expect(Number(o?.amount_minor)).toBe(c.amount);
      const again = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
      expect(again.amount).toBeGreaterThan(c.amount * 1.9);
    } finally {
      await q("update fx_rates set forex_buying = forex_buying / 2 where currency = 'USD'");
    }
  });

  it('a Turkish buyer needs a VKN or TCKN', async () => {
    const s = await payingCompany(ctx);
    const bad = await s.client.put('/api/v1/billing/details', {
      legalName: 'Deneme A.Ş.',
      taxOffice: 'Beşiktaş',
      taxNumber: 'ABC12345',
      address: 'Barbaros Bulvarı 1',
      city: 'İstanbul',
      country: 'tr',
      phone: '02120000000',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object)).toEqual(['taxNumber']);
  });

  it('customers abroad pay no VAT and their invoice says why', async () => {
    const s = await payingCompany(ctx, {
      legalName: 'Acme GmbH',
      taxOffice: 'Berlin',
      taxNumber: 'DE123456789',
      address: 'Unter den Linden 1',
      city: 'Berlin',
      country: 'DE',
      phone: '+49 30 000000',
    });
    const c = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'EUR' });
    await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' });
    const [inv] = await q<{
      vat_minor: string;
      vat_exempt_reason: string;
      try_total_minor: string;
      total_minor: string;
    }>(
      'select vat_minor, vat_exempt_reason, try_total_minor, total_minor from invoices where order_id = $1',
      [c.orderId],
    );
    expect(Number(inv?.vat_minor)).toBe(0);
    expect(inv?.vat_exempt_reason).toContain('11/1-a');
    // The TRY equivalent of a EUR invoice is printed from the stored rate.
    expect(Number(inv?.try_total_minor)).toBeGreaterThan(Number(inv?.total_minor) * 30);
  });
});

describe('plan changes, cancel and resume', () => {
  it('an upgrade charges the prorated difference and changes limits on payment', async () => {
    const s = await payingCompany(ctx);
    const c = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'USD' });
    await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' });
    // The USD invoice carries its VAT base and VAT in TRY, each converted at the order's rate.
    const inv = (
      await s.client.get<{
        invoices: {
          vatMinor: number;
          tryTotalMinor: number;
          tryNetMinor: number;
          tryVatMinor: number;
          rate: string;
        }[];
      }>('/api/v1/billing/invoices')
    ).body.invoices[0];
    const [rate] = await q<{ try_rate: string }>('select try_rate from orders where id = $1', [c.orderId]);
    expect(inv?.tryNetMinor).toBeGreaterThan(0);
    expect((inv?.tryNetMinor ?? 0) + (inv?.tryVatMinor ?? 0)).toBe(inv?.tryTotalMinor);
    expect(
      Math.abs((inv?.tryVatMinor ?? 0) - (inv?.vatMinor ?? 0) * Number(rate?.try_rate)),
    ).toBeLessThanOrEqual(0.5);
    const up = await s.client.post<{ effect: string; checkout: { amount: number; kind: string } }>(
      '/api/v1/billing/plan',
      {
        plan: 'team',
        currency: 'USD',
        acceptLegal: true,
      },
    );
    expect(up.body.effect).toBe('checkout');
    expect(up.body.checkout.kind).toBe('upgrade');
    // Nearly a whole month left: close to the $70 difference, plus 20 % KDV.
    expect(up.body.checkout.amount).toBeGreaterThan(8000);
    expect(up.body.checkout.amount).toBeLessThanOrEqual(8400);
    const [before] = await q<{ workspace_limit: number }>(
      'select workspace_limit from companies where id = $1',
      [s.companyId],
    );
    expect(before?.workspace_limit).toBe(5);
  });

  it('a downgrade is scheduled for the period end, and refused while more workspaces exist than it allows', async () => {
    const s = await payingCompany(ctx);
    const c = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
    await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' });
    const tpl = (await s.client.get<{ items: { id: string }[] }>('/api/v1/templates')).body.items[0];
    for (let i = 1; i <= 6; i++) {
      const ws = await s.client.post('/api/v1/workspaces', { name: `ws-${i}`, templateId: tpl?.id });
      expect(ws.status).toBe(202);
    }
    const refused = await s.client.post('/api/v1/billing/plan', { plan: 'starter' });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('PLAN_LIMIT_EXCEEDED');
    expect(refused.body.message).toContain('delete 1 of');
    expect(refused.body.message).toContain('ws-6');
    await q("delete from workspaces where company_id = $1 and name = 'ws-6'", [s.companyId]);
    const scheduled = await s.client.post<{
      effect: string;
      subscription: { nextPlan: string; plan: string };
    }>('/api/v1/billing/plan', { plan: 'starter' });
    expect(scheduled.body.effect).toBe('scheduled');
    expect(scheduled.body.subscription.plan).toBe('team');
    expect(scheduled.body.subscription.nextPlan).toBe('starter');
    // Undo by choosing the current plan again.
    const undo = await s.client.post<{ subscription: { nextPlan: string | null } }>('/api/v1/billing/plan', {
      plan: 'team',
    });
    expect(undo.body.subscription.nextPlan).toBeNull();
    // Paying for a lower plan now is refused with what to do instead.
    const lower = await s.client.post('/api/v1/billing/checkout', {
      acceptLegal: true,
      plan: 'starter',
      period: 'monthly',
      currency: 'TRY',
    });
    expect(lower.status).toBe(409);
  });

  it('cancel at the period end, resume before it; members cannot touch billing', async () => {
    const s = await payingCompany(ctx);
    const c = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'TRY' });
    await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' });
    const canceled = await s.client.post<{ cancelAtPeriodEnd: boolean; status: string }>(
      '/api/v1/billing/cancel',
    );
    expect(canceled.body).toMatchObject({ cancelAtPeriodEnd: true, status: 'active' });
    const resumed = await s.client.post<{ cancelAtPeriodEnd: boolean }>('/api/v1/billing/resume');
    expect(resumed.body.cancelAtPeriodEnd).toBe(false);
    const audit = await q<{ action: string }>(
      "select action from audit_events where company_id = $1 and action like 'billing.%' order by created_at",
      [s.companyId],
    );
    expect(audit.map((a) => a.action)).toEqual(
      expect.arrayContaining([
        'billing.details_updated',
        'billing.checkout_started',
        'billing.payment_succeeded',
        'billing.cancel_scheduled',
        'billing.resumed',
      ]),
    );
    // A member: 403 on every billing route.
    await q(
      `insert into users (id, company_id, email, full_name, password_hash, locale, role, workspace_quota, email_verified_at, created_at, updated_at)
       select 'usr_billingmember000001', $1, 'member-billing@example.com', 'Member', password_hash, 'en', 'member', 0, now(), now(), now()
         from users where id = $2`,
      [s.companyId, s.userId],
    );
    const { login } = await import('../accounts/accounts.test-helpers.ts');
    const m = (await login(ctx, 'member-billing@example.com', s.password)).client;
    for (const [method, url] of [
      ['GET', '/api/v1/billing/subscription'],
      ['GET', '/api/v1/billing/invoices'],
      ['POST', '/api/v1/billing/cancel'],
    ] as const)
      expect((await m.request(method, url, method === 'POST' ? {} : undefined)).status).toBe(403);
    // …but every member may know the state (the portal's banner), without amounts.
    const state = await m.get<Record<string, unknown>>('/api/v1/billing/status');
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ status: 'active', plan: 'starter', canUseWorkspaces: true });
    expect(JSON.stringify(state.body)).not.toMatch(/Minor|amount|merchant/i);
  });
});
