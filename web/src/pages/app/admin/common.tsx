import { PLAN_NAMES } from '@youarecoder/contract/plans';
import type { ReactNode } from 'react';
import type { AdminPayment } from '../../../api/admin.ts';
import { Loadable } from '../../../components/lists.tsx';
import { Button, Card, ErrorAlert } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import type { Loaded } from '../../../lib/hooks.ts';

/**
 * One operators' list in a card: a Refresh button, a spinner until the first answer, its error (or,
 * once something is shown, the error of a later refresh above it), the empty state or the content.
 */
export function AdminCard<T>({
  title,
  description,
  testId,
  loaded,
  empty,
  controls,
  children,
}: {
  title: ReactNode;
  description: ReactNode;
  testId: string;
  loaded: Loaded<T>;
  /** What to show when there is nothing (false: there is something). */
  empty: ReactNode;
  /** More controls beside Refresh (a filter). */
  controls?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useI18n();
  const { data, error, loading, reload } = loaded;
  return (
    <Card
      title={title}
      description={description}
      data-testid={testId}
      aria-busy={loading || undefined}
      actions={
        <div className="flex flex-wrap items-center gap-3">
          {controls}
          <Button variant="secondary" size="sm" onClick={reload} busy={loading && data !== null}>
            {t('common.refresh')}
          </Button>
        </div>
      }
    >
      <ErrorAlert error={data !== null ? error : null} className="mb-4" />
      <Loadable loading={loading && data === null} error={data === null ? error : null} empty={empty}>
        {children}
      </Loadable>
    </Card>
  );
}

/** A dash for a missing value. */
export function None() {
  const { t } = useI18n();
  return <span className="text-slate-400">{t('admin.none')}</span>;
}

/** What a payment was for, e.g. "Team plan, monthly" (the billing page's wording). */
export function usePaymentText() {
  const { t } = useI18n();
  return (p: AdminPayment) => {
    const plan = PLAN_NAMES[p.plan];
    const period = t(`billing.period.${p.period}`);
    if (p.kind === 'upgrade') return t('orders.upgrade', { plan });
    if (p.kind === 'renewal') return t('orders.renewal', { plan, period });
    return t('orders.subscribe', { plan, period });
  };
}
