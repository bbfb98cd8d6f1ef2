import { RESERVED_SUBDOMAINS } from '@youarecoder/contract';

const FOLD: Record<string, string> = {
  ç: 'c',
  Ç: 'c',
  ğ: 'g',
  Ğ: 'g',
  ı: 'i',
  I: 'i',
  İ: 'i',
  ö: 'o',
  Ö: 'o',
  ş: 's',
  Ş: 's',
  ü: 'u',
  Ü: 'u',
  â: 'a',
  Â: 'a',
  î: 'i',
  Î: 'i',
  û: 'u',
  Û: 'u',
};

/**
 * Suggest a subdomain from a company name (`Şirket Ağı` -> `sirket-agi`), the way the API derives one.
 * The portal always sends what it previewed, so the user gets exactly the address they saw.
 */
export function suggestSubdomain(companyName: string): string {
  return companyName
    .replace(/[çÇğĞıIİöÖşŞüÜâÂîÎûÛ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
}

/** Why a subdomain would be refused, as a key for a translated message; null when it looks fine. */
export type SubdomainProblem = 'tooShort' | 'tooLong' | 'chars' | 'doubleHyphen' | 'reserved';

/** Check a subdomain against the API's rules (the API checks again, and for uniqueness). */
export function subdomainProblem(s: string): SubdomainProblem | null {
  if (s.length < 3) return 'tooShort';
  if (s.length > 40) return 'tooLong';
  if (!/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/.test(s)) return 'chars';
  if (s.includes('--')) return 'doubleHyphen';
  if (RESERVED_SUBDOMAINS.includes(s)) return 'reserved';
  return null;
}
