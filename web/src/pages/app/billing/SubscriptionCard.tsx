import { formatMoney, type SubscriptionStatus } from '@youarecoder/contract/billing-rules';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { useState } from 'react';
import { billingApi, type Subscription } from '../../../api/billing.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { Badge, Button, Card, ErrorAlert, Notice } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { daysLeft, formatBillingDate, SUBSCRIPTION_TONE } from '../../../lib/billing.ts';
import { useAction } from '../../../lib/hooks.ts';
import { CancelNow } from './CancelNow.tsx';
import { CreditLine, DunningNotice, RatesLine } from './SubscriptionNotes.tsx';

/** A subscription status as a coloured badge. */
export function SubscriptionBadge({ status }: { status: SubscriptionStatus }) {
  const { t } = useI18n();
  return (
    <span data-testid="billing-status" data-status={status}>
      <Badge tone={SUBSCRIPTION_TONE[status] ?? 'slate'}>{t(`subscriptionStatus.${status}`)}</Badge>
    </span>
  );
}

/** Development: payments go to the PayTR simulator, with the card that succeeds there. */
export function SimulatorNotice() {
  const { t } = useI18n();
  return (
    <Notice kind="warning">
      <span data-testid="gateway-simulator">{t('billing.simulator')}</span>
    </Notice>
  );
}

/** The line under the plan name: when the trial or period ends, or what is wrong. */
function StateLine({ sub, now }: { sub: Subscription; now: number }) {
  const { t, locale } = useI18n();
  const date = (iso: string | null) => formatBillingDate(iso, locale);
  switch (sub.status) {
    case 'trialing': {
      const n = daysLeft(sub.trialEndsAt, now) ?? 0;
      return (
        <>
          {sub.cancelAtPeriodEnd
            ? t('billing.endsOn', { date: date(sub.trialEndsAt) })
            : t('billing.trialEnds', { date: date(sub.trialEndsAt) })}{' '}
          <span className="text-slate-500">{t('billing.daysLeft', { n })}</span>
        </>
      );
    }
    case 'active':
      return (
        <>
          {sub.cancelAtPeriodEnd
            ? t('billing.endsOn', { date: date(sub.currentPeriodEnd) })
            : t('billing.renewsOn', { date: date(sub.currentPeriodEnd) })}
          {!sub.cancelAtPeriodEnd && (
            <span className="text-slate-500"> · {t(`billing.billed.${sub.period}`)}</span>
          )}
        </>
      );
    case 'past_due':
      return <>{t('billing.pastDue', { since: date(sub.pastDueSince), date: date(sub.graceEndsAt) })}</>;
    case 'suspended':
      return <>{t('billing.suspended', { date: date(sub.suspendedAt) })}</>;
    default:
      return <>{t('billing.canceled')}</>;
  }
}

