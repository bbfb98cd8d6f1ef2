import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, type TestContext } from '../../../../test/harness.ts';
import { login } from '../../accounts/accounts.test-helpers.ts';
import { payingCompany, sqlRows } from '../billing.test-helpers.ts';
import { SIMULATOR_CREDENTIALS } from '../gateways/index.ts';
import { storeBulletin } from './rates.repo.ts';
import { newestBundledBulletin } from './rates.seed.ts';

// RATES_MAX_AGE_DAYS (7 by default). The newest bundled bulletin is dated 2026-09-21.
const BULLETIN = '2026-09-21';
/** Store the bundled bulletin as if the fetch job had (production never seeds it; TCMB is unreachable). */
async function storeBundledBulletin(ctx: TestContext): Promise<void> {
  const b = await newestBundledBulletin();
  if (!b) throw new Error('no bundled bulletin');
  await storeBulletin(ctx.deps.database.db, {
    parsed: b.parsed,
    rawXml: b.xml,
    sourceUrl: 'https://www.tcmb.gov.tr/kurlar/today.xml',
    fetchedAt: new Date(`${BULLETIN}T13:00:00Z`),
  });
}

/** What production refuses to start without (PayTR credentials, a real seller), pointed at the simulator. */
const PRODUCTION = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://portal.youarecoder.example',
  PAYTR_MERCHANT_ID: SIMULATOR_CREDENTIALS.merchantId,
  PAYTR_MERCHANT_KEY: SIMULATOR_CREDENTIALS.merchantKey,
  PAYTR_MERCHANT_SALT: SIMULATOR_CREDENTIALS.merchantSalt,
  SELLER_LEGAL_NAME: 'Örnek Yazılım A.Ş.',
  SELLER_TAX_NUMBER: '6153928400',
  SELLER_ADDRESS: 'Kadıköy, İstanbul',
};

interface Plans {
  rateDate: string | null;
  plans: { prices: { monthly: number } }[];
}
interface ErrorBody {
  code: string;
  message: string;
  fieldCodes?: Record<string, string>;
}

describe('in production, conversions stop past the age limit', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({
      fakeClock: true,
      env: {
        ...PRODUCTION,
        OPS_EMAIL: 'ops@youarecoder.example',
      },
    });
    // Production never seeds the bundled bulletin itself (and TCMB is unreachable from tests): store
    // it as if the fetch job had, two days ago.
    await storeBundledBulletin(ctx);
  });
  afterAll(async () => ctx?.close());
  const q = sqlRows(() => ctx);
  const alerts = () =>
    q<{ subject: string }>(
      "select subject from mail_outbox where template = 'ops_alert' and subject like '%too old%'",
    );

  it('quotes TRY and EUR within the limit; past it answers 503 rates_unavailable for them, never for USD, and alerts once', async () => {
    const anon = new Client(ctx.app);
    ctx.fakeClock?.set('2026-09-23T09:00:00Z');
    const fresh = await anon.get<Plans>('/api/v1/billing/plans?currency=TRY');
    expect(fresh.status).toBe(200);
    expect(fresh.body.rateDate).toBe(BULLETIN);

    // 14 days later, TCMB still unreachable.
    ctx.fakeClock?.set('2026-10-05T09:00:00Z');
    for (const currency of ['TRY', 'EUR', 'TRY']) {
      const res = await anon.get<ErrorBody>(`/api/v1/billing/plans?currency=${currency}`);
      expect(res.status).toBe(503);
      expect(res.body.code).toBe('UNAVAILABLE');
      expect(res.body.fieldCodes).toEqual({ currency: 'rates_unavailable' });
      expect(res.body.message).toMatch(/unavailable right now/);
      // Operators' wording stays with the operators.
      expect(res.body.message).not.toMatch(/older|stale|bulletin/i);
    }
    const usd = await anon.get<Plans>('/api/v1/billing/plans?currency=USD');
    expect(usd.status).toBe(200);
    expect(usd.body.plans[0]?.prices.monthly).toBe(2900);

    // A checkout in TRY is refused the same way; the subscription view says prices are unavailable.
    const s = await payingCompany(ctx);
    const client = (await login(ctx, s.email, s.password)).client;
    const co = await client.post<ErrorBody>('/api/v1/billing/checkout', {
      acceptLegal: true,
      plan: 'team',
      period: 'monthly',
      currency: 'TRY',
    });
    expect(co.status).toBe(503);
    expect(co.body.fieldCodes).toEqual({ currency: 'rates_unavailable' });
    const sub = await client.get<{ rates: { date: string | null; unavailable: boolean } }>(
      '/api/v1/billing/subscription',
    );
    expect(sub.body.rates).toEqual({ date: BULLETIN, unavailable: true });

    // One operator alert for the whole outage of this bulletin, however many quotes were refused.
    for (let i = 0; i < 50 && (await alerts()).length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 100));
    expect(await alerts()).toHaveLength(1);
  });
});

describe('renewals of paying companies go on past the age limit', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({
      fakeClock: true,
      env: {
        ...PRODUCTION,
      },
    });
    await storeBundledBulletin(ctx);
  });
  afterAll(async () => ctx?.close());

  it("the renewal notice is priced in TRY at the newest bulletin: our outage is not the customer's", async () => {
    ctx.fakeClock?.set('2026-10-20T09:00:00Z');
    const s = await payingCompany(ctx);
    await ctx.deps.database.pool.query(
      `update subscriptions set status = 'active', currency = 'TRY', current_period_start = $2,
              current_period_end = $3, billing_anchor = $2 where company_id = $1`,
      [s.companyId, new Date('2026-09-23T09:00:00Z'), new Date('2026-10-23T09:00:00Z')],
    );
    await ctx.deps.payments.runLifecycle();
    const mails = await sqlRows(() => ctx)<{ text: string }>(
      "select text from mail_outbox where company_id = $1 and template = 'renewal_due'",
      [s.companyId],
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]?.text).toContain('₺');
  });
});

describe('in development, the bundled bulletin keeps working and says its date', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ fakeClock: true });
  });
  afterAll(async () => ctx?.close());

  it('quotes TRY from a bulletin months old, and the subscription view carries its date', async () => {
    ctx.fakeClock?.set('2027-01-15T09:00:00Z');
    const anon = new Client(ctx.app);
    const tr = await anon.get<Plans>('/api/v1/billing/plans?currency=TRY');
    expect(tr.status).toBe(200);
    expect(tr.body.rateDate).toBe(BULLETIN);
    const s = await payingCompany(ctx);
    const sub = await s.client.get<{ rates: { date: string | null; unavailable: boolean } }>(
      '/api/v1/billing/subscription',
    );
    expect(sub.body.rates).toEqual({ date: BULLETIN, unavailable: false });
  });
});
