// GIB invoice numbers: a 3-character prefix, the 4-digit year and a 9-digit sequence that is
// gapless within the year. The counter row lives in `invoice_sequences` and is bumped inside the
// transaction that inserts the invoice, so:
// - its row lock serialises concurrent issuers until the first one commits or rolls back;
// - a rolled-back transaction un-bumps the counter, handing its number to the next issuer.
// A PostgreSQL sequence would be faster but burns numbers on rollback, which GIB does not allow.
import { sql } from 'drizzle-orm';
import type { Tx } from '../../../platform/db/client.ts';

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

/**
 * Take the next number of `year` inside the caller's transaction `tx`. The year is the caller's to
 * choose: pass `istanbulYear(issuedAt)` so an invoice issued on 31 December at 23:30 Istanbul time
 * counts in that year's series. The number stays taken only if `tx` commits.
 */
export async function nextInvoiceNumber(tx: Tx, prefix: string, year: number): Promise<string> {
  // Validate before touching the counter, so a bad prefix never takes a lock or a number.
  formatInvoiceNumber(prefix, year, 1);
  const res = await tx.execute<{ last_value: number }>(sql`
    insert into invoice_sequences (year, last_value) values (${year}, 1)
    on conflict (year) do update set last_value = invoice_sequences.last_value + 1
    returning last_value`);
  const value = Number(res.rows[0]?.last_value);
  return formatInvoiceNumber(prefix, year, value);
}
