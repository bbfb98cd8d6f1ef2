import type { WorkspaceDto } from '@youarecoder/contract';
import { useEffect, useRef } from 'react';
import { api, type WorkspaceAccepted } from '../../../api/endpoints.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { ErrorAlert, Field } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useForm } from '../../../lib/hooks.ts';

/** Delete a workspace for good: the person types its name to confirm. */
export function DeleteWorkspaceDialog({
  ws,
  open,
  onClose,
  onDeleted,
}: {
  ws: Pick<WorkspaceDto, 'id' | 'name'>;
  open: boolean;
  onClose: () => void;
  onDeleted: (r: WorkspaceAccepted) => void;
}) {
  const { t } = useI18n();
  const form = useForm({ confirmName: '' });
  const latest = useRef(form);
  latest.current = form;
  useEffect(() => {
    if (!open) return;
    latest.current.reset();
    latest.current.clear();
  }, [open]);

  const matches = form.values.confirmName.trim() === ws.name;

  const submit = async () => {
    if (!matches) return;
    const r = await form.run(() => api.deleteWorkspace(ws.id));
    if (r) onDeleted(r);
  };

  return (
    <Dialog
      open={open}
      title={t('workspace.deleteTitle', { name: ws.name })}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('workspace.deleteSubmit')}
      submitVariant="danger"
      submitDisabled={!matches}
      busy={form.busy}
      testId="delete-workspace-dialog"
    >
      <p>{t('workspace.deleteBody')}</p>
      <ErrorAlert error={form.error} />
      <Field
        label={t('workspace.deleteConfirm', { name: ws.name })}
        autoComplete="off"
        autoCapitalize="none"
        spellCheck={false}
        {...form.field('confirmName')}
      />
    </Dialog>
  );
}
