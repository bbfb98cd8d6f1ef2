import type { Currency } from '@youarecoder/contract';

/** A line of the basket shown on the payment page. */
export interface BasketLine {
  name: string;
  /** Unit price with VAT, minor units. */
  unitPriceMinor: number;
  quantity: number;
}

/** What the payment page needs to know about one payment attempt. */
export interface PaymentRequest {
  merchantOid: string;
  userIp: string;
  email: string;
  amountMinor: number;
  currency: Currency;
  basket: BasketLine[];
  userName: string;
  userAddress: string;
  userPhone: string;
  okUrl: string;
  failUrl: string;
  lang: 'tr' | 'en';
  timeoutMinutes: number;
}

/** A notification as the gateway posted it, normalised. */
export interface PaymentNotification {
  merchantOid: string;
  status: 'success' | 'failed';
  totalAmountMinor: number;
  /** null when the notification does not say; `unknown` when it names a currency we never charge in. */
  currency: Currency | 'unknown' | null;
  testMode: boolean;
  paymentType: string | null;
  installmentCount: number | null;
  failedReasonCode: string | null;
  failedReasonMsg: string | null;
  /** Stored card tokens (Direct API with store_card=1). */
  utoken: string | null;
  ctoken: string | null;
}

/** What the gateway says about an order when asked. */
export type InquiryResult =
  | {
      found: true;
      paid: true;
      paymentAmountMinor: number;
      totalMinor: number;
      currency: Currency | null;
      testMode: boolean;
      refunds: { referenceNo: string | null; amountMinor: number }[];
    }
  | { found: false; paid: false; errNo: string; errMsg: string };

/** Outcome of a refund request. */
export type RefundResult = { ok: true; testMode: boolean } | { ok: false; errNo: string; errMsg: string };

/** A stored-card charge (recurring renewals). */
export interface StoredCardCharge {
  merchantOid: string;
  userIp: string;
  email: string;
  amountMinor: number;
  currency: Currency;
  utoken: string;
  ctoken: string;
  userName: string;
  userAddress: string;
  userPhone: string;
  basket: BasketLine[];
}

/** One record of the gateway's transaction report: a sale or a refund, as the gateway booked it. */
export interface GatewayTransaction {
  type: 'sale' | 'refund';
  merchantOid: string;
  /** What was charged (a sale, installments included) or given back (a refund), minor units. */
  amountMinor: number;
  /** `unknown` when the report names a currency we never charge in. */
  currency: Currency | 'unknown';
  /** When the gateway dated it. */
  at: Date;
}

/** A payment gateway: PayTR, or PayTR's simulator speaking the same protocol. */
export interface PaymentGateway {
  readonly kind: 'paytr' | 'simulator';
  readonly testMode: boolean;
  /** Base URL payment pages are served from (the portal allows it as a frame source). */
  readonly origin: string;
  /** Ask for a payment page; the answer is the URL to show in an iframe. */
  createPayment(req: PaymentRequest): Promise<{ token: string; iframeUrl: string }>;
  /**
   * Hidden fields of a Direct API card form the payer's browser posts to PayTR, storing the card
   * (`store_card=1`) for later renewals; the outcome comes as a notification with utoken/ctoken.
   */
  directPaymentForm(req: PaymentRequest & { utoken?: string | null }): {
    action: string;
    fields: Record<string, string>;
  };
  /** Check a notification's signature (constant time); false for anything malformed. */
  verifyNotification(body: Record<string, string>): boolean;
  /** Normalise a notification whose signature was checked; null when fields are missing or malformed. */
  parseNotification(body: Record<string, string>): PaymentNotification | null;
  /** Ask the gateway whether an order was paid. */
  inquire(merchantOid: string): Promise<InquiryResult>;
  /** Refund part or all of a paid order; `referenceNo` makes a retry safe. */
  refund(merchantOid: string, amountMinor: number, referenceNo: string): Promise<RefundResult>;
  /** Charge a stored card without the payer (needs PayTR's permission); the outcome comes as a notification. */
  chargeStoredCard(req: StoredCardCharge): Promise<{ accepted: true } | { accepted: false; reason: string }>;
  /**
   * The gateway's sales and refunds dated from `from` to `to` (both included, whole seconds), asked in
   * windows of at most 3 days; throws GatewayError rather than answer a partial list.
   */
  transactions(from: Date, to: Date): Promise<GatewayTransaction[]>;
}

/** The gateway answered something unusable or could not be reached. */
export class GatewayError extends Error {
  constructor(
    message: string,
    readonly reason: string,
  ) {
    super(message);
  }
}
