import type { BillingPeriod, Currency } from '@youarecoder/contract/billing-rules';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { useEffect, useState } from 'react';
import { useLocation } from 'wouter';
import { type BillingDetails, billingApi, type Order } from '../../api/billing.ts';
import { Button, Card, ErrorAlert, Loading, Notice, PageHeader } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { fallbackPlans, formatBillingDate, parsePaymentReturn } from '../../lib/billing.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useNow } from '../../lib/live.ts';
import { useSession } from '../../lib/session.tsx';
import { useSubscription } from '../../lib/subscription.tsx';
import { CheckoutDialog, useCheckout } from './billing/Checkout.tsx';
import { DetailsForm } from './billing/DetailsForm.tsx';
import { InvoicesCard, OrdersCard } from './billing/History.tsx';
import { PaymentReturn } from './billing/PaymentReturn.tsx';
import { PlanPicker, ScheduleDialog, type ScheduleTarget } from './billing/PlanPicker.tsx';
import { RefundsCard } from './billing/Refunds.tsx';
import { SubscriptionCard } from './billing/SubscriptionCard.tsx';

/** Billing (owners and admins): subscription, plans and checkout, details, payments and invoices. */
export function Billing() {
  const { t } = useI18n();
  const { manager } = useSubscription();
  return (
    <>
      <PageHeader title={t('billing.title')} description={t('billing.subtitle')} />
      {manager ? <BillingBody /> : <Notice kind="warning">{t('billing.forbidden')}</Notice>}
    </>
  );
}

function BillingBody() {
  const { t, locale } = useI18n();
  const { sub, loading, error, reload, set } = useSubscription();
  const session = useSession();
  const [, navigate] = useLocation();
  const now = useNow(60_000);
  // PayTR sends the browser back with ?payment=ok|fail&order=…; read it once, then clean the address.
  const [ret, setRet] = useState(() => parsePaymentReturn(window.location.search));
  useEffect(() => {
    if (window.location.search) navigate('/app/billing', { replace: true });
  }, [navigate]);

  const details = useLoad(() => billingApi.details(), []);
  const orders = useLoad(() => billingApi.orders(), []);
  const invoices = useLoad(() => billingApi.invoices(), []);
  const currency: Currency = sub?.currency ?? 'TRY';
  const plans = useLoad(() => (sub ? billingApi.plans(currency) : Promise.resolve(null)), [currency, !!sub]);
  const currencyAction = useAction();
  const [periodChoice, setPeriod] = useState<BillingPeriod | null>(null);
  const period: BillingPeriod = periodChoice ?? (sub?.status === 'active' ? sub.period : 'monthly');
  const [scheduling, setScheduling] = useState<ScheduleTarget | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [detailsSaved, setDetailsSaved] = useState(false);

  const adoptDetails = (d: BillingDetails) => {
    details.setData(() => d);
    if (sub && !sub.billingDetailsComplete) set({ ...sub, billingDetailsComplete: true });
  };
  const checkout = useCheckout({
    details: details.loading && !details.data ? undefined : (details.data ?? null),
    onSubscription: set,
    onPlanChanged: (r) => {
      set(r.subscription);
      orders.reload();
    },
  });

  const changeCurrency = async (c: Currency) => {
    const r = await currencyAction.run(() => billingApi.setCurrency(c));
    if (r) set(r);
  };
  const afterPayment = (o: Order) => {
    reload();
    orders.reload();
    invoices.reload();
    if (o.status === 'paid') void session.refresh();
  };
  const closeCheckout = () => {
    checkout.close();
    orders.reload();
  };

  if (loading && !sub) return <Loading />;
  if (!sub)
    return (
      <div className="space-y-4">
        <ErrorAlert error={error} />
        <Button onClick={reload}>{t('common.retry')}</Button>
      </div>
    );

  // Without exchange rates (503) the catalog still shows, at the USD list prices.
  const plansError = plans.error && !plans.loading ? plans.error : null;
  const shownPlans = plansError ? fallbackPlans() : plans.data;

  return (
    <div className="space-y-6">
      {ret && (
        <PaymentReturn
          orderId={ret.orderId}
          onSettled={afterPayment}
          onTryAgain={(o) => {
            setRet(null);
            checkout.start({
              plan: o.plan,
              period: o.period,
              currency,
              mode: o.kind === 'upgrade' ? 'upgrade' : 'checkout',
            });
          }}
          onDismiss={() => setRet(null)}
        />
      )}
      {notice && (
        <Notice>
          <span data-testid="billing-notice">{notice}</span>
        </Notice>
      )}
      <ErrorAlert error={error} />
      <SubscriptionCard
        sub={sub}
        now={now}
        onPay={() => {
          setNotice(null);
          setRet(null);
          checkout.start({ plan: sub.plan, period, currency, mode: 'checkout' });
        }}
        onChange={(s) => {
          set(s);
          setNotice(null);
        }}
      />
      <PlanPicker
        sub={sub}
        plans={shownPlans}
        plansError={plansError}
        currency={currency}
        currencyBusy={currencyAction.busy || (plans.loading && !!plans.data)}
        currencyError={currencyAction.error}
        onCurrency={changeCurrency}
        period={period}
        onPeriod={setPeriod}
        now={now}
        onCheckout={(tg) => {
          setNotice(null);
          setRet(null);
          checkout.start(tg);
        }}
        onSchedule={setScheduling}
      />
      {/* While the checkout asks for the details, its form is the only one (one billing-details-form). */}
      {!(checkout.target && checkout.step === 'details') && (
        <Card title={t('billingDetails.title')} description={t('billingDetails.subtitle')}>
          {details.loading && !details.data ? (
            <Loading />
          ) : details.error && !details.data ? (
            <ErrorAlert error={details.error} />
          ) : (
            <DetailsForm
              key={details.data?.updatedAt ?? 'new'}
              details={details.data ?? null}
              submitLabel={t('common.save')}
              notice={detailsSaved && <Notice>{t('billingDetails.saved')}</Notice>}
              onSaved={(d) => {
                adoptDetails(d);
                setDetailsSaved(true);
              }}
            />
          )}
        </Card>
      )}
      <OrdersCard orders={orders} />
      <RefundsCard orders={orders.data?.orders ?? []} />
      <InvoicesCard invoices={invoices} />

      <CheckoutDialog
        checkout={checkout}
        details={details.data ?? null}
        simulator={sub.gateway.kind === 'simulator'}
        plans={shownPlans}
        sub={sub}
        onDetailsSaved={adoptDetails}
        onClose={closeCheckout}
      />
      <ScheduleDialog
        target={scheduling}
        sub={sub}
        onClose={() => setScheduling(null)}
        onDone={(r) => {
          set(r.subscription);
          setScheduling(null);
          const s = r.subscription;
          setNotice(
            t('billing.scheduledNotice', {
              plan: PLAN_NAMES[s.nextPlan ?? s.plan],
              date: formatBillingDate(s.currentPeriodEnd, locale),
            }),
          );
        }}
      />
    </div>
  );
}
