import type { Locale } from '@youarecoder/contract';
import { useI18n } from '../i18n/index.tsx';
import { useSession } from '../lib/session.tsx';

const OPTIONS: { value: Locale; short: string; name: string }[] = [
  { value: 'en', short: 'EN', name: 'English' },
  { value: 'tr', short: 'TR', name: 'Türkçe' },
];

/** EN | TR toggle; each button is named in its own language so it reads the same in both. */
export function LocaleSwitch({ className = 'inline-flex' }: { className?: string }) {
  const { locale, t } = useI18n();
  const { changeLocale } = useSession();
  return (
    <fieldset data-testid="locale-switch" className={`rounded-md ring-1 ring-slate-300 ${className}`}>
      <legend className="sr-only">{t('locale.label')}</legend>
      {OPTIONS.map((o, i) => (
        <button
          key={o.value}
          type="button"
          lang={o.value}
          aria-label={o.name}
          aria-pressed={locale === o.value}
          onClick={() => changeLocale(o.value)}
          className={`px-2.5 py-1 text-xs font-semibold ${i === 0 ? 'rounded-l-md' : 'rounded-r-md'} ${
            locale === o.value ? 'bg-indigo-600 text-white' : 'bg-white text-slate-600 hover:bg-slate-50'
          }`}
        >
          {o.short}
        </button>
      ))}
    </fieldset>
  );
}
