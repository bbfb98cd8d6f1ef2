import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { formatTrDate } from './money.ts';
import {
  CREDS,
  directFields,
  getToken,
  type Merchant,
  merchantSign,
  newOid,
  postForm,
  postJson,
  signedApi,
  startPair,
} from './test-kit.ts';
import type { PaytrSim } from './types.ts';

let sim: PaytrSim;
let merchant: Merchant;
let close: () => Promise<void>;

beforeEach(async () => {
  ({ sim, merchant, close } = await startPair());
});
afterEach(() => close());

const capiList = (utoken: string) =>
  postJson<unknown>(`${sim.url}/odeme/capi/list`, signedApi({ utoken }, [utoken]));
const capiDelete = (utoken: string, ctoken: string) =>
  postJson(`${sim.url}/odeme/capi/delete`, signedApi({ utoken, ctoken }, [ctoken, utoken]));
const recurringCharge = (utoken: string, ctoken: string, amount = '49.90') =>
  postForm(
    `${sim.url}/odeme`,
    directFields({
      payment_amount: amount,
      non_3d: '1',
      recurring_payment: '1',
      sync_mode: '0',
      // Return URLs are pointless without a browser, so this charge leaves them out.
      merchant_ok_url: '',
      merchant_fail_url: '',
      utoken,
      ctoken,
      cc_owner: '',
      card_number: '',
      expiry_month: '',
      expiry_year: '',
      cvv: '',
    }),
  );

