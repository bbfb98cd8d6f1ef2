import { type BillingPeriod, type Currency, formatMoney } from '@youarecoder/contract/billing-rules';
import { LEGAL_VERSION } from '@youarecoder/contract/legal';
import { PLAN_NAMES, type PlanId } from '@youarecoder/contract/plans';
import { useRef, useState } from 'react';
import {
  type BillingDetails,
  billingApi,
  type CheckoutResult,
  type PlanChangeResult,
  type PlansResult,
  type Subscription,
} from '../../../api/billing.ts';
import type { ApiError } from '../../../api/client.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { Button, ErrorAlert, Loading, Notice } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { toApiError } from '../../../lib/hooks.ts';
import { CheckoutLegal } from './CheckoutLegal.tsx';
import { DetailsForm, detailsComplete } from './DetailsForm.tsx';
import { DirectCardForm } from './DirectCardForm.tsx';
import { OrderSummary } from './OrderSummary.tsx';
import { SimulatorNotice } from './SubscriptionCard.tsx';

// Sent only from the legal step, after the box was ticked: the API records it with the order.
const ACCEPTED = { acceptLegal: true, legalVersion: LEGAL_VERSION } as const;

/** What is being paid for: a plan and period (`upgrade`: the prorated difference, through POST /billing/plan). */
export interface CheckoutTarget {
  plan: PlanId;
  period: BillingPeriod;
  currency: Currency;
  mode: 'checkout' | 'upgrade';
}

type Step = 'details' | 'legal' | 'starting' | 'paying' | 'error';

/** State of the checkout dialog; `start` is called from the click, so one click makes one order. */
export function useCheckout({
  details,
  onSubscription,
  onPlanChanged,
}: {
  /** The saved details: null when there are none, undefined while not known yet (the API then decides). */
  details: BillingDetails | null | undefined;
  /** A plan change answered with the (unchanged until paid) subscription. */
  onSubscription: (s: Subscription) => void;
  /** A plan change that needed no payment after all (scheduled or unchanged). */
  onPlanChanged: (r: PlanChangeResult) => void;
}) {
  const [target, setTarget] = useState<CheckoutTarget | null>(null);
  const [step, setStep] = useState<Step>('starting');
  const [result, setResult] = useState<CheckoutResult | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  // Answers of an attempt the user has since closed or replaced are dropped.
  const attempt = useRef(0);

  const pay = async (tg: CheckoutTarget) => {
    const id = ++attempt.current;
    setStep('starting');
    setResult(null);
    setError(null);
    try {
      let r: CheckoutResult | null;
      if (tg.mode === 'upgrade') {
        const change = await billingApi.changePlan({
          plan: tg.plan,
          period: tg.period,
          currency: tg.currency,
          ...ACCEPTED,
        });
        if (id !== attempt.current) return;
        onSubscription(change.subscription);
        if (!change.checkout) {
          setTarget(null);
          onPlanChanged(change);
          return;
        }
        r = change.checkout;
      } else {
        r = await billingApi.checkout({
          plan: tg.plan,
          period: tg.period,
          currency: tg.currency,
          ...ACCEPTED,
        });
      }
      if (id !== attempt.current) return;
      setResult(r);
      setStep('paying');
    } catch (e) {
      if (id !== attempt.current) return;
      const err = toApiError(e);
      setError(err);
      setStep(
        err.code === 'BILLING_DETAILS_REQUIRED'
          ? 'details'
          : err.fields?.acceptLegal || err.fields?.legalVersion
            ? 'legal'
            : 'error',
      );
    }
  };

  return {
    target,
    step,
    result,
    error,
    /** Open the dialog: the billing details first when they are missing, then the contract to accept. */
    start: (tg: CheckoutTarget) => {
      setTarget(tg);
      setError(null);
      attempt.current++;
      setStep(details === undefined || detailsComplete(details) ? 'legal' : 'details');
    },
    /** The details were saved: the contract comes next. */
    detailsSaved: () => {
      setError(null);
      setStep('legal');
    },
    /** Continue (after the contract was accepted, or after an error). */
    retry: () => target && void pay(target),
    close: () => {
      attempt.current++;
      setTarget(null);
      setResult(null);
      setError(null);
    },
  };
}

/** Billing details if needed, then PayTR's payment page in an iframe with the amount above it. */
export function CheckoutDialog({
  checkout,
  details,
  simulator,
  plans,
  sub,
  onDetailsSaved,
  onClose,
}: {
  checkout: ReturnType<typeof useCheckout>;
  details: BillingDetails | null;
  /** The catalog, for the order summary's price. */
  plans: PlansResult | null;
  sub: Subscription;
  /** The payments go to the PayTR simulator (development). */
  simulator: boolean;
  onDetailsSaved: (d: BillingDetails) => void;
  onClose: () => void;
}) {
  const { t, locale } = useI18n();
  const { target, step, result, error } = checkout;
  const plan = target ? PLAN_NAMES[target.plan] : '';
  const title =
    step === 'details'
      ? t('checkout.detailsTitle')
      : target?.mode === 'upgrade'
        ? t('checkout.upgradeTitle', { plan })
        : t('checkout.title', { plan });
  return (
    <Dialog
      open={target !== null}
      title={title}
      onClose={onClose}
      wide
      cancelLabel={step === 'paying' ? t('checkout.close') : t('common.cancel')}
      buttons={step !== 'details'}
      testId="checkout-dialog"
    >
      {target && step !== 'paying' && <OrderSummary target={target} plans={plans} sub={sub} />}
      {step === 'details' && (
        <DetailsForm
          details={details}
          serverError={error}
          notice={<p>{t('checkout.detailsIntro')}</p>}
          submitLabel={t('checkout.continue')}
          onCancel={onClose}
          onSaved={(d) => {
            onDetailsSaved(d);
            checkout.detailsSaved();
          }}
        />
      )}
      {step === 'legal' && target && (
        <>
          {error && <ErrorAlert error={error} />}
          <CheckoutLegal target={target} onAccept={checkout.retry} />
        </>
      )}
      {step === 'starting' && <Loading label={t('checkout.starting')} />}
      {step === 'error' && (
        <>
          <ErrorAlert error={error} />
          <Button onClick={checkout.retry}>{t('common.retry')}</Button>
        </>
      )}
      {step === 'paying' && result && (
        <>
          <div className="rounded-md bg-slate-50 px-4 py-3 ring-1 ring-slate-200">
            <p className="text-slate-700" data-testid="checkout-amount">
              {t('checkout.amount')}{' '}
              <span className="text-lg font-semibold text-slate-900">
                {formatMoney(result.amount, result.currency, locale)}
              </span>{' '}
              <span className="text-slate-500">{t('checkout.vatIncluded')}</span>
            </p>
            <p className="mt-1 text-xs text-slate-500">
              {result.kind === 'upgrade'
                ? t('checkout.upgradeNote', { plan })
                : t('checkout.periodNote', {
                    plan,
                    period: t(`billing.billed.${target?.period ?? 'monthly'}`),
                  })}
            </p>
          </div>
          {simulator && <SimulatorNotice />}
          {result.iframeUrl ? (
            <iframe
              src={result.iframeUrl}
              title={t('checkout.iframeTitle')}
              data-testid="paytr-iframe"
              className="block h-[600px] w-full rounded-md border-0 bg-white ring-1 ring-slate-200"
            />
          ) : (
            result.directForm && <DirectCardForm form={result.directForm} />
          )}
          <Notice kind="info">{t('checkout.returnNote')}</Notice>
        </>
      )}
    </Dialog>
  );
}
