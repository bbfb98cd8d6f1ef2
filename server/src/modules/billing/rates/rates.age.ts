// The age limit on exchange rates (RATES_MAX_AGE_DAYS). Plan prices are set in USD cents, so a USD
// price needs no rate at all, while TRY (USD→TRY) and EUR (USD→TRY→EUR) are conversions: in production
// those stop once the newest usable bulletin is older than the limit, rather than charging a week-old
// rate in a currency that moves daily. Development and tests keep converting (an offline machine runs
// on the bundled bulletin) and say the bulletin's date instead. Operators get one alert per bulletin
// date per process: every refused quote of an outage would otherwise mail them.
import type { Currency } from '@youarecoder/contract';
import type { Clock } from '../../../platform/clock.ts';
import { istanbulDay } from './rates.calendar.ts';

/** What the age limit needs. */
export interface RateAgeOptions {
  clock: Clock;
  maxAgeDays: number;
  /** Whether quotes past the limit are refused (production). */
  enforce: boolean;
  alert: (subject: string, body: string) => Promise<void>;
  onError: (err: unknown) => void;
}

/** Decides whether a quote is too old to use, alerting operators once per bulletin date. */
export interface RateAgeLimit {
  /** Whole Istanbul days from the bulletin's date to today. */
  ageDays(bulletinDate: string): number;
  /** Whether a quote in `currency` from `bulletinDate` must be refused now; alerts on the first refusal. */
  refuses(currency: Currency, bulletinDate: string): boolean;
}

/** Build the age limit. */
export function createRateAgeLimit(o: RateAgeOptions): RateAgeLimit {
  const alerted = new Set<string>();
  // Both are calendar days written YYYY-MM-DD, which Date.parse reads as UTC midnights.
  const ageDays = (date: string) =>
    Math.round((Date.parse(istanbulDay(o.clock.now())) - Date.parse(date)) / 86_400_000);
  return {
    ageDays,
    refuses(currency, date) {
      if (!o.enforce || currency === 'USD') return false;
      const age = ageDays(date);
      if (age <= o.maxAgeDays) return false;
      if (!alerted.has(date)) {
        alerted.add(date);
        o.alert(
          `Exchange rates too old: TRY and EUR prices stopped (bulletin ${date})`,
          [
            `The newest usable TCMB bulletin is dated ${date}, ${age} days ago, past RATES_MAX_AGE_DAYS=${o.maxAgeDays}.`,
            'Customers see "prices in this currency are unavailable right now" for TRY and EUR (checkout and the price list); USD prices and payments go on. Renewals and stored-card charges of paying companies go on at this bulletin (see docs/OPERATIONS.md).',
            'Check that the fx-refresh job reaches TCMB_URL (the log says why it fails). Before a long public holiday without bulletins, raise RATES_MAX_AGE_DAYS instead.',
          ].join('\n\n'),
        ).catch((err) => {
          // Not sent: the next refusal tries again.
          alerted.delete(date);
          o.onError(err);
        });
      }
      return true;
    },
  };
}
