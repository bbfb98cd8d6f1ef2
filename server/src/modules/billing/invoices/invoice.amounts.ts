// Invoice arithmetic, on integers only (minor units: kuruş, cents).
//
// Rounding rules:
// - VAT is computed once, on the invoice's net total (never per line, never summed from lines),
//   as net × rate rounded half up to the minor unit (`vatOf`, integer basis points).
// - Buyers outside Türkiye are not charged VAT: rate 0 and the export-exemption reason.
// - The TRY equivalent is the invoice total × the TCMB rate (a decimal string, TRY per one unit),
//   rounded half up to the kuruş with BigInt arithmetic on the string's digits, never a float. The
//   TRY VAT is the VAT × the rate, half up; the TRY VAT base is the TRY total less the TRY VAT, so the
//   three printed TRY figures add up (the base is within a kuruş of the net converted alone).
// - An installment surcharge (PayTR's total above the order's) is its own line, VAT included in it:
//   split so that the invoice's net and its VAT add up to exactly the money received.
//   Kuruş and cents are both hundredths, so minor units convert directly.
// - A credit note for part of an invoice splits the refunded gross amount in the invoice's own
//   net : total proportion, on the running sum of all its credit notes (net rounded half up, VAT
//   takes the rest), so partial notes never exceed the invoice's net or VAT, and crediting the
//   whole total gives back exactly its net and VAT.
import { type Currency, VAT_EXPORT_EXEMPTION, vatApplies, vatOf } from '@youarecoder/contract';
import { mulDivHalfUp, normalizeDecimal, toTryMinor } from '../rates/fx.math.ts';

/** What an invoice's amounts are computed from. */
export interface AmountsInput {
  netMinor: number;
  /** The buyer's country, ISO 3166-1 alpha-2. */
  country: string;
  /** The Turkish VAT rate in basis points (2000 = 20 %), used when VAT applies. */
  vatRateBp: number;
  currency: Currency;
  /** TRY per one unit of `currency`, as a decimal string; `'1'` for TRY. */
  tryRate: string;
}

/** An invoice's amounts as stored on it. */
export interface InvoiceAmounts {
  netMinor: number;
  vatMinor: number;
  totalMinor: number;
  /** 0 when exempt. */
  vatRateBp: number;
  vatExemptReason: string | null;
  tryTotalMinor: number;
  /** The net (the VAT base) in TRY: the total's TRY equivalent less the VAT's (see tryBreakdown). */
  tryNetMinor: number;
  /** The VAT in TRY: the VAT amount converted on its own, half up. */
  tryVatMinor: number;
}

function wholeAmount(name: string, minor: number): void {
  if (!Number.isSafeInteger(minor) || minor < 0) throw new RangeError(`${name} must be a whole amount`);
}

/** Whether a decimal rate string is exactly 1 (`'1'`, `'1.000000'`). */
export function isUnitRate(rate: string): boolean {
  const n = normalizeDecimal(rate);
  if (n === null && !/^\d+(\.\d+)?$/.test(rate.trim()))
    throw new RangeError(`not a decimal rate: ${JSON.stringify(rate)}`);
  return n === '1.000000';
}

/** TRY equivalent, in kuruş, of `minor` units of a currency at `tryRate` (TRY per unit), half up. */
export function tryEquivalentMinor(minor: number, tryRate: string): number {
  wholeAmount('minor', minor);
  return toTryMinor(minor, tryRate);
}

/**
 * The TRY VAT base and VAT of an amount in another currency. The VAT is converted on its own (it is the
 * tax declared, so it must be exactly its own TRY value, half up); the base is the total's TRY equivalent
 * less that VAT, so the three TRY figures printed add up. The base is then within a kuruş of the net
 * converted on its own. For TRY the figures are the amounts themselves.
 */
export function tryBreakdown(
  vatMinor: number,
  tryTotalMinor: number,
  tryRate: string,
): { tryNetMinor: number; tryVatMinor: number } {
  const tryVatMinor = tryEquivalentMinor(vatMinor, tryRate);
  return { tryNetMinor: tryTotalMinor - tryVatMinor, tryVatMinor };
}

/** Net, VAT (or its exemption), total and TRY equivalent of an invoice for a buyer in `country`. */
export function invoiceAmounts(input: AmountsInput): InvoiceAmounts {
  const { netMinor, currency, tryRate } = input;
  wholeAmount('netMinor', netMinor);
  if (!Number.isInteger(input.vatRateBp) || input.vatRateBp < 0)
    throw new RangeError('vatRateBp must be ≥ 0');
  if (currency === 'TRY' && !isUnitRate(tryRate)) throw new RangeError('a TRY invoice has the rate 1');
  const taxed = vatApplies(input.country);
  const vatRateBp = taxed ? input.vatRateBp : 0;
  const vatMinor = taxed ? vatOf(netMinor, vatRateBp) : 0;
  const totalMinor = netMinor + vatMinor;
  const tryTotalMinor = tryEquivalentMinor(totalMinor, tryRate);
  return {
    netMinor,
    vatMinor,
    totalMinor,
    vatRateBp,
    vatExemptReason: taxed ? null : VAT_EXPORT_EXEMPTION,
    tryTotalMinor,
    ...tryBreakdown(vatMinor, tryTotalMinor, tryRate),
  };
}

