import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, authenticate, ERR, need } from './api-merchant.ts';
import {
  type CardInput,
  cardInputError,
  cardIssuer,
  cardOutcome,
  cardSchema,
  cleanNumber,
  LIMIT_MESSAGE,
  maskPan,
  TEST_CVC,
} from './cards.ts';
import { capiDeleteMessage, capiListMessage, directPaymentMessage } from './hash.ts';
import { Refusal, readForm, redirect, sendJson } from './http.ts';
import { CURRENCIES, normaliseCurrency, parseDecimal } from './money.ts';
import { checkNewSignedPayment, type SimContext, settle, waitBriefly } from './payments.ts';
import type { CardOutcome, Order, StoredCard } from './types.ts';
import { checkEmail, checkMerchantOid, checkUrl, decodeBasket, Fields } from './validate.ts';

const CARD_FIELDS = ['card_number', 'cvv', 'expiry_month', 'expiry_year', 'cc_owner'];

/** A validated Direct API request, ready to be charged. */
interface DirectRequest {
  order: Order;
  card: CardInput;
  stored?: StoredCard;
  storeCard: boolean;
  /** A stored-card, non-3D charge made server to server: answered with JSON instead of a redirect. */
  serverToServer: boolean;
}

/** Validates a Direct API payment like PayTR; the card itself is judged later, as a bank would. */
function parseDirect(ctx: SimContext, raw: Record<string, string>): DirectRequest {
  const f = new Fields(raw);
  const merchantId = f.required('merchant_id', 20);
  if (merchantId !== ctx.creds.merchantId) throw new Refusal('merchant_id is not a known store number');
  const userIp = f.required('user_ip', 39);
  const merchantOid = checkMerchantOid(f);
  const email = checkEmail(f);
  const paymentAmount = parseDecimal(f.required('payment_amount', 14));
  if (paymentAmount === null) throw new Refusal('payment_amount must be a positive amount like "9.99"');
  f.oneOf('payment_type', ['card'] as const);
  const installments = f.integer('installment_count', 0, 12);
  const currency = f.oneOf('currency', CURRENCIES, 'TL');
  const testMode = f.flag('test_mode');
  const non3d = f.flag('non_3d');
  // A server-to-server stored-card charge never sends a browser anywhere, so it may leave the return URLs out.
  const serverToServer = !!raw.ctoken && non3d === '1';
  const url = (name: string) => (serverToServer && !raw[name] ? '' : checkUrl(f, name));
  const okUrl = url('merchant_ok_url');
  const failUrl = url('merchant_fail_url');
  f.required('user_name', 60);
  f.required('user_address', 400);
  f.required('user_phone', 20);
  const basket = decodeBasket(f.required('user_basket', 20_000), true);
  const lang = f.oneOf('client_lang', ['tr', 'en'] as const, 'tr');
  const storeCard = f.flag('store_card', '0') === '1';
  f.flag('debug_on', '0');
  // PayTR's samples disagree on the name of the recurring flag; either is accepted (and kept in the record).
  for (const name of ['recurring', 'recurring_payment']) f.flag(name, '0');
  const paytrToken = f.required('paytr_token', 200);
  const message = directPaymentMessage(
    {
      merchant_id: merchantId,
      user_ip: userIp,
      merchant_oid: merchantOid,
      email,
      payment_amount: raw.payment_amount ?? '',
      payment_type: raw.payment_type ?? '',
      installment_count: raw.installment_count ?? '',
      currency: raw.currency ?? '',
      test_mode: testMode,
      non_3d: non3d,
    },
    ctx.creds.merchantSalt,
  );
  checkNewSignedPayment(ctx, message, paytrToken, merchantOid);
  const utoken = f.optional('utoken', 64);
  if (utoken && !ctx.store.hasUser(utoken)) throw new Refusal('utoken is not known');
  let card: CardInput;
  let stored: StoredCard | undefined;
  const ctoken = f.optional('ctoken', 64);
  if (ctoken) {
    if (!utoken) throw new Refusal('utoken is required with ctoken');
    stored = ctx.store.card(ctoken);
    if (!stored || stored.utoken !== utoken) throw new Refusal('ctoken is not a stored card of this utoken');
    // A stored card was verified when it was saved; recurring charges come without a CVV.
    card = { number: stored.number, month: stored.month, year: stored.year, cvv: raw.cvv || TEST_CVC };
  } else {
    f.required('cc_owner', 50);
    card = {
      number: f.required('card_number', 23),
      month: f.required('expiry_month', 2),
      year: f.required('expiry_year', 4),
      cvv: f.required('cvv', 4),
    };
  }
  const request = Object.fromEntries(Object.entries(raw).filter(([k]) => !CARD_FIELDS.includes(k)));
  const order: Order = {
    merchantOid,
    kind: 'direct',
    request,
    email,
    userIp,
    paymentAmount,
    currency: normaliseCurrency(currency),
    testMode: testMode === '1',
    noInstallment: false,
    maxInstallment: 0,
    basket,
    okUrl,
    failUrl,
    lang,
    createdAt: new Date().toISOString(),
    status: 'pending',
    totalAmount: 0,
    installmentCount: Math.max(1, installments),
    refunds: [],
    callback: { state: 'none', attempts: [] },
  };
  return { order, card, stored, storeCard: storeCard && !stored, serverToServer };
}

