// An invoice cannot be corrected once issued (the table refuses updates), so every inconsistency
// is refused before a number is taken. These are programming errors of the caller, hence plain
// errors (a 500 if one ever reaches a request), not user-facing validation.
import { vatOf } from '@youarecoder/contract';
import { isUnitRate, tryBreakdown, tryEquivalentMinor } from './invoice.amounts.ts';
import type { InvoiceRow } from './invoices.repo.ts';
import type { IssueInput } from './invoices.service.ts';

const DAY_RE = /^\d{4}-\d{2}-\d{2}$/;

function fail(what: string): never {
  throw new Error(`invalid invoice: ${what}`);
}

const whole = (n: unknown) => Number.isSafeInteger(n) && (n as number) >= 0;

/** Refuse an issue input whose amounts, lines, rate or parties do not add up. */
export function checkInput(i: IssueInput): void {
  if (!i.companyId || !i.orderId) fail('companyId and orderId are required');
  for (const k of [
    'netMinor',
    'vatMinor',
    'totalMinor',
    'tryTotalMinor',
    'tryNetMinor',
    'tryVatMinor',
    'vatRateBp',
  ] as const)
    if (!whole(i[k])) fail(`${k} must be a whole non-negative number`);
  if (i.netMinor + i.vatMinor !== i.totalMinor) fail('total is not net + VAT');
  if (i.vatExemptReason !== null && (i.vatMinor !== 0 || i.vatRateBp !== 0))
    fail('an exempt invoice has no VAT and rate 0');
  // Once on the net total; an installment surcharge (a second line) may leave the VAT one kuruş above it,
  // so that the invoice equals the money received (surchargedAmounts).
  const vatGap = i.vatMinor - vatOf(i.netMinor, i.vatRateBp);
  if (i.kind === 'invoice' && vatGap !== 0 && !(vatGap === 1 && i.lines.length > 1))
    fail('VAT is not the net total at the rate, rounded half up');
  if (i.currency === 'TRY' ? !isUnitRate(i.tryRate) : !i.fxDate) fail('TRY has rate 1; others need fxDate');
  if (i.fxDate !== null && !DAY_RE.test(i.fxDate)) fail('fxDate must be YYYY-MM-DD');
  if (i.tryTotalMinor !== tryEquivalentMinor(i.totalMinor, i.tryRate))
    fail('tryTotalMinor is not the total at the rate, rounded half up');
  const tr = tryBreakdown(i.vatMinor, i.tryTotalMinor, i.tryRate);
  if (i.tryVatMinor !== tr.tryVatMinor || i.tryNetMinor !== tr.tryNetMinor)
    fail('the TRY VAT is not the VAT at the rate, or the TRY base not the TRY total less it');
  if (i.lines.length === 0) fail('no lines');
  let sum = 0;
  for (const l of i.lines) {
    if (!l.description.trim()) fail('a line without description');
    if (!Number.isSafeInteger(l.quantity) || l.quantity < 1) fail('quantities are positive whole numbers');
    const discount = l.discountMinor ?? 0;
    if (!whole(discount) || discount > l.quantity * l.unitNetMinor) fail('a discount is within its line');
    if (discount > 0 && !l.discountText?.trim()) fail('a discount says what it is');
    if (!whole(l.unitNetMinor) || l.netMinor !== l.quantity * l.unitNetMinor - discount)
      fail('line net ≠ qty × unit − discount');
    sum += l.netMinor;
  }
  if (sum !== i.netMinor) fail('lines do not add up to the net total');
  if ((i.periodStart === null) !== (i.periodEnd === null)) fail('a period has both ends or none');
  if (i.periodStart && i.periodEnd && i.periodEnd <= i.periodStart) fail('period ends before it starts');
  if (i.kind === 'invoice' && i.creditedInvoiceId) fail('only credit notes credit an invoice');
}

/** Refuse a credit note that does not match its invoice or would credit more than it holds. */
export function checkCreditNote(
  i: IssueInput,
  credited: InvoiceRow | undefined,
  sums: { netMinor: number; vatMinor: number; totalMinor: number } | undefined,
): void {
  // Another company's invoice reads as missing: tenant scoping holds here too.
  if (!credited || !sums) fail('credit note of an unknown invoice');
  if (credited.kind !== 'invoice') fail('a credit note credits an invoice, not a credit note');
  if (credited.orderId !== i.orderId) fail('a credit note belongs to the order of its invoice');
  if (credited.currency !== i.currency) fail('a credit note is in the currency of its invoice');
  if (credited.vatRateBp !== i.vatRateBp || credited.vatExemptReason !== i.vatExemptReason)
    fail('a credit note has the VAT treatment of its invoice');
  if (i.totalMinor === 0) fail('an empty credit note');
  if (
    sums.netMinor + i.netMinor > credited.netMinor ||
    sums.vatMinor + i.vatMinor > credited.vatMinor ||
    sums.totalMinor + i.totalMinor > credited.totalMinor
  )
    fail('credit notes would exceed the invoice');
}
