import { PASSWORD_MIN_LENGTH } from '@youarecoder/contract/constants';
import { type ComponentProps, type InputHTMLAttributes, type ReactNode, useEffect, useRef } from 'react';
import { useI18n } from '../i18n/index.tsx';
import type { Action, FieldBinding } from '../lib/hooks.ts';
import { Button, Card, ErrorAlert, Field } from './ui.tsx';

/** A form that submits through an Action: no browser validation, the error on top, then a submit button. */
export function ActionForm({
  action,
  onSubmit,
  testId,
  className = 'space-y-4',
  notice,
  submitLabel,
  submitClassName = 'w-full',
  footer,
  children,
}: {
  action: Action;
  /** Runs on submit (the browser's own submission is prevented). */
  onSubmit: () => unknown;
  testId: string;
  className?: string;
  /** Shown below the error: a success notice, or a way out of the error. */
  notice?: ReactNode;
  /** Label of the submit button; without it the children bring their own. */
  submitLabel?: ReactNode;
  submitClassName?: string;
  /** Below the submit button, inside the form. */
  footer?: ReactNode;
  children: ReactNode;
}) {
  const ref = useRef<HTMLFormElement>(null);
  // A refused submit moves the focus to the first flagged field, in the form's order, so the
  // person (and a screen reader) lands where the fixing starts instead of on the button.
  useEffect(() => {
    if (!action.error) return;
    ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [action.error]);
  return (
    <form
      ref={ref}
      onSubmit={(e) => {
        e.preventDefault();
        void onSubmit();
      }}
      noValidate
      data-testid={testId}
      className={className}
      aria-busy={action.busy}
    >
      <ErrorAlert error={action.error} />
      {notice}
      {children}
      {submitLabel && (
        <Button type="submit" busy={action.busy} className={submitClassName}>
          {submitLabel}
        </Button>
      )}
      {footer}
    </form>
  );
}

/** A settings card holding one narrow ActionForm with a plain (not full-width) submit button. */
export function FormCard({
  title,
  description,
  ...form
}: { title: ReactNode; description?: ReactNode } & ComponentProps<typeof ActionForm>) {
  return (
    <Card title={title} description={description}>
      <ActionForm className="max-w-md space-y-4" submitClassName="" {...form} />
    </Card>
  );
}

type InputProps = Omit<ComponentProps<typeof Field>, 'label'> & { label?: ReactNode };

/** An email address, labelled "Email" unless told otherwise. */
export function EmailField({ label, ...rest }: InputProps) {
  const { t } = useI18n();
  return <Field label={label ?? t('common.email')} type="email" {...rest} />;
}

/** The password a person already has (sign in, confirm a risky change). */
export function PasswordField({ label, ...rest }: InputProps) {
  const { t } = useI18n();
  return (
    <Field label={label ?? t('common.password')} type="password" autoComplete="current-password" {...rest} />
  );
}

/** A password being chosen, with the length rule as its hint. */
export function NewPasswordField({ label, ...rest }: InputProps) {
  const { t } = useI18n();
  return (
    <Field
      label={label ?? t('common.password')}
      type="password"
      autoComplete="new-password"
      minLength={PASSWORD_MIN_LENGTH}
      hint={t('password.hint', { n: PASSWORD_MIN_LENGTH })}
      {...rest}
    />
  );
}

/** "New password" and "Confirm new password" (check them with newPasswordErrors). */
export function NewPasswordFields({
  password,
  confirm,
  required,
}: {
  password: FieldBinding;
  confirm: FieldBinding;
  required?: boolean;
}) {
  const { t } = useI18n();
  return (
    <>
      <NewPasswordField label={t('password.new')} required={required} {...password} />
      <Field
        label={t('password.confirm')}
        type="password"
        autoComplete="new-password"
        required={required}
        {...confirm}
      />
    </>
  );
}

/** The address a name being typed will get, under its field (read out politely as it changes). */
export function AddressPreview({
  label,
  testId,
  children,
}: {
  label: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  return (
    <p className="mt-1 break-all text-sm text-slate-600" data-testid={testId} aria-live="polite">
      {label} <span className="font-mono font-medium text-indigo-700">{children}</span>
    </p>
  );
}

/** A checkbox with its label beside it (and, with `hint`, the label in bold over the hint). */
export function Checkbox({
  onChange,
  align = 'center',
  hint,
  children,
  ...rest
}: Omit<InputHTMLAttributes<HTMLInputElement>, 'onChange' | 'type' | 'className'> & {
  onChange: (checked: boolean) => void;
  /** Line the box up with the label's centre (one line) or its first line (a longer text). */
  align?: 'center' | 'start';
  /** A smaller line under the label. */
  hint?: ReactNode;
  children: ReactNode;
}) {
  return (
    <label
      className={`flex gap-2 text-sm text-slate-700 ${align === 'start' ? 'items-start' : 'items-center'}`}
    >
      <input
        type="checkbox"
        onChange={(e) => onChange(e.target.checked)}
        className={`${align === 'start' ? 'mt-0.5 ' : ''}h-4 w-4 rounded border-slate-300 accent-indigo-600`}
        {...rest}
      />
      {hint === undefined ? (
        children
      ) : (
        <span>
          <span className="block font-medium text-slate-900">{children}</span>
          <span className="block text-xs text-slate-500">{hint}</span>
        </span>
      )}
    </label>
  );
}