/** How the simulated bank answers a Direct API charge. */
function judge(d: DirectRequest): CardOutcome {
  if (d.stored?.decline) return { ok: false, code: 0, message: LIMIT_MESSAGE };
  const bad = cardInputError(d.card, new Date());
  if (bad) return { ok: false, code: 0, message: bad.message.tr };
  return cardOutcome(d.card);
}

/**
 * POST /odeme. A browser post is sent on to merchant_ok_url or merchant_fail_url after the first notification
 * attempt (bounded wait); a server-to-server stored-card charge gets JSON first and its notification after.
 */
export async function handleDirect(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
): Promise<void> {
  const raw = await readForm(req);
  let d: DirectRequest;
  try {
    d = parseDirect(ctx, raw);
  } catch (err) {
    if (!(err instanceof Refusal)) throw err;
    ctx.log('direct payment refused', { reason: err.message, merchantOid: raw.merchant_oid });
    sendJson(res, 200, { status: 'failed', reason: err.message });
    return;
  }
  const { order } = d;
  ctx.store.add(order);
  const outcome = judge(d);
  const number = cleanNumber(d.card.number);
  if (outcome.ok && d.storeCard) {
    const kept = ctx.store.storeCard(raw.utoken || undefined, {
      number,
      month: d.card.month.padStart(2, '0'),
      year: d.card.year.slice(-2),
      holder: raw.cc_owner ?? '',
    });
    order.utoken = kept.utoken;
    order.ctoken = kept.ctoken;
  }
  const summary = { maskedPan: maskPan(number), brand: cardSchema(number), ctoken: d.stored?.ctoken };
  if (d.serverToServer) {
    sendJson(res, 200, outcome.ok ? { status: 'success' } : { status: 'failed', reason: outcome.message });
    void settle(ctx, order, outcome, order.installmentCount, summary);
    return;
  }
  await waitBriefly(settle(ctx, order, outcome, order.installmentCount, summary));
  redirect(res, outcome.ok ? order.okUrl : order.failUrl);
}

/** POST /odeme/capi/list: the cards stored under a user token. */
export function capiList(ctx: SimContext, f: Record<string, string>): unknown {
  const utoken = need(f, 'utoken');
  authenticate(ctx, f, (salt) => capiListMessage({ utoken }, salt));
  if (!ctx.store.hasUser(utoken)) throw new ApiError(ERR.UTOKEN, 'utoken is not known');
  return ctx.store.cardsOf(utoken).map((c) => {
    const issuer = cardIssuer(c.number);
    return {
      ctoken: c.ctoken,
      last_4: c.number.slice(-4),
      require_cvv: '0',
      month: c.month,
      year: c.year,
      c_bank: issuer.bank,
      c_name: issuer.name,
      c_brand: issuer.name,
      c_type: 'credit',
      businessCard: 'n',
      initial: c.number.slice(0, 1),
      schema: cardSchema(c.number),
    };
  });
}

/** POST /odeme/capi/delete */
export function capiDelete(ctx: SimContext, f: Record<string, string>): unknown {
  const utoken = need(f, 'utoken');
  const ctoken = need(f, 'ctoken');
  authenticate(ctx, f, (salt) => capiDeleteMessage({ ctoken, utoken }, salt));
  if (!ctx.store.hasUser(utoken)) throw new ApiError(ERR.UTOKEN, 'utoken is not known');
  if (!ctx.store.deleteCard(utoken, ctoken))
    throw new ApiError(ERR.CTOKEN, 'no stored card with this ctoken');
  ctx.log('stored card deleted', { utoken, ctoken });
  return { status: 'success' };
}
