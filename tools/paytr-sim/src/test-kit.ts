// Helpers for the simulator's own integration tests: a merchant that receives notifications, and signed requests.
import { createHmac } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startPaytrSim } from './server.ts';
import type { PaytrSim, PaytrSimOptions } from './types.ts';

/** The test store's credentials. */
export const CREDS = {
  merchantId: '123456',
  merchantKey: 'testkey123456789',
  merchantSalt: 'testsalt12345678',
};

/** Signs like a merchant would, written apart from the simulator's hash.ts so each checks the other. */
export function merchantSign(message: string): string {
  return createHmac('sha256', CREDS.merchantKey).update(message).digest('base64');
}

/** A merchant's notification endpoint that records what it receives and answers as told. */
export interface Merchant {
  url: string;
  received: Array<Record<string, string>>;
  /** Answers for the next deliveries, in order; after they run out it answers `OK`. */
  answers: Array<{ status: number; body: string }>;
  waitFor(count: number, timeoutMs?: number): Promise<Array<Record<string, string>>>;
  close(): Promise<void>;
}

/** Starts a merchant notification receiver on a random port. */
export async function startMerchant(): Promise<Merchant> {
  const received: Array<Record<string, string>> = [];
  const answers: Merchant['answers'] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => {
      body += c;
    });
    req.on('end', () => {
      received.push(Object.fromEntries(new URLSearchParams(body)));
      const a = answers.shift() ?? { status: 200, body: 'OK' };
      res.writeHead(a.status, { 'content-type': 'text/plain' });
      res.end(a.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/paytr/notify`,
    received,
    answers,
    async waitFor(count, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (received.length < count) {
        if (Date.now() > deadline) throw new Error(`expected ${count} notifications, got ${received.length}`);
        await new Promise((r) => setTimeout(r, 10));
      }
      return received;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A simulator and a merchant wired together. */
export async function startPair(
  opts: Partial<PaytrSimOptions> = {},
): Promise<{ sim: PaytrSim; merchant: Merchant; close: () => Promise<void> }> {
  const merchant = await startMerchant();
  const sim = await startPaytrSim({
    ...CREDS,
    port: 0,
    callbackUrl: merchant.url,
    retryIntervalMs: 50,
    ...opts,
  });
  return { sim, merchant, close: async () => void (await Promise.all([sim.close(), merchant.close()])) };
}

/** POSTs a urlencoded form; redirects are returned, not followed. */
export function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields).toString(),
    redirect: 'manual',
  });
}

/** POSTs a urlencoded form and reads the JSON answer. */
export async function postJson<T = Record<string, unknown>>(
  url: string,
  fields: Record<string, string>,
): Promise<T> {
  const res = await postForm(url, fields);
  return (await res.json()) as T;
}

let seq = 0;

/** A fresh merchant_oid, letters and digits only. */
export function newOid(prefix = 'T'): string {
  seq += 1;
  return `${prefix}${Date.now().toString(36)}${seq}`;
}

/** A valid get-token request; `over` replaces fields, then paytr_token is computed unless it was given. */
export function tokenFields(over: Record<string, string> = {}): Record<string, string> {
  const f: Record<string, string> = {
    merchant_id: CREDS.merchantId,
    user_ip: '203.0.113.7',
    merchant_oid: newOid(),
    email: 'payer@example.com',
    payment_amount: '3456',
    currency: 'TL',
    user_basket: Buffer.from(JSON.stringify([['Pro plan', '34.56', 1]])).toString('base64'),
    no_installment: '0',
    max_installment: '0',
    test_mode: '1',
    user_name: 'Ayşe Yılmaz',
    user_address: 'Moda Cd. 1, İstanbul',
    user_phone: '05551234567',
    merchant_ok_url: 'https://shop.example/ok',
    merchant_fail_url: 'https://shop.example/fail',
    timeout_limit: '30',
    debug_on: '1',
    lang: 'en',
    ...over,
  };
  f.paytr_token ??= merchantSign(
    [
      f.merchant_id,
      f.user_ip,
      f.merchant_oid,
      f.email,
      f.payment_amount,
      f.user_basket,
      f.no_installment,
      f.max_installment,
      f.currency,
      f.test_mode,
    ].join('') + CREDS.merchantSalt,
  );
  return f;
}

/** Gets an iframe token for a fresh order; throws if the simulator refuses. */
export async function getToken(
  sim: PaytrSim,
  over: Record<string, string> = {},
): Promise<{ token: string; oid: string; fields: Record<string, string> }> {
  const fields = tokenFields(over);
  const r = await postJson<{ status: string; token?: string; reason?: string }>(
    `${sim.url}/odeme/api/get-token`,
    fields,
  );
  if (r.status !== 'success' || !r.token) throw new Error(`get-token failed: ${r.reason}`);
  return { token: r.token, oid: fields.merchant_oid ?? '', fields };
}

/** A valid Direct API payment with a success card; `over` replaces fields, then paytr_token is computed. */
export function directFields(over: Record<string, string> = {}): Record<string, string> {
  const f: Record<string, string> = {
    merchant_id: CREDS.merchantId,
    user_ip: '203.0.113.7',
    merchant_oid: newOid('D'),
    email: 'payer@example.com',
    payment_amount: '99.90',
    payment_type: 'card',
    installment_count: '0',
    currency: 'TL',
    test_mode: '1',
    non_3d: '0',
    merchant_ok_url: 'https://shop.example/ok',
    merchant_fail_url: 'https://shop.example/fail',
    user_name: 'Ayşe Yılmaz',
    user_address: 'Moda Cd. 1, İstanbul',
    user_phone: '05551234567',
    user_basket: JSON.stringify([['Team plan', '99.90', 1]]),
    client_lang: 'tr',
    cc_owner: 'AYSE YILMAZ',
    card_number: '4355084355084358',
    expiry_month: '12',
    expiry_year: '2099',
    cvv: '000',
    ...over,
  };
  f.paytr_token ??= merchantSign(
    [
      f.merchant_id,
      f.user_ip,
      f.merchant_oid,
      f.email,
      f.payment_amount,
      f.payment_type,
      f.installment_count,
      f.currency,
      f.test_mode,
      f.non_3d,
    ].join('') + CREDS.merchantSalt,
  );
  return f;
}

/** Fields of a merchant API request, signed over `parts` + salt. */
export function signedApi(fields: Record<string, string>, parts: string[]): Record<string, string> {
  return {
    merchant_id: CREDS.merchantId,
    ...fields,
    paytr_token: merchantSign(parts.join('') + CREDS.merchantSalt),
  };
}
