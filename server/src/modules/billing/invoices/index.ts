// The invoices' public surface: other billing code and routes import from here only.
export {
  type AmountsInput,
  type CreditedAmounts,
  creditNoteAmounts,
  type InvoiceAmounts,
  invoiceAmounts,
  isUnitRate,
  surchargedAmounts,
  tryBreakdown,
  tryEquivalentMinor,
} from './invoice.amounts.ts';
export { istanbulDay, istanbulYear } from './invoice.dates.ts';
export {
  formatInvoiceNumber,
  INVOICE_NUMBER_RE,
  isInvoiceNumber,
} from './invoice.numbers.ts';
export type { FxRateType, PdfLocale } from './invoice.pdf.text.ts';
export { loadPdfKit, type PdfOptions, renderInvoicePdf } from './invoice.pdf.ts';
export type { InvoiceRow } from './invoices.repo.ts';
export {
  type BuyerParty,
  creditedSoFar,
  getInvoice,
  type InvoiceLine,
  type IssueDeps,
  type IssueInput,
  invoiceByOrder,
  invoicePdf,
  issueInvoice,
  listInvoices,
  type SellerParty,
  sellerFromConfig,
} from './invoices.service.ts';
