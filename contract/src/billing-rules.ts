// Billing rules the portal and the server share. No zod here: the portal imports this module
// (through `@youarecoder/contract/billing-rules`). Money is integer minor units everywhere.
import type { PlanId } from './plans.ts';

/** Currencies a company can pay in. */
export const CURRENCIES = ['TRY', 'USD', 'EUR'] as const;
/** A currency. */
export type Currency = (typeof CURRENCIES)[number];

/** Billing periods; an annual period costs 10 months. */
export const BILLING_PERIODS = ['monthly', 'annual'] as const;
/** A billing period. */
export type BillingPeriod = (typeof BILLING_PERIODS)[number];

/** States of a subscription. */
export const SUBSCRIPTION_STATUSES = ['trialing', 'active', 'past_due', 'suspended', 'canceled'] as const;
/** A subscription state. */
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

/** Order states. */
export const ORDER_STATUSES = ['pending', 'paid', 'failed', 'expired'] as const;
/** An order state. */
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** Monthly list prices in USD cents (issue 4: Starter $29, Team $99, Enterprise $299). */
export const PLAN_MONTHLY_USD_CENTS: Readonly<Record<PlanId, number>> = Object.freeze({
  starter: 2900,
  team: 9900,
  enterprise: 29900,
});

/** Months an annual period is charged for. */
export const ANNUAL_PRICE_MONTHS = 10;
/** Length of a new company's trial. */
export const TRIAL_DAYS = 14;
/** Days before the trial ends that a reminder goes out. */
export const TRIAL_NOTICE_DAYS = [3, 1] as const;
/** Days before a period ends that the renewal invoice and payment link go out. */
export const RENEWAL_NOTICE_DAYS = [7, 3, 1] as const;
/** Days past the period end a company keeps running before it is suspended. */
export const GRACE_DAYS = 7;
/** What an immediate cancellation gives back (config CANCEL_REFUND_POLICY). */
export const CANCEL_REFUND_POLICIES = ['none', 'prorated_credit'] as const;
/** A cancellation refund policy. */
export type CancelRefundPolicy = (typeof CANCEL_REFUND_POLICIES)[number];
/** Default KDV rate in basis points (20 %). */
export const DEFAULT_VAT_RATE_BP = 2000;

/** List price of a plan for a period, in USD cents. */
export function planPriceUsdCents(plan: PlanId, period: BillingPeriod): number {
  return PLAN_MONTHLY_USD_CENTS[plan] * (period === 'annual' ? ANNUAL_PRICE_MONTHS : 1);
}

/**
 * VAT of a net amount: net × rate, rounded half up to the minor unit, computed on integers
 * (basis points), never on floats. 1 kuruş of 20 % is 0.2 → 0; 3 kuruş → 0.6 → 1.
 */
export function vatOf(netMinor: number, rateBp: number): number {
  if (!Number.isSafeInteger(netMinor) || netMinor < 0)
    throw new RangeError('netMinor must be a whole amount');
  return Math.floor((netMinor * rateBp + 5000) / 10000);
}

/** Whether a buyer in `country` (ISO alpha-2) pays Turkish VAT; services exported abroad are exempt. */
export function vatApplies(country: string): boolean {
  return country.toUpperCase() === 'TR';
}

/** The exemption text printed on invoices of customers abroad. */
export const VAT_EXPORT_EXEMPTION =
  'KDV Kanunu 11/1-a: hizmet ihracatı istisnası (service exported to a customer abroad)';

const SYMBOLS: Record<Currency, string> = { TRY: '₺', USD: '$', EUR: '€' };

/** Format minor units for people, e.g. `₺1.409,74` (tr) or `$29.00` (en). */
export function formatMoney(minor: number, currency: Currency, locale: 'en' | 'tr' = 'en'): string {
  const neg = minor < 0;
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, locale === 'tr' ? '.' : ',');
  const cents = String(abs % 100).padStart(2, '0');
  const n = `${whole}${locale === 'tr' ? ',' : '.'}${cents}`;
  return `${neg ? '-' : ''}${SYMBOLS[currency]}${n}`;
}

/** Minor units as PayTR's decimal string ("9.99"). */
export function minorToDecimal(minor: number): string {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError('minor must be a whole amount');
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}
