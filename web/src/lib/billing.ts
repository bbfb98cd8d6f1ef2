import {
  type BillingPeriod,
  CURRENCIES,
  type Currency,
  DEFAULT_VAT_RATE_BP,
  type OrderStatus,
  planPriceUsdCents,
  type SubscriptionStatus,
} from '@youarecoder/contract/billing-rules';
import type { Locale } from '@youarecoder/contract/constants';
import { PLAN_IDS, type PlanId, planRank, publicPlanLimits } from '@youarecoder/contract/plans';
import type { PlansResult, Subscription } from '../api/billing.ts';

const DAY_MS = 86_400_000;
/** Days before the period end from which the current plan can be renewed ahead. */
export const RENEW_WINDOW_DAYS = 7;
/** Days before the trial's end from which the app warns about it. */
export const TRIAL_BANNER_DAYS = 3;
/** Billing periods and invoice dates are reckoned on the Istanbul calendar. */
export const BILLING_TIME_ZONE = 'Europe/Istanbul';

/** Whole days from `now` until `iso`, rounded up (0 once past); null without a date. */
export function daysLeft(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  if (Number.isNaN(at)) return null;
  return Math.max(0, Math.ceil((at - now) / DAY_MS));
}

/** What the app-wide banner warns about, if anything. */
export type BannerKind = 'past_due' | 'suspended' | 'trial';

/** Past due and suspended always; a trial only in its last days. */
export function bannerKind(
  sub: Pick<Subscription, 'status' | 'trialEndsAt'> | null,
  now: number,
): BannerKind | null {
  if (!sub) return null;
  if (sub.status === 'past_due') return 'past_due';
  if (sub.status === 'suspended') return 'suspended';
  if (sub.status === 'trialing') {
    const left = daysLeft(sub.trialEndsAt, now);
    if (left !== null && left <= TRIAL_BANNER_DAYS) return 'trial';
  }
  return null;
}

/**
 * What a plan card offers:
 * - `choose`: pay for it (trial, past due, suspended, canceled);
 * - `keep`: the trial's own plan: pay to keep it after the trial (not "choose" what one is on);
 * - `upgrade`: pay the prorated difference now (active, higher plan);
 * - `downgrade` / `switchPeriod`: schedule the change for the period end (active);
 * - `renew`: pay the next period ahead (active, same plan, near the period end);
 * - `scheduled`: this change is already scheduled;
 * - `none`: the current plan, nothing to do.
 */
export type PlanAction =
  | 'keep'
  | 'choose'
  | 'upgrade'
  | 'downgrade'
  | 'switchPeriod'
  | 'renew'
  | 'scheduled'
  | 'none';

/** The action a plan card offers for `plan` billed per `period`. */
export function planAction(
  sub: Pick<Subscription, 'status' | 'plan' | 'period' | 'nextPlan' | 'nextPeriod' | 'currentPeriodEnd'>,
  plan: PlanId,
  period: BillingPeriod,
  now: number,
): PlanAction {
  if (sub.status === 'trialing' && plan === sub.plan) return 'keep';
  if (sub.status !== 'active') return 'choose';
  const diff = planRank(plan) - planRank(sub.plan);
  if (diff > 0) return 'upgrade';
  const scheduledPlan = sub.nextPlan ?? sub.plan;
  const scheduledPeriod = sub.nextPeriod ?? sub.period;
  const isScheduled = (sub.nextPlan !== null || sub.nextPeriod !== null) && scheduledPlan === plan;
  if (diff < 0) return isScheduled && scheduledPeriod === period ? 'scheduled' : 'downgrade';
  const left = daysLeft(sub.currentPeriodEnd, now);
  if (left !== null && left <= RENEW_WINDOW_DAYS) return 'renew';
  if (period === sub.period) return 'none';
  return isScheduled && scheduledPeriod === period ? 'scheduled' : 'switchPeriod';
}

/** Statuses in which the company is on its plan (the card says "current plan"). */
export function isServing(status: SubscriptionStatus): boolean {
  return status === 'trialing' || status === 'active' || status === 'past_due';
}

