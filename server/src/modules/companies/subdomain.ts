import { subdomainSchema } from '@youarecoder/contract';

const FOLD: Record<string, string> = {
  ç: 'c', Ç: 'c', ğ: 'g', Ğ: 'g', ı: 'i', I: 'i', İ: 'i', ö: 'o', Ö: 'o', ş: 's', Ş: 's', ü: 'u', Ü: 'u',
  â: 'a', Â: 'a', î: 'i', Î: 'i', û: 'u', Û: 'u',
};

/** Fold Turkish (and other accented) letters to ASCII, lowercase. */
export function foldToAscii(s: string): string {
  return s
    .replace(/[çÇğĞıIİöÖşŞüÜâÂîÎûÛ]/g, (c) => FOLD[c] ?? c)
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** A DNS-safe subdomain from a company name: `Şirket Ağı` -> `sirket-agi`. May still be invalid (too short, reserved). */
export function deriveSubdomain(companyName: string): string {
  return foldToAscii(companyName)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
    .replace(/-$/, '');
}

/** Why a subdomain is not acceptable, or null. */
export function subdomainProblem(s: string): string | null {
  const r = subdomainSchema.safeParse(s);
  return r.success ? null : (r.error.issues[0]?.message ?? 'is not valid');
}
