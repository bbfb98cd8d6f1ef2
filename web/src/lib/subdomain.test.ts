import { describe, expect, it } from 'vitest';
import { subdomainProblem, suggestSubdomain } from './subdomain.ts';

describe('suggestSubdomain', () => {
  it('folds Turkish letters and joins words with hyphens', () => {
    expect(suggestSubdomain('Şirket Ağı')).toBe('sirket-agi');
    expect(suggestSubdomain('  İstanbul Yazılım A.Ş. ')).toBe('istanbul-yazilim-a-s');
    expect(suggestSubdomain('Çiğ Köfte & Ürün')).toBe('cig-kofte-urun');
  });
  it('drops other accents and caps the length at 40 without a trailing hyphen', () => {
    expect(suggestSubdomain('Café Société')).toBe('cafe-societe');
    const long = suggestSubdomain(`${'a'.repeat(39)} b`);
    expect(long.length).toBeLessThanOrEqual(40);
    expect(long.endsWith('-')).toBe(false);
  });
});

describe('subdomainProblem', () => {
  it('accepts good labels and names the problem of bad ones', () => {
    expect(subdomainProblem('acme')).toBeNull();
    expect(subdomainProblem('ab')).toBe('tooShort');
    expect(subdomainProblem('a--b')).toBe('doubleHyphen');
    expect(subdomainProblem('-abc')).toBe('chars');
    expect(subdomainProblem('admin')).toBe('reserved');
  });
});
