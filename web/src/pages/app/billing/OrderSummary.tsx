import { formatMoney } from '@youarecoder/contract/billing-rules';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import type { PlansResult, Subscription } from '../../../api/billing.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { formatBillingDate, formatPercentBp } from '../../../lib/billing.ts';
import type { CheckoutTarget } from './Checkout.tsx';

/**
 * What is being bought, beside every step of the checkout (details, contract, start, error): plan,
 * period, list price with the VAT rate, and during a trial how long the first period runs.
 */
export function OrderSummary({
  target,
  plans,
  sub,
}: {
  target: CheckoutTarget;
  plans: PlansResult | null;
  sub: Pick<Subscription, 'trialCredit'> | null;
}) {
  const { t, locale } = useI18n();
  const plan = PLAN_NAMES[target.plan];
  const price = plans?.plans.find((p) => p.id === target.plan)?.prices[target.period];
  const credit = target.mode === 'checkout' ? sub?.trialCredit : null;
  return (
    <aside
      aria-label={t('onboard.orderSummary')}
      data-testid="order-summary"
      className="rounded-md bg-slate-50 px-4 py-3 text-sm ring-1 ring-slate-200"
    >
      <p className="font-medium text-slate-900">
        {target.mode === 'upgrade'
          ? t('checkout.upgradeNote', { plan })
          : t('checkout.periodNote', { plan, period: t(`billing.billed.${target.period}`) })}
      </p>
      {price !== undefined && plans && target.mode === 'checkout' && (
        <p className="mt-1 text-slate-700" data-testid="order-summary-price">
          <span className="text-lg font-semibold text-slate-900">
            {formatMoney(price, plans.currency, locale)}
          </span>{' '}
          {target.period === 'annual' ? t('pricing.perYear') : t('pricing.perMonth')}{' '}
          <span className="text-slate-500">
            {t('pricing.plusVat', { rate: formatPercentBp(plans.vatRateBp, locale) })}
          </span>
        </p>
      )}
      {credit && (
        <p className="mt-1 text-xs text-slate-600" data-testid="order-summary-trial">
          {t('plans.trialKept', {
            days: credit.days,
            date: formatBillingDate(credit.firstPeriodEnds[target.period], locale),
          })}
        </p>
      )}
    </aside>
  );
}
