import { adminApi, type Discrepancy } from '../../../api/admin.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { NoteDialog } from './NoteDialog.tsx';

/** Close a reconciliation discrepancy with a note of what was done about it. */
export function ResolveDialog({
  discrepancy,
  onClose,
  onDone,
}: {
  /** The discrepancy; null while closed. */
  discrepancy: Discrepancy | null;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useI18n();
  return (
    <NoteDialog
      open={discrepancy !== null}
      title={t('admin.recon.resolveDialog.title')}
      submitLabel={t('admin.recon.resolveDialog.submit')}
      testId="resolve-dialog"
      noteLabel={t('admin.recon.resolveDialog.note')}
      noteHint={t('admin.recon.resolveDialog.noteHint')}
      onClose={onClose}
      onSubmit={(note) =>
        discrepancy ? adminApi.resolveDiscrepancy(discrepancy.id, note) : Promise.resolve(null)
      }
      onDone={onDone}
    >
      {discrepancy && (
        <p>
          {t('admin.recon.resolveDialog.body', {
            oid: discrepancy.merchantOid,
            day: discrepancy.day,
            kind: t(`admin.recon.kind.${discrepancy.kind}`),
          })}
        </p>
      )}
    </NoteDialog>
  );
}
