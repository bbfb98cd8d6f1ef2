// Issuing invoices and credit notes, and reading them back.
//
// The caller owns the transaction: an invoice is issued in the same transaction that books the
// payment (or the refund), so the invoice, its number and the payment commit or vanish together.
// The caller must hold the order's row lock (`select … for update` on orders) while issuing: that is
// what makes "look for the order's invoice, else take a number and insert" race-free and keeps a
// second payer from burning a number. The unique index `invoices_one_per_order` is only the backstop.
import type { Currency } from '@youarecoder/contract';
import type { Clock } from '../../../platform/clock.ts';
import { type Executor, type Tx, uniqueViolation } from '../../../platform/db/client.ts';
import type { Ids } from '../../../platform/ids.ts';
import type { InvoiceAmounts } from './invoice.amounts.ts';
import { istanbulYear } from './invoice.dates.ts';
import { formatInvoiceNumber } from './invoice.numbers.ts';
import { type PdfOptions, renderInvoicePdf } from './invoice.pdf.ts';
import { checkCreditNote, checkInput } from './invoices.checks.ts';
import {
  type InvoiceRow,
  insertNumbered,
  selectCreditedSums,
  selectInvoice,
  selectInvoiceByOrder,
  selectInvoices,
} from './invoices.repo.ts';

/** The issuer as printed: from config SELLER_*. */
export type SellerParty = { legalName: string; taxOffice: string; taxNumber: string; address: string };
/** The buyer as printed: the company's billing details at the time of issue. */
export type BuyerParty = {
  legalName: string;
  taxOffice: string;
  /** VKN (10 digits), TCKN (11) or a foreign tax id. */
  taxNumber: string;
  address: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
};
/** One line of an invoice; `netMinor` = `quantity` × `unitNetMinor`. */
export type InvoiceLine = InvoiceRow['lines'][number];

/** What an invoice or credit note is issued from. Credit notes carry positive amounts too. */
export interface IssueInput extends InvoiceAmounts {
  kind: 'invoice' | 'credit_note';
  companyId: string;
  orderId: string;
  /** Required for a credit note: the invoice it corrects (same company and order). */
  creditedInvoiceId?: string | null;
  currency: Currency;
  /** TRY per one unit of `currency` (`'1'` for TRY) and the TCMB bulletin date it comes from. */
  tryRate: string;
  fxDate: string | null;
  /** Which TCMB rate tryRate is (TCMB_RATE_TYPE when the order was priced). */
  fxRateType?: string;
  /** Why VAT was charged or not: the order's evidence (none on credit notes and older invoices). */
  taxEvidence?: InvoiceRow['taxEvidence'];
  seller: SellerParty;
  buyer: BuyerParty;
  lines: InvoiceLine[];
  periodStart: Date | null;
  periodEnd: Date | null;
  /** Defaults to the clock's now; its Istanbul year picks the number series. */
  issuedAt?: Date;
}

/** What issuing needs from the composition root. */
export interface IssueDeps {
  ids: Pick<Ids, 'id'>;
  clock: Clock;
  /** INVOICE_PREFIX. */
  prefix: string;
}

/** The seller block from the SELLER_* settings. */
export function sellerFromConfig(c: {
  SELLER_LEGAL_NAME: string;
  SELLER_TAX_OFFICE: string;
  SELLER_TAX_NUMBER: string;
  SELLER_ADDRESS: string;
}): SellerParty {
  return {
    legalName: c.SELLER_LEGAL_NAME,
    taxOffice: c.SELLER_TAX_OFFICE,
    taxNumber: c.SELLER_TAX_NUMBER,
    address: c.SELLER_ADDRESS,
  };
}

/**
 * Issue an invoice or credit note in `tx`: number it from the gapless series and insert it.
 * Issuing an invoice for an order that already has one returns that invoice and takes no number.
 * The caller must hold the order's row lock (see the file header).
 */
