import { useEffect, useRef, useState } from 'react';
import { type AdminCallback, adminApi } from '../../../api/admin.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { ErrorAlert, TextAreaField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { isKnownReason } from '../../../lib/admin.ts';
import { useAction } from '../../../lib/hooks.ts';

const NOTE_MAX = 1000;

/** Mark a held notification reviewed, with a note of what was done about it. */
export function ReviewDialog({
  callback,
  onClose,
  onDone,
}: {
  /** The notification; null while closed. */
  callback: AdminCallback | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t, fmtDate } = useI18n();
  const action = useAction();
  const [note, setNote] = useState('');

  const reset = useRef(() => {});
  reset.current = () => {
    setNote('');
    action.clear();
  };
  useEffect(() => {
    if (callback) reset.current();
  }, [callback]);

  const submit = async () => {
    if (!callback) return;
    const text = note.trim();
    const problems: Record<string, string> = {};
    if (!text) problems.note = t('form.required');
    else if (text.length > NOTE_MAX) problems.note = t('fieldError.tooLong', { n: NOTE_MAX });
    if (action.reject(problems)) return;
    const r = await action.run(() => adminApi.review(callback.id, text));
    if (r) onDone();
  };

  return (
    <Dialog
      open={callback !== null}
      title={t('admin.review.title')}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('admin.review.submit')}
      busy={action.busy}
      testId="review-dialog"
    >
      {callback && (
        <>
          <p>
            {t('admin.review.body', {
              oid: callback.merchantOid ?? t('admin.callbacks.unknownOid'),
              date: fmtDate(callback.receivedAt),
            })}
          </p>
          {isKnownReason(callback.reason) && <p>{t(`admin.reason.${callback.reason}`)}</p>}
        </>
      )}
      <ErrorAlert error={action.error} />
      <TextAreaField
        label={t('admin.review.note')}
        name="note"
        rows={3}
        maxLength={NOTE_MAX}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        disabled={action.busy}
        error={action.fields.note}
        hint={t('admin.review.noteHint')}
      />
    </Dialog>
  );
}
