import { describe, expect, it } from 'vitest';
import { en } from './en.ts';
import { format } from './index.tsx';
import { tr } from './tr.ts';

const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('format', () => {
  it('fills placeholders and picks singular or plural', () => {
    expect(format('{n} [n|workspace|workspaces] for {name}', { n: 1, name: 'Ayşe' })).toBe(
      '1 workspace for Ayşe',
    );
    expect(format('{n} [n|workspace|workspaces]', { n: 3 })).toBe('3 workspaces');
    expect(format('{missing}', {})).toBe('{missing}');
  });
});

describe('dictionaries', () => {
  it('English and Turkish have exactly the same keys', () => {
    expect(Object.keys(tr).sort()).toEqual(Object.keys(en).sort());
  });

  it('have no empty strings', () => {
    for (const [lang, dict] of Object.entries({ en, tr })) {
      for (const [key, value] of Object.entries(dict)) {
        expect(typeof value, `${lang} ${key}`).toBe('string');
        expect(value.trim(), `${lang} ${key}`).not.toBe('');
      }
    }
  });

  it('Turkish translates every English text, but for names and codes meant to stay', () => {
    // The same in both languages on purpose: product and provider names, field names, symbols.
    const SAME = new Set<string>([
      'workspace.disk',
      'charts.disk',
      'billing.plan',
      'card.cvv',
      'invoices.pdf',
      'admin.none',
      'admin.companies.plan',
      'admin.callbacks.merchantOid',
      'admin.recon.paytr',
      'admin.recon.runs.range',
      'admin.recon.resolveDialog.body',
      'audit.sentence.unknown',
    ]);
    const untranslated = (Object.keys(en) as (keyof typeof en)[]).filter(
      (k) => !SAME.has(k) && tr[k] === en[k],
    );
    expect(untranslated).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(placeholders(tr[key]), key).toEqual(placeholders(en[key]));
    }
  });
});
