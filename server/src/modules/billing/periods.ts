// Billing periods are reckoned on the Istanbul calendar (UTC+3 all year since 2016): a monthly
// period that starts on 31 January 10:00 Istanbul ends on 28 (or 29) February 10:00 Istanbul, and
// the next one on 31 March: renewals are counted from the subscription's anchor.
import type { BillingPeriod } from '@youarecoder/contract';
import { mulDivHalfUp } from './rates/fx.math.ts';

const ISTANBUL_OFFSET_MS = 3 * 3600_000;
/** One day in milliseconds. */
export const DAY = 86_400_000;

/** Add calendar months on the Istanbul calendar, clamping to the month's last day. */
export function addMonthsIstanbul(at: Date, months: number): Date {
  const local = new Date(at.getTime() + ISTANBUL_OFFSET_MS);
  const y = local.getUTCFullYear();
  const m = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(y, m + 1, 0)).getUTCDate();
  const d = Math.min(local.getUTCDate(), lastDay);
  const shifted = Date.UTC(
    y,
    m,
    d,
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return new Date(shifted - ISTANBUL_OFFSET_MS);
}

/** End of a period that starts at `start`. */
export function periodEnd(start: Date, period: BillingPeriod): Date {
  return addMonthsIstanbul(start, period === 'annual' ? 12 : 1);
}

/**
 * End of a period that starts at `start` for a subscription anchored at `anchor` (the start of its
 * first paid period): the anchor's day and time a whole number of months after the anchor, the one
 * nearest to a period after `start`. Counted from the anchor each time, never from the previous end,
 * so a 31 January anchor renews 28 February → 31 March, and 29 February 2028 → 28 February 2029 …
 * → 29 February 2032. Without an anchor, a period from `start`.
 */
export function anchoredPeriodEnd(anchor: Date | null, start: Date, period: BillingPeriod): Date {
  const chained = periodEnd(start, period);
  if (!anchor) return chained;
  // On the anchor's grid this is anchor + k months in the chained end's month; a start off the grid
  // (one that drifted before anchors were kept) is brought back to the nearest grid day.
  const k = istanbulMonth(chained) - istanbulMonth(anchor);
  let best = chained;
  let gap = Number.POSITIVE_INFINITY;
  for (const months of [k - 1, k, k + 1]) {
    const at = addMonthsIstanbul(anchor, months);
    const d = Math.abs(at.getTime() - chained.getTime());
    if (d < gap) [best, gap] = [at, d];
  }
  return best;
}

/** Months since year 0 of an instant's Istanbul calendar month. */
function istanbulMonth(at: Date): number {
  const local = new Date(at.getTime() + ISTANBUL_OFFSET_MS);
  return local.getUTCFullYear() * 12 + local.getUTCMonth();
}

/** The Istanbul calendar date of an instant, `dd.mm.yyyy` (the one formatter invoices use too). */
export { istanbulDay as istanbulDate } from './invoices/invoice.dates.ts';

/**
 * The share of a price difference owed for the rest of a period, in whole minor units, rounded half
 * up: diff × remaining ÷ length, on integers (milliseconds), never on floats.
 */
export function prorate(diffMinor: number, start: Date, end: Date, now: Date): number {
  const length = end.getTime() - start.getTime();
  if (length <= 0 || diffMinor <= 0) return 0;
  const remaining = Math.max(0, Math.min(end.getTime() - now.getTime(), length));
  return mulDivHalfUp(diffMinor, remaining, length);
}

/** Whole days from `now` until `at`, rounded up (0 when past). */
export function daysUntil(now: Date, at: Date): number {
  return Math.max(0, Math.ceil((at.getTime() - now.getTime()) / DAY));
}

/**
 * Where the first paid period of a company paying now is counted from: the trial's end while the trial
 * still runs (its remaining days are kept, added to that period), else `null` (the period starts now).
 */
export function trialKeptUntil(sub: { status: string; trialEndsAt: Date | null }, now: Date): Date | null {
  return sub.status === 'trialing' && sub.trialEndsAt && sub.trialEndsAt > now ? sub.trialEndsAt : null;
}
