import { CURRENCIES, type Currency, formatMoney, minorToDecimal } from '@youarecoder/contract/billing-rules';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { useState } from 'react';
import { adminApi, type Discrepancy, type DiscrepancyFilter } from '../../../api/admin.ts';
import { cellClass, DataTable } from '../../../components/table.tsx';
import { Badge, Button, EmptyState, Notice, SelectField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { ORDER_TONE } from '../../../lib/billing.ts';
import { useLoad } from '../../../lib/hooks.ts';
import { AdminCard } from './common.tsx';
import { RunForm, Runs } from './ReconcileRuns.tsx';
import { ResolveDialog } from './ResolveDialog.tsx';

const { td } = cellClass;
const FILTERS: DiscrepancyFilter[] = ['open', 'cleared', 'resolved', 'all'];
const KIND_TONE = { missing_here: 'red', missing_at_paytr: 'amber', amount_mismatch: 'amber' } as const;
const STATUS_TONE = { open: 'red', cleared: 'green', resolved: 'slate' } as const;

/** One side's figure: formatted when the currency is one we charge in, else as PayTR wrote it. */
function Figure({ side }: { side: Discrepancy['paytr'] }) {
  const { t, locale } = useI18n();
  if (!side) return <span className="text-slate-500 italic">{t('admin.recon.absent')}</span>;
  const known = (CURRENCIES as readonly string[]).includes(side.currency);
  return (
    <span className="whitespace-nowrap font-medium text-slate-900">
      {known
        ? formatMoney(side.amountMinor, side.currency as Currency, locale)
        : `${minorToDecimal(side.amountMinor)} ${side.currency}`}
    </span>
  );
}

/** The payment a discrepancy concerns: company, what it was for, its state and amount. */
function Payment({ d }: { d: Discrepancy }) {
  const { t, locale, fmtDate } = useI18n();
  const p = d.payment;
  if (!p) return <p className="max-w-48 text-xs text-slate-500">{t('admin.recon.noPayment')}</p>;
  const period = t(`billing.period.${p.period}`);
  const plan = PLAN_NAMES[p.plan];
  const what =
    p.kind === 'upgrade'
      ? t('orders.upgrade', { plan })
      : t(p.kind === 'renewal' ? 'orders.renewal' : 'orders.subscribe', { plan, period });
  return (
    <div className="min-w-48">
      <p className="font-medium text-slate-900" title={p.companyId}>
        {p.companyName ?? p.companyId}
      </p>
      <p className="text-slate-700">{what}</p>
      <p className="mt-1 flex flex-wrap items-center gap-2">
        <Badge tone={ORDER_TONE[p.status] ?? 'slate'}>{t(`orderStatus.${p.status}`)}</Badge>
        <span className="text-slate-900">{formatMoney(p.amountMinor, p.currency, locale)}</span>
      </p>
      {p.refundedMinor > 0 && (
        <p className="text-xs text-slate-500">
          {t('admin.recon.refunded', { amount: formatMoney(p.refundedMinor, p.currency, locale) })}
        </p>
      )}
      <p className="text-xs text-slate-500">
        <time dateTime={p.paidAt ?? p.createdAt}>{fmtDate(p.paidAt ?? p.createdAt)}</time>
      </p>
    </div>
  );
}

/** What PayTR's transaction report and our books disagree on, beside each payment, to resolve with a note. */
export function ReconciliationPanel() {
  const { t, fmtDate } = useI18n();
  const [filter, setFilter] = useState<DiscrepancyFilter>('open');
  const list = useLoad(() => adminApi.reconciliation(filter), [filter]);
  const items = list.data?.discrepancies ?? [];
  const [resolving, setResolving] = useState<Discrepancy | null>(null);
  const [resolved, setResolved] = useState(false);

  const head = [
    t('admin.recon.day'),
    t('admin.recon.record'),
    t('admin.recon.paytr'),
    t('admin.recon.ours'),
    t('admin.recon.payment'),
    t('admin.recon.state'),
  ];

  return (
    <>
      <RunForm onRun={() => list.reload()} />
      {resolved && (
        <Notice className="mb-4">
          <span data-testid="resolve-notice">{t('admin.recon.resolved')}</span>
        </Notice>
      )}
      <AdminCard
        title={t('admin.recon.title')}
        description={t('admin.recon.subtitle')}
        testId="admin-reconciliation"
        loaded={list}
        controls={
          <SelectField
            // The options say what they filter; the label is for screen readers, and keeps Refresh in line.
            label={<span className="sr-only">{t('admin.recon.filter')}</span>}
            value={filter}
            className="w-40"
            data-testid="recon-filter"
            onChange={(e) => {
              setResolved(false);
              setFilter(e.target.value as DiscrepancyFilter);
            }}
          >
            {FILTERS.map((f) => (
              <option key={f} value={f}>
                {t(`admin.recon.filter.${f}`)}
              </option>
            ))}
          </SelectField>
        }
        empty={
          items.length === 0 &&
          (filter === 'open' ? (
            <>
              <EmptyState title={t('admin.recon.empty')}>{t('admin.recon.emptyBody')}</EmptyState>
              <Runs runs={list.data?.runs ?? []} />
            </>
          ) : (
            <EmptyState title={t('admin.recon.emptyOther')} />
          ))
        }
      >
        <DataTable label={t('admin.recon.title')} head={head}>
          {items.map((d) => (
            <tr
              key={d.id}
              data-testid="recon-row"
              data-kind={d.kind}
              data-oid={d.merchantOid}
              data-status={d.status}
            >
              <td className={`${td} whitespace-nowrap text-slate-600`}>{d.day}</td>
              <td className={`${td} min-w-48`}>
                <p className="break-all font-mono text-xs text-slate-900" lang="en">
                  {d.merchantOid}
                </p>
                <p className="text-xs text-slate-500">{t(`admin.recon.subject.${d.subject}`)}</p>
                <p className="mt-1">
                  <Badge tone={KIND_TONE[d.kind]}>{t(`admin.recon.kind.${d.kind}`)}</Badge>
                </p>
              </td>
              <td className={td}>
                <Figure side={d.paytr} />
              </td>
              <td className={td}>
                <Figure side={d.ours} />
              </td>
              <td className={td}>
                <Payment d={d} />
              </td>
              <td className={td}>
                <p>
                  <Badge tone={STATUS_TONE[d.status]}>{t(`admin.recon.status.${d.status}`)}</Badge>
                </p>
                {d.status === 'cleared' && d.clearedAt && (
                  <p className="mt-1 max-w-48 text-xs text-slate-600">
                    {t('admin.recon.clearedAt', { date: fmtDate(d.clearedAt) })}
                  </p>
                )}
                {d.status === 'resolved' ? (
                  <div className="mt-1 min-w-40 text-xs text-slate-600">
                    <p>{t('admin.recon.resolvedAt', { date: fmtDate(d.resolvedAt) })}</p>
                    {d.resolutionNote && (
                      <p className="mt-1 break-words text-slate-900">{d.resolutionNote}</p>
                    )}
                  </div>
                ) : (
                  <Button
                    size="sm"
                    variant="secondary"
                    className="mt-2 min-w-24"
                    aria-label={t('admin.recon.resolveLabel', { oid: d.merchantOid })}
                    onClick={() => {
                      setResolved(false);
                      setResolving(d);
                    }}
                  >
                    {t('admin.recon.resolve')}
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
        <Runs runs={list.data?.runs ?? []} />
      </AdminCard>
      <ResolveDialog
        discrepancy={resolving}
        onClose={() => setResolving(null)}
        onDone={() => {
          setResolving(null);
          setResolved(true);
          list.reload();
        }}
      />
    </>
  );
}
