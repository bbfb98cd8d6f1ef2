// Invoice arithmetic, on integers only (minor units: kuruş, cents).
//
// Rounding rules:
// - VAT is computed once, on the invoice's net total (never per line, never summed from lines),
//   as net × rate rounded half up to the minor unit (`vatOf`, integer basis points).
// - Buyers outside Türkiye are not charged VAT: rate 0 and the export-exemption reason.
// - The TRY equivalent is the invoice total × the TCMB rate (a decimal string, TRY per one unit),
//   rounded half up to the kuruş with BigInt arithmetic on the string's digits, never a float.
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
  return {
    netMinor,
    vatMinor,
    totalMinor,
    vatRateBp,
    vatExemptReason: taxed ? null : VAT_EXPORT_EXEMPTION,
    tryTotalMinor: tryEquivalentMinor(totalMinor, tryRate),
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
  };
}
