// The words and numbers an invoice PDF prints, kept apart from the drawing. Labels are
// bilingual, Turkish first (the legal language of the document), English after a slash.
import { type Currency, formatMoney } from '@youarecoder/contract';
import { dayToTurkish, istanbulDay } from './invoice.dates.ts';
import type { InvoiceRow } from './invoices.repo.ts';

/** Locales an invoice can be printed in: they change number formatting, not the labels. */
export type PdfLocale = 'tr' | 'en';

/** TCMB rate types, as an invoice names the one its TRY equivalent uses. */
export type FxRateType = 'ForexBuying' | 'ForexSelling' | 'BanknoteBuying' | 'BanknoteSelling';

const RATE_TYPE_TEXT: Record<FxRateType, [tr: string, en: string]> = {
  ForexBuying: ['TCMB döviz alış kuru', 'CBRT forex buying rate'],
  ForexSelling: ['TCMB döviz satış kuru', 'CBRT forex selling rate'],
  BanknoteBuying: ['TCMB efektif alış kuru', 'CBRT banknote buying rate'],
  BanknoteSelling: ['TCMB efektif satış kuru', 'CBRT banknote selling rate'],
};

/** Every fixed label of the document. */
export const LABELS = {
  invoice: 'FATURA / INVOICE',
  creditNote: 'İADE FATURASI / CREDIT NOTE',
  // Not "e-Arşiv": nothing is reported to GİB and there is no ETTN (docs/decisions/0007).
  scenario: "Ticari fatura, GİB'e iletilmemiştir / Commercial invoice, not transmitted to GİB",
  seller: 'Satıcı / Seller',
  buyer: 'Alıcı / Buyer',
  taxOffice: 'Vergi dairesi / Tax office',
  number: 'Fatura no / Invoice no',
  issueDate: 'Düzenleme tarihi / Issue date',
  period: 'Hizmet dönemi / Service period',
  credited: 'İade edilen fatura / Credited invoice',
  currency: 'Para birimi / Currency',
  description: 'Açıklama / Description',
  quantity: 'Miktar / Qty',
  unitPrice: 'Birim fiyat / Unit price',
  discount: 'İskonto / Discount',
  amount: 'Tutar / Amount',
  net: 'Ara toplam / Net total',
  total: 'Genel toplam / Total',
  exemption: 'İstisna sebebi / Exemption',
  note: "Bu belge e-Arşiv fatura değildir ve GİB'e iletilmemiştir; e-Arşiv faturası satıcının entegratörü aracılığıyla ayrıca düzenlenir. / This document is not an e-Archive invoice and was not reported to GİB; the e-Archive invoice is issued separately through the seller's integrator.",
} as const;

// Turkish names, as the seller's address writes its country ("İstanbul, Türkiye"): the document's
// legal language. ICU's data is fixed per Node release, so the same input gives the same bytes.
const COUNTRY_NAMES = new Intl.DisplayNames('tr', { type: 'region', fallback: 'code' });

/** A buyer's country code as the country's Turkish name ("TR" -> "Türkiye"); unknown: the code. */
export function countryName(code: string | null | undefined): string {
  if (!code) return '';
  try {
    return COUNTRY_NAMES.of(code) ?? code;
  } catch {
    // Intl refuses a malformed code: print what is stored rather than fail the invoice.
    return code;
  }
}

/** Money as printed: `₺1.409,74` (tr) or `$1,409.74` (en). */
export function money(minor: number, currency: Currency, locale: PdfLocale): string {
  return formatMoney(minor, currency, locale);
}

/** A TCMB rate string trimmed to 4 to 6 decimals (as TCMB prints it), `48,6116` in Turkish. */
export function rateText(rate: string, locale: PdfLocale): string {
  const [whole = '0', frac = ''] = rate.split('.');
  const trimmed = frac.replace(/0+$/, '').padEnd(4, '0');
  return `${whole}${locale === 'tr' ? ',' : '.'}${trimmed}`;
}

/** A VAT rate in basis points as a percentage number: 2000 → `20`, 150 → `1,5`. */
function percent(bp: number, locale: PdfLocale): string {
  const whole = Math.floor(bp / 100);
  const frac = String(bp % 100)
    .padStart(2, '0')
    .replace(/0+$/, '');
  return frac ? `${whole}${locale === 'tr' ? ',' : '.'}${frac}` : String(whole);
}

/** The VAT line's label: `KDV %20 / VAT 20%`, or the exempt form. */
export function vatLabel(inv: Pick<InvoiceRow, 'vatRateBp' | 'vatExemptReason'>, locale: PdfLocale): string {
  if (inv.vatExemptReason !== null) return 'KDV (istisna) / VAT (exempt)';
  const p = percent(inv.vatRateBp, locale);
  return `KDV %${p} / VAT ${p}%`;
}

/**
 * The TRY-equivalent sentences of a foreign-currency invoice, naming the rate type and bulletin:
 * the Turkish one with Turkish numbers, the English one with English numbers.
 */
export function tryEquivalentText(
  inv: Pick<InvoiceRow, 'tryRate' | 'fxDate' | 'tryTotalMinor' | 'tryNetMinor' | 'tryVatMinor'>,
  rateType: FxRateType,
): string[] {
  const [tr, en] = RATE_TYPE_TEXT[rateType];
  const day = inv.fxDate ? dayToTurkish(inv.fxDate) : '—';
  const lines = [
    `${tr} ${rateText(inv.tryRate, 'tr')} (${day}) ile TL karşılığı: ${money(inv.tryTotalMinor, 'TRY', 'tr')}`,
    `TRY equivalent at the ${en} ${rateText(inv.tryRate, 'en')} of ${day}: ${money(inv.tryTotalMinor, 'TRY', 'en')}`,
  ];
  // The VAT base and the VAT in TRY, as the VAT return declares them (invoices issued before they were
  // kept print as they always did).
  if (inv.tryNetMinor !== null && inv.tryVatMinor !== null)
    lines.push(
      `TL olarak: KDV matrahı ${money(inv.tryNetMinor, 'TRY', 'tr')}, KDV ${money(inv.tryVatMinor, 'TRY', 'tr')}, toplam ${money(inv.tryTotalMinor, 'TRY', 'tr')}`,
      `In TRY: VAT base ${money(inv.tryNetMinor, 'TRY', 'en')}, VAT ${money(inv.tryVatMinor, 'TRY', 'en')}, total ${money(inv.tryTotalMinor, 'TRY', 'en')}`,
    );
  return lines;
}

/** The service period as `dd.mm.yyyy – dd.mm.yyyy` (Istanbul days), or null without one. */
export function periodText(inv: Pick<InvoiceRow, 'periodStart' | 'periodEnd'>): string | null {
  if (!inv.periodStart || !inv.periodEnd) return null;
  return `${istanbulDay(inv.periodStart)} – ${istanbulDay(inv.periodEnd)}`;
}

/** The label of a tax number: TCKN for 11 digits (a person), VKN for 10 (a company), else generic. */
export function taxNumberLabel(taxNumber: string): string {
  if (/^\d{11}$/.test(taxNumber)) return 'TCKN / Citizen ID no';
  if (/^\d{10}$/.test(taxNumber)) return 'VKN / Tax no';
  return 'Vergi no / Tax ID';
}
