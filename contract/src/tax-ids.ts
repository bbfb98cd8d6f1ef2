// Turkish tax numbers and their check digits. No zod here: the portal may import this module (through
// `@youarecoder/contract/tax-ids`). A valid check digit says the number is well formed, not that it is
// registered: only GİB (the revenue administration) can say that.

/** Whether `s` is a VKN (vergi kimlik numarası, companies): 10 digits, the last one checking the others. */
export function isValidVkn(s: string): boolean {
  if (!/^\d{10}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    // Each digit is shifted by its distance from the check digit, then weighted by a power of two mod 9
    // (a shifted 9 counts as 9, not 0).
    const shifted = (Number(s[i]) + 9 - i) % 10;
    sum += shifted === 9 ? 9 : (shifted * 2 ** (9 - i)) % 9;
  }
  return (10 - (sum % 10)) % 10 === Number(s[9]);
}

/** Whether `s` is a TCKN (T.C. kimlik numarası, individuals): 11 digits, not starting with 0, two check digits. */
export function isValidTckn(s: string): boolean {
  if (!/^[1-9]\d{10}$/.test(s)) return false;
  const digit = (i: number) => Number(s[i]);
  const odd = digit(0) + digit(2) + digit(4) + digit(6) + digit(8);
  const even = digit(1) + digit(3) + digit(5) + digit(7);
  // The 10th digit: (7 × the odd-placed sum − the even-placed sum) mod 10, kept non-negative; the
  // 11th: the sum of the first ten mod 10.
  const tenth = (((odd * 7 - even) % 10) + 10) % 10;
  const eleventh = (odd + even + tenth) % 10;
  return digit(9) === tenth && digit(10) === eleventh;
}

/** Why a Turkish buyer's tax number is refused: not 10 or 11 digits, or a check digit (or a TCKN's first digit) is wrong. */
export type TurkishTaxIdProblem = 'format' | 'check_digit';

/** What is wrong with a Turkish buyer's tax number (a VKN or a TCKN), or null when it is valid. */
export function turkishTaxIdProblem(s: string): TurkishTaxIdProblem | null {
  if (!/^\d{10,11}$/.test(s)) return 'format';
  return (s.length === 10 ? isValidVkn(s) : isValidTckn(s)) ? null : 'check_digit';
}

/** The prefix of each EU member state's VAT number (Greece's is EL, not GR). */
const EU_VAT_PREFIXES: Readonly<Record<string, string>> = Object.fromEntries(
  'AT BE BG CY CZ DE DK EE ES FI FR HR HU IE IT LT LU LV MT NL PL PT RO SE SI SK'
    .split(' ')
    .map((c) => [c, c])
    .concat([['GR', 'EL']]),
);

/**
 * What a buyer's details say about the export exemption from KDV: a Turkish buyer is taxed; a buyer
 * abroad with a tax number of their own country is evidence for the exemption; a buyer "abroad" whose
 * tax number is a valid Turkish VKN/TCKN, or another EU state's VAT number, contradicts itself (held
 * for an operator, taxed until one confirms).
 */
export type ExemptionCheck =
  | { kind: 'domestic' }
  | { kind: 'foreign_tax_id' }
  | { kind: 'contradiction'; reason: 'turkish_tax_number' | 'vat_number_of_another_country' };

/** Check a buyer's country and tax number against each other (see ExemptionCheck). */
export function exemptionCheck(country: string, taxNumber: string): ExemptionCheck {
  const c = country.trim().toUpperCase();
  if (c === 'TR') return { kind: 'domestic' };
  const n = taxNumber.replace(/[\s.-]/g, '').toUpperCase();
  if (turkishTaxIdProblem(n) === null) return { kind: 'contradiction', reason: 'turkish_tax_number' };
  const prefix = /^[A-Z]{2}(?=[0-9A-Z]{2,})/.exec(n)?.[0];
  const own = EU_VAT_PREFIXES[c];
  if (prefix && Object.values(EU_VAT_PREFIXES).includes(prefix) && prefix !== own)
    return { kind: 'contradiction', reason: 'vat_number_of_another_country' };
  return { kind: 'foreign_tax_id' };
}
