import { paymentFailure } from '@youarecoder/contract/payment-failures';
import { useI18n } from '../../../i18n/index.tsx';

/**
 * Why a payment failed, in the reader's language with what to do next, chosen by PayTR's reason
 * code; PayTR's own (Turkish) sentence follows as detail. A failure with no code was recorded by the
 * platform itself (e.g. a page that could not be created), whose note is for operators, not shown.
 */
export function FailureReason({
  code,
  msg,
  className = '',
}: {
  code: string | null;
  msg: string | null;
  className?: string;
}) {
  const { t } = useI18n();
  const detail = code !== null && msg?.trim() ? msg.trim() : null;
  return (
    <span className={className} data-testid="payment-failure-reason" data-reason={paymentFailure(code)}>
      {t(`payfail.${paymentFailure(code)}`)}
      {detail && (
        <span className="mt-0.5 block text-xs opacity-75" lang="tr">
          {t('payfail.detail', { msg: detail })}
        </span>
      )}
    </span>
  );
}
