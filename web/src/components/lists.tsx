import type { ComponentProps, ReactNode } from 'react';
import type { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import type { ConfirmState } from '../lib/hooks.ts';
import { Dialog } from './Dialog.tsx';
import { Button, ErrorAlert, Loading } from './ui.tsx';

/** Loaded content: a spinner until the first answer, else the error, else `empty` when given, else the content. */
export function Loadable({
  loading,
  error,
  empty,
  children,
}: {
  loading: boolean;
  error: ApiError | null;
  /** What to show instead of the content when there is nothing (false: there is something). */
  empty?: ReactNode;
  children: ReactNode;
}) {
  if (loading) return <Loading />;
  if (error) return <ErrorAlert error={error} />;
  return <>{empty || children}</>;
}

/** A list of items, one row each: what it is on the left, its buttons on the right. */
export function RowList<T extends { id: string }>({
  label,
  items,
  rowTestId,
  rowData,
  children,
}: {
  label: string;
  items: T[];
  rowTestId: string;
  /** More data-* attributes of an item's row (for tests to find it by). */
  rowData?: (item: T) => Record<`data-${string}`, string>;
  children: (item: T) => ReactNode;
}) {
  return (
    <ul className="divide-y divide-slate-100" aria-label={label}>
      {items.map((item) => (
        <li
          key={item.id}
          className="flex flex-wrap items-center justify-between gap-3 py-3"
          data-testid={rowTestId}
          {...rowData?.(item)}
        >
          {children(item)}
        </li>
      ))}
    </ul>
  );
}

/** The small red "Revoke" button of a row; `label` names what it revokes for screen readers. */
export function RevokeButton({ label, ...rest }: { label: string } & ComponentProps<typeof Button>) {
  const { t } = useI18n();
  return (
    <Button size="sm" variant="danger" aria-label={label} {...rest}>
      {t('account.revoke')}
    </Button>
  );
}

/** "Delete …?" (or another `submitLabel`) asked before doing it, with the error of the attempt (state from useConfirm). */
export function ConfirmDialog({
  state: { error, ...state },
  title,
  submitLabel,
  testId,
  children,
}: {
  state: ConfirmState;
  title: ReactNode;
  submitLabel: ReactNode;
  testId: string;
  children: ReactNode;
}) {
  return (
    <Dialog {...state} title={title} submitLabel={submitLabel} submitVariant="danger" testId={testId}>
      {children}
      <ErrorAlert error={error} />
    </Dialog>
  );
}

/** "Revoke …?" asked before revoking (a ConfirmDialog). */
export function RevokeDialog(props: Omit<ComponentProps<typeof ConfirmDialog>, 'submitLabel'>) {
  const { t } = useI18n();
  return <ConfirmDialog submitLabel={t('account.revoke')} {...props} />;
}
