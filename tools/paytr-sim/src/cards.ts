import type { CardOutcome } from './types.ts';

/** Test cards that pay, with CVC 000 and any future expiry. */
export const SUCCESS_CARDS = ['4355084355084358', '5406675406675403', '9792030394440796'] as const;
/** Declined by the "bank" for insufficient limit (failed_reason_code 0). */
export const DECLINE_CARD = '4111111111111111';
/** Fails 3-D Secure verification (failed_reason_code 2). */
export const THREE_DS_FAIL_CARD = '5555555555554444';
/** The only CVC the success cards accept. */
export const TEST_CVC = '000';

/** Bank message for a limit decline, worded like a Turkish bank's. */
export const LIMIT_MESSAGE = 'Kartın limiti yetersiz';
/** Message for a failed 3-D Secure verification. */
export const VERIFY_FAILED_MESSAGE = 'Doğrulama başarısız';

/** Card details as typed on the page or posted to the Direct API. */
export interface CardInput {
  number: string;
  month: string;
  year: string;
  cvv: string;
}

/** A card that cannot even be submitted: which field and why (page shows it, Direct API fails with it). */
export interface CardInputError {
  field: 'cc_number' | 'cc_expiry' | 'cc_cvc';
  message: { tr: string; en: string };
}

/** Strips the spaces and dashes people type into card numbers. */
export function cleanNumber(n: string): string {
  return n.replace(/[\s-]/g, '');
}

/** The Luhn checksum every real card number satisfies. */
export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Checks what a checkout form would refuse before any bank sees it; null when the card can be tried. */
export function cardInputError(c: CardInput, now: Date): CardInputError | null {
  if (!luhnValid(cleanNumber(c.number))) {
    return { field: 'cc_number', message: { tr: 'Kart numarası geçersiz', en: 'Card number is invalid' } };
  }
  const month = Number(c.month);
  let year = Number(c.year);
  if (!/^\d{1,2}$/.test(c.month) || month < 1 || month > 12 || !/^(\d{2}|\d{4})$/.test(c.year)) {
    return {
      field: 'cc_expiry',
      message: { tr: 'Son kullanma tarihi geçersiz', en: 'Expiry date is invalid' },
    };
  }
  if (year < 100) year += 2000;
  // A card is valid through the last day of its expiry month.
  if (year * 12 + month < now.getUTCFullYear() * 12 + now.getUTCMonth() + 1) {
    return { field: 'cc_expiry', message: { tr: 'Kartın süresi dolmuş', en: 'The card has expired' } };
  }
  if (!/^\d{3,4}$/.test(c.cvv)) {
    return { field: 'cc_cvc', message: { tr: 'Güvenlik kodu geçersiz', en: 'Security code is invalid' } };
  }
  return null;
}

/** What the simulated bank says about a card that passed the form checks. */
export function cardOutcome(c: CardInput): CardOutcome {
  const number = cleanNumber(c.number);
  if ((SUCCESS_CARDS as readonly string[]).includes(number)) {
    if (c.cvv !== TEST_CVC) return { ok: false, code: 0, message: 'Kartın güvenlik kodu (CVV) hatalı' };
    return { ok: true };
  }
  if (number === DECLINE_CARD) return { ok: false, code: 0, message: LIMIT_MESSAGE };
  if (number === THREE_DS_FAIL_CARD) return { ok: false, code: 2, message: VERIFY_FAILED_MESSAGE };
  // Any other card is one the test store is not allowed to charge, which is what PayTR's test mode does too.
  return { ok: false, code: 9, message: 'Bu kart ile işlem yetkisi bulunmamaktadır' };
}

/** Turns the /__sim/pay shorthand ('success', 'decline', '3ds-fail' or a number) into a full test card. */
export function shorthandCard(card: string | undefined, now: Date): CardInput {
  const aliases: Record<string, string> = {
    success: SUCCESS_CARDS[0],
    decline: DECLINE_CARD,
    '3ds-fail': THREE_DS_FAIL_CARD,
  };
  const number = aliases[card ?? 'success'] ?? cleanNumber(card ?? '');
  return { number, month: '12', year: String(now.getUTCFullYear() + 3), cvv: TEST_CVC };
}

/** The card scheme PayTR reports (`schema` in the stored-card list, kart_marka in inquiries). */
export function cardSchema(number: string): string {
  if (number.startsWith('9792')) return 'TROY';
  if (number.startsWith('4')) return 'VISA';
  if (/^(5[1-5]|2[2-7])/.test(number)) return 'MASTERCARD';
  if (/^3[47]/.test(number)) return 'AMEX';
  return 'OTHER';
}

/** First six and last four digits, as banks mask a PAN. */
export function maskPan(number: string): string {
  return `${number.slice(0, 6)}${'*'.repeat(Math.max(0, number.length - 10))}${number.slice(-4)}`;
}

/** A plausible issuing bank and card programme for the stored-card list. */
export function cardIssuer(number: string): { bank: string; name: string } {
  if (number.startsWith('4355')) return { bank: 'Simülasyon Bankası', name: 'World' };
  if (number.startsWith('5406')) return { bank: 'Simülasyon Bankası', name: 'Bonus' };
  if (number.startsWith('9792')) return { bank: 'Simülasyon Bankası', name: 'Troy' };
  return { bank: 'Test Bank', name: 'Classic' };
}
