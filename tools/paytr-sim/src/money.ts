/** Currencies PayTR accepts on input; TRY and TL are the same lira. */
export const CURRENCIES = ['TL', 'TRY', 'USD', 'EUR', 'GBP', 'RUB'] as const;

/** Normalises the currency the way PayTR reports it back: the lira is always `TL`. */
export function normaliseCurrency(c: string): string {
  return c === 'TRY' ? 'TL' : c;
}

/** The symbol the payment page shows before the amount. */
export function currencySymbol(c: string): string {
  const symbols: Record<string, string> = { TL: '₺', TRY: '₺', USD: '$', EUR: '€', GBP: '£', RUB: '₽' };
  return symbols[c] ?? c;
}

/** Parses a positive integer in minor units ("3456"); null when it is anything else. */
export function parseMinor(text: string): number | null {
  if (!/^[1-9]\d{0,11}$/.test(text)) return null;
  return Number(text);
}

/** Parses a dot-decimal amount ("9.99", "10") into minor units; null when malformed or not positive. */
export function parseDecimal(text: string): number | null {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?$/.exec(text);
  if (!m) return null;
  const minor = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return minor > 0 ? minor : null;
}

/** Minor units as the dot-decimal string the merchant APIs answer with ("9.99"). */
export function formatDecimal(minor: number): string {
  return `${Math.trunc(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

/** Amount for display on the page: "1.234,56" in Turkish, "1,234.56" in English. */
export function formatDisplay(minor: number, lang: 'tr' | 'en'): string {
  return new Intl.NumberFormat(lang === 'tr' ? 'tr-TR' : 'en-US', {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  }).format(minor / 100);
}

/** Surcharge per installment beyond the first, in tenths of a percent (1.5 %). */
export const INSTALLMENT_STEP_PERMILLE = 15;

/**
 * What the payer is charged for n installments: the amount plus 1.5 % per extra installment, rounded half up,
 * so a multi-installment total_amount is always above payment_amount like a real bank's financing cost.
 */
export function installmentTotal(amount: number, installments: number): number {
  if (installments <= 1) return amount;
  const permille = 1000 + INSTALLMENT_STEP_PERMILLE * (installments - 1);
  return Math.floor((amount * permille + 500) / 1000);
}

// PayTR works in Turkey's time, which has been a fixed UTC+3 since 2016.
const TR_OFFSET_MS = 3 * 60 * 60 * 1000;

/** Formats an instant as PayTR's `YYYY-MM-DD hh:mm:ss` in Turkish time. */
export function formatTrDate(epochMs: number): string {
  return new Date(epochMs + TR_OFFSET_MS).toISOString().slice(0, 19).replace('T', ' ');
}

/** Parses PayTR's `YYYY-MM-DD hh:mm:ss` (Turkish time) into epoch ms; null when malformed. */
export function parseTrDate(text: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  const utc = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2024-02-31 over into March; a round trip catches such impossible dates.
  if (formatTrDate(utc - TR_OFFSET_MS) !== text) return null;
  return utc - TR_OFFSET_MS;
}
