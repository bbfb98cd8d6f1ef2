import type { MemberDto, RemovedResources } from '@youarecoder/contract';
import { useEffect, useRef, useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { Dialog } from '../../../components/Dialog.tsx';
import { PasswordField } from '../../../components/forms.tsx';
import { ErrorAlert } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { requiredErrors } from '../../../lib/formChecks.ts';
import { useAction, useForm } from '../../../lib/hooks.ts';

interface MemberDialogProps {
  /** The member the dialog is about; null while closed. */
  member: MemberDto | null;
  onClose: () => void;
  onDone: () => void;
}

/** Run `reset` each time the dialog opens for a member (a new member, or the same one again). */
function useOnOpen(member: MemberDto | null, reset: () => void) {
  const latest = useRef(reset);
  latest.current = reset;
  useEffect(() => {
    if (member) latest.current();
  }, [member]);
}

/** Remove a member, asking what happens to their workspaces. */
export function RemoveMemberDialog({ member, onClose, onDone }: MemberDialogProps) {
  const { t } = useI18n();
  const action = useAction();
  const [resources, setResources] = useState<RemovedResources>('transfer');
  useOnOpen(member, () => {
    setResources('transfer');
    action.clear();
  });

  const submit = async () => {
    if (!member) return;
    const r = await action.run(() => api.removeMember(member.id, resources));
    if (r) onDone();
  };

  return (
    <Dialog
      open={member !== null}
      title={t('team.removeTitle', { name: member?.fullName ?? '' })}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('team.remove')}
      submitVariant="danger"
      busy={action.busy}
      testId="remove-member-dialog"
    >
      <p>{t('team.removeBody', { email: member?.email ?? '' })}</p>
      <fieldset className="space-y-2">
        <legend className="mb-2 font-medium text-slate-900">{t('team.resourcesQuestion')}</legend>
        {(['transfer', 'delete'] as const).map((v) => (
          <label
            key={v}
            className="flex items-start gap-2 rounded-md p-2 ring-1 ring-slate-200 has-[:checked]:bg-indigo-50 has-[:checked]:ring-indigo-300"
          >
            <input
              type="radio"
              name="resources"
              value={v}
              checked={resources === v}
              onChange={() => setResources(v)}
              disabled={action.busy}
              className="mt-0.5 accent-indigo-600"
            />
            <span>
              <span className="block font-medium text-slate-900">
                {t(v === 'transfer' ? 'team.resourcesTransfer' : 'team.resourcesDelete')}
              </span>
              <span className="block text-xs text-slate-500">
                {t(v === 'transfer' ? 'team.resourcesTransferHint' : 'team.resourcesDeleteHint')}
              </span>
            </span>
          </label>
        ))}
      </fieldset>
      <ErrorAlert error={action.error} />
    </Dialog>
  );
}

/** Hand the company over to another member; the owner confirms with their password. */
export function TransferOwnershipDialog({ member, onClose, onDone }: MemberDialogProps) {
  const { t } = useI18n();
  const form = useForm({ password: '' });
  useOnOpen(member, () => {
    form.reset();
    form.clear();
  });

  const submit = async () => {
    const password = form.values.password;
    if (!member || form.reject(requiredErrors(t, 'password', password))) return;
    const r = await form.run(() => api.transferOwnership(member.id, password));
    if (r) onDone();
  };

  return (
    <Dialog
      open={member !== null}
      title={t('team.transferTitle')}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('team.transferSubmit')}
      submitVariant="danger"
      busy={form.busy}
      testId="transfer-ownership-dialog"
    >
      <p>{t('team.transferBody', { name: member?.fullName ?? '', email: member?.email ?? '' })}</p>
      <ErrorAlert error={form.error?.fields.password ? null : form.error} />
      <PasswordField label={t('team.transferPassword')} {...form.field('password')} />
    </Dialog>
  );
}
