import { formatMoney } from '@youarecoder/contract/billing-rules';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { billingApi, type Invoice, type Order } from '../../../api/billing.ts';
import { Loadable } from '../../../components/lists.tsx';
import { cellClass, DataTable } from '../../../components/table.tsx';
import { Badge, Card, EmptyState } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { formatBillingDate, ORDER_TONE } from '../../../lib/billing.ts';
import type { Loaded } from '../../../lib/hooks.ts';

/** A link that downloads an invoice's PDF. */
function PdfLink({ id, label }: { id: string; label: string }) {
  const { t } = useI18n();
  return (
    <a
      href={billingApi.invoicePdfUrl(id)}
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
  return (
    <Card title={t('orders.title')} description={t('orders.subtitle')}>
      <Loadable
        loading={orders.loading && !orders.data}
        error={orders.data ? null : orders.error}
        empty={
          items.length === 0 && <EmptyState title={t('orders.empty')}>{t('orders.emptyBody')}</EmptyState>
        }
      >
        <DataTable
          label={t('orders.title')}
          testId="orders-table"
          head={[
            t('orders.date'),
            t('orders.description'),
            t('orders.amount'),
            t('orders.status'),
            t('orders.invoice'),
          ]}
        >
          {items.map((o) => {
            const { what, range } = text(o);
            return (
              <tr key={o.id} data-testid="order-row" data-status={o.status} data-order={o.id}>
                <td className={`${cellClass.td} whitespace-nowrap text-slate-600`}>
                  <time dateTime={o.createdAt}>{fmtDate(o.createdAt)}</time>
                </td>
                <td className={cellClass.td}>
                  <p className="font-medium text-slate-900">{what}</p>
                  <p className="text-xs text-slate-500">{range}</p>
                </td>
                <td className={`${cellClass.td} whitespace-nowrap`}>
                  <p className="font-medium text-slate-900">
                    {formatMoney(o.amountMinor, o.currency, locale)}
                  </p>
                  {o.refundedMinor > 0 && (
                    <p className="text-xs text-slate-500">
                      {t('orders.refunded', { amount: formatMoney(o.refundedMinor, o.currency, locale) })}
                    </p>
                  )}
                </td>
                <td className={cellClass.td}>
                  <Badge tone={ORDER_TONE[o.status] ?? 'slate'}>{t(`orderStatus.${o.status}`)}</Badge>
                  {o.status !== 'paid' && o.failedReasonMsg && (
                    <p className="mt-1 max-w-56 text-xs text-red-700">{o.failedReasonMsg}</p>
                  )}
                </td>
                <td className={cellClass.td}>
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
  return (
    <Card title={t('invoices.title')} description={t('invoices.subtitle')}>
      <Loadable
        loading={invoices.loading && !invoices.data}
        error={invoices.data ? null : invoices.error}
        empty={
          items.length === 0 && <EmptyState title={t('invoices.empty')}>{t('invoices.emptyBody')}</EmptyState>
        }
      >
        <DataTable
          label={t('invoices.title')}
          testId="invoices-table"
          head={[
            t('invoices.number'),
            t('invoices.date'),
            t('invoices.kind'),
            t('invoices.total'),
            t('invoices.file'),
          ]}
        >
          {items.map((i) => (
            <tr key={i.id} data-testid="invoice-row" data-kind={i.kind}>
              <td className={`${cellClass.td} whitespace-nowrap font-mono text-slate-900`}>{i.number}</td>
              <td className={`${cellClass.td} whitespace-nowrap text-slate-600`}>
                <time dateTime={i.issuedAt}>{formatBillingDate(i.issuedAt, locale)}</time>
              </td>
              <td className={cellClass.td}>
                <Badge tone={i.kind === 'credit_note' ? 'amber' : 'slate'}>
                  {t(`invoices.kind.${i.kind}`)}
                </Badge>
              </td>
              <td className={`${cellClass.td} whitespace-nowrap`}>
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
              <td className={cellClass.td}>
                <PdfLink id={i.id} label={t('invoices.pdfLabel', { number: i.number })} />
              </td>
            </tr>
          ))}
        </DataTable>
      </Loadable>
    </Card>
  );
}
