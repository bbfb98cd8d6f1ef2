// Subdomain rules in one place: the signup schema, the server's derivation and the portal's preview
// all use them. No zod here: the portal imports this module (through `@youarecoder/contract/subdomain`).
import type { FieldCode } from './errors.ts';

/** Reserved subdomains that no company may take. */
export const RESERVED_SUBDOMAINS: readonly string[] = [
  'www',
  'api',
  'admin',
  'app',
  'mail',
  'smtp',
  'imap',
  'pop',
  'ftp',
  'static',
  'assets',
  'cdn',
  'docs',
  'help',
  'support',
  'status',
  'billing',
  'pay',
  'login',
  'auth',
  'sso',
  'portal',
  'dashboard',
  'console',
  'blog',
  'dev',
  'staging',
  'test',
  'demo',
  'root',
  'system',
  'youarecoder',
  'ws',
  'gateway',
  'ns1',
  'ns2',
];

/** Shortest subdomain. */
export const SUBDOMAIN_MIN_LENGTH = 3;
/** Longest subdomain (well inside DNS's 63, leaving room for workspace prefixes). */
export const SUBDOMAIN_MAX_LENGTH = 40;
/** A DNS-safe label: lowercase letters, digits and inner hyphens. */
export const SUBDOMAIN_PATTERN = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;

/** Why a subdomain is refused. */
export type SubdomainProblem = 'tooShort' | 'tooLong' | 'chars' | 'doubleHyphen' | 'reserved';

/** The API's English text for each subdomain problem (clients translate the field code instead). */
export const SUBDOMAIN_PROBLEM_MESSAGES: Record<SubdomainProblem, string> = {
  tooShort: `must be at least ${SUBDOMAIN_MIN_LENGTH} characters`,
  tooLong: `must be at most ${SUBDOMAIN_MAX_LENGTH} characters`,
  chars: 'may contain only a–z, 0–9 and inner hyphens',
  doubleHyphen: 'may not contain two hyphens in a row',
  reserved: 'is reserved',
};

/** The field code the API answers for each subdomain problem. */
export const SUBDOMAIN_FIELD_CODES = {
  tooShort: 'subdomain_too_short',
  tooLong: 'subdomain_too_long',
  chars: 'subdomain_chars',
  doubleHyphen: 'subdomain_double_hyphen',
  reserved: 'subdomain_reserved',
} as const satisfies Record<SubdomainProblem, FieldCode>;

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

/** Fold Turkish (and other accented) letters to ASCII, lowercase: `Şirket Ağı` -> `sirket agi`. */
export function foldToAscii(s: string): string {
  // Turkish letters first: NFKD alone leaves ı as is and would turn İ into i plus a combining dot.
  return s
    .replace(/[çÇğĞıIİöÖşŞüÜâÂîÎûÛ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/**
 * A DNS-safe subdomain from a company name: `Şirket Ağı` -> `sirket-agi`. May still be refused
 * (too short, reserved): check it with subdomainProblem.
 */
export function deriveSubdomain(companyName: string): string {
  return foldToAscii(companyName)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, SUBDOMAIN_MAX_LENGTH)
    .replace(/-$/, '');
}

/** Why a (trimmed, lowercased) subdomain is refused, or null when it is acceptable; uniqueness is the server's to check. */
export function subdomainProblem(s: string): SubdomainProblem | null {
  if (s.length < SUBDOMAIN_MIN_LENGTH) return 'tooShort';
  if (s.length > SUBDOMAIN_MAX_LENGTH) return 'tooLong';
  if (!SUBDOMAIN_PATTERN.test(s)) return 'chars';
  // Workspace hosts will use `--` as a separator, so a company's own `--` would make them ambiguous.
  if (s.includes('--')) return 'doubleHyphen';
  if (RESERVED_SUBDOMAINS.includes(s)) return 'reserved';
  return null;
}
