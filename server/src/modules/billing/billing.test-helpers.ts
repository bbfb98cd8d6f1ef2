import type { CheckoutBody } from '@youarecoder/contract';
import { type CallbackInput, signedCallback } from '@youarecoder/paytr-sim';
import { type Client, signupCompany, type TestContext } from '../../../test/harness.ts';
import { TEST_VKN } from '../../../test/tax-ids.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import { SIMULATOR_CREDENTIALS } from './gateways/index.ts';

/** Turkish billing details that pass validation. */
export const TR_DETAILS = {
  legalName: 'Çağrı Yazılım Ltd. Şti.',
  taxOffice: 'Kadıköy',
  taxNumber: TEST_VKN,
  address: 'Moda Cad. No: 1',
  city: 'İstanbul',
  country: 'TR',
  phone: '+90 532 000 00 00',
};

/** A company whose owner verified their email and filled billing details. */
export async function payingCompany(ctx: TestContext, details: Record<string, string> = TR_DETAILS) {
  const s = await signupCompany(ctx);
  await ctx.deps.database.pool.query('update users set email_verified_at = now() where id = $1', [s.userId]);
  const put = await s.client.put('/api/v1/billing/details', details);
  if (put.status !== 200) throw new Error(`details: ${put.status} ${JSON.stringify(put.body)}`);
  return s;
}

/**
 * End a company's trial now (it stays "trialing" until the lifecycle runs), for tests whose first paid
 * period must start on the day of payment: paying during a trial adds the days left to that period.
 */
export async function endTrialNow(ctx: TestContext, companyId: string): Promise<void> {
  const now = ctx.fakeClock?.now() ?? new Date();
  await ctx.deps.database.pool.query('update subscriptions set trial_ends_at = $2 where company_id = $1', [
    companyId,
    now,
  ]);
}

/** What POST /billing/checkout answers. */
export interface CheckoutAnswer {
  orderId: string;
  merchantOid: string;
  amount: number;
  currency: string;
  iframeUrl: string;
  kind: string;
}

/** Start a checkout (the payer accepting the contract, as the portal sends it) and fail loudly when refused. */
export async function checkout(client: Client, body: CheckoutBody): Promise<CheckoutAnswer> {
  const res = await client.post<CheckoutAnswer>('/api/v1/billing/checkout', { acceptLegal: true, ...body });
  if (res.status !== 201) throw new Error(`checkout: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A notification signed by the simulator's own code (independent of the platform's). */
export function simCallback(
  oid: string,
  status: 'success' | 'failed',
  total: number,
  extra: Partial<CallbackInput> = {},
): Record<string, string> {
  return signedCallback(
    {
      merchantOid: oid,
      status,
      totalAmount: total,
      testMode: true,
      ...(status === 'failed' ? { failedReasonCode: 0, failedReasonMsg: 'Kartın limiti yetersiz' } : {}),
      ...extra,
    },
    SIMULATOR_CREDENTIALS,
  );
}

/** Post a notification the way PayTR does (form-encoded) through inject. */
export async function postCallback(ctx: TestContext, body: Record<string, string>) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/billing/paytr/callback',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams(body).toString(),
  });
  return { status: res.statusCode, text: res.body };
}

/** Rows of a query on the context's database, typed by the caller. */
export function sqlRows(ctx: () => TestContext) {
  return async <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
    (await ctx().deps.database.pool.query(text, params)).rows as T[];
}

/** What the payer's browser does with a Direct API card form: post it to PayTR with a card typed in. */
export async function submitCard(
  form: { action: string; fields: Record<string, string> },
  card = '4355084355084358',
): Promise<string> {
  const res = await fetch(form.action, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      ...form.fields,
      cc_owner: 'Ayşe Yılmaz',
      card_number: card,
      expiry_month: '12',
      // Far ahead: the year runs move the simulator's clock years forward too.
      expiry_year: '2099',
      cvv: '000',
    }).toString(),
    redirect: 'manual',
  });
  return res.headers.get('location') ?? '';
}

/** Poll `probe` until it returns a value (the simulator's notifications arrive asynchronously). */
export async function eventually<T>(probe: () => Promise<T | null | undefined | false>, what = 'condition') {
  for (let i = 0; i < 100; i++) {
    const v = await probe();
    if (v) return v;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * A company paying by stored card (needs a context with `paytr: true` and PAYTR_RECURRING=1): signed
 * up, details filled, first period paid through the Direct API with the card stored. Returns the
 * signup, a signed-in client, and the current period's end.
 */
export async function storedCardCompany(
  ctx: TestContext,
  body: CheckoutBody = { plan: 'team', period: 'monthly', currency: 'TRY' },
) {
  const s = await payingCompany(ctx);
  const client = (await login(ctx, s.email, s.password, { remember: true })).client;
  const c = await client.post<{ directForm: { action: string; fields: Record<string, string> } | null }>(
    '/api/v1/billing/checkout',
    { acceptLegal: true, ...body },
  );
  if (c.status !== 201 || !c.body.directForm)
    throw new Error(`stored-card checkout: ${c.status} ${JSON.stringify(c.body)}`);
  await submitCard(c.body.directForm);
  const q = sqlRows(() => ctx);
  const periodEnd = await eventually(async () => {
    const [r] = await q<{ status: string; current_period_end: Date | null; card_ctoken: string | null }>(
      'select status, current_period_end, card_ctoken from subscriptions where company_id = $1',
      [s.companyId],
    );
    return r?.status === 'active' && r.card_ctoken ? r.current_period_end : null;
  }, 'the first stored-card payment');
  return { ...s, client, periodEnd };
}

/**
 * Make the simulator decline (or accept again) the company's stored card on its next charges. For a
 * single decline: `await declineStoredCard(ctx, id)`, run the lifecycle, then
 * `await declineStoredCard(ctx, id, false)`.
 */
export async function declineStoredCard(ctx: TestContext, companyId: string, decline = true) {
  const [r] = await sqlRows(() => ctx)<{ card_ctoken: string | null }>(
    'select card_ctoken from subscriptions where company_id = $1',
    [companyId],
  );
  if (!r?.card_ctoken || !ctx.sim) throw new Error('no stored card, or no simulator in this context');
  ctx.sim.setCardDecline(r.card_ctoken, decline);
}

/** Run the lifecycle once with the company's stored card declined, then accept it again. */
export async function withDeclinedCard<T>(ctx: TestContext, companyId: string, run: () => Promise<T>) {
  await declineStoredCard(ctx, companyId, true);
  try {
    return await run();
  } finally {
    await declineStoredCard(ctx, companyId, false);
  }
}
