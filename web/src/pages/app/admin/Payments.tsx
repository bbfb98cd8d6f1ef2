import { formatMoney } from '@youarecoder/contract/billing-rules';
import { useState } from 'react';
import { type AdminPayment, adminApi, type Refund } from '../../../api/admin.ts';
import { cellClass, DataTable } from '../../../components/table.tsx';
import { Badge, Button, EmptyState, Notice } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { refundableMinor } from '../../../lib/admin.ts';
import { ORDER_TONE } from '../../../lib/billing.ts';
import { useLoad } from '../../../lib/hooks.ts';
import { AdminCard, None, usePaymentText } from './common.tsx';
import { RefundDialog } from './RefundDialog.tsx';
import { DeclineDialog, RefundRequestCell } from './RefundRequest.tsx';

const { td } = cellClass;

/** What the last refund came to, shown over the list. */
function RefundNotice({ done }: { done: { refund: Refund; payment: AdminPayment } }) {
  const { t, locale } = useI18n();
  const { refund, payment } = done;
  const vars = { ref: refund.referenceNo, company: payment.companyName };
  if (refund.status !== 'done')
    return (
      <Notice kind="warning" className="mb-4">
        <span data-testid="refund-notice">{t('admin.payments.refundPending', vars)}</span>
      </Notice>
    );
  return (
    <Notice className="mb-4">
      <span data-testid="refund-notice">
        {t('admin.payments.refundDone', {
          ...vars,
          amount: formatMoney(refund.amountMinor, payment.currency, locale),
        })}
        {refund.creditNoteId && ` ${t('admin.payments.creditNote')}`}
      </span>
    </Notice>
  );
}

/** The latest payments of every company, with refunds and evidence packages of paid ones. */
export function PaymentsPanel() {
  const { t, locale, fmtDate } = useI18n();
  const list = useLoad(() => adminApi.payments(), []);
  const items = list.data?.payments ?? [];
  const what = usePaymentText();
  const [refunding, setRefunding] = useState<AdminPayment | null>(null);
  const [fromRequest, setFromRequest] = useState(false);
  const [declining, setDeclining] = useState<AdminPayment | null>(null);
  const [declined, setDeclined] = useState<AdminPayment | null>(null);
  const [done, setDone] = useState<{ refund: Refund; payment: AdminPayment } | null>(null);
  const money = (minor: number, p: AdminPayment) => formatMoney(minor, p.currency, locale);

  return (
    <>
      {done && <RefundNotice done={done} />}
      {declined && (
        <Notice className="mb-4">
          <span data-testid="decline-notice">
            {t('billing.refund.admin.declined', { company: declined.companyName })}
          </span>
        </Notice>
      )}
      <AdminCard
        title={t('admin.payments.title')}
        description={t('admin.payments.subtitle')}
        testId="admin-payments"
        loaded={list}
        empty={items.length === 0 && <EmptyState title={t('admin.payments.empty')} />}
      >
        <DataTable
          label={t('admin.payments.title')}
          head={[
            t('admin.payments.date'),
            t('admin.payments.company'),
            t('admin.payments.what'),
            t('admin.payments.amount'),
            t('admin.payments.status'),
            t('admin.payments.refunded'),
            t('admin.payments.invoice'),
            t('admin.payments.actions'),
          ]}
        >
          {items.map((p) => {
            const left = refundableMinor(p);
            const names = { oid: p.merchantOid, company: p.companyName };
            return (
              <tr key={p.id} data-testid="admin-payment-row" data-order={p.id} data-status={p.status}>
                <td className={`${td} whitespace-nowrap text-slate-600`}>
                  <time dateTime={p.createdAt}>{fmtDate(p.createdAt)}</time>
                  {p.paidAt && (
                    <p className="text-xs text-slate-500">
                      {t('admin.payments.paidAt', { date: fmtDate(p.paidAt) })}
                    </p>
                  )}
                </td>
                <td className={td}>
                  <p className="font-medium text-slate-900" title={p.companyId}>
                    {p.companyName}
                  </p>
                </td>
                <td className={td}>
                  <p className="text-slate-900">{what(p)}</p>
                  <p className="break-all font-mono text-xs text-slate-500">{p.merchantOid}</p>
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  <span className="font-medium text-slate-900">{money(p.amountMinor, p)}</span>{' '}
                  <span className="text-xs text-slate-500">{p.currency}</span>
                </td>
                <td className={td}>
                  <Badge tone={ORDER_TONE[p.status] ?? 'slate'}>{t(`orderStatus.${p.status}`)}</Badge>
                  <RefundRequestCell
                    payment={p}
                    onApprove={() => {
                      setDone(null);
                      setDeclined(null);
                      setFromRequest(true);
                      setRefunding(p);
                    }}
                    onDecline={() => {
                      setDone(null);
                      setDeclined(null);
                      setDeclining(p);
                    }}
                  />
                  {p.status !== 'paid' && (p.failedReasonMsg || p.failedReasonCode) && (
                    <p className="mt-1 max-w-56 text-xs text-red-700">
                      {p.failedReasonMsg}
                      {p.failedReasonCode && <span className="font-mono"> ({p.failedReasonCode})</span>}
                    </p>
                  )}
                </td>
                <td className={`${td} whitespace-nowrap text-slate-700`}>
                  {p.refundedMinor > 0 ? money(p.refundedMinor, p) : <None />}
                </td>
                <td className={`${td} max-w-32 break-all font-mono text-xs text-slate-600`}>
                  {p.invoiceId ?? <None />}
                </td>
                <td className={td}>
                  {p.status === 'paid' ? (
                    <div className="flex flex-col items-start gap-2">
                      {left > 0 ? (
                        <Button
                          size="sm"
                          variant="danger"
                          aria-label={t('admin.payments.refundLabel', names)}
                          onClick={() => {
                            setDone(null);
                            setDeclined(null);
                            setFromRequest(false);
                            setRefunding(p);
                          }}
                        >
                          {t('admin.payments.refund')}
                        </Button>
                      ) : (
                        <span className="whitespace-nowrap text-xs text-slate-500">
                          {t('admin.payments.fullyRefunded')}
                        </span>
                      )}
                      <a
                        href={adminApi.evidenceUrl(p.id)}
                        download
                        aria-label={t('admin.payments.evidenceLabel', names)}
                        data-testid="evidence-link"
                        className="whitespace-nowrap text-xs font-medium text-indigo-700 hover:underline"
                      >
                        {t('admin.payments.evidence')}
                      </a>
                    </div>
                  ) : (
                    <None />
                  )}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </AdminCard>
      <DeclineDialog
        payment={declining}
        onClose={() => setDeclining(null)}
        onDone={(p) => {
          setDeclining(null);
          setDeclined(p);
          list.reload();
        }}
      />
      <RefundDialog
        payment={refunding}
        fromRequest={fromRequest}
        onClose={() => setRefunding(null)}
        onDone={(refund, payment) => {
          setRefunding(null);
          setDone({ refund, payment });
          list.reload();
        }}
      />
    </>
  );
}
