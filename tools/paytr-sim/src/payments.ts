import type { Notifier } from './callbacks.ts';
import { type CardInput, cardOutcome, cardSchema, cleanNumber, maskPan } from './cards.ts';
import { type SimCredentials, signedCallback, simVerify } from './hash.ts';
import { Refusal } from './http.ts';
import { installmentTotal } from './money.ts';
import type { Store } from './store.ts';
import type { CardOutcome, CardSummary, Order, ReportTamper, SimConfig } from './types.ts';

/** Everything a request handler of one simulator needs. */
export interface SimContext {
  creds: SimCredentials;
  config: SimConfig;
  /** What reset() returns config to. */
  initialConfig: SimConfig;
  store: Store;
  notifier: Notifier;
  log: (msg: string, extra?: object) => void;
  /** Timers that expire unpaid iframe tokens, by merchant_oid. */
  expiryTimers: Map<string, NodeJS.Timeout>;
  /** The bookkeeping clock: when payments settle and refunds happen (epoch ms). */
  now: () => number;
  /** What tests asked the transaction report to show differently. */
  reportTamper: ReportTamper;
}

/** failed_reason_code for a token left unpaid past timeout_limit. */
export const ABANDONED_CODE = 6;
/** Message sent with code 6. */
export const ABANDONED_MESSAGE = 'Müşteri ödeme süresi içinde ödemeyi tamamlamadı';

/** How long a browser waits for the first notification attempt before it is sent on anyway. */
export const REDIRECT_WAIT_MS = 2000;

/** Installment choices an order allows: none beyond 1 when no_installment=1, else up to max (12 when 0). */
export function allowedInstallments(order: Order): number[] {
  if (order.noInstallment) return [1];
  const max = order.maxInstallment === 0 ? 12 : order.maxInstallment;
  return Array.from({ length: max }, (_, i) => i + 1);
}

/** The notification form fields for a settled order, signed with the simulator's own code. */
export function notificationFields(ctx: SimContext, order: Order): Record<string, string> {
  const extra: Record<string, string> = {};
  if (order.utoken) extra.utoken = order.utoken;
  if (order.ctoken) extra.ctoken = order.ctoken;
  return signedCallback(
    {
      merchantOid: order.merchantOid,
      status: order.status === 'success' ? 'success' : 'failed',
      totalAmount: order.totalAmount,
      paymentAmount: order.paymentAmount,
      currency: order.currency,
      testMode: order.testMode,
      installmentCount: order.installmentCount,
      failedReasonCode: order.failedReasonCode,
      failedReasonMsg: order.failedReasonMsg,
      extra,
    },
    ctx.creds,
  );
}

/**
 * Records how a payment ended and starts its notification. The promise tells whether the first attempt got
 * `OK`; retries continue in the background.
 */
export function settle(
  ctx: SimContext,
  order: Order,
  outcome: CardOutcome,
  installments: number,
  card?: CardSummary,
): Promise<boolean> {
  if (order.status !== 'pending') throw new Error(`order ${order.merchantOid} is already settled`);
  const timer = ctx.expiryTimers.get(order.merchantOid);
  if (timer) clearTimeout(timer);
  ctx.expiryTimers.delete(order.merchantOid);
  order.status = outcome.ok ? 'success' : 'failed';
  order.installmentCount = Math.max(1, installments);
  order.totalAmount = outcome.ok ? installmentTotal(order.paymentAmount, order.installmentCount) : 0;
  if (!outcome.ok) {
    order.failedReasonCode = outcome.code;
    order.failedReasonMsg = outcome.message;
  }
  order.settledAt = new Date(ctx.now()).toISOString();
  if (card) order.card = card;
  order.callback.fields = notificationFields(ctx, order);
  order.callback.state = 'pending';
  ctx.log(`payment ${order.status}`, {
    merchantOid: order.merchantOid,
    totalAmount: order.totalAmount,
    failedReasonCode: order.failedReasonCode,
  });
  return ctx.notifier.start(order);
}

/** Pays an iframe order with a card the form checks already accepted. */
export function chargeCard(
  ctx: SimContext,
  order: Order,
  card: CardInput,
  installments: number,
): Promise<boolean> {
  const number = cleanNumber(card.number);
  return settle(ctx, order, cardOutcome(card), installments, {
    maskedPan: maskPan(number),
    brand: cardSchema(number),
  });
}

/** Fails an unpaid iframe order with code 6, as PayTR does when the payer never finishes. */
export function expire(ctx: SimContext, order: Order): Promise<boolean> {
  ctx.log('token expired', { merchantOid: order.merchantOid });
  return settle(ctx, order, { ok: false, code: ABANDONED_CODE, message: ABANDONED_MESSAGE }, 1);
}

/** Whether an order's token can no longer be paid because its time ran out (it was, or is now, expired). */
export function expireIfDue(ctx: SimContext, order: Order): boolean {
  if (order.status === 'pending' && order.expiresAt !== undefined && Date.now() >= order.expiresAt) {
    void expire(ctx, order);
  }
  return order.status === 'failed' && order.failedReasonCode === ABANDONED_CODE && !order.card;
}

// setTimeout cannot wait longer than this; a later deadline is re-armed when this one fires.
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Expires an unpaid token on a timer, so the merchant gets its failed notification without anyone looking at the
 * page again; pages and payments also check lazily, in case a timer is late.
 */
export function scheduleExpiry(ctx: SimContext, order: Order): void {
  if (order.expiresAt === undefined) return;
  const wait = Math.min(Math.max(0, order.expiresAt - Date.now()), MAX_TIMER_MS);
  const t = setTimeout(() => {
    ctx.expiryTimers.delete(order.merchantOid);
    if (order.status !== 'pending') return;
    if (Date.now() >= (order.expiresAt ?? 0)) void expire(ctx, order);
    else scheduleExpiry(ctx, order);
  }, wait);
  t.unref();
  ctx.expiryTimers.set(order.merchantOid, t);
}

/** Stops every expiry timer (reset and shutdown). */
export function clearExpiryTimers(ctx: SimContext): void {
  for (const t of ctx.expiryTimers.values()) clearTimeout(t);
  ctx.expiryTimers.clear();
}

/** Waits for the first notification attempt, but never longer than REDIRECT_WAIT_MS. */
export async function waitBriefly(first: Promise<boolean>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const cap = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, REDIRECT_WAIT_MS);
  });
  try {
    await Promise.race([first.then(() => undefined), cap]);
  } finally {
    clearTimeout(timer);
  }
}

/** A new payment request must carry a valid paytr_token and a merchant_oid never used before. */
export function checkNewSignedPayment(
  ctx: SimContext,
  message: string,
  paytrToken: string,
  merchantOid: string,
): void {
  if (!simVerify(ctx.creds.merchantKey, message, paytrToken))
    throw new Refusal(
      'paytr_token is invalid (check merchant_key, merchant_salt and the signed field order)',
    );
  if (ctx.store.orders.has(merchantOid))
    throw new Refusal('merchant_oid has already been used; every payment attempt needs a new one');
}
