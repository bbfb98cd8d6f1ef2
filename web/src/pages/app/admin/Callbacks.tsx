import { formatMoney } from '@youarecoder/contract/billing-rules';
import { useState } from 'react';
import { type AdminCallback, adminApi } from '../../../api/admin.ts';
import { Checkbox } from '../../../components/forms.tsx';
import { cellClass, DataTable } from '../../../components/table.tsx';
import { Badge, Button, EmptyState, Notice } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { callbackFigures, isKnownReason } from '../../../lib/admin.ts';
import { useLoad } from '../../../lib/hooks.ts';
import { AdminCard, None } from './common.tsx';
import { ReviewDialog } from './ReviewDialog.tsx';

const { td } = cellClass;

const OUTCOME_TONE: Record<AdminCallback['outcome'], 'green' | 'indigo' | 'amber' | 'red' | 'slate'> = {
  booked: 'green',
  failure_recorded: 'slate',
  duplicate: 'slate',
  rejected: 'red',
  held: 'amber',
};

/** Why a notification was held or rejected: the portal's sentence when it knows the reason, and the code. */
function Reason({ c }: { c: AdminCallback }) {
  const { t } = useI18n();
  if (!c.reason) return <None />;
  return (
    <>
      {isKnownReason(c.reason) && <p className="text-slate-900">{t(`admin.reason.${c.reason}`)}</p>}
      <p className="break-all font-mono text-xs text-slate-500">{c.reason}</p>
    </>
  );
}

/** PayTR's status and total_amount off the notification's body, formatted where it can be read. */
function Figures({ body }: { body: Record<string, string> }) {
  const { locale } = useI18n();
  const f = callbackFigures(body);
  if (f.status === null && f.rawTotal === null) return <None />;
  return (
    <>
      {f.status && <p className="font-mono text-xs text-slate-900">status={f.status}</p>}
      {f.totalMinor !== null && f.currency && (
        <p className="font-medium text-slate-900">{formatMoney(f.totalMinor, f.currency, locale)}</p>
      )}
      {f.rawTotal !== null && (
        <p className="break-all font-mono text-xs text-slate-500">
          total_amount={f.rawTotal}
          {f.rawCurrency && ` ${f.rawCurrency}`}
        </p>
      )}
    </>
  );
}

/** Payment notifications held for review (or, with the toggle, all but duplicates), to mark reviewed. */
export function CallbacksPanel() {
  const { t, fmtDate } = useI18n();
  const [all, setAll] = useState(false);
  const list = useLoad(() => adminApi.callbacks(all), [all]);
  const items = list.data?.callbacks ?? [];
  const [reviewing, setReviewing] = useState<AdminCallback | null>(null);
  const [reviewed, setReviewed] = useState(false);

  const head = [
    t('admin.callbacks.received'),
    // A field name of PayTR's: upper-cased by English rules even on the Turkish page (no dotted İ).
    <span key="oid" lang="en">
      {t('admin.callbacks.merchantOid')}
    </span>,
    all ? t('admin.callbacks.outcomeReason') : t('admin.callbacks.reason'),
    t('admin.callbacks.paytr'),
    t('admin.callbacks.remoteIp'),
    t('admin.callbacks.review'),
  ];

  return (
    <>
      {reviewed && (
        <Notice className="mb-4">
          <span data-testid="review-notice">{t('admin.callbacks.reviewed')}</span>
        </Notice>
      )}
      <AdminCard
        title={all ? t('admin.callbacks.allTitle') : t('admin.callbacks.title')}
        description={all ? t('admin.callbacks.allSubtitle') : t('admin.callbacks.subtitle')}
        testId="admin-callbacks"
        loaded={list}
        controls={
          <Checkbox
            checked={all}
            onChange={(v) => {
              setReviewed(false);
              setAll(v);
            }}
            data-testid="callbacks-show-all"
          >
            {t('admin.callbacks.showAll')}
          </Checkbox>
        }
        empty={
          items.length === 0 &&
          (all ? (
            <EmptyState title={t('admin.callbacks.emptyAll')} />
          ) : (
            <EmptyState title={t('admin.callbacks.empty')}>{t('admin.callbacks.emptyBody')}</EmptyState>
          ))
        }
      >
        <DataTable label={t('admin.callbacks.title')} head={head}>
          {items.map((c) => {
            const oid = c.merchantOid ?? t('admin.callbacks.unknownOid');
            return (
              <tr key={c.id} data-testid="admin-callback-row" data-callback={c.id} data-outcome={c.outcome}>
                <td className={`${td} min-w-28 text-slate-600`}>
                  <time dateTime={c.receivedAt}>{fmtDate(c.receivedAt)}</time>
                </td>
                <td className={td}>
                  <p className="break-all font-mono text-xs text-slate-900">{oid}</p>
                  {c.orderId && (
                    <p className="break-all font-mono text-xs text-slate-500">
                      {t('admin.callbacks.order', { id: c.orderId })}
                    </p>
                  )}
                  <details className="mt-1 text-xs">
                    <summary className="cursor-pointer text-indigo-700">
                      {t('admin.callbacks.fields')}
                    </summary>
                    <pre className="mt-1 max-h-64 max-w-xs overflow-auto rounded bg-slate-50 p-2 text-slate-700 sm:max-w-sm">
                      {JSON.stringify(c.body, null, 2)}
                    </pre>
                  </details>
                </td>
                <td className={`${td} min-w-48`}>
                  {all && (
                    <p className="mb-1">
                      <span className="sr-only">{t('admin.callbacks.outcome')}: </span>
                      <Badge tone={OUTCOME_TONE[c.outcome] ?? 'slate'}>
                        {t(`admin.outcome.${c.outcome}`)}
                      </Badge>
                    </p>
                  )}
                  <Reason c={c} />
                  {!c.hashValid && (
                    <p className="mt-1">
                      <Badge tone="red">{t('admin.callbacks.badHash')}</Badge>
                    </p>
                  )}
                </td>
                <td className={`${td} min-w-32`}>
                  <Figures body={c.body} />
                </td>
                <td className={`${td} font-mono text-xs text-slate-600`}>{c.remoteIp ?? <None />}</td>
                <td className={td}>
                  {c.reviewedAt ? (
                    <div className="min-w-40 text-xs text-slate-600">
                      <p>{t('admin.callbacks.reviewedAt', { date: fmtDate(c.reviewedAt) })}</p>
                      {c.reviewNote && <p className="mt-1 break-words text-slate-900">{c.reviewNote}</p>}
                    </div>
                  ) : c.outcome === 'held' ? (
                    <Button
                      size="sm"
                      variant="secondary"
                      className="min-w-28"
                      aria-label={t('admin.callbacks.markLabel', { oid })}
                      onClick={() => {
                        setReviewed(false);
                        setReviewing(c);
                      }}
                    >
                      {t('admin.callbacks.markReviewed')}
                    </Button>
                  ) : (
                    <None />
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </AdminCard>
      <ReviewDialog
        callback={reviewing}
        onClose={() => setReviewing(null)}
        onDone={() => {
          setReviewing(null);
          setReviewed(true);
          list.reload();
        }}
      />
    </>
  );
}
