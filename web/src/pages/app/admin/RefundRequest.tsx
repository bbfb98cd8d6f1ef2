import { formatMoney } from '@youarecoder/contract/billing-rules';
import { REFUND_FULL_DAYS } from '@youarecoder/contract/legal';
import { type AdminPayment, type AdminRefundRequest, adminApi } from '../../../api/admin.ts';
import { Badge, Button } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { NoteDialog } from './NoteDialog.tsx';

const TONE = { open: 'amber', approved: 'green', declined: 'red' } as const;

/** The policy rule of a request, in words. */
export function useRuleText() {
  const { t } = useI18n();
  return (r: AdminRefundRequest) =>
    r.rule === 'full'
      ? t('billing.refund.rule.full', { fullDays: REFUND_FULL_DAYS })
      : t('billing.refund.rule.proRataShort');
}

/** A customer's refund request beside its payment: status, amount, reason, and Approve / Decline while open. */
export function RefundRequestCell({
  payment,
  onApprove,
  onDecline,
}: {
  payment: AdminPayment;
  onApprove: () => void;
  onDecline: () => void;
}) {
  const { t, locale } = useI18n();
  const rule = useRuleText();
  const r = payment.refundRequest;
  if (!r) return null;
  const names = { oid: payment.merchantOid, company: payment.companyName };
  return (
    <div className="mt-2 max-w-64 space-y-1" data-testid="admin-refund-request" data-status={r.status}>
      <Badge tone={TONE[r.status]}>{t(`billing.refund.status.${r.status}`)}</Badge>
      <p className="text-xs text-slate-700">
        {t('billing.refund.admin.request', {
          amount: formatMoney(r.amountMinor, r.currency, locale),
          rule: rule(r),
        })}
      </p>
      {r.reason && (
        <p className="break-words text-xs text-slate-500">
          {t('billing.refund.admin.reason', { reason: r.reason })}
        </p>
      )}
      {r.status === 'declined' && r.decisionNote && (
        <p className="break-words text-xs text-slate-500">
          {t('billing.refund.declinedNote', { note: r.decisionNote })}
        </p>
      )}
      {r.status === 'open' && (
        <div className="flex gap-2 pt-1">
          <Button size="sm" onClick={onApprove} aria-label={t('billing.refund.admin.approveLabel', names)}>
            {t('billing.refund.admin.approve')}
          </Button>
          <Button
            size="sm"
            variant="secondary"
            onClick={onDecline}
            aria-label={t('billing.refund.admin.declineLabel', names)}
          >
            {t('billing.refund.admin.decline')}
          </Button>
        </div>
      )}
    </div>
  );
}

/** Decline an open request with a note the customer is mailed. */
export function DeclineDialog({
  payment,
  onClose,
  onDone,
}: {
  payment: AdminPayment | null;
  onClose: () => void;
  onDone: (p: AdminPayment) => void;
}) {
  const { t, locale } = useI18n();
  const r = payment?.refundRequest;
  return (
    <NoteDialog
      open={!!payment && !!r}
      title={t('billing.refund.admin.declineTitle')}
      submitLabel={t('billing.refund.admin.decline')}
      submitVariant="danger"
      testId="decline-dialog"
      noteLabel={t('billing.refund.admin.declineNote')}
      onClose={onClose}
      onSubmit={(note) => (r ? adminApi.declineRefundRequest(r.id, note) : Promise.resolve(null))}
      onDone={() => payment && onDone(payment)}
    >
      {payment && r && (
        <p>
          {t('billing.refund.admin.declineBody', {
            company: payment.companyName,
            amount: formatMoney(r.amountMinor, r.currency, locale),
          })}
        </p>
      )}
    </NoteDialog>
  );
}
