import { formatMoney } from '@youarecoder/contract/billing-rules';
import { useEffect, useRef, useState } from 'react';
import { type AdminPayment, adminApi, type Refund } from '../../../api/admin.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { ErrorAlert, Field } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { majorAmountInput, parseMajorAmount, refundableMinor } from '../../../lib/admin.ts';
import { useAction } from '../../../lib/hooks.ts';
import { usePaymentText } from './common.tsx';
import { useRuleText } from './RefundRequest.tsx';

// One line: the API refuses control characters (a line break too) in a refund's reason.
const REASON_MAX = 500;

/**
 * Refund part or all of a paid payment: the amount (prefilled with what is left) in major units, read
 * as minor units without floats, and a reason, which is printed on the credit note.
 */
export function RefundDialog({
  payment,
  fromRequest = false,
  onClose,
  onDone,
}: {
  /** The payment to refund; null while closed. */
  payment: AdminPayment | null;
  /** Carry out the payment's open refund request: amount and reason prefilled from it. */
  fromRequest?: boolean;
  onClose: () => void;
  onDone: (refund: Refund, payment: AdminPayment) => void;
}) {
  const { t, locale, fmtDate } = useI18n();
  const what = usePaymentText();
  const ruleText = useRuleText();
  const action = useAction();
  const [amount, setAmount] = useState('');
  const [reason, setReason] = useState('');

  // Fresh values each time the dialog opens for a payment.
  const reset = useRef(() => {});
  const request = fromRequest && payment?.refundRequest?.status === 'open' ? payment.refundRequest : null;
  reset.current = () => {
    const minor = payment
      ? Math.min(refundableMinor(payment), request?.amountMinor ?? Number.POSITIVE_INFINITY)
      : 0;
    setAmount(payment ? majorAmountInput(minor, locale) : '');
    // One line: the reason is printed on the credit note.
    setReason(
      request
        ? `Refund policy (${request.rule})${request.reason ? `: ${request.reason}` : ''}`
            .replace(/\s+/g, ' ')
            .slice(0, REASON_MAX)
        : '',
    );
    action.clear();
  };
  useEffect(() => {
    if (payment) reset.current();
  }, [payment]);

  if (!payment) return <Dialog open={false} title="" onClose={onClose} testId="refund-dialog" />;

  const left = refundableMinor(payment);
  const money = (minor: number) => formatMoney(minor, payment.currency, locale);
  const example = majorAmountInput(1234, locale);
  const parsed = parseMajorAmount(amount);

  const submit = async () => {
    const text = reason.trim();
    const problems: Record<string, string> = {};
    if (parsed === null) problems.amountMinor = t('admin.refund.amountInvalid', { example });
    else if (parsed <= 0) problems.amountMinor = t('admin.refund.amountZero');
    else if (parsed > left) problems.amountMinor = t('admin.refund.amountTooHigh', { max: money(left) });
    if (!text) problems.reason = t('form.required');
    else if (text.length > REASON_MAX) problems.reason = t('fieldError.tooLong', { n: REASON_MAX });
    if (action.reject(problems) || parsed === null) return;
    const r = await action.run(() =>
      adminApi.refund(payment.id, { amountMinor: parsed, reason: text, requestId: request?.id }),
    );
    if (r) onDone(r, payment);
  };

  // The API words its amount limit in minor units; the portal says it in the dialog's terms.
  const fromApi = action.error !== null && action.error.status !== 0;
  const amountError =
    fromApi && action.fields.amountMinor ? t('admin.refund.amountStale') : action.fields.amountMinor;

  return (
    <Dialog
      open
      title={t('admin.refund.title')}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('admin.refund.submit')}
      submitVariant="danger"
      busy={action.busy}
      testId="refund-dialog"
    >
      <p>
        {t('admin.refund.summary', {
          company: payment.companyName,
          what: what(payment),
          amount: money(payment.amountMinor),
          date: fmtDate(payment.paidAt ?? payment.createdAt, false),
        })}
      </p>
      {payment.refundedMinor > 0 && (
        <p>{t('admin.refund.already', { amount: money(payment.refundedMinor), left: money(left) })}</p>
      )}
      <p className="font-mono text-xs text-slate-500">{payment.merchantOid}</p>
      {request && (
        <p className="text-xs text-slate-600" data-testid="refund-prefilled">
          {t('billing.refund.admin.prefilled', { rule: ruleText(request) })}
        </p>
      )}
      <ErrorAlert error={action.error} />
      <Field
        label={t('admin.refund.amount', { currency: payment.currency })}
        name="amount"
        inputMode="decimal"
        autoComplete="off"
        value={amount}
        onChange={(e) => setAmount(e.target.value)}
        disabled={action.busy}
        error={amountError}
        hint={
          parsed !== null && parsed > 0 && parsed <= left
            ? t('admin.refund.amountPreview', { amount: money(parsed), max: money(left) })
            : t('admin.refund.amountHint', { max: money(left), example })
        }
      />
      <Field
        label={t('admin.refund.reason')}
        name="reason"
        autoComplete="off"
        maxLength={REASON_MAX}
        value={reason}
        onChange={(e) => setReason(e.target.value)}
        disabled={action.busy}
        error={action.fields.reason}
        hint={t('admin.refund.reasonHint')}
      />
      <p className="text-xs text-slate-500">{t('admin.refund.note')}</p>
    </Dialog>
  );
}
