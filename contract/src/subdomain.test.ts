import { describe, expect, it } from 'vitest';
import { subdomainSchema } from './common.ts';
import {
  deriveSubdomain,
  foldToAscii,
  RESERVED_SUBDOMAINS,
  SUBDOMAIN_FIELD_CODES,
  SUBDOMAIN_PROBLEM_MESSAGES,
  subdomainProblem,
} from './subdomain.ts';

describe('deriveSubdomain', () => {
  it('folds Turkish letters and joins words with hyphens', () => {
    expect(deriveSubdomain('Şirket Ağı')).toBe('sirket-agi');
    expect(deriveSubdomain('  İstanbul Yazılım A.Ş. ')).toBe('istanbul-yazilim-a-s');
    expect(deriveSubdomain('Çiğ Köfte & Ürün')).toBe('cig-kofte-urun');
    expect(foldToAscii('IĞDIR ıŞık')).toBe('igdir isik');
  });

  it('drops other accents and caps the length at 40 without a trailing hyphen', () => {
    expect(deriveSubdomain('Café Société')).toBe('cafe-societe');
    const long = deriveSubdomain(`${'a'.repeat(39)} b`);
    expect(long).toBe('a'.repeat(39));
    expect(deriveSubdomain('x'.repeat(60))).toHaveLength(40);
  });

  it('may derive something the rules refuse, which subdomainProblem then names', () => {
    expect(deriveSubdomain('!!!')).toBe('');
    expect(deriveSubdomain('A & B!')).toBe('a-b');
    expect(subdomainProblem(deriveSubdomain('Ç'))).toBe('tooShort');
    expect(subdomainProblem(deriveSubdomain('Admin'))).toBe('reserved');
  });
});

describe('subdomainProblem', () => {
  it('accepts good labels and names the problem of bad ones', () => {
    expect(subdomainProblem('acme')).toBeNull();
    expect(subdomainProblem('a1-b2')).toBeNull();
    expect(subdomainProblem('ab')).toBe('tooShort');
    expect(subdomainProblem('a'.repeat(41))).toBe('tooLong');
    expect(subdomainProblem('a--b')).toBe('doubleHyphen');
    expect(subdomainProblem('-abc')).toBe('chars');
    expect(subdomainProblem('ab_c')).toBe('chars');
    expect(subdomainProblem('admin')).toBe('reserved');
  });
});

describe('subdomainSchema (the API) follows the same rules', () => {
  const cases = ['acme', 'ab', 'a'.repeat(41), 'a--b', '-abc', 'ab_c', 'şirket', ...RESERVED_SUBDOMAINS];
  it.each(cases)('%s', (s) => {
    const problem = subdomainProblem(s);
    const r = subdomainSchema.safeParse(s);
    expect(r.success).toBe(problem === null);
    if (problem && !r.success) {
      expect(r.error.issues).toHaveLength(1);
      expect(r.error.issues[0]?.message).toBe(SUBDOMAIN_PROBLEM_MESSAGES[problem]);
      expect(r.error.issues[0]).toMatchObject({ params: { reason: SUBDOMAIN_FIELD_CODES[problem] } });
    }
  });

  it('trims and lowercases before checking', () => {
    expect(subdomainSchema.parse('  Acme-1 ')).toBe('acme-1');
  });
});
