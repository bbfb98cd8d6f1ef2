/** The shape GIB requires of an invoice number, e.g. `YAC2026000000001`. */
export const INVOICE_NUMBER_RE = /^[A-Z0-9]{3}20[0-9]{2}[0-9]{9}$/;

const PREFIX_RE = /^[A-Z0-9]{3}$/;
const MAX_SEQUENCE = 999_999_999;

/** Whether `s` is a well-formed invoice number. */
export function isInvoiceNumber(s: unknown): s is string {
  return typeof s === 'string' && INVOICE_NUMBER_RE.test(s);
}

/** Build an invoice number from its parts; throws on a part that cannot fit the format. */
export function formatInvoiceNumber(prefix: string, year: number, sequence: number): string {
  if (!PREFIX_RE.test(prefix)) throw new RangeError(`invoice prefix must be 3 capital letters or digits`);
  if (!Number.isInteger(year) || year < 2000 || year > 2099)
    throw new RangeError(`year out of range: ${year}`);
  if (!Number.isInteger(sequence) || sequence < 1 || sequence > MAX_SEQUENCE)
    throw new RangeError(`invoice sequence out of range: ${sequence}`);
  return `${prefix}${year}${String(sequence).padStart(9, '0')}`;
}
