import { formatMoney } from '@youarecoder/contract/billing-rules';
import { LEGAL_PATHS, REFUND_FULL_DAYS, REFUND_REASON_MAX_LENGTH } from '@youarecoder/contract/legal';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { useState } from 'react';
import type { Order } from '../../../api/billing.ts';
import { legalApi, type RefundOffer, type RefundRequest } from '../../../api/legal.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { cellClass, DataTable } from '../../../components/table.tsx';
import { Badge, Button, Card, ErrorAlert, Notice, TextAreaField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { formatBillingDate } from '../../../lib/billing.ts';
import { useAction, useLoad } from '../../../lib/hooks.ts';

const TONE = { open: 'amber', approved: 'green', declined: 'red' } as const;

/** What the policy gives for a payment now, in words. */
function useOfferText() {
  const { t, locale } = useI18n();
  return (o: RefundOffer) => {
    const amount = formatMoney(o.amountMinor, o.currency, locale);
    if (o.rule === 'full') return t('billing.refund.offerFull', { amount });
    if (o.rule === 'pro_rata')
      return t('billing.refund.offerProRata', { amount, unused: o.unusedDays, days: o.periodDays });
    return t('billing.refund.offerNone');
  };
}

/** Ask for the refund the policy gives now, with an optional reason. */
function RequestDialog({
  offer,
  what,
  onClose,
  onDone,
}: {
  offer: RefundOffer | null;
  what: string;
  onClose: () => void;
  onDone: (r: RefundRequest) => void;
}) {
  const { t, locale } = useI18n();
  const action = useAction();
  const [reason, setReason] = useState('');
  if (!offer) return <Dialog open={false} title="" onClose={onClose} testId="refund-request-dialog" />;
  const rule =
    offer.rule === 'full'
      ? t('billing.refund.rule.full', { fullDays: REFUND_FULL_DAYS })
      : t('billing.refund.rule.pro_rata', { unused: offer.unusedDays, days: offer.periodDays });
  return (
    <Dialog
      open
      title={t('billing.refund.dialogTitle')}
      onClose={onClose}
      onSubmit={async () => {
        const r = await action.run(() => legalApi.requestRefund(offer.orderId, reason));
        if (r) {
          setReason('');
          onDone(r);
        }
      }}
      submitLabel={t('billing.refund.submit')}
      busy={action.busy}
      testId="refund-request-dialog"
    >
      <p className="font-medium text-slate-900">{what}</p>
      <p data-testid="refund-request-amount">
        {t('billing.refund.dialogBody', {
          amount: formatMoney(offer.amountMinor, offer.currency, locale),
          rule,
        })}
      </p>
      <ErrorAlert error={action.error} />
      <TextAreaField
        label={t('billing.refund.reason')}
        name="reason"
        rows={3}
        maxLength={REFUND_REASON_MAX_LENGTH}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        disabled={action.busy}
        error={action.fields.reason}
        hint={t('billing.refund.reasonHint')}
      />
    </Dialog>
  );
}

/** Each paid payment with what the refund policy gives now, its request's status, and the way to ask. */
export function RefundsCard({ orders }: { orders: Order[] }) {
  const { t, locale } = useI18n();
  const load = useLoad(() => legalApi.refunds(), [orders.length]);
  const offerText = useOfferText();
  const [asking, setAsking] = useState<RefundOffer | null>(null);
  const [sent, setSent] = useState(false);
  const offers = load.data?.offers ?? [];
  if (offers.length === 0) return null;
  const byId = new Map(orders.map((o) => [o.id, o]));
  const what = (id: string) => {
    const o = byId.get(id);
    return o
      ? `${PLAN_NAMES[o.plan]} · ${formatBillingDate(o.periodStart, locale)} – ${formatBillingDate(o.periodEnd, locale)}`
      : id;
  };
  const latest = (id: string) => load.data?.requests.find((r) => r.orderId === id);
  const cols = {
    payment: t('billing.refund.colPayment'),
    offer: t('billing.refund.colOffer'),
    request: t('billing.refund.colRequest'),
  };
  return (
    <Card
      title={t('billing.refund.title')}
      description={
        <>
          {t('billing.refund.subtitle', { fullDays: REFUND_FULL_DAYS })}{' '}
          <a href={LEGAL_PATHS.refunds} target="_blank" rel="noopener" className="text-indigo-700 underline">
            {t('billing.refund.policyLink')}
          </a>
        </>
      }
      data-testid="refunds-card"
    >
      {sent && (
        <Notice className="mb-4">
          <span data-testid="refund-request-sent">{t('billing.refund.sent')}</span>
        </Notice>
      )}
      <DataTable label={t('billing.refund.title')} stack head={[cols.payment, cols.offer, cols.request]}>
        {offers.map((o) => {
          const r = latest(o.orderId);
          const order = byId.get(o.orderId);
          return (
            <tr key={o.orderId} data-testid="refund-row" data-order={o.orderId} data-rule={o.rule}>
              <td data-label={cols.payment} className={cellClass.td}>
                <p className="font-medium text-slate-900">{what(o.orderId)}</p>
                {order && (
                  <p className="text-xs text-slate-500">
                    {formatMoney(order.amountMinor, order.currency, locale)}
                  </p>
                )}
              </td>
              <td data-label={cols.offer} className={cellClass.td}>
                <p className="text-sm text-slate-700" data-testid="refund-offer">
                  {offerText(o)}
                </p>
              </td>
              <td data-label={cols.request} className={cellClass.td}>
                {r && (
                  <div className="mb-2" data-testid="refund-request-status" data-status={r.status}>
                    <Badge tone={TONE[r.status]}>{t(`billing.refund.status.${r.status}`)}</Badge>
                    <p className="mt-1 text-xs text-slate-500">
                      {t('billing.refund.requested', {
                        amount: formatMoney(r.amountMinor, r.currency, locale),
                        date: formatBillingDate(r.createdAt, locale),
                      })}
                    </p>
                    {r.status === 'declined' && r.decisionNote && (
                      <p className="mt-1 max-w-64 text-xs text-red-700">
                        {t('billing.refund.declinedNote', { note: r.decisionNote })}
                      </p>
                    )}
                  </div>
                )}
                {o.rule !== 'none' && r?.status !== 'open' && (
                  <Button
                    size="sm"
                    variant="secondary"
                    aria-label={t('billing.refund.askLabel', { what: what(o.orderId) })}
                    onClick={() => {
                      setSent(false);
                      setAsking(o);
                    }}
                  >
                    {t('billing.refund.ask')}
                  </Button>
                )}
              </td>
            </tr>
          );
        })}
      </DataTable>
      <RequestDialog
        offer={asking}
        what={asking ? what(asking.orderId) : ''}
        onClose={() => setAsking(null)}
        onDone={() => {
          setAsking(null);
          setSent(true);
          load.reload();
        }}
      />
    </Card>
  );
}
