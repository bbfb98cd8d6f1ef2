import { type ReactNode, useEffect, useRef, useState } from 'react';
import { Dialog } from '../../../components/Dialog.tsx';
import { ErrorAlert, TextAreaField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useAction } from '../../../lib/hooks.ts';

const NOTE_MAX = 1000;

/**
 * An operator's decision that needs a note of why (review a held notification, resolve a discrepancy,
 * decline a refund request, decide a VAT exemption): the note is required, at most 1000 characters, and
 * the dialog shows what the server refused. `onSubmit` returns something truthy when it was done.
 */
export function NoteDialog({
  open,
  title,
  submitLabel,
  submitVariant,
  testId,
  noteLabel,
  noteHint,
  minLength = 1,
  children,
  onClose,
  onSubmit,
  onDone,
}: {
  open: boolean;
  title: string;
  submitLabel: string;
  submitVariant?: 'danger';
  testId: string;
  noteLabel: string;
  noteHint?: string;
  /** The shortest note the server accepts. */
  minLength?: number;
  /** What the decision is about, and any choice besides the note. */
  children?: ReactNode;
  onClose: () => void;
  onSubmit: (note: string) => Promise<unknown>;
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
    if (open) reset.current();
  }, [open]);

  const submit = async () => {
    const text = note.trim();
    const problems: Record<string, string> = {};
    if (text.length < minLength) problems.note = t('form.required');
    else if (text.length > NOTE_MAX) problems.note = t('fieldError.tooLong', { n: NOTE_MAX });
    if (action.reject(problems)) return;
    if (await action.run(() => onSubmit(text))) onDone();
  };

  return (
    <Dialog
      open={open}
      title={title}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={submitLabel}
      submitVariant={submitVariant}
      busy={action.busy}
      testId={testId}
    >
      {children}
      <ErrorAlert error={action.error} />
      <TextAreaField
        label={noteLabel}
        name="note"
        rows={3}
        maxLength={NOTE_MAX}
        value={note}
        onChange={(e) => setNote(e.target.value)}
        disabled={action.busy}
        error={action.fields.note}
        hint={noteHint}
      />
    </Dialog>
  );
}