export async function issueInvoice(
  tx: Tx,
  input: IssueInput,
  deps: IssueDeps,
  opts: { orderFresh?: boolean } = {},
): Promise<InvoiceRow> {
  // With `orderFresh` the answer is the row as given (numeric and timestamp columns not re-read).
  checkInput(input);
  if (input.kind === 'invoice') {
    // `orderFresh`: the caller holds the order's lock and saw it unpaid, so it has no invoice yet.
    if (!opts.orderFresh) {
      const existing = await selectInvoiceByOrder(tx, input.orderId);
      if (existing) return sameCompany(existing, input.companyId);
    }
  } else {
    const creditedId = input.creditedInvoiceId ?? '';
    const credited = await selectInvoice(tx, input.companyId, creditedId);
    checkCreditNote(input, credited, credited && (await selectCreditedSums(tx, input.companyId, creditedId)));
  }
  const issuedAt = input.issuedAt ?? deps.clock.now();
  const year = istanbulYear(issuedAt);
  // Validate before touching the counter, so a bad prefix never takes a lock or a number.
  formatInvoiceNumber(deps.prefix, year, 1);
  const row = {
    id: deps.ids.id('inv'),
    kind: input.kind,
    companyId: input.companyId,
    orderId: input.orderId,
    creditedInvoiceId: input.kind === 'credit_note' ? (input.creditedInvoiceId ?? null) : null,
    issuedAt,
    currency: input.currency,
    netMinor: input.netMinor,
    vatMinor: input.vatMinor,
    totalMinor: input.totalMinor,
    vatRateBp: input.vatRateBp,
    vatExemptReason: input.vatExemptReason,
    tryRate: input.tryRate,
    fxDate: input.fxDate,
    fxRateType: input.fxRateType ?? 'ForexBuying',
    tryTotalMinor: input.tryTotalMinor,
    tryNetMinor: input.tryNetMinor,
    tryVatMinor: input.tryVatMinor,
    taxEvidence: input.taxEvidence ?? null,
    seller: input.seller,
    buyer: input.buyer,
    lines: input.lines,
    periodStart: input.periodStart,
    periodEnd: input.periodEnd,
  };
  // The notification path needs no row back: one statement, no savepoint, no re-read.
  if (opts.orderFresh) return { ...row, number: await insertNumbered(tx, row, deps.prefix, year) };
  try {
    // A savepoint, so that if the backstop index fires (a caller without the order lock lost a
    // race) the number goes back and the caller's transaction stays usable.
    await tx.transaction((sp) => insertNumbered(sp, row, deps.prefix, year));
    const stored = await selectInvoice(tx, input.companyId, row.id);
    if (!stored) throw new Error('the invoice just issued is missing');
    return stored;
  } catch (err) {
    if (input.kind !== 'invoice' || uniqueViolation(err) !== 'invoices_one_per_order') throw err;
    const existing = await selectInvoiceByOrder(tx, input.orderId);
    if (!existing) throw err;
    return sameCompany(existing, input.companyId);
  }
}

function sameCompany(inv: InvoiceRow, companyId: string): InvoiceRow {
  // An order id is global; another company's invoice for it means the caller mixed up orders.
  if (inv.companyId !== companyId) throw new Error(`order ${inv.orderId} was invoiced to another company`);
  return inv;
}

/** A company's invoices and credit notes, newest first. */
export function listInvoices(exec: Executor, companyId: string): Promise<InvoiceRow[]> {
  return selectInvoices(exec, companyId);
}

/** One invoice or credit note of a company; another company's is `undefined`, like a missing one. */
export function getInvoice(exec: Executor, companyId: string, id: string): Promise<InvoiceRow | undefined> {
  return selectInvoice(exec, companyId, id);
}

/** The invoice of an order (not its credit notes), if issued. */
export function invoiceByOrder(exec: Executor, orderId: string): Promise<InvoiceRow | undefined> {
  return selectInvoiceByOrder(exec, orderId);
}

/** What credit notes have taken of an invoice so far: feed it to `creditNoteAmounts`. */
export function creditedSoFar(
  exec: Executor,
  companyId: string,
  invoiceId: string,
): Promise<{ netMinor: number; vatMinor: number; totalMinor: number }> {
  return selectCreditedSums(exec, companyId, invoiceId);
}

/**
 * A company's invoice or credit note with its PDF (a credit note names the invoice it credits);
 * `undefined` for one that is missing or another company's.
 */
export async function invoicePdf(
  exec: Executor,
  companyId: string,
  id: string,
  opts: Omit<PdfOptions, 'creditedNumber'> = {},
): Promise<{ invoice: InvoiceRow; pdf: Buffer } | undefined> {
  const invoice = await selectInvoice(exec, companyId, id);
  if (!invoice) return undefined;
  const credited = invoice.creditedInvoiceId
    ? await selectInvoice(exec, companyId, invoice.creditedInvoiceId)
    : undefined;
  return { invoice, pdf: await renderInvoicePdf(invoice, { ...opts, creditedNumber: credited?.number }) };
}
