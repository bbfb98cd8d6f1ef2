import { useEffect, useState } from 'react';
import { type AdminCompany, adminApi } from '../../../api/admin.ts';
import { SelectField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { NoteDialog } from './NoteDialog.tsx';

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
  const [decision, setDecision] = useState<'confirm' | 'refuse'>('refuse');
  useEffect(() => {
    if (company) setDecision('refuse');
  }, [company]);
  return (
    <NoteDialog
      open={company !== null}
      title={t('admin.vatReview.title')}
      submitLabel={t('admin.vatReview.submit')}
      testId="vat-review-dialog"
      noteLabel={t('admin.review.note')}
      noteHint={t('admin.vatReview.noteHint')}
      minLength={3}
      onClose={onClose}
      onSubmit={(note) =>
        company ? adminApi.vatExemption(company.id, decision, note) : Promise.resolve(null)
      }
      onDone={onDone}
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
      <SelectField
        label={t('admin.vatReview.decision')}
        name="decision"
        value={decision}
        onChange={(e) => setDecision(e.target.value === 'confirm' ? 'confirm' : 'refuse')}
      >
        <option value="refuse">{t('admin.vatReview.refuse')}</option>
        <option value="confirm">{t('admin.vatReview.confirm')}</option>
      </SelectField>
    </NoteDialog>
  );
}
