import { type Currency, VAT_EXPORT_EXEMPTION, vatOf } from '@youarecoder/contract';
import type { Executor } from '../../platform/db/client.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type FxQuote, type RatesService, usdToMinor } from './rates/index.ts';
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
}

/** The latest stored rate of a currency, or a 503 that says why there is none. */
export async function quoteOrFail(rates: RatesService, exec: Executor, currency: Currency): Promise<FxQuote> {
  const q = await rates.quote(exec, currency);
  if (!q)
    throw new AppError(
      'UNAVAILABLE',
      'Exchange rates from the central bank (TCMB) have not been fetched yet, so prices cannot be computed; try again in a few minutes.',
    );
  return q;
}

/**
 * Price a USD list amount in `currency` for a buyer with the given VAT treatment: converted at the stored
 * TCMB rate (one half-up rounding), then VAT on the converted net (half up), unless the evidence exempts.
 */
export function priceFrom(q: FxQuote, usdNetMinor: number, tax: TaxTreatment, vatRateBp: number): Price {
  const netMinor = usdToMinor(usdNetMinor, q.currency, { usdTry: q.usdTry, targetTry: q.tryPerUnit });
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
  };
}
