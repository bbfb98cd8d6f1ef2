import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { useEffect, useRef, useState } from 'react';
import { billingApi, type Order } from '../../../api/billing.ts';
import type { ApiError } from '../../../api/client.ts';
import { Button, ErrorAlert, Spinner } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { toApiError } from '../../../lib/hooks.ts';
import { FailureReason } from './FailureReason.tsx';

/** Poll every second for this long after the return from PayTR, then every 10 s. */
const FAST_MS = 60_000;
const FAST_EVERY_MS = 1000;
const SLOW_EVERY_MS = 10_000;

/**
 * The browser is back from PayTR's page. That return proves nothing (PayTR's notification to the server
 * does), so the order is polled until the server has settled it.
 */
export function PaymentReturn({
  orderId,
  onSettled,
  onTryAgain,
  onDismiss,
}: {
  orderId: string;
  onSettled: (o: Order) => void;
  onTryAgain: (o: Order) => void;
  onDismiss: () => void;
}) {
  const { t } = useI18n();
  const [order, setOrder] = useState<Order | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [waitedLong, setWaitedLong] = useState(false);
  const settled = useRef(onSettled);
  settled.current = onSettled;

  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const started = Date.now();
    const tick = async () => {
      try {
        const o = await billingApi.order(orderId);
        if (!live) return;
        setOrder(o);
        setError(null);
        if (o.status !== 'pending') {
          settled.current(o);
          return;
        }
      } catch (e) {
        if (!live) return;
        const err = toApiError(e);
        setError(err);
        // An order that is not ours (or not at all) will not appear by waiting.
        if (err.status === 404 || err.status === 403) return;
      }
      const elapsed = Date.now() - started;
      if (elapsed >= FAST_MS) setWaitedLong(true);
      timer = setTimeout(tick, elapsed < FAST_MS ? FAST_EVERY_MS : SLOW_EVERY_MS);
    };
    void tick();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [orderId]);

  const status =
    order?.status ?? (error && (error.status === 404 || error.status === 403) ? 'error' : 'pending');
  const shown = status === 'pending' ? (waitedLong ? 'waiting' : 'confirming') : status;

  return (
    <div data-testid="payment-result" data-status={shown} aria-live="polite">
      {shown === 'confirming' && (
        <div
          role="status"
          className="flex items-center gap-3 rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-900"
        >
          <Spinner /> {t('payment.confirming')}
        </div>
      )}
      {shown === 'waiting' && (
        <div
          role="status"
          className="flex items-center gap-3 rounded-md border border-amber-200 bg-amber-50 px-4 py-3 text-sm text-amber-900"
        >
          <Spinner small /> {t('payment.waiting')}
        </div>
      )}
      {shown === 'paid' && order && (
        <div
          role="status"
          className="flex flex-wrap items-center justify-between gap-3 rounded-md border border-emerald-200 bg-emerald-50 px-4 py-3 text-sm text-emerald-800"
        >
          <p className="font-medium">{t('payment.paid', { plan: PLAN_NAMES[order.plan] })}</p>
          <Button size="sm" variant="ghost" onClick={onDismiss}>
            {t('payment.dismiss')}
          </Button>
        </div>
      )}
      {(shown === 'failed' || shown === 'expired') && order && (
        <div
          role="alert"
          className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        >
          <p className="font-medium">{shown === 'failed' ? t('payment.failed') : t('payment.expired')}</p>
          {shown === 'failed' && (
            <FailureReason code={order.failedReasonCode} msg={order.failedReasonMsg} className="mt-1 block" />
          )}
          <div className="mt-3 flex flex-wrap gap-2">
            <Button size="sm" onClick={() => onTryAgain(order)}>
              {t('common.retry')}
            </Button>
            <Button size="sm" variant="ghost" onClick={onDismiss}>
              {t('payment.dismiss')}
            </Button>
          </div>
        </div>
      )}
      {shown === 'error' && <ErrorAlert error={error} />}
      {error && shown !== 'error' && <ErrorAlert error={error} className="mt-3" />}
    </div>
  );
}