/** The current plan and status, next charge, scheduled change, gateway notes, cancel and resume. */
export function SubscriptionCard({
  sub,
  now,
  onChange,
  onPay,
}: {
  sub: Subscription;
  now: number;
  onChange: (s: Subscription) => void;
  /** Start paying for the current plan (offered while the trial runs). */
  onPay: () => void;
}) {
  const { t, locale } = useI18n();
  const action = useAction();
  const [confirmCancel, setConfirmCancel] = useState(false);
  const cancelAction = useAction();
  const date = (iso: string | null) => formatBillingDate(iso, locale);
  const renewing = sub.status === 'active' || sub.status === 'trialing';
  const scheduled = sub.status === 'active' && (sub.nextPlan !== null || sub.nextPeriod !== null);

  const undo = async () => {
    const r = await action.run(() => billingApi.changePlan({ plan: sub.plan, period: sub.period }));
    if (r) onChange(r.subscription);
  };
  const resume = async () => {
    const r = await action.run(() => billingApi.resume());
    if (r) onChange(r);
  };
  const cancel = async () => {
    const r = await cancelAction.run(() => billingApi.cancel());
    if (!r) return;
    setConfirmCancel(false);
    onChange(r);
  };
  const endDate = date(sub.status === 'trialing' ? sub.trialEndsAt : sub.currentPeriodEnd);
  // During a trial the way forward is paying; cancelling stays possible but is not the headline.
  const trial = sub.status === 'trialing' && !sub.cancelAtPeriodEnd;

  return (
    <Card data-testid="subscription-card">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <p className="text-xs font-medium uppercase tracking-wide text-slate-500">{t('billing.plan')}</p>
          <div className="mt-1 flex flex-wrap items-center gap-2">
            <h2 className="text-2xl font-semibold text-slate-900" data-testid="billing-plan">
              {PLAN_NAMES[sub.plan]}
            </h2>
            <SubscriptionBadge status={sub.status} />
            {sub.gateway.testMode && (
              <span data-testid="gateway-test-mode">
                <Badge tone="amber">{t('billing.testMode')}</Badge>
              </span>
            )}
          </div>
          <p className="mt-2 text-sm text-slate-700" data-testid="billing-state">
            <StateLine sub={sub} now={now} />
          </p>
        </div>
        {sub.nextCharge && (
          <div className="text-sm sm:text-right" data-testid="next-charge">
            <p className="text-xs font-medium uppercase tracking-wide text-slate-500">
              {t('billing.nextCharge')}
            </p>
            <p className="mt-1 text-lg font-semibold text-slate-900">
              {formatMoney(sub.nextCharge.amountMinor, sub.nextCharge.currency, locale)}
            </p>
            <p className="text-slate-600">
              {t('billing.nextChargeOn', { date: date(sub.nextCharge.at) })}
              {sub.nextCharge.plan !== sub.plan && ` · ${PLAN_NAMES[sub.nextCharge.plan]}`}
            </p>
            <p className="text-xs text-slate-500">{t('checkout.vatIncluded')}</p>
          </div>
        )}
      </div>

      <div className="mt-4 space-y-3">
        <DunningNotice sub={sub} />
        <RatesLine sub={sub} />
        <CreditLine sub={sub} />
        {scheduled && (
          <div
            className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-900"
            data-testid="scheduled-change"
          >
            <p>
              {t('billing.movesTo', {
                plan: PLAN_NAMES[sub.nextPlan ?? sub.plan],
                date: date(sub.currentPeriodEnd),
              })}
              {sub.nextPeriod && ` (${t(`billing.billed.${sub.nextPeriod}`)})`}
            </p>
            <Button size="sm" variant="secondary" busy={action.busy} onClick={undo}>
              {t('billing.undo')}
            </Button>
          </div>
        )}
        {sub.card?.last4 && (
          <p className="text-sm text-slate-600">{t('billing.card', { last4: sub.card.last4 })}</p>
        )}
        {sub.status === 'active' && !sub.cancelAtPeriodEnd && (
          <p className="text-sm text-slate-500">
            {sub.gateway.recurring && sub.card ? t('billing.autoRenew') : t('billing.renewLink')}
          </p>
        )}
        {sub.gateway.kind === 'simulator' && <SimulatorNotice />}
        <ErrorAlert error={action.error} />
      </div>

      {(renewing || sub.cancelNow) && (
        <div className="mt-4 flex flex-wrap items-center gap-3 border-t border-slate-100 pt-4">
          {sub.cancelAtPeriodEnd ? (
            <>
              <p className="text-sm text-slate-600">{t('billing.canceledNote', { date: endDate })}</p>
              <Button variant="secondary" busy={action.busy} onClick={resume}>
                {t('billing.resume')}
              </Button>
            </>
          ) : (
            renewing && (
              <>
                {trial && (
                  <div className="flex w-full flex-wrap items-center gap-3" data-testid="trial-pay">
                    <Button onClick={onPay}>{t('onboard.addPayment')}</Button>
                    {sub.trialCredit && (
                      <p className="min-w-0 flex-1 text-sm text-slate-600">
                        {t('onboard.addPaymentNote', {
                          plan: PLAN_NAMES[sub.plan],
                          days: sub.trialCredit.days,
                          date: date(sub.trialCredit.firstPeriodEnds.monthly),
                        })}
                      </p>
                    )}
                  </div>
                )}
                <Button
                  variant={trial ? 'ghost' : 'danger'}
                  size={trial ? 'sm' : 'md'}
                  onClick={() => setConfirmCancel(true)}
                >
                  {t('billing.cancel')}
                </Button>
              </>
            )
          )}
          <CancelNow sub={sub} onChange={onChange} />
        </div>
      )}

      <Dialog
        open={confirmCancel}
        title={t('billing.cancelTitle')}
        onClose={() => {
          setConfirmCancel(false);
          cancelAction.clear();
        }}
        onSubmit={cancel}
        submitLabel={t('billing.cancel')}
        submitVariant="danger"
        cancelLabel={t('billing.keep')}
        busy={cancelAction.busy}
        testId="cancel-dialog"
      >
        <p>{t('billing.cancelBody', { date: endDate })}</p>
        <ErrorAlert error={cancelAction.error} />
      </Dialog>
    </Card>
  );
}
