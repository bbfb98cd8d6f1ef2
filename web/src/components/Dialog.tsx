import { type FormEvent, type ReactNode, useEffect, useId, useRef } from 'react';
import { useI18n } from '../i18n/index.tsx';
import { Button } from './ui.tsx';

interface DialogProps {
  open: boolean;
  title: ReactNode;
  children?: ReactNode;
  onClose: () => void;
  /** When given, the dialog is a form and this runs on submit. */
  onSubmit?: () => void;
  submitLabel?: ReactNode;
  submitVariant?: 'primary' | 'danger';
  /** The submit button cannot be used (say why in the dialog). */
  submitDisabled?: boolean;
  busy?: boolean;
  /** A wider dialog (for choices laid out as cards). */
  wide?: boolean;
  /** Label of the button that closes the dialog (default: Cancel). */
  cancelLabel?: ReactNode;
  /** False when the content brings its own buttons (a form inside the dialog keeps them together). */
  buttons?: boolean;
  testId?: string;
}

/** A modal dialog on the native <dialog> element (focus trap and Escape for free). */
export function Dialog({
  open,
  title,
  children,
  onClose,
  onSubmit,
  submitLabel,
  submitVariant = 'primary',
  submitDisabled = false,
  busy,
  wide = false,
  cancelLabel,
  buttons = true,
  testId,
}: DialogProps) {
  const { t } = useI18n();
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) d.showModal();
    if (!open && d.open) d.close();
  }, [open]);

  const submit = (e: FormEvent) => {
    e.preventDefault();
    onSubmit?.();
  };

  return (
    <dialog
      ref={ref}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault();
        if (!busy) onClose();
      }}
      className={`m-auto w-[calc(100%-2rem)] ${wide ? 'max-w-2xl' : 'max-w-md'} rounded-lg bg-white p-0 shadow-xl`}
    >
      {open && (
        // Without onSubmit the dialog is no form, so its content may hold forms of its own.
        <Frame onSubmit={onSubmit ? submit : undefined}>
          <h2 id={titleId} className="text-lg font-semibold text-slate-900">
            {title}
          </h2>
          <div className="mt-3 space-y-4 text-sm text-slate-600">{children}</div>
          <div className={`mt-6 flex flex-wrap justify-end gap-2 ${buttons ? '' : 'hidden'}`}>
            <Button variant="secondary" onClick={onClose} disabled={busy}>
              {cancelLabel ?? t('common.cancel')}
            </Button>
            {onSubmit && (
              <Button
                type="submit"
                variant={submitVariant === 'danger' ? 'dangerSolid' : 'primary'}
                busy={busy}
                disabled={submitDisabled}
              >
                {submitLabel ?? t('common.confirm')}
              </Button>
            )}
          </div>
        </Frame>
      )}
    </dialog>
  );
}

function Frame({ onSubmit, children }: { onSubmit?: (e: FormEvent) => void; children: ReactNode }) {
  return onSubmit ? (
    <form onSubmit={onSubmit} className="p-5">
      {children}
    </form>
  ) : (
    <div className="p-5">{children}</div>
  );
}
