import type { BillingPeriod, Currency } from '@youarecoder/contract/billing-rules';
import { PLAN_NAMES, PLANS, type PlanId } from '@youarecoder/contract/plans';
import { useId } from 'react';
import {
  billingApi,
  type PlanChangeResult,
  type PlansResult,
  type Subscription,
} from '../../../api/billing.ts';
import type { ApiError } from '../../../api/client.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { CurrencySwitch, PeriodSwitch, PlanCard, RateLine } from '../../../components/pricing.tsx';
import { Button, Card, ErrorAlert, Loading, Notice } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { formatBillingDate, isServing, type PlanAction, planAction } from '../../../lib/billing.ts';
import { formatBytes } from '../../../lib/chart.ts';
import { useAction } from '../../../lib/hooks.ts';
import type { CheckoutTarget } from './Checkout.tsx';

/** A change that waits for the period end (a smaller plan, or the other billing period). */
export interface ScheduleTarget {
  plan: PlanId;
  period: BillingPeriod;
}

/** The buttons of one plan card. */
function PlanButtons({
  action,
  plan,
  describedBy,
  sub,
  period,
  currency,
  onCheckout,
  onSchedule,
}: {
  action: PlanAction;
  plan: PlanId;
  describedBy: string;
  sub: Subscription;
  period: BillingPeriod;
  currency: Currency;
  onCheckout: (t: CheckoutTarget) => void;
  onSchedule: (t: ScheduleTarget) => void;
}) {
  const { t, locale } = useI18n();
  const full = 'w-full';
  switch (action) {
    case 'keep':
      return (
        <Button
          className={full}
          aria-describedby={describedBy}
          onClick={() => onCheckout({ plan, period, currency, mode: 'checkout' })}
        >
          {t('onboard.keepPlan', { plan: PLAN_NAMES[plan] })}
        </Button>
      );
    case 'choose':
      return (
        <Button
          className={full}
          aria-describedby={describedBy}
          onClick={() => onCheckout({ plan, period, currency, mode: 'checkout' })}
        >
          {t('plans.choose', { plan: PLAN_NAMES[plan] })}
        </Button>
      );
    case 'upgrade':
      return (
        <Button
          className={full}
          aria-describedby={describedBy}
          onClick={() => onCheckout({ plan, period: sub.period, currency, mode: 'upgrade' })}
        >
          {t('plans.upgrade')}
        </Button>
      );
    case 'renew':
      return (
        <Button
          className={full}
          aria-describedby={describedBy}
          onClick={() => onCheckout({ plan, period, currency, mode: 'checkout' })}
        >
          {t('plans.renew')}
        </Button>
      );
    case 'downgrade':
      return (
        <Button
          variant="secondary"
          className={full}
          aria-describedby={describedBy}
          onClick={() => onSchedule({ plan, period })}
        >
          {t('plans.downgrade')}
        </Button>
      );
    case 'switchPeriod':
      return (
        <Button
          variant="secondary"
          className={full}
          aria-describedby={describedBy}
          onClick={() => onSchedule({ plan, period })}
        >
          {t(`plans.switchTo.${period}`)}
        </Button>
      );
    case 'scheduled':
      return (
        <p className="text-center text-sm text-indigo-700">
          {t('plans.scheduledFor', { date: formatBillingDate(sub.currentPeriodEnd, locale) })}
        </p>
      );
    default:
      return null;
  }
}

