import { formatMoney } from '@youarecoder/contract/billing-rules';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { billingApi, type Invoice, type Order } from '../../../api/billing.ts';
import { Loadable } from '../../../components/lists.tsx';
import { cellClass, DataTable } from '../../../components/table.tsx';
import { Badge, Card, EmptyState } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { formatBillingDate, ORDER_TONE } from '../../../lib/billing.ts';
import type { Loaded } from '../../../lib/hooks.ts';
import { FailureReason } from './FailureReason.tsx';

/** A link that downloads an invoice's PDF. */
function PdfLink({ id, label }: { id: string; label: string }) {
  const { t, locale } = useI18n();
  return (
    <a
      href={billingApi.invoicePdfUrl(id, locale)}
      download
      aria-label={label}
      className="whitespace-nowrap font-medium text-indigo-700 hover:underline"
    >
      {t('invoices.pdf')}
    </a>
  );
}

function useOrderText() {
  const { t, locale } = useI18n();
  return (o: Order) => {
    const plan = PLAN_NAMES[o.plan];
    const period = t(`billing.period.${o.period}`);
    const what =
      o.kind === 'upgrade'
        ? t('orders.upgrade', { plan })
        : o.kind === 'renewal'
          ? t('orders.renewal', { plan, period })
          : t('orders.subscribe', { plan, period });
    const range = `${formatBillingDate(o.periodStart, locale)} – ${formatBillingDate(o.periodEnd, locale)}`;
    return { what, range };
  };
}

/** Payment history: what each attempt was for, its amount and outcome, and its invoice. */
export function OrdersCard({ orders }: { orders: Loaded<{ orders: Order[] }> }) {
  const { t, locale, fmtDate } = useI18n();
  const text = useOrderText();
  const items = orders.data?.orders ?? [];
  const cols = {
    date: t('orders.date'),
    what: t('orders.description'),
    amount: t('orders.amount'),
    status: t('orders.status'),
    invoice: t('orders.invoice'),
  };
  return (
    <Card title={t('orders.title')} description={t('orders.subtitle')}>
      <Loadable
        loading={orders.loading && !orders.data}
        error={orders.data ? null : orders.error}
        empty={
          items.length === 0 && <EmptyState title={t('orders.empty')}>{t('orders.emptyBody')}</EmptyState>
        }
      >
        <DataTable label={t('orders.title')} testId="orders-table" stack head={Object.values(cols)}>
          {items.map((o) => {
            const { what, range } = text(o);
            return (
              <tr key={o.id} data-testid="order-row" data-status={o.status} data-order={o.id}>
                <td data-label={cols.date} className={`${cellClass.td} whitespace-nowrap text-slate-600`}>
                  <time dateTime={o.createdAt}>{fmtDate(o.createdAt)}</time>
                </td>
                <td data-label={cols.what} className={cellClass.td}>
                  <p className="font-medium text-slate-900">{what}</p>
                  <p className="text-xs text-slate-500">{range}</p>
                </td>
                <td data-label={cols.amount} className={`${cellClass.td} whitespace-nowrap`}>
                  <p className="font-medium text-slate-900">
                    {formatMoney(o.amountMinor, o.currency, locale)}
                  </p>
                  {o.refundedMinor > 0 && (
                    <p className="text-xs text-slate-500">
                      {t('orders.refunded', { amount: formatMoney(o.refundedMinor, o.currency, locale) })}
                    </p>
                  )}
                </td>
                <td data-label={cols.status} className={cellClass.td}>
                  <Badge tone={ORDER_TONE[o.status] ?? 'slate'}>{t(`orderStatus.${o.status}`)}</Badge>
                  {(o.status === 'failed' || (o.status === 'expired' && o.failedReasonCode)) && (
                    <FailureReason
                      code={o.failedReasonCode}
                      msg={o.failedReasonMsg}
                      className="mt-1 block max-w-56 text-xs text-red-700"
                    />
                  )}
                </td>
                <td data-label={cols.invoice} className={cellClass.td}>
                  {o.invoiceId ? (
                    <PdfLink id={o.invoiceId} label={t('orders.invoiceLabel', { what })} />
                  ) : (
                    <span className="text-slate-400">—</span>
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </Loadable>
    </Card>
  );
}

/** Invoices and credit notes, each with its PDF. */
export function InvoicesCard({ invoices }: { invoices: Loaded<{ invoices: Invoice[] }> }) {
  const { t, locale } = useI18n();
  const items = invoices.data?.invoices ?? [];
  const cols = {
    number: t('invoices.number'),
    date: t('invoices.date'),
    kind: t('invoices.kind'),
    total: t('invoices.total'),
    file: t('invoices.file'),
  };
  return (
    <Card title={t('invoices.title')} description={t('invoices.subtitle')}>
      <Loadable
        loading={invoices.loading && !invoices.data}
        error={invoices.data ? null : invoices.error}
        empty={
          items.length === 0 && <EmptyState title={t('invoices.empty')}>{t('invoices.emptyBody')}</EmptyState>
        }
      >
        <DataTable label={t('invoices.title')} testId="invoices-table" stack head={Object.values(cols)}>
          {items.map((i) => (
            <tr key={i.id} data-testid="invoice-row" data-kind={i.kind}>
              <td
                data-label={cols.number}
                className={`${cellClass.td} whitespace-nowrap font-mono text-slate-900`}
              >
                {i.number}
              </td>
              <td data-label={cols.date} className={`${cellClass.td} whitespace-nowrap text-slate-600`}>
                <time dateTime={i.issuedAt}>{formatBillingDate(i.issuedAt, locale)}</time>
              </td>
              <td data-label={cols.kind} className={cellClass.td}>
                <Badge tone={i.kind === 'credit_note' ? 'amber' : 'slate'}>
                  {t(`invoices.kind.${i.kind}`)}
                </Badge>
              </td>
              <td data-label={cols.total} className={`${cellClass.td} whitespace-nowrap`}>
                <p className="font-medium text-slate-900">{formatMoney(i.totalMinor, i.currency, locale)}</p>
                {i.currency !== 'TRY' && (
                  <p className="text-xs text-slate-500">
                    {t('invoices.tryEquivalent', { amount: formatMoney(i.tryTotalMinor, 'TRY', locale) })}
                  </p>
                )}
                {i.currency !== 'TRY' && i.tryNetMinor !== null && i.tryVatMinor !== null && (
                  <p className="text-xs text-slate-500">
                    {t('invoices.tryBreakdown', {
                      net: formatMoney(i.tryNetMinor, 'TRY', locale),
                      vat: formatMoney(i.tryVatMinor, 'TRY', locale),
                    })}
                  </p>
                )}
              </td>
              <td data-label={cols.file} className={cellClass.td}>
                <PdfLink id={i.id} label={t('invoices.pdfLabel', { number: i.number })} />
              </td>
            </tr>
          ))}
        </DataTable>
      </Loadable>
    </Card>
  );
}
