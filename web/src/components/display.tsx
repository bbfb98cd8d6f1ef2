import type { HTMLAttributes, ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { describeError, showsRequestId } from '../lib/errorSummary.ts';

/** The error in the portal's language (with the API's English under it where that adds specifics) and its request id. */
export function ErrorAlert({ error, className = '' }: { error: ApiError | null; className?: string }) {
  const { t, locale } = useI18n();
  if (!error) return null;
  const { summary, detail } = describeError(t, locale, error);
  return (
    <div
      role="alert"
      className={`rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800 ${className}`}
    >
      <p>{summary}</p>
      {detail && (
        <p lang="en" className="mt-1" data-testid="error-detail">
          {detail}
        </p>
      )}
      {error.requestId && showsRequestId(error) && (
        <p className="mt-1 text-xs text-red-600/80" data-testid="request-id">
          {t('error.requestId')}: <code>{error.requestId}</code>
        </p>
      )}
    </div>
  );
}

/** A success or information message. */
export function Notice({
  kind = 'success',
  children,
  className = '',
}: {
  kind?: 'success' | 'info' | 'warning';
  children: ReactNode;
  className?: string;
}) {
  const cls = {
    success: 'border-emerald-200 bg-emerald-50 text-emerald-800',
    info: 'border-indigo-200 bg-indigo-50 text-indigo-900',
    warning: 'border-amber-200 bg-amber-50 text-amber-900',
  }[kind];
  return (
    <div role="status" className={`rounded-md border px-4 py-3 text-sm ${cls} ${className}`}>
      {children}
    </div>
  );
}

/** A white panel with an optional heading. */
export function Card({
  title,
  description,
  actions,
  children,
  className = '',
  ...rest
}: {
  title?: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
  children?: ReactNode;
  className?: string;
} & Omit<HTMLAttributes<HTMLElement>, 'title'>) {
  return (
    <section className={`rounded-lg bg-white shadow-xs ring-1 ring-slate-200 ${className}`} {...rest}>
      {(title || actions) && (
        <header className="flex flex-wrap items-start justify-between gap-3 border-b border-slate-100 px-5 py-4">
          <div>
            {title && <h2 className="text-base font-semibold text-slate-900">{title}</h2>}
            {description && <p className="mt-0.5 text-sm text-slate-500">{description}</p>}
          </div>
          {actions}
        </header>
      )}
      <div className="px-5 py-4">{children}</div>
    </section>
  );
}

/** Title row of a page. */
export function PageHeader({
  title,
  description,
  actions,
}: {
  title: ReactNode;
  description?: ReactNode;
  actions?: ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {description && <p className="mt-1 text-sm text-slate-500">{description}</p>}
      </div>
      {actions}
    </div>
  );
}

/** Nothing to show yet, said kindly. */
export function EmptyState({
  title,
  children,
  action,
}: {
  title: ReactNode;
  children?: ReactNode;
  action?: ReactNode;
}) {
  return (
    <div className="rounded-lg border-2 border-dashed border-slate-200 px-6 py-10 text-center">
      <p className="text-sm font-semibold text-slate-900">{title}</p>
      {children && <div className="mx-auto mt-1 max-w-md text-sm text-slate-500">{children}</div>}
      {action && <div className="mt-4">{action}</div>}
    </div>
  );
}

/** A used-of-total bar (with an optional reserved part); turns amber near full and red over. */
export function UsageBar({
  value,
  max,
  label,
  reserved = 0,
}: {
  value: number;
  max: number;
  label: string;
  reserved?: number;
}) {
  const pct = (n: number) => (max > 0 ? Math.min(100, (n / max) * 100) : n > 0 ? 100 : 0);
  const used = value + reserved;
  const color = used > max ? 'bg-red-500' : pct(used) >= 90 ? 'bg-amber-500' : 'bg-indigo-600';
  return (
    // A native <meter> cannot show the reserved part as its own segment.
    // biome-ignore lint/a11y/useSemanticElements: role=meter on a styled div, values given explicitly
    <div
      role="meter"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={max}
      aria-valuenow={used}
      className="flex h-2 w-full overflow-hidden rounded-full bg-slate-200"
    >
      <div className={`h-full ${color}`} style={{ width: `${pct(value)}%` }} />
      {reserved > 0 && (
        <div
          className={`h-full ${color} opacity-40`}
          style={{ width: `${Math.max(0, pct(used) - pct(value))}%` }}
        />
      )}
    </div>
  );
}

/** One figure of a <dl>: a small caps label over the value (`lg`: a smaller value, for a row of many). */
export function Stat({
  label,
  value,
  testId,
  size = '2xl',
}: {
  label: string;
  value: number | string;
  testId: string;
  size?: 'lg' | '2xl';
}) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd
        className={`mt-1 ${size === '2xl' ? 'text-2xl' : 'text-lg'} font-semibold text-slate-900`}
        data-testid={testId}
      >
        {value}
      </dd>
    </div>
  );
}

/** A small label. */
export function Badge({
  children,
  tone = 'slate',
}: {
  children: ReactNode;
  tone?: 'slate' | 'indigo' | 'green' | 'amber' | 'red';
}) {
  const cls = {
    slate: 'bg-slate-100 text-slate-700',
    indigo: 'bg-indigo-50 text-indigo-700',
    green: 'bg-emerald-50 text-emerald-700',
    amber: 'bg-amber-50 text-amber-800',
    red: 'bg-red-50 text-red-700',
  }[tone];
  return (
    <span className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium ${cls}`}>
      {children}
    </span>
  );
}