/** Currency, period and the three plans, with what each one offers this company now. */
export function PlanPicker({
  sub,
  plans,
  plansError,
  currency,
  currencyBusy,
  currencyError,
  onCurrency,
  period,
  onPeriod,
  now,
  onCheckout,
  onSchedule,
}: {
  sub: Subscription;
  plans: PlansResult | null;
  /** Why the plans could not be loaded (503: no exchange rates yet; list prices are shown instead). */
  plansError: ApiError | null;
  currency: Currency;
  currencyBusy: boolean;
  currencyError: ApiError | null;
  onCurrency: (c: Currency) => void;
  period: BillingPeriod;
  onPeriod: (p: BillingPeriod) => void;
  now: number;
  onCheckout: (t: CheckoutTarget) => void;
  onSchedule: (t: ScheduleTarget) => void;
}) {
  const { t, locale } = useI18n();
  const base = useId();
  return (
    <Card
      title={t('plans.title')}
      description={t('plans.subtitle')}
      data-testid="plan-picker"
      id="plans"
      className="scroll-mt-20"
    >
      <div className="flex flex-wrap items-center gap-3">
        <PeriodSwitch value={period} onChange={onPeriod} />
        <CurrencySwitch value={currency} onChange={onCurrency} busy={currencyBusy} />
      </div>
      <ErrorAlert error={currencyError} className="mt-3" />
      {plansError && (
        <Notice kind="warning" className="mt-4">
          <span data-testid="plans-fallback">
            {plansError.fieldCodes.currency === 'rates_unavailable'
              ? t('billing.rates.unavailable', { currency: t(`billing.rates.currency.${currency}`) })
              : t('plans.noRates')}
          </span>
        </Notice>
      )}
      {plans && <RateLine plans={plans} className="mt-3" />}
      {sub.trialCredit && (
        <Notice kind="info" className="mt-4">
          <span data-testid="trial-kept">
            {t('plans.trialKept', {
              days: sub.trialCredit.days,
              date: formatBillingDate(sub.trialCredit.firstPeriodEnds[period], locale),
            })}
          </span>
        </Notice>
      )}
      {!plans ? (
        <Loading />
      ) : (
        <div className="mt-8 grid gap-6 md:grid-cols-3">
          {plans.plans.map((p) => {
            const current = p.id === sub.plan && isServing(sub.status);
            const headingId = `${base}-${p.id}`;
            return (
              <PlanCard
                key={p.id}
                plan={p}
                currency={plans.currency}
                period={period}
                vatRateBp={plans.vatRateBp}
                headingId={headingId}
                highlight={current}
                badge={current ? t('plans.current') : undefined}
                testId={`plan-card-${p.id}`}
              >
                <PlanButtons
                  action={planAction(sub, p.id, period, now)}
                  plan={p.id}
                  describedBy={headingId}
                  sub={sub}
                  period={period}
                  currency={currency}
                  onCheckout={onCheckout}
                  onSchedule={onSchedule}
                />
              </PlanCard>
            );
          })}
        </div>
      )}
    </Card>
  );
}

/** "Move to Starter at the end of the period?", with what the smaller plan allows and why it may be refused. */
export function ScheduleDialog({
  target,
  sub,
  onClose,
  onDone,
}: {
  target: ScheduleTarget | null;
  sub: Subscription;
  onClose: () => void;
  onDone: (r: PlanChangeResult) => void;
}) {
  const { t, locale } = useI18n();
  const action = useAction();
  const date = formatBillingDate(sub.currentPeriodEnd, locale);
  const limits = target ? PLANS[target.plan] : null;
  const smaller = target !== null && target.plan !== sub.plan;
  const submit = async () => {
    if (!target) return;
    const r = await action.run(() => billingApi.changePlan({ plan: target.plan, period: target.period }));
    if (r) onDone(r);
  };
  const close = () => {
    action.clear();
    onClose();
  };
  const planName = target ? PLAN_NAMES[target.plan] : '';
  return (
    <Dialog
      open={target !== null}
      title={smaller ? t('plans.downgradeTitle', { plan: planName }) : t('plans.switchTitle')}
      onClose={close}
      onSubmit={submit}
      submitLabel={smaller ? t('plans.downgrade') : t(`plans.switchTo.${target?.period ?? 'annual'}`)}
      busy={action.busy}
      testId="schedule-dialog"
    >
      {smaller && limits ? (
        <p>
          {t('plans.downgradeBody', {
            current: PLAN_NAMES[sub.plan],
            plan: planName,
            date,
            n: limits.workspaceLimit,
            disk: formatBytes(limits.diskQuotaBytes, locale === 'tr' ? 'tr-TR' : 'en-GB'),
          })}
        </p>
      ) : (
        <p>{t('plans.switchBody', { date, period: t(`billing.billed.${target?.period ?? 'annual'}`) })}</p>
      )}
      {action.error?.code === 'PLAN_LIMIT_EXCEEDED' ? (
        <div data-testid="plan-limit-error">
          <ErrorAlert error={action.error} className="font-medium ring-2 ring-red-300" />
        </div>
      ) : (
        <ErrorAlert error={action.error} />
      )}
    </Dialog>
  );
}
