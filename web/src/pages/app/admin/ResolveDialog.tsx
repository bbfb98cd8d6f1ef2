import { useEffect, useRef, useState } from 'react';
import { adminApi, type Discrepancy } from '../../../api/admin.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { ErrorAlert, TextAreaField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useAction } from '../../../lib/hooks.ts';

const NOTE_MAX = 1000;

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
  const action = useAction();
  const [note, setNote] = useState('');

  const reset = useRef(() => {});
  reset.current = () => {
    setNote('');
    action.clear();
  };
  useEffect(() => {
    if (discrepancy) reset.current();
  }, [discrepancy]);

  const submit = async () => {
    if (!discrepancy) return;
    const text = note.trim();
    const problems: Record<string, string> = {};
    if (!text) problems.note = t('form.required');
    else if (text.length > NOTE_MAX) problems.note = t('fieldError.tooLong', { n: NOTE_MAX });
    if (action.reject(problems)) return;
    const r = await action.run(() => adminApi.resolveDiscrepancy(discrepancy.id, text));
    if (r) onDone();
  };

  return (
    <Dialog
      open={discrepancy !== null}
      title={t('admin.recon.resolveDialog.title')}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('admin.recon.resolveDialog.submit')}
      busy={action.busy}
      testId="resolve-dialog"
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
      <ErrorAlert error={action.error} />
      <TextAreaField
        label={t('admin.recon.resolveDialog.note')}
        name="note"
        rows={3}
        maxLength={NOTE_MAX}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        disabled={action.busy}
        error={action.fields.note}
        hint={t('admin.recon.resolveDialog.noteHint')}
      />
    </Dialog>
  );
}
