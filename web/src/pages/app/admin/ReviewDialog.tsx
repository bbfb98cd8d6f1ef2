import { type AdminCallback, adminApi } from '../../../api/admin.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { isKnownReason } from '../../../lib/admin.ts';
import { NoteDialog } from './NoteDialog.tsx';

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
  return (
    <NoteDialog
      open={callback !== null}
      title={t('admin.review.title')}
      submitLabel={t('admin.review.submit')}
      testId="review-dialog"
      noteLabel={t('admin.review.note')}
      noteHint={t('admin.review.noteHint')}
      onClose={onClose}
      onSubmit={(note) => (callback ? adminApi.review(callback.id, note) : Promise.resolve(null))}
      onDone={onDone}
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
    </NoteDialog>
  );
}
