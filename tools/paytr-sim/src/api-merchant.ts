import type { IncomingMessage, ServerResponse } from 'node:http';
import { refundMessage, simVerify, statusInquiryMessage } from './hash.ts';
import { readForm, sendJson } from './http.ts';
import { formatDecimal, formatTrDate, parseDecimal } from './money.ts';
import type { SimContext } from './payments.ts';
import type { Order } from './types.ts';

/** err_no values of the merchant APIs (status inquiry, refund, transaction list, stored cards). */
export const ERR = {
  /** A required field is missing or malformed; err_msg names it. */
  FIELD: '001',
  /** merchant_id is not the simulator's store. */
  MERCHANT: '002',
  /** paytr_token does not verify. */
  TOKEN: '003',
  /** No order with this merchant_oid. */
  NOT_FOUND: '004',
  /** The order exists but was not paid (still open, failed or expired). */
  NOT_PAID: '005',
  /** return_amount is not a positive dot-decimal amount. */
  AMOUNT: '006',
  /** The refund would take the refunded total above what was charged. */
  OVER_REFUND: '007',
  /** reference_no was used before for a different refund. */
  REFERENCE_USED: '008',
  /** start_date/end_date malformed, reversed, or more than 3 days apart. */
  DATE_RANGE: '009',
  /** utoken was never issued. */
  UTOKEN: '010',
  /** No card with this ctoken under this utoken. */
  CTOKEN: '011',
} as const;

/** A merchant-API error answered as {status:'error', err_no, err_msg}. */
export class ApiError extends Error {
  constructor(
    readonly errNo: string,
    message: string,
  ) {
    super(message);
  }
}

/** Reads the form, runs the handler and answers its JSON, or the error shape PayTR's merchant APIs use. */
export async function answerApi(
  ctx: SimContext,
  req: IncomingMessage,
  res: ServerResponse,
  handler: (f: Record<string, string>) => unknown,
): Promise<void> {
  const raw = await readForm(req);
  try {
    sendJson(res, 200, handler(raw));
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    ctx.log(`${req.url} error`, { err_no: err.errNo, err_msg: err.message });
    sendJson(res, 200, { status: 'error', err_no: err.errNo, err_msg: err.message });
  }
}

/** A field the merchant APIs require. */
export function need(f: Record<string, string>, name: string): string {
  const v = f[name];
  if (v === undefined || v === '') throw new ApiError(ERR.FIELD, `${name} is required`);
  return v;
}

/** Checks merchant_id and the signature over the message built from the request's fields. */
export function authenticate(
  ctx: SimContext,
  f: Record<string, string>,
  build: (salt: string) => string,
): void {
  if (need(f, 'merchant_id') !== ctx.creds.merchantId) {
    throw new ApiError(ERR.MERCHANT, 'merchant_id is not a known store number');
  }
  const token = need(f, 'paytr_token');
  if (!simVerify(ctx.creds.merchantKey, build(ctx.creds.merchantSalt), token)) {
    throw new ApiError(ERR.TOKEN, 'paytr_token is invalid');
  }
}

function paidOrder(ctx: SimContext, oid: string): Order {
  const order = ctx.store.orders.get(oid);
  if (!order) throw new ApiError(ERR.NOT_FOUND, 'no payment with this merchant_oid was found');
  if (order.status === 'pending')
    throw new ApiError(ERR.NOT_PAID, 'payment not completed: awaiting the payer');
  if (order.status === 'failed') {
    throw new ApiError(ERR.NOT_PAID, `payment not completed: ${order.failedReasonMsg ?? 'failed'}`);
  }
  return order;
}

function settledMs(order: Order): number {
  return order.settledAt ? Date.parse(order.settledAt) : Date.parse(order.createdAt);
}

/** POST /odeme/durum-sorgu */
export function statusInquiry(ctx: SimContext, f: Record<string, string>): unknown {
  const oid = need(f, 'merchant_oid');
  authenticate(ctx, f, (salt) =>
    statusInquiryMessage({ merchant_id: f.merchant_id ?? '', merchant_oid: oid }, salt),
  );
  const order = paidOrder(ctx, oid);
  return {
    status: 'success',
    payment_amount: formatDecimal(order.paymentAmount),
    payment_total: formatDecimal(order.totalAmount),
    payment_date: formatTrDate(settledMs(order)),
    currency: order.currency,
    taksit: String(order.installmentCount),
    kart_marka: order.card?.brand ?? '',
    masked_pan: order.card?.maskedPan ?? '',
    odeme_tipi: 'KART',
    test_mode: order.testMode ? '1' : '0',
    returns: order.refunds.map((r) => ({
      return_amount: r.amountText,
      return_date: r.date,
      reference_no: r.referenceNo,
    })),
  };
}

/**
 * POST /odeme/iade. Partial refunds add up to at most the charged total. A reference_no seen before for the
 * same order and amount answers the earlier success again without refunding twice; reused for anything else it
 * is error 008.
 */
export function refund(ctx: SimContext, f: Record<string, string>): unknown {
  const oid = need(f, 'merchant_oid');
  const amountText = need(f, 'return_amount');
  authenticate(ctx, f, (salt) =>
    refundMessage({ merchant_id: f.merchant_id ?? '', merchant_oid: oid, return_amount: amountText }, salt),
  );
  const referenceNo = f.reference_no ? f.reference_no : null;
  if (referenceNo !== null && !/^[A-Za-z0-9]{1,64}$/.test(referenceNo)) {
    throw new ApiError(ERR.FIELD, 'reference_no must be letters and digits only, at most 64');
  }
  const amount = parseDecimal(amountText);
  if (amount === null) throw new ApiError(ERR.AMOUNT, 'return_amount must be a positive amount like "9.99"');
  const order = paidOrder(ctx, oid);
  const ok = {
    status: 'success',
    is_test: order.testMode ? 1 : 0,
    merchant_oid: oid,
    return_amount: amountText,
  };
  if (referenceNo !== null) {
    for (const other of ctx.store.list()) {
      const earlier = other.refunds.find((r) => r.referenceNo === referenceNo);
      if (!earlier) continue;
      if (other === order && earlier.amount === amount) return { ...ok, return_amount: earlier.amountText };
      throw new ApiError(ERR.REFERENCE_USED, 'reference_no was already used for another refund');
    }
  }
  const refunded = order.refunds.reduce((sum, r) => sum + r.amount, 0);
  if (refunded + amount > order.totalAmount) {
    throw new ApiError(
      ERR.OVER_REFUND,
      `return_amount exceeds what can still be refunded (${formatDecimal(order.totalAmount - refunded)})`,
    );
  }
  order.refunds.push({ referenceNo, amount, amountText, date: formatTrDate(ctx.now()) });
  ctx.log('refund', { merchantOid: oid, amount, referenceNo });
  return ok;
}
