import type { Locale } from '@youarecoder/contract';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { en, type MessageKey } from './en.ts';
import { tr } from './tr.ts';

/** Dictionaries by locale. */
export const dictionaries: Record<Locale, Record<MessageKey, string>> = { en, tr };
export type { MessageKey };

const STORAGE_KEY = 'yac.locale';

/** The locale to start with: the remembered choice, else the browser's language. */
export function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'tr') return saved;
  } catch {
    // storage may be unavailable (private mode); fall through
  }
  const langs = typeof navigator === 'undefined' ? [] : (navigator.languages ?? [navigator.language]);
  return langs.some((l) => l?.toLowerCase().startsWith('tr')) ? 'tr' : 'en';
}

/**
 * Replace `{name}` placeholders with values, and `[n|one|other]` with the singular or plural
 * word for the number `n` (English needs it; Turkish keeps nouns singular after numbers).
 */
export function format(template: string, vars?: Record<string, string | number>): string {
  if (!vars) return template;
  return template
    .replace(/\[(\w+)\|([^|\]]*)\|([^\]]*)\]/g, (m, k: string, one: string, other: string) =>
      k in vars ? (Number(vars[k]) === 1 ? one : other) : m,
    )
    .replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** Translate function. */
export type TFunction = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** The translate function over one dictionary (a key it lacks shows as itself). */
export function translator(dict: Record<MessageKey, string>): TFunction {
  return (key, vars) => format(dict[key] ?? key, vars);
}

interface I18nValue {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: TFunction;
  /** Format a date-time for the current locale. */
  fmtDate: (iso: string | null | undefined, withTime?: boolean) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

/** Provides the current locale and the translate function. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(initialLocale);

  const setLocale = useCallback((l: Locale) => {
    setLocaleState(l);
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      // ignore: the choice then lasts for this page only
    }
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  const value = useMemo<I18nValue>(() => {
    const dict = dictionaries[locale];
    const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
    return {
      locale,
      setLocale,
      t: translator(dict),
      fmtDate: (iso, withTime = true) => {
        if (!iso) return '—';
        const d = new Date(iso);
        if (Number.isNaN(d.getTime())) return iso;
        return d.toLocaleString(
          tag,
          withTime ? { dateStyle: 'medium', timeStyle: 'short' } : { dateStyle: 'medium' },
        );
      },
    };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The i18n context: `t`, `locale`, `setLocale`, `fmtDate`. */
export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}