describe('Direct API', () => {
  it('stores a card, charges it server to server, lists and deletes it', async () => {
    const first = directFields({ store_card: '1' });
    const res = await postForm(`${sim.url}/odeme`, first);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://shop.example/ok');
    const [cb] = await merchant.waitFor(1);
    expect(cb).toMatchObject({
      merchant_oid: first.merchant_oid,
      status: 'success',
      total_amount: '9990',
      payment_amount: '9990',
      utoken: expect.stringMatching(/^[0-9a-f]{32}$/),
      ctoken: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    expect(cb?.hash).toBe(merchantSign(`${first.merchant_oid}${CREDS.merchantSalt}success9990`));
    const utoken = cb?.utoken ?? '';
    const ctoken = cb?.ctoken ?? '';

    expect(await capiList(utoken)).toEqual([
      expect.objectContaining({ ctoken, last_4: '4358', month: '12', year: '99', schema: 'VISA' }),
    ]);

    const charge = await recurringCharge(utoken, ctoken);
    expect(await charge.json()).toEqual({ status: 'success' });
    const second = (await merchant.waitFor(2))[1];
    expect(second).toMatchObject({ status: 'success', total_amount: '4990' });
    expect(second).not.toHaveProperty('ctoken');

    sim.setCardDecline(ctoken, true);
    const declined = await recurringCharge(utoken, ctoken);
    expect(await declined.json()).toEqual({ status: 'failed', reason: 'Kartın limiti yetersiz' });
    expect((await merchant.waitFor(3))[2]).toMatchObject({ status: 'failed', failed_reason_code: '0' });

    expect(await capiDelete(utoken, ctoken)).toEqual({ status: 'success' });
    expect(await capiList(utoken)).toEqual([]);
    expect(await capiDelete(utoken, ctoken)).toMatchObject({ status: 'error', err_no: '011' });
    expect(await capiList('nosuchuser')).toMatchObject({ status: 'error', err_no: '010' });
    const gone = await (await recurringCharge(utoken, ctoken)).json();
    expect(gone).toMatchObject({ status: 'failed', reason: expect.stringMatching(/ctoken/) });
  });

  it('adds a second card to an existing utoken', async () => {
    await postForm(`${sim.url}/odeme`, directFields({ store_card: '1' }));
    const utoken = (await merchant.waitFor(1))[0]?.utoken ?? '';
    await postForm(
      `${sim.url}/odeme`,
      directFields({ store_card: '1', utoken, card_number: '5406675406675403' }),
    );
    expect((await merchant.waitFor(2))[1]?.utoken).toBe(utoken);
    expect(await capiList(utoken)).toHaveLength(2);
  });

  it('redirects a declined browser payment to the fail URL after a failed notification', async () => {
    const f = directFields({ card_number: '5555555555554444', installment_count: '3' });
    const res = await postForm(`${sim.url}/odeme`, f);
    expect(res.headers.get('location')).toBe('https://shop.example/fail');
    expect((await merchant.waitFor(1))[0]).toMatchObject({
      status: 'failed',
      failed_reason_code: '2',
      failed_reason_msg: 'Doğrulama başarısız',
    });
  });

  it('charges installments with a surcharge', async () => {
    await postForm(`${sim.url}/odeme`, directFields({ installment_count: '2', payment_amount: '100' }));
    expect((await merchant.waitFor(1))[0]).toMatchObject({
      total_amount: '10150',
      payment_amount: '10000',
      installment_count: '2',
    });
  });

  it.each([
    [{ paytr_token: 'AAAA' }, /paytr_token is invalid/],
    [{ payment_amount: '99,90' }, /payment_amount/],
    [{ payment_type: 'eft' }, /payment_type/],
    [{ card_number: '' }, /card_number is required/],
    [{ utoken: 'unknown' }, /utoken is not known/],
    [{ user_basket: '' }, /user_basket is required/],
  ])('refuses %o', async (over, reason) => {
    const body = await postJson(`${sim.url}/odeme`, directFields(over));
    expect(body).toEqual({ status: 'failed', reason: expect.stringMatching(reason) });
    expect(merchant.received).toHaveLength(0);
  });
});

describe('transaction list', () => {
  const list = (start: string, end: string) =>
    postJson(
      `${sim.url}/rapor/islem-dokumu`,
      signedApi({ start_date: start, end_date: end }, [CREDS.merchantId, start, end]),
    );

  it('lists sales and refunds within at most 3 days', async () => {
    const { token, oid } = await getToken(sim);
    await sim.pay({ token });
    await postJson(
      `${sim.url}/odeme/iade`,
      signedApi({ merchant_oid: oid, return_amount: '4.56' }, [CREDS.merchantId, oid, '4.56']),
    );
    const start = formatTrDate(Date.now() - 60 * 60 * 1000);
    const end = formatTrDate(Date.now() + 60 * 60 * 1000);
    const body = (await list(start, end)) as { status: string; data: Array<Record<string, string>> };
    expect(body.status).toBe('success');
    expect(body.data.map((r) => [r.islem_tipi, r.siparis_no, r.islem_tutari])).toEqual([
      ['S', oid, '34.56'],
      ['I', oid, '4.56'],
    ]);
    expect(await list('2024-05-01 00:00:00', '2024-05-04 00:00:01')).toMatchObject({ err_no: '009' });
    expect(await list('2024-05-01', '2024-05-02 00:00:00')).toMatchObject({ err_no: '009' });
    expect((await list('2024-05-01 00:00:00', '2024-05-02 00:00:00')) as object).toEqual({
      status: 'failed',
      err_msg: expect.any(String),
    });
  });

  it('refuses a wrong signature and an unknown store', async () => {
    const f = { merchant_id: CREDS.merchantId, start_date: 'a', end_date: 'b', paytr_token: 'x' };
    expect(await postJson(`${sim.url}/rapor/islem-dokumu`, f)).toMatchObject({ err_no: '003' });
    const other = { ...f, merchant_id: '1' };
    expect(await postJson(`${sim.url}/rapor/islem-dokumu`, other)).toMatchObject({ err_no: '002' });
  });
});

describe('/__sim API', () => {
  it('lists orders, shows one, pays by merchant_oid and resets', async () => {
    const { oid } = await getToken(sim);
    const pay = await fetch(`${sim.url}/__sim/pay`, {
      method: 'POST',
      body: JSON.stringify({ merchant_oid: oid, card: '4111 1111 1111 1111' }),
    });
    expect(await pay.json()).toMatchObject({ status: 'failed', failedReasonCode: 0, callbackOk: true });
    const order = await (await fetch(`${sim.url}/__sim/orders/${oid}`)).json();
    expect(order).toMatchObject({ merchantOid: oid, status: 'failed', callback: { state: 'delivered' } });
    expect(await (await fetch(`${sim.url}/__sim/orders`)).json()).toHaveLength(1);
    expect((await fetch(`${sim.url}/__sim/orders/${newOid()}`)).status).toBe(404);
    expect((await fetch(`${sim.url}/__sim/reset`, { method: 'POST' })).status).toBe(200);
    expect(sim.orders()).toHaveLength(0);
  });
});
