import { formatMoney } from '@youarecoder/contract/billing-rules';
import type { Subscription } from '../../../api/billing.ts';
import { Notice } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { formatBillingDate, formatBulletinDate } from '../../../lib/billing.ts';
import { FailureReason } from './FailureReason.tsx';

/** A declined stored-card renewal: when it failed, the retries so far, and the next automatic one. */
export function DunningNotice({ sub }: { sub: Subscription }) {
  const { t, locale } = useI18n();
  const d = sub.dunning;
  if (!d) return null;
  const date = (iso: string | null) => formatBillingDate(iso, locale);
  return (
    <Notice kind="warning">
      <span data-testid="dunning">
        {d.nextRetryAt
          ? t('billing.dunning.failedNext', { date: date(d.failedAt), next: date(d.nextRetryAt) })
          : t('billing.dunning.failedNoRetry', { date: date(d.failedAt) })}{' '}
        {d.attempts > 0 && t('billing.dunning.attempts', { n: d.attempts })}{' '}
        <FailureReason code={d.reasonCode} msg={d.reason} className="text-slate-600" />
      </span>
    </Notice>
  );
}

/** The company's credit, taken off its next payment. */
export function CreditLine({ sub }: { sub: Subscription }) {
  const { t, locale } = useI18n();
  if (sub.creditUsdMinor <= 0) return null;
  return (
    <p className="text-sm text-emerald-800" data-testid="credit-line">
      {t('billing.cancelNow.creditBalance', { amount: formatMoney(sub.creditUsdMinor, 'USD', locale) })}
    </p>
  );
}

/**
 * Which TCMB bulletin prices are converted at, and, when conversions are stopped (production, rates too
 * old), that prices in the company's currency are unavailable for now. Never how old the bulletin is
 * compared with what was expected: that is for the operators.
 */
export function RatesLine({ sub }: { sub: Subscription }) {
  const { t } = useI18n();
  if (sub.rates.unavailable)
    return (
      <Notice kind="warning">
        <span data-testid="rates-unavailable">
          {t('billing.rates.unavailable', { currency: t(`billing.rates.currency.${sub.currency}`) })}
        </span>
      </Notice>
    );
  if (!sub.rates.date || sub.currency === 'USD') return null;
  return (
    <p className="text-xs text-slate-500" data-testid="rates-date">
      {t('billing.rates.of', { date: formatBulletinDate(sub.rates.date) })}
    </p>
  );
}
