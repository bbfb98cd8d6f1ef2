import { useState } from 'react';
import { Link } from 'wouter';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';

interface Plan {
  id: 'starter' | 'team' | 'enterprise';
  name: MessageKey;
  monthlyUsd: number;
  workspaces: number;
  storageGb: number;
  featured?: boolean;
}

/** The published plans; the annual price is ten monthly ones. */
export const PLANS: Plan[] = [
  { id: 'starter', name: 'pricing.starter', monthlyUsd: 29, workspaces: 5, storageGb: 10 },
  { id: 'team', name: 'pricing.team', monthlyUsd: 99, workspaces: 20, storageGb: 50, featured: true },
  { id: 'enterprise', name: 'pricing.enterprise', monthlyUsd: 299, workspaces: 150, storageGb: 250 },
];

/** Price table with a monthly / annual switch. */
export function Pricing({ showCta = true }: { showCta?: boolean }) {
  const { t, locale } = useI18n();
  const [annual, setAnnual] = useState(false);
  const usd = (n: number) =>
    new Intl.NumberFormat(locale === 'tr' ? 'tr-TR' : 'en-US', {
      style: 'currency',
      currency: 'USD',
      maximumFractionDigits: 0,
    }).format(n);

  return (
    <div>
      <fieldset className="mx-auto flex w-fit rounded-lg bg-slate-100 p-1">
        <legend className="sr-only">{t('pricing.period')}</legend>
        {[false, true].map((a) => (
          <button
            key={String(a)}
            type="button"
            aria-pressed={annual === a}
            onClick={() => setAnnual(a)}
            className={`rounded-md px-4 py-1.5 text-sm font-medium ${annual === a ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`}
          >
            {a ? t('pricing.annual') : t('pricing.monthly')}
          </button>
        ))}
      </fieldset>
      <div className="mt-8 grid gap-6 md:grid-cols-3">
        {PLANS.map((p) => (
          <div
            key={p.id}
            data-testid={`plan-${p.id}`}
            className={`relative flex flex-col rounded-xl bg-white p-6 shadow-sm ${p.featured ? 'ring-2 ring-indigo-600' : 'ring-1 ring-slate-200'}`}
          >
            {p.featured && (
              <span className="absolute -top-3 left-6 rounded-full bg-indigo-600 px-3 py-0.5 text-xs font-semibold text-white">
                {t('pricing.popular')}
              </span>
            )}
            <h3 className="text-lg font-semibold text-slate-900">{t(p.name)}</h3>
            <p className="mt-4 flex items-baseline gap-1">
              <span className="text-4xl font-bold tracking-tight text-slate-900">
                {usd(annual ? p.monthlyUsd * 10 : p.monthlyUsd)}
              </span>
              <span className="text-sm text-slate-500">
                {annual ? t('pricing.perYear') : t('pricing.perMonth')}
              </span>
            </p>
            {annual && (
              <p className="mt-1 text-xs font-medium text-emerald-700">
                {t('pricing.annualSaving', { amount: usd(p.monthlyUsd * 2) })}
              </p>
            )}
            <ul className="mt-6 flex-1 space-y-2 text-sm text-slate-700">
              {[
                t('pricing.workspaces', { n: p.workspaces }),
                t('pricing.storage', { gb: p.storageGb }),
                t('pricing.featureSubdomain'),
                t('pricing.featureAutoStop'),
                t('pricing.featureInvoices'),
              ].map((f) => (
                <li key={f} className="flex gap-2">
                  <svg
                    aria-hidden="true"
                    viewBox="0 0 20 20"
                    className="mt-0.5 h-4 w-4 shrink-0 text-indigo-600"
                    fill="currentColor"
                  >
                    <path d="M16.7 5.3a1 1 0 010 1.4l-8 8a1 1 0 01-1.4 0l-4-4a1 1 0 011.4-1.4L8 12.6l7.3-7.3a1 1 0 011.4 0z" />
                  </svg>
                  {f}
                </li>
              ))}
            </ul>
            {showCta && (
              <Link
                href="/signup"
                className={`mt-6 block rounded-md px-4 py-2 text-center text-sm font-semibold ${
                  p.featured
                    ? 'bg-indigo-600 text-white hover:bg-indigo-700'
                    : 'bg-white text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50'
                }`}
              >
                {t('pricing.cta')}
              </Link>
            )}
          </div>
        ))}
      </div>
      <p className="mx-auto mt-8 max-w-2xl text-center text-sm text-slate-500">{t('pricing.trialNote')}</p>
      <p className="mx-auto mt-2 max-w-2xl text-center text-sm text-slate-500">{t('pricing.currencyNote')}</p>
    </div>
  );
}
