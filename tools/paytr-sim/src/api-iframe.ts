import type { IncomingMessage, ServerResponse } from 'node:http';
import { cardInputError, shorthandCard } from './cards.ts';
import { iframeTokenMessage } from './hash.ts';
import { HttpError, Refusal, readForm, sendHtml, sendJson } from './http.ts';
import { CURRENCIES, normaliseCurrency, parseMinor } from './money.ts';
import { checkoutPage, errorPage, redirectPage } from './pages.ts';
import {
  allowedInstallments,
  chargeCard,
  checkNewSignedPayment,
  expireIfDue,
  type SimContext,
  scheduleExpiry,
  waitBriefly,
} from './payments.ts';
import type { Order, SimPayInput, SimPayResult } from './types.ts';
import { checkEmail, checkMerchantOid, checkUrl, decodeBasket, Fields } from './validate.ts';

/** Longest timeout_limit accepted, in minutes (a week); PayTR's default is 30. */
const MAX_TIMEOUT_MINUTES = 7 * 24 * 60;

/** Validates a get-token request like PayTR and records the order; returns the iframe token. */
export function createIframeOrder(ctx: SimContext, raw: Record<string, string>): string {
  const f = new Fields(raw);
  const merchantId = f.required('merchant_id', 20);
  if (merchantId !== ctx.creds.merchantId) throw new Refusal('merchant_id is not a known store number');
  const userIp = f.required('user_ip', 39);
  const merchantOid = checkMerchantOid(f);
  const email = checkEmail(f);
  const paymentAmount = parseMinor(f.required('payment_amount', 12));
  if (paymentAmount === null) {
    throw new Refusal(
      'payment_amount must be a positive whole number in minor units (34.56 is sent as 3456)',
    );
  }
  const currency = f.oneOf('currency', CURRENCIES, 'TL');
  const basketText = f.required('user_basket', 20_000);
  const noInstallment = f.flag('no_installment');
  const maxInstallment = f.integer('max_installment', 0, 12);
  if (maxInstallment === 1) throw new Refusal('max_installment must be 0 or from 2 to 12');
  const testMode = f.flag('test_mode');
  f.required('user_name', 60);
  f.required('user_address', 400);
  f.required('user_phone', 20);
  const okUrl = checkUrl(f, 'merchant_ok_url');
  const failUrl = checkUrl(f, 'merchant_fail_url');
  const timeoutLimit = f.integer('timeout_limit', 1, MAX_TIMEOUT_MINUTES, 30);
  f.flag('debug_on', '0');
  const lang = f.oneOf('lang', ['tr', 'en'] as const, 'tr');
  const paytrToken = f.required('paytr_token', 200);
  const basket = decodeBasket(basketText);
  // The signature covers currency as sent, including an empty one that defaulted to TL.
  const message = iframeTokenMessage(
    {
      merchant_id: merchantId,
      user_ip: userIp,
      merchant_oid: merchantOid,
      email,
      payment_amount: raw.payment_amount ?? '',
      user_basket: basketText,
      no_installment: noInstallment,
      max_installment: raw.max_installment ?? '',
      currency: raw.currency ?? '',
      test_mode: testMode,
    },
    ctx.creds.merchantSalt,
  );
  checkNewSignedPayment(ctx, message, paytrToken, merchantOid);
  const now = Date.now();
  const order: Order = {
    merchantOid,
    kind: 'iframe',
    token: ctx.store.newToken(),
    request: { ...raw },
    email,
    userIp,
    paymentAmount,
    currency: normaliseCurrency(currency),
    testMode: testMode === '1',
    noInstallment: noInstallment === '1',
    maxInstallment,
    basket,
    okUrl,
    failUrl,
    lang,
    createdAt: new Date(now).toISOString(),
    expiresAt: now + timeoutLimit * 60_000,
    status: 'pending',
    totalAmount: 0,
    installmentCount: 1,
    refunds: [],
    callback: { state: 'none', attempts: [] },
  };
  ctx.store.add(order);
  scheduleExpiry(ctx, order);
  ctx.log('token issued', { merchantOid, paymentAmount, currency: order.currency });
  return order.token as string;
}

/** POST /odeme/api/get-token */
export async function handleGetToken(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = await readForm(req);
  try {
    sendJson(res, 200, { status: 'success', token: createIframeOrder(ctx, raw) });
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    ctx.log('get-token refused', { reason: err.message, merchantOid: raw.merchant_oid });
    sendJson(res, 200, { status: 'failed', reason: err.message });
  }
}

