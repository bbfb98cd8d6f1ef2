/** Options for starting a simulator; the three secrets are what the platform is configured with. */
export interface PaytrSimOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  merchantId: string;
  merchantKey: string;
  merchantSalt: string;
  /** The store's notification URL (set once in PayTR's panel, hence not per payment). */
  callbackUrl?: string;
  /** Wait between notification attempts; PayTR retries about once a minute. Default 60_000. */
  retryIntervalMs?: number;
  /** Attempts before the simulator gives up on a notification. Default 20. */
  maxCallbackAttempts?: number;
  /** How long one notification attempt may take. Default 10_000. */
  callbackTimeoutMs?: number;
  log?: (msg: string, extra?: object) => void;
  /**
   * The time payments settle and refunds happen at, as the report lists them (epoch ms). Default Date.now;
   * a merchant tested on a fake clock passes its own, so both sides agree on the day of a payment.
   */
  now?: () => number;
}

/** A record the transaction report lists although the simulator never processed it (tests). */
export interface ReportExtra {
  merchantOid: string;
  /** S: sale, I: refund. */
  type: 'S' | 'I';
  /** Minor units. */
  amount: number;
  currency: string;
  /** `YYYY-MM-DD hh:mm:ss`, Turkish time. */
  date: string;
}

/** How tests make the transaction report disagree with what was processed (POST /__sim/report). */
export interface ReportTamper {
  /** Sales of these merchant_oids are left out. */
  drop: string[];
  /** Sales of these merchant_oids are listed with this amount (minor units). */
  amounts: Record<string, number>;
  /** Sales of these merchant_oids are listed in this currency. */
  currencies: Record<string, string>;
  add: ReportExtra[];
}

/** Settings that can change while the simulator runs (POST /__sim/config). */
export interface SimConfig {
  /** false holds notifications (nothing is sent) until it is set back to true. */
  deliverCallbacks: boolean;
  /** true: PayTR's merchant APIs (token, Direct API, inquiry, refund, report) answer 503, as in an outage. */
  apiDown: boolean;
  retryIntervalMs: number;
  maxCallbackAttempts: number;
  callbackTimeoutMs: number;
  callbackUrl?: string;
}

/** One basket line as decoded from user_basket. */
export interface BasketLine {
  name: string;
  /** Unit price as the merchant wrote it ("18.00"). */
  unitPrice: string;
  quantity: number;
}

/** One notification delivery attempt and what the merchant answered. */
export interface CallbackAttempt {
  at: string;
  /** 1-based, counted across retries and resends. */
  n: number;
  reason: 'first' | 'retry' | 'resend';
  httpStatus?: number;
  /** The answer body, cut to 500 characters. */
  body?: string;
  error?: string;
  /** Only an exact `OK` body with a 2xx status counts. */
  ok: boolean;
}

/** Delivery state of an order's notification. */
export interface CallbackState {
  fields?: Record<string, string>;
  /** pending: not settled yet; held: deliverCallbacks=false; gave_up: max attempts spent. */
  state: 'none' | 'pending' | 'held' | 'delivering' | 'delivered' | 'gave_up';
  attempts: CallbackAttempt[];
}

/** One refund recorded against an order. */
export interface Refund {
  referenceNo: string | null;
  /** Minor units. */
  amount: number;
  /** The amount as the merchant sent it ("5.00"). */
  amountText: string;
  date: string;
}

/** The card a payment was made with, never the full number. */
export interface CardSummary {
  maskedPan: string;
  brand: string;
  ctoken?: string;
}

/** Everything the simulator knows about one merchant_oid. */
export interface Order {
  merchantOid: string;
  kind: 'iframe' | 'direct';
  token?: string;
  /** The request as received, minus card data. */
  request: Record<string, string>;
  email: string;
  userIp: string;
  /** Minor units asked for. */
  paymentAmount: number;
  /** Normalised: `TL` for TRY. */
  currency: string;
  testMode: boolean;
  noInstallment: boolean;
  maxInstallment: number;
  basket: BasketLine[];
  okUrl: string;
  failUrl: string;
  lang: 'tr' | 'en';
  createdAt: string;
  /** Epoch ms after which an unpaid iframe token is dead. */
  expiresAt?: number;
  status: 'pending' | 'success' | 'failed';
  /** Minor units charged (with any installment surcharge); 0 unless paid. */
  totalAmount: number;
  installmentCount: number;
  failedReasonCode?: number;
  failedReasonMsg?: string;
  settledAt?: string;
  card?: CardSummary;
  utoken?: string;
  ctoken?: string;
  refunds: Refund[];
  callback: CallbackState;
}

/** A card kept by the Direct API under a user token. */
export interface StoredCard {
  ctoken: string;
  utoken: string;
  number: string;
  month: string;
  year: string;
  holder: string;
  /** Tests may make a stored card decline its next charges (POST /__sim/cards/:ctoken). */
  decline: boolean;
}

/** How a card attempt ends, before it is recorded. */
export type CardOutcome = { ok: true } | { ok: false; code: number; message: string };

/** Input of a programmatic payment (POST /__sim/pay). */
export interface SimPayInput {
  token?: string;
  merchantOid?: string;
  /** 'success', 'decline', '3ds-fail' or a card number. */
  card?: string;
  installments?: number;
}

/** Result of a payment made through the page or /__sim/pay. */
export interface SimPayResult {
  merchantOid: string;
  status: 'success' | 'failed';
  totalAmount: number;
  installmentCount: number;
  failedReasonCode?: number;
  failedReasonMsg?: string;
  /** Whether the first notification attempt got `OK` (false when held or failed). */
  callbackOk: boolean;
  redirectUrl: string;
}

/** A running simulator, with typed helpers that mirror the /__sim API. */
export interface PaytrSim {
  /** http://host:port */
  url: string;
  /** Stops retries and timers and closes every socket. */
  close(): Promise<void>;
  pay(input: SimPayInput): Promise<SimPayResult>;
  order(merchantOid: string): Order | undefined;
  orders(): Order[];
  /** Delivers the notification again now, whatever was delivered before. */
  resendCallback(merchantOid: string): Promise<CallbackAttempt>;
  /** Expires an unpaid iframe token now, as if timeout_limit had passed. */
  expire(merchantOid: string): Promise<Order>;
  /** Makes a stored card decline (or succeed again) on its next charges. */
  setCardDecline(ctoken: string, decline: boolean): void;
  setConfig(patch: Partial<SimConfig>): SimConfig;
  /** Makes the transaction report drop, alter or add records (tests); see POST /__sim/report. */
  tamperReport(patch: Partial<ReportTamper> & { clear?: boolean }): ReportTamper;
  reset(): void;
}
