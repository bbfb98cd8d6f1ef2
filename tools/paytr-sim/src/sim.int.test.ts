import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CREDS,
  getToken,
  type Merchant,
  merchantSign,
  postForm,
  postJson,
  signedApi,
  startPair,
  tokenFields,
} from './test-kit.ts';
import type { PaytrSim } from './types.ts';

let sim: PaytrSim;
let merchant: Merchant;
let close: () => Promise<void>;

beforeEach(async () => {
  ({ sim, merchant, close } = await startPair());
});
afterEach(() => close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hashOk = (f: Record<string, string>) =>
  f.hash === merchantSign(`${f.merchant_oid}${CREDS.merchantSalt}${f.status}${f.total_amount}`);
const simPost = (path: string, body: unknown = {}) =>
  fetch(`${sim.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
const inquiry = (oid: string) =>
  postJson(`${sim.url}/odeme/durum-sorgu`, signedApi({ merchant_oid: oid }, [CREDS.merchantId, oid]));
const refund = (oid: string, amount: string, reference_no?: string) =>
  postJson(
    `${sim.url}/odeme/iade`,
    signedApi({ merchant_oid: oid, return_amount: amount, ...(reference_no ? { reference_no } : {}) }, [
      CREDS.merchantId,
      oid,
      amount,
    ]),
  );

describe('get-token', () => {
  it('issues a token whose page shows the amount, basket and card form', async () => {
    const { token } = await getToken(sim);
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    const res = await fetch(`${sim.url}/odeme/guvenli/${token}`);
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('₺34.56');
    expect(html).toContain('Pro plan');
    expect(html).toContain('PayTR simulator');
    expect(html).toContain('>TEST<');
    for (const name of ['cc_owner', 'cc_number', 'cc_expiry', 'cc_cvc', 'installment_count']) {
      expect(html).toContain(`name="${name}"`);
    }
    expect(html).toMatch(/<button[^>]*>Pay<\/button>/);
    expect(html).toContain('4355 0843 5508 4358');
  });

  it.each([
    [{ email: '' }, /email is required/],
    [{ user_name: 'x'.repeat(61) }, /user_name is longer than 60/],
    [{ user_phone: '' }, /user_phone is required/],
    [{ merchant_oid: 'ORD-1' }, /merchant_oid must contain only letters and digits/],
    [{ merchant_oid: 'A'.repeat(65) }, /merchant_oid is longer than 64/],
    [{ merchant_id: '999999' }, /merchant_id/],
    [{ paytr_token: 'bm90IHJpZ2h0' }, /paytr_token is invalid/],
    [{ currency: 'JPY' }, /currency must be one of/],
    [{ user_basket: 'not base64!' }, /user_basket could not be decoded/],
    [{ payment_amount: '34.56' }, /payment_amount must be a positive whole number/],
    [{ max_installment: '13' }, /max_installment/],
    [{ user_ip: '1'.repeat(40) }, /user_ip is longer than 39/],
  ])('refuses %o', async (over, reason) => {
    const res = await postForm(`${sim.url}/odeme/api/get-token`, tokenFields(over));
    expect(res.status).toBe(200);
    const body = (await res.json()) as { status: string; reason: string };
    expect(body.status).toBe('failed');
    expect(body.reason).toMatch(reason);
  });

  it('refuses a merchant_oid already used', async () => {
    const { oid } = await getToken(sim);
    const again = await postJson(`${sim.url}/odeme/api/get-token`, tokenFields({ merchant_oid: oid }));
    expect(again).toEqual({
      status: 'failed',
      reason: expect.stringMatching(/merchant_oid has already been used/),
    });
  });

  it('accepts multipart/form-data, as PHP curl posts an array', async () => {
    const form = new FormData();
    for (const [k, v] of Object.entries(tokenFields())) form.append(k, v);
    const res = await fetch(`${sim.url}/odeme/api/get-token`, { method: 'POST', body: form });
    expect(await res.json()).toMatchObject({ status: 'success' });
  });
});

describe('payment page', () => {
  it('pays once, notifies with a verifiable hash and sends the top window to the ok URL', async () => {
    const { token, oid } = await getToken(sim);
    const card = {
      cc_owner: 'AYSE YILMAZ',
      cc_number: '4355 0843 5508 4358',
      cc_expiry: '12/99',
      cc_cvc: '000',
    };
    const res = await postForm(`${sim.url}/odeme/guvenli/${token}`, card);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('window.top.location.href = "https://shop.example/ok"');
    const [cb] = await merchant.waitFor(1);
    expect(cb).toEqual({
      merchant_oid: oid,
      status: 'success',
      total_amount: '3456',
      hash: expect.any(String),
      test_mode: '1',
      payment_type: 'card',
      currency: 'TL',
      payment_amount: '3456',
      installment_count: '1',
    });
    expect(hashOk(cb ?? {})).toBe(true);
    expect((await fetch(`${sim.url}/odeme/guvenli/${token}`)).status).toBe(410);
    expect((await postForm(`${sim.url}/odeme/guvenli/${token}`, card)).status).toBe(410);
    expect(sim.order(oid)?.callback.state).toBe('delivered');
  });

  it('declines the limit card: failed notification with code 0 and the fail URL', async () => {
    const { token, oid } = await getToken(sim);
    const res = await postForm(`${sim.url}/odeme/guvenli/${token}`, {
      cc_owner: 'A',
      cc_number: '4111111111111111',
      cc_expiry: '01/40',
      cc_cvc: '123',
    });
    expect(await res.text()).toContain('"https://shop.example/fail"');
    const [cb] = await merchant.waitFor(1);
    expect(cb).toMatchObject({
      merchant_oid: oid,
      status: 'failed',
      total_amount: '0',
      payment_amount: '3456',
      failed_reason_code: '0',
      failed_reason_msg: 'Kartın limiti yetersiz',
    });
    expect(hashOk(cb ?? {})).toBe(true);
  });

  it('keeps the form with an error for an invalid card number, and 404s an unknown token', async () => {
    const { token, oid } = await getToken(sim, { lang: 'tr', currency: 'USD' });
    const res = await postForm(`${sim.url}/odeme/guvenli/${token}`, {
      cc_owner: 'A',
      cc_number: '4355084355084359',
      cc_expiry: '12/99',
      cc_cvc: '000',
    });
    expect(res.status).toBe(400);
    const html = await res.text();
    expect(html).toContain('Kart numarası geçersiz');
    expect(html).toContain('$34,56');
    expect(html).toMatch(/<button[^>]*>Öde<\/button>/);
    expect(sim.order(oid)?.status).toBe('pending');
    expect((await fetch(`${sim.url}/odeme/guvenli/${'0'.repeat(64)}`)).status).toBe(404);
  });

  it('offers no installments when no_installment=1', async () => {
    const { token } = await getToken(sim, { no_installment: '1', max_installment: '6' });
    expect(await (await fetch(`${sim.url}/odeme/guvenli/${token}`)).text()).not.toContain(
      'installment_count',
    );
    const res = await simPost('/__sim/pay', { token, installments: 2 });
    expect(res.status).toBe(400);
  });

  it('charges more than payment_amount for installments', async () => {
    const { token, oid } = await getToken(sim, { max_installment: '6' });
    const r = await sim.pay({ token, card: 'success', installments: 3 });
    expect(r).toMatchObject({ status: 'success', totalAmount: 3560, installmentCount: 3, callbackOk: true });
    expect(merchant.received[0]).toMatchObject({
      merchant_oid: oid,
      total_amount: '3560',
      payment_amount: '3456',
      installment_count: '3',
    });
    expect(await inquiry(oid)).toMatchObject({
      payment_amount: '34.56',
      payment_total: '35.60',
      taksit: '3',
    });
  });

  it('expires an unpaid token with a code 6 notification (on demand and lazily)', async () => {
    const a = await getToken(sim);
    const res = await simPost(`/__sim/orders/${a.oid}/expire`);
    expect(res.status).toBe(200);
    const [cb] = await merchant.waitFor(1);
    expect(cb).toMatchObject({
      merchant_oid: a.oid,
      status: 'failed',
      failed_reason_code: '6',
      total_amount: '0',
    });
    expect((await fetch(`${sim.url}/odeme/guvenli/${a.token}`)).status).toBe(410);

    const b = await getToken(sim, { timeout_limit: '1' });
    const order = sim.order(b.oid);
    if (order) order.expiresAt = Date.now() - 1;
    const page = await fetch(`${sim.url}/odeme/guvenli/${b.token}`);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain('Payment expired');
    expect((await merchant.waitFor(2))[1]).toMatchObject({ merchant_oid: b.oid, failed_reason_code: '6' });
  });
});

describe('notifications', () => {
  it('retries until the answer is exactly OK', async () => {
    merchant.answers.push({ status: 200, body: 'OK\n' }, { status: 500, body: 'OK' });
    const { token, oid } = await getToken(sim);
    const r = await sim.pay({ token, card: 'success' });
    expect(r.callbackOk).toBe(false);
    await merchant.waitFor(3);
    await sleep(250);
    expect(merchant.received).toHaveLength(3);
    const attempts = sim.order(oid)?.callback.attempts ?? [];
    expect(attempts.map((a) => [a.reason, a.ok])).toEqual([
      ['first', false],
      ['retry', false],
      ['retry', true],
    ]);
    expect(sim.order(oid)?.callback.state).toBe('delivered');
  });

  it('gives up after maxCallbackAttempts', async () => {
    sim.setConfig({ maxCallbackAttempts: 2 });
    merchant.answers.push(...Array.from({ length: 5 }, () => ({ status: 200, body: 'NO' })));
    const { token, oid } = await getToken(sim);
    await sim.pay({ token, card: 'decline' });
    await sleep(250);
    expect(merchant.received).toHaveLength(2);
    expect(sim.order(oid)?.callback.state).toBe('gave_up');
  });

  it('resends a delivered notification as a duplicate', async () => {
    const { token, oid } = await getToken(sim);
    await sim.pay({ token });
    const res = await simPost(`/__sim/callbacks/${oid}/resend`);
    expect(await res.json()).toMatchObject({ reason: 'resend', ok: true, n: 2 });
    expect(merchant.received).toHaveLength(2);
    expect(merchant.received[1]).toEqual(merchant.received[0]);
  });

  it('holds notifications so the merchant must ask, then releases them', async () => {
    expect((await simPost('/__sim/config', { deliverCallbacks: false })).status).toBe(200);
    const { token, oid } = await getToken(sim, { currency: 'TRY' });
    expect(await inquiry(oid)).toMatchObject({ status: 'error', err_no: '005' });
    const r = await sim.pay({ token });
    expect(r.callbackOk).toBe(false);
    await sleep(150);
    expect(merchant.received).toHaveLength(0);
    expect(await inquiry(oid)).toMatchObject({
      status: 'success',
      payment_amount: '34.56',
      payment_total: '34.56',
      currency: 'TL',
      test_mode: '1',
      returns: [],
    });
    expect(await inquiry('NOSUCHORDER')).toMatchObject({ status: 'error', err_no: '004' });
    const forged = await postJson(`${sim.url}/odeme/durum-sorgu`, {
      merchant_id: CREDS.merchantId,
      merchant_oid: oid,
      paytr_token: merchantSign('wrong'),
    });
    expect(forged).toMatchObject({ status: 'error', err_no: '003' });
    sim.setConfig({ deliverCallbacks: true });
    expect((await merchant.waitFor(1))[0]).toMatchObject({ merchant_oid: oid, currency: 'TL' });
  });
});

describe('refunds', () => {
  it('allows partial refunds up to the total, once per reference_no', async () => {
    const { token, oid } = await getToken(sim);
    expect(await refund(oid, '10.00')).toMatchObject({ status: 'error', err_no: '005' });
    await sim.pay({ token });
    const first = await refund(oid, '10.00', 'R1');
    expect(first).toEqual({ status: 'success', is_test: 1, merchant_oid: oid, return_amount: '10.00' });
    expect(await refund(oid, '10.00', 'R1')).toEqual(first);
    expect(await refund(oid, '5.00', 'R1')).toMatchObject({ status: 'error', err_no: '008' });
    expect(await refund(oid, '30.00', 'R2')).toMatchObject({ status: 'error', err_no: '007' });
    expect(await refund(oid, '10,00', 'R2')).toMatchObject({ status: 'error', err_no: '006' });
    expect(await refund(oid, '24.56', 'R2')).toMatchObject({ status: 'success' });
    expect(await refund(oid, '0.01')).toMatchObject({ status: 'error', err_no: '007' });
    const status = (await inquiry(oid)) as { returns: Array<Record<string, unknown>> };
    expect(status.returns).toEqual([
      {
        return_amount: '10.00',
        return_date: expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/),
        reference_no: 'R1',
      },
      { return_amount: '24.56', return_date: expect.any(String), reference_no: 'R2' },
    ]);
  });
});