/** Why a token cannot be paid, or null when it can. */
function unpayable(
  ctx: SimContext,
  order: Order | undefined,
): { status: number; title: string; msg: string } | null {
  if (!order) {
    return {
      status: 404,
      title: 'Ödeme bulunamadı / Payment not found',
      msg: 'Bu ödeme bağlantısı geçersiz. / This payment link is not valid.',
    };
  }
  if (expireIfDue(ctx, order)) {
    return {
      status: 410,
      title: 'Ödeme süresi doldu / Payment expired',
      msg: 'Bu ödemenin süresi doldu. / The time allowed for this payment has passed.',
    };
  }
  if (order.status !== 'pending') {
    return {
      status: 410,
      title: 'Ödeme tamamlandı / Payment already made',
      msg: 'Bu ödeme bağlantısı zaten kullanıldı. / This payment link has already been used.',
    };
  }
  return null;
}

/** GET /odeme/guvenli/<token> */
export function handlePage(ctx: SimContext, token: string, res: ServerResponse): void {
  const order = ctx.store.byToken(token);
  const why = unpayable(ctx, order);
  if (why || !order) {
    sendHtml(res, why?.status ?? 404, errorPage(order?.lang ?? 'tr', why?.title ?? '', why?.msg ?? ''));
    return;
  }
  sendHtml(res, 200, checkoutPage(order, `/odeme/guvenli/${token}`));
}

/** POST /odeme/guvenli/<token>: the payer submits the card form. */
export async function handlePagePost(
  ctx: SimContext,
  token: string,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = await readForm(req);
  const order = ctx.store.byToken(token);
  const why = unpayable(ctx, order);
  if (why || !order) {
    sendHtml(res, why?.status ?? 404, errorPage(order?.lang ?? 'tr', why?.title ?? '', why?.msg ?? ''));
    return;
  }
  const tr = order.lang === 'tr';
  const values = {
    owner: raw.cc_owner ?? '',
    number: raw.cc_number ?? '',
    expiry: raw.cc_expiry ?? '',
    installments: Number(raw.installment_count ?? '1'),
  };
  const again = (msg: string) =>
    sendHtml(res, 400, checkoutPage(order, `/odeme/guvenli/${token}`, msg, values));
  if (values.owner.trim() === '')
    return again(tr ? 'Kart üzerindeki ismi yazın' : 'Enter the name on the card');
  const exp = /^\s*(\d{1,2})\s*\/\s*(\d{2}|\d{4})\s*$/.exec(values.expiry);
  if (!exp) return again(tr ? 'Son kullanma tarihini AA/YY olarak yazın' : 'Enter the expiry date as MM/YY');
  if (!allowedInstallments(order).includes(values.installments)) {
    return again(tr ? 'Geçersiz taksit seçimi' : 'Invalid installment choice');
  }
  const card = { number: values.number, month: exp[1] ?? '', year: exp[2] ?? '', cvv: raw.cc_cvc ?? '' };
  const bad = cardInputError(card, new Date());
  if (bad) return again(bad.message[order.lang]);
  await waitBriefly(chargeCard(ctx, order, card, values.installments));
  sendHtml(res, 200, redirectPage(order.lang, order.status === 'success' ? order.okUrl : order.failUrl));
}

/** POST /__sim/pay: pays an iframe order as a browser would, and waits for the first notification attempt. */
export async function simPay(ctx: SimContext, input: SimPayInput): Promise<SimPayResult> {
  if (input.token === undefined && input.merchantOid === undefined) {
    throw new HttpError(400, 'give token or merchant_oid');
  }
  const order =
    input.token !== undefined
      ? ctx.store.byToken(input.token)
      : ctx.store.orders.get(input.merchantOid ?? '');
  if (order && order.kind !== 'iframe') throw new HttpError(409, 'only iFrame API orders can be paid here');
  const why = unpayable(ctx, order);
  if (why || !order) throw new HttpError(why?.status ?? 404, why?.title ?? 'not found');
  const installments = input.installments ?? 1;
  if (!allowedInstallments(order).includes(installments)) {
    throw new HttpError(400, `installments must be one of ${allowedInstallments(order).join(', ')}`);
  }
  const card = shorthandCard(input.card, new Date());
  const bad = cardInputError(card, new Date());
  if (bad) throw new HttpError(400, `card: ${bad.message.en}`);
  const callbackOk = await chargeCard(ctx, order, card, installments);
  return {
    merchantOid: order.merchantOid,
    status: order.status === 'success' ? 'success' : 'failed',
    totalAmount: order.totalAmount,
    installmentCount: order.installmentCount,
    failedReasonCode: order.failedReasonCode,
    failedReasonMsg: order.failedReasonMsg,
    callbackOk,
    redirectUrl: order.status === 'success' ? order.okUrl : order.failUrl,
  };
}
