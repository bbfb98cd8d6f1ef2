import { Link, useLocation } from 'wouter';
import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { bannerKind, formatBillingDate } from '../lib/billing.ts';
import { useNow } from '../lib/live.ts';
import { useSubscription } from '../lib/subscription.tsx';

const TONE = {
  past_due: 'border-amber-200 bg-amber-50 text-amber-900',
  suspended: 'border-red-200 bg-red-50 text-red-900',
  trial: 'border-indigo-200 bg-indigo-50 text-indigo-900',
} as const;

/** On every app page: the subscription is past due, suspended, or its trial ends within days. */
export function BillingBanner() {
  const { t, locale } = useI18n();
  const { state: sub, manager } = useSubscription();
  const [location] = useLocation();
  const now = useNow(60_000);
  const kind = bannerKind(sub, now);
  if (!sub || !kind) return null;
  const date = (iso: string | null) => formatBillingDate(iso, locale);
  const text =
    kind === 'past_due'
      ? t('billingBanner.pastDue', { date: date(sub.graceEndsAt) })
      : kind === 'suspended'
        ? t('billingBanner.suspended')
        : t('billingBanner.trial', { date: date(sub.trialEndsAt) });
  const onBilling = location.startsWith('/app/billing');
  return (
    <section
      aria-label={t('billingBanner.label')}
      data-testid="billing-banner"
      data-kind={kind}
      className={`border-b ${TONE[kind]}`}
    >
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-x-4 gap-y-2 px-4 py-3 text-sm sm:px-6">
        <p className={kind === 'trial' ? '' : 'font-medium'}>{text}</p>
        {manager ? (
          !onBilling && (
            <Link href="/app/billing" className="shrink-0 font-semibold underline hover:no-underline">
              {kind === 'trial' ? t('billingBanner.choosePlan') : t('billingBanner.payNow')}
            </Link>
          )
        ) : (
          <p className="shrink-0">{t('billingBanner.askManager')}</p>
        )}
      </div>
    </section>
  );
}

/** Under a refused create or start (402 SUBSCRIPTION_INACTIVE): the way to billing, or whom to ask. */
export function SubscriptionInactiveHint({ error }: { error: ApiError | null }) {
  const { t } = useI18n();
  const { manager } = useSubscription();
  if (error?.code !== 'SUBSCRIPTION_INACTIVE') return null;
  return manager ? (
    <Link
      href="/app/billing"
      className="inline-block text-sm font-semibold text-indigo-700 hover:underline"
      data-testid="subscription-inactive-link"
    >
      {t('billingBanner.toBilling')} →
    </Link>
  ) : (
    <p className="text-sm text-slate-600">{t('billingBanner.askManager')}</p>
  );
}
