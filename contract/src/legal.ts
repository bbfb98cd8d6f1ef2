// The seller's legal documents and the refund policy, shared by the server and the portal. No zod
// here: the portal imports this module (through `@youarecoder/contract/legal`).

/**
 * Version of the distance sales contract, preliminary information form, refund policy and delivery
 * terms. Checkout records it with each acceptance; change it whenever one of the texts changes.
 */
export const LEGAL_VERSION = '2026-12-07';

/** The four documents a seller's site publishes (PayTR's merchant check, Law 6502). */
export const LEGAL_DOCUMENTS = ['distance_sales', 'pre_information', 'refunds', 'delivery'] as const;
/** One of the legal documents. */
export type LegalDocument = (typeof LEGAL_DOCUMENTS)[number];

/** Documents the payer accepts at checkout (the other two are parts of the contract). */
export const CHECKOUT_DOCUMENTS = ['distance_sales', 'pre_information'] as const;

/** Public address of each document in the portal. */
export const LEGAL_PATHS: Readonly<Record<LegalDocument, string>> = Object.freeze({
  distance_sales: '/legal/distance-sales',
  pre_information: '/legal/pre-information',
  refunds: '/legal/refunds',
  delivery: '/legal/delivery',
});

/** Days after the company's first payment during which every payment is refunded in full. */
export const REFUND_FULL_DAYS = 14;

/** Longest reason a customer may give with a refund request. */
export const REFUND_REASON_MAX_LENGTH = 1000;

const DAY_MS = 86_400_000;
// Türkiye keeps UTC+3 all year since 2016: a calendar day in Istanbul is a fixed UTC window.
const ISTANBUL_OFFSET_MS = 3 * 3_600_000;

/** Days since 1970-01-01 of an instant's Istanbul calendar date. */
export function istanbulDayNumber(at: Date): number {
  return Math.floor((at.getTime() + ISTANBUL_OFFSET_MS) / DAY_MS);
}

/** What the refund policy gives for one payment at one moment. */
export interface RefundOffer {
  /** `full`: within REFUND_FULL_DAYS of the first payment; `pro_rata`: unused days; `none`: nothing left. */
  rule: 'full' | 'pro_rata' | 'none';
  /** Refundable now, minor units of the payment's currency (never more than what is not yet refunded). */
  amountMinor: number;
  /** Istanbul calendar days the payment covers, and those of them not yet begun. */
  periodDays: number;
  unusedDays: number;
}

/** A paid order as the policy sees it. */
export interface RefundPolicyPayment {
  /** What was paid for the period (net + KDV, without any installment charge of the bank). */
  amountMinor: number;
  refundedMinor: number;
  /** First instant the payment covers: the period start, or for an upgrade the moment it was paid. */
  coverStart: Date;
  periodEnd: Date;
}

/**
 * The refund policy: 100 % of every payment within REFUND_FULL_DAYS × 24 h of the company's first
 * payment; after that, pro rata: the amount paid for the period × the unused whole days of the
 * period ÷ its days, rounded down to the minor unit. Days are Istanbul calendar days; the day of the
 * request counts as used (it has begun). A period that has not begun yet is wholly unused.
 */
export function refundOffer(p: RefundPolicyPayment, firstPaidAt: Date, now: Date): RefundOffer {
  const left = Math.max(0, p.amountMinor - p.refundedMinor);
  const first = istanbulDayNumber(p.coverStart);
  const periodDays = Math.max(1, istanbulDayNumber(p.periodEnd) - first);
  const used = now < p.coverStart ? 0 : Math.min(periodDays, istanbulDayNumber(now) - first + 1);
  const unusedDays = periodDays - used;
  if (left === 0) return { rule: 'none', amountMinor: 0, periodDays, unusedDays };
  if (now.getTime() - firstPaidAt.getTime() <= REFUND_FULL_DAYS * DAY_MS)
    return { rule: 'full', amountMinor: left, periodDays, unusedDays };
  // Integers only (amountMinor × unusedDays stays far below 2^53): floor without a float quotient.
  const n = p.amountMinor * unusedDays;
  const share = (n - (n % periodDays)) / periodDays;
  const amountMinor = Math.min(left, share);
  return { rule: amountMinor > 0 ? 'pro_rata' : 'none', amountMinor, periodDays, unusedDays };
}
