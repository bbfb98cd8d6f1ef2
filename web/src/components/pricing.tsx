import {
  BILLING_PERIODS,
  type BillingPeriod,
  CURRENCIES,
  type Currency,
  formatMoney,
} from '@youarecoder/contract/billing-rules';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import type { ReactNode } from 'react';
import type { PlanPrice, PlansResult } from '../api/billing.ts';
import { useI18n } from '../i18n/index.tsx';
import { annualSaving, formatBulletinDate, formatPercentBp } from '../lib/billing.ts';
import { formatBytes } from '../lib/chart.ts';
import { formatMinutes } from '../lib/workspaces.ts';
import { Spinner } from './ui.tsx';

const segment = (on: boolean) =>
  `rounded-md px-3 py-1.5 text-sm font-medium sm:px-4 ${on ? 'bg-white text-slate-900 shadow-sm' : 'text-slate-600 hover:text-slate-900'}`;

/** A row of pressed/unpressed buttons in a grey track (one choice of a few). */
function Segmented<K extends string>({
  legend,
  options,
  value,
  onChange,
  busy,
  testId,
}: {
  legend: string;
  options: { id: K; label: ReactNode; lang?: string }[];
  value: K;
  onChange: (k: K) => void;
  busy?: boolean;
  testId: string;
}) {
  return (
    <fieldset
      className="flex w-fit items-center gap-0.5 rounded-lg bg-slate-100 p-1"
      data-testid={testId}
      aria-busy={busy || undefined}
    >
      <legend className="sr-only">{legend}</legend>
      {options.map((o) => (
        <button
          key={o.id}
          type="button"
          aria-pressed={value === o.id}
          disabled={busy}
          onClick={() => value !== o.id && onChange(o.id)}
          className={`${segment(value === o.id)} disabled:cursor-wait`}
        >
          {o.label}
        </button>
      ))}
      {busy && (
        <span className="px-1.5 text-slate-500">
          <Spinner small />
        </span>
      )}
    </fieldset>
  );
}

/** TRY / USD / EUR. */
export function CurrencySwitch({
  value,
  onChange,
  busy,
}: {
  value: Currency;
  onChange: (c: Currency) => void;
  busy?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Segmented
      legend={t('pricing.currency')}
      testId="currency-switch"
      options={CURRENCIES.map((c) => ({ id: c, label: c }))}
      value={value}
      onChange={onChange}
      busy={busy}
    />
  );
}

/** Monthly / annual ("2 months free"). */
export function PeriodSwitch({
  value,
  onChange,
}: {
  value: BillingPeriod;
  onChange: (p: BillingPeriod) => void;
}) {
  const { t } = useI18n();
  return (
    <Segmented
      legend={t('pricing.period')}
      testId="period-switch"
      options={BILLING_PERIODS.map((p) => ({
        id: p,
        label: p === 'annual' ? t('pricing.annual') : t('pricing.monthly'),
      }))}
      value={value}
      onChange={onChange}
    />
  );
}

/**
 * "Rates: TCMB ForexBuying, bulletin of 21.09.2026 · 1 USD = 41.2345 TRY". The bulletin's date is the
 * whole story for customers: whether it is older than expected is for the operators (they are alerted).
 */
export function RateLine({ plans, className = '' }: { plans: PlansResult; className?: string }) {
  const { t } = useI18n();
  if (!plans.rateDate) return null;
  const rates = [
    plans.currency === 'EUR' && plans.rate ? `1 EUR = ${plans.rate} TRY` : null,
    plans.usdRate ? `1 USD = ${plans.usdRate} TRY` : null,
  ].filter(Boolean);
  return (
    <p className={`text-xs text-slate-500 ${className}`} data-testid="rate-line">
      {t('pricing.rates', { date: formatBulletinDate(plans.rateDate) })}
      {rates.length > 0 && <span className="whitespace-nowrap"> · {rates.join(' · ')}</span>}
    </p>
  );
}

/** One plan: name, price for the period (VAT not included), limits, and the caller's buttons. */
export function PlanCard({
  plan,
  currency,
  period,
  vatRateBp,
  headingId,
  highlight = false,
  badge,
  features = false,
  testId,
  children,
}: {
  plan: PlanPrice;
  currency: Currency;
  period: BillingPeriod;
  vatRateBp: number;
  /** Id of the plan's name, for buttons to be described by. */
  headingId?: string;
  /** A ring around the card (the popular plan, or the current one). */
  highlight?: boolean;
  /** A label on the card's top edge. */
  badge?: ReactNode;
  /** Also list what every plan has (the public pricing). */
  features?: boolean;
  testId: string;
  children?: ReactNode;
}) {
  const { t, locale } = useI18n();
  const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
  const money = (minor: number) => formatMoney(minor, currency, locale);
  const limits = [
    t('pricing.workspaces', { n: plan.limits.workspaceLimit }),
    t('pricing.compute', {
      cpus: plan.limits.cpuLimit,
      memory: formatBytes(plan.limits.memoryLimitBytes, tag),
    }),
    t('pricing.storage', { size: formatBytes(plan.limits.diskQuotaBytes, tag) }),
    t('pricing.idle', { time: formatMinutes(t, plan.limits.maxIdleTimeoutMinutes) }),
    ...(plan.limits.sso ? [t('pricing.sso')] : []),
    ...(features
      ? [t('pricing.featureSubdomain'), t('pricing.featureAutoStop'), t('pricing.featureInvoices')]
      : []),
  ];
  return (
    <div
      data-testid={testId}
      className={`relative flex flex-col rounded-xl bg-white p-6 shadow-sm ${highlight ? 'ring-2 ring-indigo-600' : 'ring-1 ring-slate-200'}`}
    >
      {badge && (
        <span className="absolute -top-3 left-6 rounded-full bg-indigo-600 px-3 py-0.5 text-xs font-semibold text-white">
          {badge}
        </span>
      )}
      <h3 id={headingId} className="text-lg font-semibold text-slate-900">
        {PLAN_NAMES[plan.id]}
      </h3>
      <p className="mt-4 flex flex-wrap items-baseline gap-x-1">
        <span className="text-3xl font-bold tracking-tight text-slate-900" data-testid="plan-price">
          {money(plan.prices[period])}
        </span>
        <span className="text-sm text-slate-500">
          {period === 'annual' ? t('pricing.perYear') : t('pricing.perMonth')}
        </span>
      </p>
      <p className="mt-1 text-xs text-slate-500">
        {t('pricing.plusVat', { rate: formatPercentBp(vatRateBp, locale) })}
      </p>
      {period === 'annual' && annualSaving(plan.prices) > 0 && (
        <p className="mt-1 text-xs font-medium text-emerald-700">
          {t('pricing.annualSaving', { amount: money(annualSaving(plan.prices)) })}
        </p>
      )}
      <ul className="mt-5 flex-1 space-y-2 text-sm text-slate-700">
        {limits.map((f) => (
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
      {children && <div className="mt-6 space-y-2">{children}</div>}
    </div>
  );
}
