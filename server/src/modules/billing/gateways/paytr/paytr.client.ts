import { type Currency, minorToDecimal } from '@youarecoder/contract';
import {
  GatewayError,
  type InquiryResult,
  type PaymentGateway,
  type PaymentNotification,
  type RefundResult,
} from '../gateway.ts';
import {
  callbackSignature,
  directSignature,
  inquirySignature,
  type PaytrCredentials,
  refundSignature,
  signatureMatches,
  tokenSignature,
} from './paytr.hash.ts';
import { fetchTransactions } from './paytr.report.ts';

/** How a PayTR gateway is set up. */
export interface PaytrOptions extends PaytrCredentials {
  apiBase: string;
  testMode: boolean;
  /** 1 = single payment only; 0 = any; 2–12 = at most that many. */
  maxInstallment: number;
  recurringField: 'recurring_payment' | 'recurring';
  kind: 'paytr' | 'simulator';
  fetch?: typeof fetch;
  timeoutMs?: number;
}

// PayTR writes Turkish lira as TL in notifications and accepts it in requests.
const toPaytrCurrency = (c: Currency) => (c === 'TRY' ? 'TL' : c);
const fromPaytrCurrency = (c: string | undefined): Currency | null => {
  const u = (c ?? '').toUpperCase();
  if (u === 'TL' || u === 'TRY') return 'TRY';
  if (u === 'USD' || u === 'EUR') return u;
  return null;
};
const intOrNull = (s: string | undefined) => (s && /^\d+$/.test(s) ? Number(s) : null);
/** Decimal string ("9.99", "100") to minor units without floats. */
const decimalToMinor = (s: unknown): number | null => {
  const m = /^(\d+)(?:\.(\d{1,2}))?$/.exec(String(s ?? '').trim());
  return m ? Number(m[1]) * 100 + Number((m[2] ?? '0').padEnd(2, '0')) : null;
};

