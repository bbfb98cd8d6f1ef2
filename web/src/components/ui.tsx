import {
  type ButtonHTMLAttributes,
  type InputHTMLAttributes,
  type ReactNode,
  type SelectHTMLAttributes,
  type TextareaHTMLAttributes,
  useId,
} from 'react';
import { useI18n } from '../i18n/index.tsx';

type Variant = 'primary' | 'secondary' | 'danger' | 'dangerSolid' | 'ghost';
const VARIANTS: Record<Variant, string> = {
  primary: 'bg-indigo-600 text-white hover:bg-indigo-700 disabled:bg-indigo-300',
  secondary:
    'bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 disabled:text-slate-400',
  danger: 'bg-white text-red-700 ring-1 ring-inset ring-red-300 hover:bg-red-50 disabled:text-red-300',
  dangerSolid: 'bg-red-600 text-white hover:bg-red-700 disabled:bg-red-300',
  ghost: 'text-slate-700 hover:bg-slate-100 disabled:text-slate-400',
};

/** A button; `busy` disables it and shows a spinner. */
export function Button({
  variant = 'primary',
  size = 'md',
  busy = false,
  className = '',
  children,
  disabled,
  type = 'button',
  ...rest
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: Variant; size?: 'sm' | 'md'; busy?: boolean }) {
  const sz = size === 'sm' ? 'px-2.5 py-1.5 text-xs' : 'px-4 py-2 text-sm';
  return (
    <button
      type={type}
      disabled={disabled || busy}
      aria-busy={busy || undefined}
      className={`inline-flex items-center justify-center gap-2 rounded-md font-medium transition-colors disabled:cursor-not-allowed ${variant === 'ghost' ? '' : 'shadow-xs'} ${sz} ${VARIANTS[variant]} ${className}`}
      {...rest}
    >
      {busy && <Spinner small />}
      {children}
    </button>
  );
}

/** A small rotating indicator. */
export function Spinner({ small = false }: { small?: boolean }) {
  const s = small ? 'h-3.5 w-3.5' : 'h-5 w-5';
  return (
    <span
      aria-hidden="true"
      className={`${s} inline-block animate-spin rounded-full border-2 border-current border-r-transparent`}
    />
  );
}

/** A loading placeholder with a text for screen readers. */
export function Loading({ label }: { label?: string }) {
  const { t } = useI18n();
  return (
    <div role="status" className="flex items-center gap-3 py-10 text-sm text-slate-500 justify-center">
      <Spinner /> {label ?? t('common.loading')}
    </div>
  );
}

const inputCls =
  'block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-xs ring-1 ring-inset ring-slate-300 placeholder:text-slate-400 focus:ring-2 focus:ring-indigo-600 focus:outline-none disabled:bg-slate-100 disabled:text-slate-500 aria-invalid:ring-red-500';

interface FieldProps {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  /** Something after the input, inside the label column (a preview, a counter). */
  after?: ReactNode;
}

/** The ids of a field's control, hint and error, and the control's attributes that point at them. */
function useFieldIds(id: string | undefined, hint: ReactNode, error: string | undefined) {
  const auto = useId();
  const controlId = id ?? auto;
  const hintId = `${controlId}-hint`;
  const errId = `${controlId}-error`;
  const described = [hint ? hintId : null, error ? errId : null].filter(Boolean).join(' ') || undefined;
  const control = { id: controlId, 'aria-invalid': error ? true : undefined, 'aria-describedby': described };
  return { controlId, hintId, errId, control };
}

/** A field's frame: its label, the control, then the hint (while there is no error) or the error. */
function FieldFrame({
  className,
  label,
  hint,
  error,
  ids,
  children,
}: {
  className: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  ids: { controlId: string; hintId?: string; errId?: string };
  children: ReactNode;
}) {
  return (
    <div className={className}>
      <label htmlFor={ids.controlId} className="block text-sm font-medium text-slate-700">
        {label}
      </label>
      {children}
      {hint && !error && (
        <p id={ids.hintId} className="mt-1 text-xs text-slate-500">
          {hint}
        </p>
      )}
      {error && (
        <p id={ids.errId} className="mt-1 text-xs text-red-600">
          {error}
        </p>
      )}
    </div>
  );
}

/** A labelled input with hint and field error. */
export function Field({
  label,
  error,
  hint,
  after,
  id,
  className = '',
  ...rest
}: FieldProps & InputHTMLAttributes<HTMLInputElement>) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldFrame className={className} label={label} hint={hint} error={error} ids={ids}>
      <input {...ids.control} className={`mt-1 ${inputCls}`} {...rest} />
      {after}
    </FieldFrame>
  );
}

/** A labelled select with field error. */
export function SelectField({
  label,
  error,
  id,
  children,
  className = '',
  ...rest
}: { label: ReactNode; error?: string } & SelectHTMLAttributes<HTMLSelectElement>) {
  const auto = useId();
  const selId = id ?? auto;
  return (
    <FieldFrame className={className} label={label} error={error} ids={{ controlId: selId }}>
      <select id={selId} aria-invalid={error ? true : undefined} className={`mt-1 ${inputCls}`} {...rest}>
        {children}
      </select>
    </FieldFrame>
  );
}

/** A labelled multi-line text input with hint and field error. */
export function TextAreaField({
  label,
  error,
  hint,
  id,
  className = '',
  mono = false,
  ...rest
}: {
  label: ReactNode;
  error?: string;
  hint?: ReactNode;
  mono?: boolean;
} & TextareaHTMLAttributes<HTMLTextAreaElement>) {
  const ids = useFieldIds(id, hint, error);
  return (
    <FieldFrame className={className} label={label} hint={hint} error={error} ids={ids}>
      <textarea
        {...ids.control}
        spellCheck={mono ? false : undefined}
        className={`mt-1 ${inputCls} ${mono ? 'font-mono text-xs' : ''}`}
        {...rest}
      />
    </FieldFrame>
  );
}

/** Class names for a bare input or select (tables, filters). */
export const inputClass = inputCls;

export * from './display.tsx';
