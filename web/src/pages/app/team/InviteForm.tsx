import type { InviteDto } from '@youarecoder/contract';
import { type FormEvent, useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { Button, Card, ErrorAlert, Field, Notice, SelectField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useAction } from '../../../lib/hooks.ts';

/** Invite someone by email with a role and a workspace quota. */
export function InviteForm({ free, onInvited }: { free: number; onInvited: (i: InviteDto) => void }) {
  const { t } = useI18n();
  const action = useAction();
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<'admin' | 'member'>('member');
  const [quota, setQuota] = useState('1');
  const [sentTo, setSentTo] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSentTo(null);
    const n = Number(quota);
    const fields: Record<string, string> = {};
    if (!email.trim()) fields.email = t('form.required');
    if (quota === '' || !Number.isInteger(n) || n < 0) fields.workspaceQuota = t('team.quotaInvalid');
    if (Object.keys(fields).length) return action.fail(t('form.fixErrors'), fields);
    const r = await action.run(() => api.createInvite({ email: email.trim(), role, workspaceQuota: n }));
    if (!r) return;
    setSentTo(r.email);
    setEmail('');
    onInvited(r);
  };

  return (
    <Card title={t('team.inviteTitle')} description={t('team.inviteBody', { free })}>
      <form
        onSubmit={submit}
        noValidate
        data-testid="invite-form"
        aria-busy={action.busy}
        className="space-y-4"
      >
        {sentTo && <Notice>{t('team.invited', { email: sentTo })}</Notice>}
        <ErrorAlert error={action.error} />
        {action.error?.code === 'EMAIL_NOT_VERIFIED' && (
          <p className="text-sm text-slate-600">{t('team.verifyFirst')}</p>
        )}
        <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-start">
          <Field
            label={t('common.email')}
            name="inviteEmail"
            type="email"
            autoComplete="off"
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={action.fields.email}
            disabled={action.busy}
          />
          <SelectField
            label={t('team.role')}
            name="inviteRole"
            value={role}
            onChange={(e) => setRole(e.target.value as 'admin' | 'member')}
            error={action.fields.role}
            disabled={action.busy}
          >
            <option value="member">{t('role.member')}</option>
            <option value="admin">{t('role.admin')}</option>
          </SelectField>
          <Field
            label={t('team.quota')}
            name="inviteQuota"
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            value={quota}
            onChange={(e) => setQuota(e.target.value)}
            error={action.fields.workspaceQuota}
            disabled={action.busy}
          />
          <Button type="submit" busy={action.busy} className="sm:mt-6">
            {t('team.sendInvite')}
          </Button>
        </div>
      </form>
    </Card>
  );
}
