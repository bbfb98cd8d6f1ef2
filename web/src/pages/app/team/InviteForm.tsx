import type { InviteDto, MemberDto } from '@youarecoder/contract';
import { useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { ActionForm, Checkbox, EmailField } from '../../../components/forms.tsx';
import { Button, Card, Field, Notice, SelectField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { requiredErrors } from '../../../lib/formChecks.ts';
import { useForm } from '../../../lib/hooks.ts';
import { useMe } from '../../../lib/session.tsx';

/**
 * Invite someone by email with a role and a workspace quota. `owner` is the company's owner from
 * the members list (an admin needs the owner's quota to offer taking from it).
 */
export function InviteForm({
  free,
  owner,
  onInvited,
}: {
  free: number;
  owner: Pick<MemberDto, 'fullName' | 'workspaceQuota'> | undefined;
  onInvited: (i: InviteDto) => void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const form = useForm({ inviteEmail: '', inviteRole: 'member', inviteQuota: '1' });
  const [sentTo, setSentTo] = useState<string | null>(null);
  // The owner holds the whole limit from signup: offer (checked) to give the invitee part of it,
  // so a new company's first invite, the owner's or an admin's, does not end in "at most 0 can be
  // given here".
  const [take, setTake] = useState(true);
  const wanted = Number(form.values.inviteQuota);
  const short = Number.isInteger(wanted) ? wanted - free : 0;
  const isOwner = me.user.role === 'owner';
  const ownerQuota = isOwner ? me.user.workspaceQuota : (owner?.workspaceQuota ?? 0);
  const offer = short > 0 && short <= ownerQuota;

  const submit = async () => {
    setSentTo(null);
    const email = form.values.inviteEmail.trim();
    const role = form.values.inviteRole as 'admin' | 'member';
    const quota = form.values.inviteQuota;
    const n = Number(quota);
    const problems = {
      ...requiredErrors(t, 'email', email),
      ...(quota === '' || !Number.isInteger(n) || n < 0 ? { workspaceQuota: t('team.quotaInvalid') } : {}),
    };
    if (form.reject(problems)) return;
    const r = await form.run(() =>
      api.createInvite({ email, role, workspaceQuota: n, ...(offer && take ? { takeFromOwner: true } : {}) }),
    );
    if (!r) return;
    setSentTo(r.email);
    form.set('inviteEmail', '');
    onInvited(r);
  };

  return (
    <Card title={t('team.inviteTitle')} description={t('team.inviteBody', { free })}>
      <ActionForm
        action={form}
        onSubmit={submit}
        testId="invite-form"
        notice={
          sentTo ? (
            <Notice>{t('team.invited', { email: sentTo })}</Notice>
          ) : (
            form.error?.code === 'EMAIL_NOT_VERIFIED' && (
              <p className="text-sm text-slate-600">{t('team.verifyFirst')}</p>
            )
          )
        }
      >
        <div className="grid gap-4 sm:grid-cols-[minmax(0,2fr)_minmax(0,1fr)_minmax(0,1fr)_auto] sm:items-start">
          <EmailField autoComplete="off" {...form.field('inviteEmail', 'email')} />
          <SelectField label={t('team.role')} {...form.field('inviteRole', 'role')}>
            <option value="member">{t('role.member')}</option>
            <option value="admin">{t('role.admin')}</option>
          </SelectField>
          <Field
            label={t('team.quota')}
            type="number"
            min={0}
            step={1}
            inputMode="numeric"
            {...form.field('inviteQuota', 'workspaceQuota')}
          />
          <Button type="submit" busy={form.busy} className="sm:mt-6">
            {t('team.sendInvite')}
          </Button>
        </div>
        {offer && (
          <div className="mt-3" data-testid="invite-take-from-owner">
            <Checkbox
              checked={take}
              onChange={setTake}
              align="start"
              hint={
                isOwner
                  ? t('onboard.takeFromOwnerHint', { limit: me.company.workspaceLimit })
                  : t('onboard.takeFromTheOwnerHint', { limit: me.company.workspaceLimit })
              }
            >
              {isOwner
                ? t('onboard.takeFromOwner', { n: short, left: ownerQuota - short })
                : t('onboard.takeFromTheOwner', {
                    n: short,
                    name: owner?.fullName ?? '',
                    left: ownerQuota - short,
                  })}
            </Checkbox>
          </div>
        )}
      </ActionForm>
    </Card>
  );
}
