// The invoices' only door to the database (besides the number counter in invoice.numbers.ts).
// Rows are immutable: there is no update or delete here, and the table's trigger refuses both.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { Executor, Tx } from '../../../platform/db/client.ts';
import { invoices } from '../billing.schema.ts';

/** An invoice or credit note as stored. */
export type InvoiceRow = typeof invoices.$inferSelect;
/** A row to insert. */
export type NewInvoiceRow = typeof invoices.$inferInsert;

/** Insert an invoice inside the transaction that took its number. */
export async function insertInvoice(tx: Tx, row: NewInvoiceRow): Promise<InvoiceRow> {
  const [inserted] = await tx.insert(invoices).values(row).returning();
  if (!inserted) throw new Error('invoice insert returned no row');
  return inserted;
}

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
