import { useEffect, useRef, useState } from 'react';
import { type AdminCompany, adminApi } from '../../../api/admin.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { ErrorAlert, SelectField, TextAreaField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useAction } from '../../../lib/hooks.ts';

const NOTE_MAX = 1000;

/** Confirm or refuse an export exemption that a company's billing details contradict, saying why. */
export function VatReviewDialog({
  company,
  onClose,
  onDone,
}: {
  /** The company under review; null while closed. */
  company: AdminCompany | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  const action = useAction();
  const [decision, setDecision] = useState<'confirm' | 'refuse'>('refuse');
  const [note, setNote] = useState('');

  const reset = useRef(() => {});
  reset.current = () => {
    setNote('');
    setDecision('refuse');
    action.clear();
  };
  useEffect(() => {
    if (company) reset.current();
  }, [company]);

  const submit = async () => {
    if (!company) return;
    const text = note.trim();
    const problems: Record<string, string> = {};
    if (text.length < 3) problems.note = t('form.required');
    else if (text.length > NOTE_MAX) problems.note = t('fieldError.tooLong', { n: NOTE_MAX });
    if (action.reject(problems)) return;
    const r = await action.run(() => adminApi.vatExemption(company.id, decision, text));
    if (r) onDone();
  };

  return (
    <Dialog
      open={company !== null}
      title={t('admin.vatReview.title')}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('admin.vatReview.submit')}
      busy={action.busy}
      testId="vat-review-dialog"
    >
      {company?.vatReview && (
        <p>
          {t('admin.vatReview.body', {
            company: company.name,
            country: company.vatReview.country,
            taxNumber: company.vatReview.taxNumber,
          })}
        </p>
      )}
      <ErrorAlert error={action.error} />
      <SelectField
        label={t('admin.vatReview.decision')}
        name="decision"
        value={decision}
        onChange={(e) => setDecision(e.target.value === 'confirm' ? 'confirm' : 'refuse')}
        disabled={action.busy}
      >
        <option value="refuse">{t('admin.vatReview.refuse')}</option>
        <option value="confirm">{t('admin.vatReview.confirm')}</option>
      </SelectField>
      <TextAreaField
        label={t('admin.review.note')}
        name="note"
        rows={3}
        maxLength={NOTE_MAX}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        disabled={action.busy}
        error={action.fields.note}
        hint={t('admin.vatReview.noteHint')}
      />
    </Dialog>
  );
}