/** An order's amounts as priced, which an installment surcharge adds to. */
export type PricedAmounts = Pick<
  InvoiceAmounts,
  'netMinor' | 'vatMinor' | 'totalMinor' | 'vatRateBp' | 'vatExemptReason'
>;

/**
 * Amounts of an invoice for an order whose payer chose installments and paid PayTR's surcharge on top
 * (`paidTotalMinor` above the order's total). The surcharge is part of the price (KDV Law art. 24/c:
 * vade farkı is in the VAT base), so it gets its own line and its VAT: its net is chosen so that the
 * VAT on the invoice's whole net, rounded half up once, and that net add up to exactly what was paid.
 * Where that rounding skips the paid total (a 20 % rate moves the total by 2 kuruş for some single
 * kuruş of net), the VAT takes the kuruş left over: the invoice always equals the money received.
 */
export function surchargedAmounts(
  order: PricedAmounts,
  paidTotalMinor: number,
  tryRate: string,
): InvoiceAmounts & { surchargeNetMinor: number } {
  wholeAmount('paidTotalMinor', paidTotalMinor);
  const gross = paidTotalMinor - order.totalMinor;
  if (gross < 0) throw new RangeError('paid less than the order: not a surcharge');
  let surchargeNetMinor = gross;
  let vatMinor = 0;
  if (order.vatExemptReason === null && order.vatRateBp > 0) {
    const base = order.netMinor;
    const guess = mulDivHalfUp(gross, 10_000, 10_000 + order.vatRateBp);
    // The largest net whose total does not pass what was paid (the function grows by 1 or 2 a kuruş).
    surchargeNetMinor = 0;
    for (let n = Math.min(gross, guess + 2); n >= Math.max(0, guess - 2); n--)
      if (base + n + vatOf(base + n, order.vatRateBp) <= paidTotalMinor) {
        surchargeNetMinor = n;
        break;
      }
    vatMinor = paidTotalMinor - base - surchargeNetMinor;
  }
  const netMinor = order.netMinor + surchargeNetMinor;
  const tryTotalMinor = tryEquivalentMinor(paidTotalMinor, tryRate);
  return {
    netMinor,
    vatMinor,
    totalMinor: paidTotalMinor,
    vatRateBp: order.vatRateBp,
    vatExemptReason: order.vatExemptReason,
    tryTotalMinor,
    ...tryBreakdown(vatMinor, tryTotalMinor, tryRate),
    surchargeNetMinor,
  };
}

/** The amounts an invoice already carries, as far as a credit note needs them. */
export type CreditedAmounts = Pick<
  InvoiceAmounts,
  'netMinor' | 'totalMinor' | 'vatRateBp' | 'vatExemptReason'
> & { tryRate: string };

/**
 * Amounts of a credit note refunding `grossMinor` (VAT included) of an invoice, at the invoice's
 * rate. `already` is what earlier credit notes of that invoice took: the split is made on the
 * running sum, so however many partial notes there are, together they never exceed the invoice's
 * net or VAT, and crediting the whole total ends on exactly its net and VAT.
 */
export function creditNoteAmounts(
  credited: CreditedAmounts,
  grossMinor: number,
  already: { netMinor: number; totalMinor: number } = { netMinor: 0, totalMinor: 0 },
): InvoiceAmounts {
  wholeAmount('grossMinor', grossMinor);
  const after = already.totalMinor + grossMinor;
  if (grossMinor === 0 || after > credited.totalMinor)
    throw new RangeError('a credit note is for more than nothing and at most what is left of the invoice');
  const netAfter = mulDivHalfUp(after, credited.netMinor, credited.totalMinor);
  const netMinor = netAfter - already.netMinor;
  return {
    netMinor,
    vatMinor: grossMinor - netMinor,
    totalMinor: grossMinor,
    vatRateBp: credited.vatRateBp,
    vatExemptReason: credited.vatExemptReason,
    tryTotalMinor: tryEquivalentMinor(grossMinor, credited.tryRate),
    ...tryBreakdown(
      grossMinor - netMinor,
      tryEquivalentMinor(grossMinor, credited.tryRate),
      credited.tryRate,
    ),
  };
}
