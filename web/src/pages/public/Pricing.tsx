import type { BillingPeriod, Currency } from '@youarecoder/contract/billing-rules';
import { REFUND_FULL_DAYS } from '@youarecoder/contract/legal';
import { useState } from 'react';
import { Link } from 'wouter';
import { billingApi } from '../../api/billing.ts';
import { CurrencySwitch, PeriodSwitch, PlanCard, RateLine } from '../../components/pricing.tsx';
import { Loading, Notice } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { fallbackPlans, rememberCurrency, rememberedCurrency } from '../../lib/billing.ts';
import { useLoad } from '../../lib/hooks.ts';
import { LegalLinks } from './LegalDocs.tsx';

/** The public price table: currency (remembered in this browser), period, and the plans at today's rate. */
export function Pricing() {
  const { t, locale } = useI18n();
  const [currency, setCurrency] = useState<Currency>(() => rememberedCurrency(locale));
  const [period, setPeriod] = useState<BillingPeriod>('monthly');
  const load = useLoad(() => billingApi.plans(currency), [currency]);
  // Without rates (503, or no answer at all) the USD list prices still say what things cost.
  const fallback = !!load.error && !load.loading;
  const plans = fallback ? fallbackPlans() : load.data;

  const choose = (c: Currency) => {
    setCurrency(c);
    rememberCurrency(c);
  };

  return (
    <div data-testid="pricing">
      <div className="flex flex-col items-center gap-3 sm:flex-row sm:justify-center sm:gap-6">
        <PeriodSwitch value={period} onChange={setPeriod} />
        <CurrencySwitch value={currency} onChange={choose} busy={load.loading && !!load.data} />
      </div>
      {!plans ? (
        <Loading />
      ) : (
        <>
          {fallback && (
            <Notice kind="info" className="mx-auto mt-6 max-w-2xl text-center">
              <span data-testid="pricing-fallback">{t('pricing.fallback')}</span>
            </Notice>
          )}
          <div className="mt-8 grid gap-6 md:grid-cols-3">
            {plans.plans.map((p) => (
              <PlanCard
                key={p.id}
                plan={p}
                currency={plans.currency}
                period={period}
                vatRateBp={plans.vatRateBp}
                highlight={p.id === 'team'}
                badge={p.id === 'team' ? t('pricing.popular') : undefined}
                features
                testId={`plan-${p.id}`}
              >
                <Link
                  href="/signup"
                  className={`block rounded-md px-4 py-2 text-center text-sm font-semibold ${
                    p.id === 'team'
                      ? 'bg-indigo-600 text-white hover:bg-indigo-700'
                      : 'bg-white text-indigo-700 ring-1 ring-inset ring-indigo-200 hover:bg-indigo-50'
                  }`}
                >
                  {t('pricing.cta')}
                </Link>
              </PlanCard>
            ))}
          </div>
          <RateLine plans={plans} className="mx-auto mt-6 w-fit max-w-2xl text-center" />
        </>
      )}
      <p className="mx-auto mt-6 max-w-2xl text-center text-sm text-slate-500">{t('pricing.trialNote')}</p>
      <p className="mx-auto mt-2 max-w-2xl text-center text-sm text-slate-500">{t('pricing.currencyNote')}</p>
      <p className="mx-auto mt-2 max-w-2xl text-center text-sm text-slate-500">
        {t('checkout.legal.refunds', { fullDays: REFUND_FULL_DAYS })}
      </p>
      <LegalLinks className="mx-auto mt-2 flex max-w-2xl flex-wrap justify-center gap-x-5 gap-y-1 text-sm text-indigo-700" />
    </div>
  );
}
