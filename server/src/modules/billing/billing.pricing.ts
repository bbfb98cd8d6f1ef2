import { type Currency, VAT_EXPORT_EXEMPTION, vatOf } from '@youarecoder/contract';
import type { Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type FxQuote, type RatesService, usdToMinor } from './rates/index.ts';
import type { RateAgeLimit } from './rates/rates.age.ts';
import type { TaxEvidence, TaxTreatment } from './tax-evidence.ts';

/** An order's price, fixed when the order is created. */
export interface Price {
  currency: Currency;
  usdNetMinor: number;
  netMinor: number;
  vatMinor: number;
  amountMinor: number;
  vatRateBp: number;
  vatExemptReason: string | null;
  /** TRY per one unit of `currency` and of USD, and the bulletin they come from. */
  tryRate: string;
  usdTryRate: string;
  fxDate: string;
  fxStale: boolean;
  /** Why VAT is charged or not (kept with the order and its invoice). */
  taxEvidence: TaxEvidence;
  /** Credit used (USD cents of list price) and what it takes off the net in `currency` (iskonto). */
  creditUsdMinor: number;
  discountMinor: number;
}

const CURRENCY_NAMES: Record<Currency, string> = { TRY: 'Turkish lira', USD: 'US dollars', EUR: 'euros' };

/**
 * The latest stored rate of a currency, or a 503 that says why there is none. With `ageLimit`, a
 * conversion from a bulletin past RATES_MAX_AGE_DAYS is refused too (production): the customer's
 * message says the currency is unavailable for now and offers USD, never how old the bulletin is
 * (that is for the operators, who are alerted).
 */
export async function quoteOrFail(
  rates: RatesService,
  exec: Executor,
  currency: Currency,
  ageLimit: RateAgeLimit | null = null,
): Promise<FxQuote> {
  const q = await rates.quote(exec, currency);
  if (!q)
    throw new AppError(
      'UNAVAILABLE',
      'Exchange rates from the central bank (TCMB) have not been fetched yet, so prices cannot be computed; try again in a few minutes.',
    );
  if (ageLimit?.refuses(currency, q.date)) throw ratesUnavailable(currency);
  return q;
}

/** The customer-facing refusal of prices in a currency whose conversion is not available now. */
export function ratesUnavailable(currency: Currency): AppError {
  const message = `Prices in ${CURRENCY_NAMES[currency]} are unavailable right now; try again later, or pay in US dollars.`;
  return new AppError('UNAVAILABLE', message, {
    fields: { currency: message },
    fieldCodes: { currency: 'rates_unavailable' },
  });
}

/**
 * Price a USD list amount in `currency` for a buyer with the given VAT treatment: converted at the stored
 * TCMB rate (one half-up rounding), then VAT on the converted net (half up), unless the evidence exempts.
 */
export function priceFrom(
  q: FxQuote,
  usdNetMinor: number,
  tax: TaxTreatment,
  vatRateBp: number,
  creditUsdMinor = 0,
): Price {
  const convert = (usd: number) => usdToMinor(usd, q.currency, { usdTry: q.usdTry, targetTry: q.tryPerUnit });
  // The credit is a discount on the sale (iskonto), so VAT is on the net after it (KDV Kanunu 25/a).
  const credit = Math.min(Math.max(creditUsdMinor, 0), usdNetMinor);
  const fullMinor = convert(usdNetMinor);
  const netMinor = credit ? convert(usdNetMinor - credit) : fullMinor;
  const taxed = tax.taxed;
  const vatMinor = taxed ? vatOf(netMinor, vatRateBp) : 0;
  return {
    currency: q.currency,
    usdNetMinor,
    netMinor,
    vatMinor,
    amountMinor: netMinor + vatMinor,
    vatRateBp: taxed ? vatRateBp : 0,
    vatExemptReason: taxed ? null : VAT_EXPORT_EXEMPTION,
    tryRate: q.tryPerUnit,
    usdTryRate: q.usdTry,
    fxDate: q.date,
    fxStale: q.stale,
    taxEvidence: tax.evidence,
    creditUsdMinor: credit,
    discountMinor: fullMinor - netMinor,
  };
}