/** The return from PayTR's page: `?payment=ok|fail&order=<id>`, or null. */
export function parsePaymentReturn(search: string): { outcome: 'ok' | 'fail'; orderId: string } | null {
  const q = new URLSearchParams(search.startsWith('?') ? search.slice(1) : search);
  const outcome = q.get('payment');
  const orderId = q.get('order') ?? '';
  if ((outcome !== 'ok' && outcome !== 'fail') || !/^[A-Za-z0-9_-]{1,80}$/.test(orderId)) return null;
  return { outcome, orderId };
}

/** The catalog at the USD list prices, for when the API has no exchange rates yet (503). */
export function fallbackPlans(): PlansResult {
  return {
    currency: 'USD',
    rate: null,
    usdRate: null,
    rateDate: null,
    rateStale: false,
    vatRateBp: DEFAULT_VAT_RATE_BP,
    plans: PLAN_IDS.map((id) => {
      const usdPrices = {
        monthly: planPriceUsdCents(id, 'monthly'),
        annual: planPriceUsdCents(id, 'annual'),
      };
      return {
        id,
        limits: publicPlanLimits(id),
        prices: usdPrices,
        usdPrices,
      };
    }),
  };
}

/** What an annual period saves against twelve monthly ones, in minor units (integers only). */
export function annualSaving(prices: { monthly: number; annual: number }): number {
  return Math.max(0, prices.monthly * 12 - prices.annual);
}

/** A TCMB bulletin date (`YYYY-MM-DD`) as `dd.mm.yyyy`, the way the bank prints it. */
export function formatBulletinDate(day: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  return m ? `${m[3]}.${m[2]}.${m[1]}` : day;
}

/** A rate in basis points as a percentage: 2000 → "20", 1850 → "18.5" (en) or "18,5" (tr). */
export function formatPercentBp(bp: number, locale: Locale): string {
  const whole = Math.floor(bp / 100);
  const rest = bp % 100;
  if (rest === 0) return String(whole);
  const frac = String(rest).padStart(2, '0').replace(/0$/, '');
  return `${whole}${locale === 'tr' ? ',' : '.'}${frac}`;
}

/** A billing date (period end, trial end, invoice date) on the Istanbul calendar, as the portal shows dates. */
export function formatBillingDate(iso: string | null | undefined, locale: Locale): string {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(locale === 'tr' ? 'tr-TR' : 'en-GB', {
    dateStyle: 'medium',
    timeZone: BILLING_TIME_ZONE,
  });
}

/** Whether `s` is a currency the platform takes. */
export function isCurrency(s: unknown): s is Currency {
  return typeof s === 'string' && (CURRENCIES as readonly string[]).includes(s);
}

const CURRENCY_KEY = 'yac.currency';

/** The currency the public pricing shows: the remembered choice, else TRY for Turkish readers, else USD. */
export function rememberedCurrency(locale: Locale): Currency {
  try {
    const saved = localStorage.getItem(CURRENCY_KEY);
    if (isCurrency(saved)) return saved;
  } catch {
    // storage may be unavailable (private mode)
  }
  return locale === 'tr' ? 'TRY' : 'USD';
}

/** Remember the currency chosen on the public pricing. */
export function rememberCurrency(c: Currency): void {
  try {
    localStorage.setItem(CURRENCY_KEY, c);
  } catch {
    // ignore: the choice then lasts for this page only
  }
}

/** Colour of an order's status badge. */
export const ORDER_TONE: Record<OrderStatus, 'green' | 'indigo' | 'red' | 'slate'> = {
  paid: 'green',
  pending: 'indigo',
  failed: 'red',
  expired: 'slate',
};

/** Colour of a subscription's status badge. */
export const SUBSCRIPTION_TONE: Record<SubscriptionStatus, 'green' | 'indigo' | 'amber' | 'red' | 'slate'> = {
  trialing: 'indigo',
  active: 'green',
  past_due: 'amber',
  suspended: 'red',
  canceled: 'slate',
};
