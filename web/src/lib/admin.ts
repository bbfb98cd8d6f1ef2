// Pure helpers of the operators' pages: amounts typed by hand, refunds, notification fields.
import { type Currency, minorToDecimal } from '@youarecoder/contract/billing-rules';
import type { Locale } from '@youarecoder/contract/constants';
import { isCurrency } from './billing.ts';

/**
 * An amount typed in major units ("12.34", "12,34", "12") as minor units, or null when it is not
 * one: digits, then at most one decimal separator (dot or comma) and two decimals; no thousands
 * separators, no sign. Built by joining digit strings, so no float ever touches the money.
 */
export function parseMajorAmount(input: string): number | null {
  const s = input.replace(/[\s\u00a0\u202f]/g, '');
  const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m?.[1]) return null;
  const minor = Number(`${m[1]}${(m[2] ?? '').padEnd(2, '0')}`);
  return Number.isSafeInteger(minor) ? minor : null;
}

/** Minor units as the text of an amount input: "12.34" (en) or "12,34" (tr), no thousands separators. */
export function majorAmountInput(minor: number, locale: Locale): string {
  const s = minorToDecimal(Math.max(0, minor));
  return locale === 'tr' ? s.replace('.', ',') : s;
}

/** What is left to refund of an order, in minor units (never below zero). */
export function refundableMinor(o: { status: string; amountMinor: number; refundedMinor: number }): number {
  return o.status === 'paid' ? Math.max(0, o.amountMinor - o.refundedMinor) : 0;
}

/** Reasons a notification is held or rejected that the portal words itself. */
export const CALLBACK_REASONS = [
  'unknown_order',
  'amount_mismatch',
  'currency_mismatch',
  'test_mode_in_live',
  'inquiry_amount_mismatch',
  'inquiry_currency_mismatch',
  'bad_hash',
  'malformed',
] as const;
/** A reason the portal words itself. */
export type CallbackReason = (typeof CALLBACK_REASONS)[number];

/** Whether `r` is a reason the portal has a sentence for (else it shows the raw reason). */
export function isKnownReason(r: string | null): r is CallbackReason {
  return r !== null && (CALLBACK_REASONS as readonly string[]).includes(r);
}

/** The figures of a notification's body worth a column: PayTR's status and total_amount. */
export interface CallbackFigures {
  status: string | null;
  /** total_amount in minor units (PayTR sends the amount × 100), when it is a whole number. */
  totalMinor: number | null;
  /** The currency, PayTR's `TL` read as TRY; null when absent or unknown. */
  currency: Currency | null;
  /** The raw values, shown beside the formatted amount. */
  rawTotal: string | null;
  rawCurrency: string | null;
}

/** Read status, total and currency off a stored notification (a PayTR callback or a status inquiry). */
export function callbackFigures(body: Record<string, string>): CallbackFigures {
  const rawTotal = body.total_amount ?? body.totalMinor ?? null;
  const rawCurrency = body.currency ?? null;
  const cur = rawCurrency === 'TL' ? 'TRY' : rawCurrency;
  return {
    status: body.status ?? null,
    totalMinor: rawTotal !== null && /^\d{1,15}$/.test(rawTotal) ? Number(rawTotal) : null,
    currency: isCurrency(cur) ? cur : null,
    rawTotal,
    rawCurrency,
  };
}