/** A PayTR gateway (iFrame API, status inquiry, refunds, Direct API stored-card charges). */
export function createPaytrGateway(o: PaytrOptions): PaymentGateway {
  const doFetch = o.fetch ?? fetch;
  const base = o.apiBase.replace(/\/+$/, '');
  const testMode = o.testMode ? '1' : '0';

  async function post(path: string, form: Record<string, string>): Promise<Record<string, unknown>> {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(form).toString(),
        signal: AbortSignal.timeout(o.timeoutMs ?? 20_000),
      });
    } catch (err) {
      throw new GatewayError(`PayTR could not be reached (${path})`, (err as Error).message);
    }
    const text = await res.text();
    if (!res.ok) throw new GatewayError(`PayTR answered HTTP ${res.status} (${path})`, text.slice(0, 200));
    try {
      return JSON.parse(text) as Record<string, unknown>;
    } catch {
      throw new GatewayError(`PayTR answered something that is not JSON (${path})`, text.slice(0, 200));
    }
  }

  /** The signed fields of a Direct API payment (amount as a decimal string there). */
  const directFields = (
    req: { userIp: string; merchantOid: string; email: string; amountMinor: number; currency: Currency },
    non3d: '0' | '1',
  ) => ({
    user_ip: req.userIp,
    merchant_oid: req.merchantOid,
    email: req.email,
    payment_amount: minorToDecimal(req.amountMinor),
    payment_type: 'card',
    installment_count: '0',
    currency: toPaytrCurrency(req.currency),
    test_mode: testMode,
    non_3d: non3d,
  });
  const basketJson = (basket: { name: string; unitPriceMinor: number; quantity: number }[]) =>
    JSON.stringify(basket.map((l) => [l.name, minorToDecimal(l.unitPriceMinor), l.quantity]));

  return {
    kind: o.kind,
    testMode: o.testMode,
    origin: new URL(base).origin,

    async createPayment(req) {
      const basket = Buffer.from(basketJson(req.basket), 'utf8').toString('base64');
      const fields = {
        user_ip: req.userIp,
        merchant_oid: req.merchantOid,
        email: req.email,
        payment_amount: String(req.amountMinor),
        user_basket: basket,
        no_installment: o.maxInstallment === 1 ? '1' : '0',
        max_installment: o.maxInstallment === 1 ? '0' : String(o.maxInstallment),
        currency: toPaytrCurrency(req.currency),
        test_mode: testMode,
      };
      const answer = await post('/odeme/api/get-token', {
        merchant_id: o.merchantId,
        ...fields,
        paytr_token: tokenSignature(o, fields),
        user_name: req.userName.slice(0, 60),
        user_address: req.userAddress.slice(0, 400),
        user_phone: req.userPhone.slice(0, 20),
        merchant_ok_url: req.okUrl,
        merchant_fail_url: req.failUrl,
        timeout_limit: String(req.timeoutMinutes),
        debug_on: o.testMode ? '1' : '0',
        lang: req.lang,
      });
      if (answer.status !== 'success' || typeof answer.token !== 'string')
        throw new GatewayError(
          'PayTR refused the payment request',
          String(answer.reason ?? 'no reason given'),
        );
      return { token: answer.token, iframeUrl: `${base}/odeme/guvenli/${answer.token}` };
    },

    directPaymentForm(req) {
      const fields = directFields(req, '0');
      return {
        action: `${base}/odeme`,
        fields: {
          merchant_id: o.merchantId,
          ...fields,
          paytr_token: directSignature(o, fields),
          store_card: '1',
          ...(req.utoken ? { utoken: req.utoken } : {}),
          user_name: req.userName.slice(0, 60),
          user_address: req.userAddress.slice(0, 400),
          user_phone: req.userPhone.slice(0, 20),
          user_basket: basketJson(req.basket),
          merchant_ok_url: req.okUrl,
          merchant_fail_url: req.failUrl,
          client_lang: req.lang,
          debug_on: o.testMode ? '1' : '0',
        },
      };
    },

    verifyNotification(body) {
      const { merchant_oid: oid, status, total_amount: total, hash } = body;
      if (!oid || !status || total === undefined || !hash) return false;
      return signatureMatches(callbackSignature(o, oid, status, total), hash);
    },

    parseNotification(body): PaymentNotification | null {
      const status = body.status;
      const total = intOrNull(body.total_amount);
      if (!body.merchant_oid || (status !== 'success' && status !== 'failed') || total === null) return null;
      return {
        merchantOid: body.merchant_oid,
        status,
        totalAmountMinor: total,
        // A currency that does not parse is not "no currency": it never matches an order's.
        currency: body.currency ? (fromPaytrCurrency(body.currency) ?? 'unknown') : null,
        testMode: body.test_mode === '1',
        paymentType: body.payment_type ?? null,
        installmentCount: intOrNull(body.installment_count),
        failedReasonCode: body.failed_reason_code ?? null,
        failedReasonMsg: body.failed_reason_msg ?? null,
        utoken: body.utoken ?? null,
        ctoken: body.ctoken ?? null,
      };
    },

    async inquire(oid): Promise<InquiryResult> {
      const a = await post('/odeme/durum-sorgu', {
        merchant_id: o.merchantId,
        merchant_oid: oid,
        paytr_token: inquirySignature(o, oid),
      });
      if (a.status !== 'success')
        return { found: false, paid: false, errNo: String(a.err_no ?? ''), errMsg: String(a.err_msg ?? '') };
      const amount = decimalToMinor(a.payment_amount);
      const total = decimalToMinor(a.payment_total);
      if (amount === null || total === null)
        throw new GatewayError(
          'PayTR status inquiry answered without amounts',
          JSON.stringify(a).slice(0, 200),
        );
      const returns = Array.isArray(a.returns) ? (a.returns as Record<string, unknown>[]) : [];
      return {
        found: true,
        paid: true,
        paymentAmountMinor: amount,
        totalMinor: total,
        currency: fromPaytrCurrency(String(a.currency ?? '')),
        testMode: String(a.test_mode) === '1',
        refunds: returns.map((r) => ({
          referenceNo: r.reference_no ? String(r.reference_no) : null,
          amountMinor: decimalToMinor(r.return_amount ?? r.amount) ?? 0,
        })),
      };
    },

    async refund(oid, amountMinor, referenceNo): Promise<RefundResult> {
      const amount = minorToDecimal(amountMinor);
      const a = await post('/odeme/iade', {
        merchant_id: o.merchantId,
        merchant_oid: oid,
        return_amount: amount,
        reference_no: referenceNo,
        paytr_token: refundSignature(o, oid, amount),
      });
      if (a.status === 'success') return { ok: true, testMode: String(a.is_test) === '1' };
      return { ok: false, errNo: String(a.err_no ?? ''), errMsg: String(a.err_msg ?? 'refund refused') };
    },

    async chargeStoredCard(req) {
      const fields = directFields(req, '1');
      const basket = basketJson(req.basket);
      const a = await post('/odeme', {
        merchant_id: o.merchantId,
        ...fields,
        paytr_token: directSignature(o, fields),
        utoken: req.utoken,
        ctoken: req.ctoken,
        [o.recurringField]: '1',
        user_name: req.userName.slice(0, 60),
        user_address: req.userAddress.slice(0, 400),
        user_phone: req.userPhone.slice(0, 20),
        user_basket: basket,
        client_lang: 'tr',
        sync_mode: '0',
      });
      return a.status === 'success'
        ? { accepted: true }
        : { accepted: false, reason: String(a.reason ?? a.err_msg ?? 'refused') };
    },

    transactions: (from, to) => fetchTransactions(o, post, decimalToMinor, fromPaytrCurrency, from, to),
  };
}
