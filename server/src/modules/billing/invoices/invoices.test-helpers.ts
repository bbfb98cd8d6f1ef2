// Sample invoices for the tests (and the PDF determinism child process). Not used by production code.
import { TEST_SELLER_VKN, TEST_VKN_2 } from '../../../../test/tax-ids.ts';
import { invoiceAmounts } from './invoice.amounts.ts';
import type { InvoiceRow } from './invoices.repo.ts';
import type { BuyerParty, IssueInput, SellerParty } from './invoices.service.ts';

/** The seller of every sample. */
export const SAMPLE_SELLER: SellerParty = {
  legalName: 'YouAreCoder Yazılım A.Ş.',
  taxOffice: 'Kozyatağı',
  taxNumber: TEST_SELLER_VKN,
  address: 'Kozyatağı Mah. Değirmen Sok. No:18, Kadıköy, İstanbul',
};

/** A Turkish buyer whose address has every Turkish special letter. */
export const TURKISH_BUYER: BuyerParty = {
  legalName: 'Çağrı Yazılım Ltd. Şti.',
  taxOffice: 'Beşiktaş',
  taxNumber: TEST_VKN_2,
  address: 'Levazım Mah. Koru Sok. No:2 (ğüşıöçİ)',
  city: 'İstanbul',
  country: 'TR',
};

/** A buyer abroad: exempt from VAT. */
export const FOREIGN_BUYER: BuyerParty = {
  legalName: 'Acme GmbH',
  taxOffice: 'Finanzamt München',
  taxNumber: 'DE123456789',
  address: 'Leopoldstraße 1',
  city: 'München',
  country: 'DE',
};

/** An issue input for `orderId`, priced by `invoiceAmounts` so it passes the checks. */
export function sampleIssueInput(
  companyId: string,
  orderId: string,
  over: Partial<IssueInput> = {},
): IssueInput {
  const buyer = over.buyer ?? TURKISH_BUYER;
  const currency = over.currency ?? 'TRY';
  const tryRate = over.tryRate ?? (currency === 'TRY' ? '1' : '48.611600');
  const netMinor = over.netMinor ?? 140_974;
  return {
    kind: 'invoice',
    companyId,
    orderId,
    currency,
    tryRate,
    fxDate: currency === 'TRY' ? null : '2026-09-18',
    seller: SAMPLE_SELLER,
    buyer,
    lines: [{ description: 'Team plan, monthly', quantity: 1, unitNetMinor: netMinor, netMinor }],
    periodStart: new Date('2026-11-26T09:00:00Z'),
    periodEnd: new Date('2026-12-26T09:00:00Z'),
    issuedAt: new Date('2026-11-26T09:00:00Z'),
    ...invoiceAmounts({ netMinor, country: buyer.country, vatRateBp: 2000, currency, tryRate }),
    ...over,
  };
}

/** A stored-looking invoice row for rendering without a database. */
export function sampleInvoiceRow(
  over: Partial<IssueInput> & { number?: string; id?: string } = {},
): InvoiceRow {
  const { number = 'YAC2026000000042', id = 'inv_sample', issuedAt, ...rest } = over;
  const input = sampleIssueInput('cmp_sample', 'ord_sample', rest);
  return {
    ...input,
    id,
    number,
    creditedInvoiceId: input.creditedInvoiceId ?? null,
    fxRateType: input.fxRateType ?? 'ForexBuying',
    taxEvidence: input.taxEvidence ?? null,
    issuedAt: issuedAt ?? input.issuedAt ?? new Date('2026-11-26T09:00:00Z'),
  };
}

/** The invoices the PDF tests render: a TRY one to a Turkish buyer, a USD one, a credit note. */
export function samplePdfInvoices(): Record<'try' | 'usd' | 'credit', InvoiceRow> {
  const usdLines = [
    { description: 'Starter plan, monthly', quantity: 1, unitNetMinor: 2900, netMinor: 2900 },
  ];
  return {
    try: sampleInvoiceRow({ number: 'YAC2026000000042' }),
    usd: sampleInvoiceRow({ number: 'YAC2026000000043', currency: 'USD', netMinor: 2900, lines: usdLines }),
    credit: sampleInvoiceRow({
      number: 'YAC2026000000044',
      kind: 'credit_note',
      creditedInvoiceId: 'inv_sample',
      issuedAt: new Date('2026-11-27T21:30:00Z'),
    }),
  };
}
