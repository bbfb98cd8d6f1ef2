import type { CheckoutBody } from '@youarecoder/contract';
import { type CallbackInput, signedCallback } from '@youarecoder/paytr-sim';
import { type Client, signupCompany, type TestContext } from '../../../test/harness.ts';
import { TEST_VKN } from '../../../test/tax-ids.ts';
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
