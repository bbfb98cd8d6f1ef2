import { AUDIT_ACTIONS } from '@youarecoder/contract/constants';
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

// The server's sources as text (Vite's glob import, so no Node types are needed here).
const serverSources = import.meta.glob<string>(
  ['../../../server/src/**/*.ts', '!../../../server/src/**/*.test.ts'],
  {
    query: '?raw',
    import: 'default',
    eager: true,
  },
);

/** Every `'area.name'` string in the server's sources (tests aside) that looks like an audit action. */
function serverActionLiterals(): Set<string> {
  const re =
    /'((?:company|user|session|api_token|invite|member|workspace|template|template_asset|billing)\.[a-z0-9_]+)'/g;
  const found = new Set<string>();
  for (const text of Object.values(serverSources))
    for (const m of text.matchAll(re)) found.add(m[1] as string);
  return found;
}

describe('the audit log speaks both languages', () => {
  it('every action the server can write has a sentence and a filter label in English and Turkish', () => {
    // audit.record() takes only an AuditAction, so AUDIT_ACTIONS is what the server can write; the
    // scan catches an action written around the type (the strings named here are no actions).
    const NOT_ACTIONS = new Set(['company.json', 'member.remove']);
    expect(Object.keys(serverSources).length).toBeGreaterThan(100);
    const known = new Set<string>(AUDIT_ACTIONS);
    const stray = [...serverActionLiterals()].filter((a) => !known.has(a) && !NOT_ACTIONS.has(a));
    expect(stray).toEqual([]);
    const dicts = { en, tr } as Record<string, Record<string, string>>;
    for (const [lang, dict] of Object.entries(dicts)) {
      const labels = new Map<string, string>();
      for (const a of AUDIT_ACTIONS) {
        expect(dict[`audit.sentence.${a}`], `${lang} sentence ${a}`).toBeTruthy();
        const label = dict[`audit.action.${a}`];
        expect(label, `${lang} label ${a}`).toBeTruthy();
        expect(label, `${lang} label ${a}`).not.toContain(a);
        // One label names one action, so the filter's choices cannot be mistaken for each other.
        expect(labels.get(label as string), `${lang} "${label}" names two actions`).toBeUndefined();
        labels.set(label as string, a);
      }
    }
  });
});
