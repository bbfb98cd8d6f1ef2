import type { MemberDto } from '@youarecoder/contract';
import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { freeQuota, QuotaSummary } from '../../components/QuotaSummary.tsx';
import { Card, ErrorAlert, Loading, Notice, PageHeader } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/hooks.ts';
import { useMe, useSession } from '../../lib/session.tsx';
import { InviteForm } from './team/InviteForm.tsx';
import { RemoveMemberDialog, TransferOwnershipDialog } from './team/MemberDialogs.tsx';
import { MembersList } from './team/MembersList.tsx';
import { PendingInvites } from './team/PendingInvites.tsx';

/** Members, their roles and quotas, and invites. */
export function Team() {
  const { t } = useI18n();
  const me = useMe();
  const { refresh } = useSession();
  const manager = me.user.role === 'owner' || me.user.role === 'admin';
  const members = useLoad(() => api.members(), []);
  const invites = useLoad(() => (manager ? api.invites() : Promise.resolve({ invites: [] })), [manager]);
  const company = useLoad(() => api.company(), []);
  const [toRemove, setToRemove] = useState<MemberDto | null>(null);
  const [toTransfer, setToTransfer] = useState<MemberDto | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const c = company.data ?? me.company;
  const free = freeQuota(c);

  const afterChange = () => {
    company.reload();
    void refresh();
  };

  return (
    <>
      <PageHeader title={t('nav.team')} description={t('team.subtitle')} />
      <div className="space-y-6">
        {notice && <Notice>{notice}</Notice>}
        <Card title={t('team.quotaTitle')}>
          <QuotaSummary company={c} />
          <p className="mt-1 text-sm text-slate-500">{t('team.memberCount', { n: c.memberCount })}</p>
        </Card>

        <Card title={t('team.members')}>
          {members.loading && !members.data ? (
            <Loading />
          ) : members.error ? (
            <ErrorAlert error={members.error} />
          ) : (
            <MembersList
              me={me}
              members={members.data?.members ?? []}
              onUpdated={(m) => {
                members.setData((d) => (d ? { members: d.members.map((x) => (x.id === m.id ? m : x)) } : d));
                afterChange();
              }}
              onRemove={setToRemove}
              onTransfer={setToTransfer}
            />
          )}
        </Card>

        {manager && (
          <>
            <InviteForm
              free={free}
              owner={members.data?.members.find((m) => m.role === 'owner')}
              onInvited={() => {
                // The invite may have taken quota from the owner: members and /me change too.
                invites.reload();
                members.reload();
                afterChange();
              }}
            />
            <PendingInvites
              invites={invites.data?.invites ?? null}
              loading={invites.loading}
              error={invites.error}
              onChanged={() => {
                invites.reload();
                company.reload();
              }}
            />
          </>
        )}
      </div>

      <RemoveMemberDialog
        member={toRemove}
        onClose={() => setToRemove(null)}
        onDone={() => {
          setNotice(t('team.removed', { email: toRemove?.email ?? '' }));
          setToRemove(null);
          members.reload();
          afterChange();
        }}
      />
      <TransferOwnershipDialog
        member={toTransfer}
        onClose={() => setToTransfer(null)}
        onDone={() => {
          setNotice(t('team.transferred', { name: toTransfer?.fullName ?? '' }));
          setToTransfer(null);
          members.reload();
          afterChange();
        }}
      />
    </>
  );
}
