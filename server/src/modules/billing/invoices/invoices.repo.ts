// The invoices' only door to the database, the gapless number counter included.
// Rows are immutable: there is no update or delete here, and the table's trigger refuses both.
import { and, desc, eq, sql } from 'drizzle-orm';
import { type Executor, executePrepared, type Tx } from '../../../platform/db/client.ts';
import { invoices } from '../billing.schema.ts';

/** An invoice or credit note as stored. */
export type InvoiceRow = typeof invoices.$inferSelect;
/** A row to insert. */
export type NewInvoiceRow = typeof invoices.$inferInsert;

/** The invoice (not credit note) of an order, if one was issued. */
export async function selectInvoiceByOrder(exec: Executor, orderId: string): Promise<InvoiceRow | undefined> {
  const [row] = await exec
    .select()
    .from(invoices)
    .where(and(eq(invoices.orderId, orderId), eq(invoices.kind, 'invoice')));
  return row;
}

/** One of a company's invoices or credit notes. */
export async function selectInvoice(
  exec: Executor,
  companyId: string,
  id: string,
): Promise<InvoiceRow | undefined> {
  const [row] = await exec
    .select()
    .from(invoices)
    .where(and(eq(invoices.companyId, companyId), eq(invoices.id, id)));
  return row;
}

/** A company's invoices and credit notes, newest first. */
export async function selectInvoices(exec: Executor, companyId: string): Promise<InvoiceRow[]> {
  return exec
    .select()
    .from(invoices)
    .where(eq(invoices.companyId, companyId))
    .orderBy(desc(invoices.issuedAt), desc(invoices.number));
}

/** Net, VAT and total already credited against an invoice of a company (zeros when none). */
export async function selectCreditedSums(
  exec: Executor,
  companyId: string,
  invoiceId: string,
): Promise<{ netMinor: number; vatMinor: number; totalMinor: number }> {
  const [row] = await exec
    .select({
      net: sql<string>`coalesce(sum(${invoices.netMinor}), 0)`,
      vat: sql<string>`coalesce(sum(${invoices.vatMinor}), 0)`,
      total: sql<string>`coalesce(sum(${invoices.totalMinor}), 0)`,
    })
    .from(invoices)
    .where(
      and(
        eq(invoices.companyId, companyId),
        eq(invoices.kind, 'credit_note'),
        eq(invoices.creditedInvoiceId, invoiceId),
      ),
    );
  return {
    netMinor: Number(row?.net ?? 0),
    vatMinor: Number(row?.vat ?? 0),
    totalMinor: Number(row?.total ?? 0),
  };
}

/**
 * Take the next number of `year` and insert the invoice with it, in one statement: the counter row
 * stays locked only from here to the commit (concurrent payments queue on it for that long).
 * Returns the number; throws when the year's 9-digit series is exhausted.
 */
export async function insertNumbered(
  tx: Tx,
  row: Omit<NewInvoiceRow, 'number'> & { id: string; issuedAt: Date },
  prefix: string,
  year: number,
): Promise<string> {
  const ts = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const res = await executePrepared<{ number: string }>(
    tx,
    sql`
    with seq as (
      insert into invoice_sequences (year, last_value) values (${year}, 1)
      on conflict (year) do update set last_value = invoice_sequences.last_value + 1
      returning last_value)
    insert into invoices (id, number, kind, company_id, order_id, credited_invoice_id, issued_at, currency,
      net_minor, vat_minor, total_minor, vat_rate_bp, vat_exempt_reason, try_rate, fx_date, fx_rate_type,
      try_total_minor, try_net_minor, try_vat_minor, tax_evidence, seller, buyer, lines, period_start, period_end)
    select ${row.id}, ${prefix} || ${String(year)} || lpad(seq.last_value::text, 9, '0'), ${row.kind},
      ${row.companyId}, ${row.orderId}, ${row.creditedInvoiceId ?? null}, ${ts(row.issuedAt)}::timestamptz,
      ${row.currency}, ${row.netMinor}, ${row.vatMinor}, ${row.totalMinor}, ${row.vatRateBp},
      ${row.vatExemptReason ?? null}, ${row.tryRate}::numeric, ${row.fxDate ?? null}::date,
      ${row.fxRateType ?? 'ForexBuying'}, ${row.tryTotalMinor}, ${row.tryNetMinor ?? null},
      ${row.tryVatMinor ?? null}, ${row.taxEvidence ? JSON.stringify(row.taxEvidence) : null}::jsonb,
      ${JSON.stringify(row.seller)}::jsonb,
      ${JSON.stringify(row.buyer)}::jsonb, ${JSON.stringify(row.lines)}::jsonb,
      ${ts(row.periodStart)}::timestamptz, ${ts(row.periodEnd)}::timestamptz
    from seq where seq.last_value <= 999999999
    returning number`,
  );
  const number = res.rows[0]?.number;
  if (!number) throw new RangeError(`the invoice series of ${year} is exhausted`);
  return number;
}
