import type { InviteDto } from '@youarecoder/contract';
import { useState } from 'react';
import type { ApiError } from '../../../api/client.ts';
import { api } from '../../../api/endpoints.ts';
import { Loadable, RevokeButton, RevokeDialog, RowList } from '../../../components/lists.tsx';
import { Badge, Button, Card, EmptyState, ErrorAlert, Notice } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { toApiError, useConfirm } from '../../../lib/hooks.ts';

interface Props {
  invites: InviteDto[] | null;
  loading: boolean;
  error: ApiError | null;
  onChanged: () => void;
}

/** Invites still open (or lapsed), with resend and revoke. */
export function PendingInvites({ invites, loading, error, onChanged }: Props) {
  const { t, fmtDate } = useI18n();
  const [busy, setBusy] = useState<string | null>(null);
  const [rowError, setRowError] = useState<ApiError | null>(null);
  const [resent, setResent] = useState<string | null>(null);
  const revoke = useConfirm((i: InviteDto) => api.revokeInvite(i.id), onChanged);

  const open = (invites ?? []).filter((i) => i.status === 'pending' || i.status === 'expired');

  const resend = async (i: InviteDto) => {
    setBusy(i.id);
    setRowError(null);
    setResent(null);
    try {
      await api.resendInvite(i.id);
      setResent(i.email);
      onChanged();
    } catch (e) {
      setRowError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card title={t('team.pendingTitle')} description={t('team.pendingBody')}>
      {resent && <Notice className="mb-4">{t('team.resent', { email: resent })}</Notice>}
      <ErrorAlert error={rowError} className="mb-4" />
      <Loadable
        loading={loading && !invites}
        error={error}
        empty={open.length === 0 && <EmptyState title={t('team.noInvites')} />}
      >
        <RowList
          label={t('team.pendingTitle')}
          items={open}
          rowTestId="invite-row"
          rowData={(i) => ({ 'data-email': i.email })}
        >
          {(i) => (
            <>
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                  <span className="break-all">{i.email}</span>
                  <Badge>{t(`role.${i.role}`)}</Badge>
                  {i.status === 'expired' ? (
                    <Badge tone="red">{t('team.expired')}</Badge>
                  ) : (
                    <Badge tone="amber">{t('team.pending')}</Badge>
                  )}
                </p>
                <p className="mt-0.5 text-xs text-slate-500">
                  {t('team.inviteQuota', { n: i.workspaceQuota })} ·{' '}
                  {i.status === 'expired'
                    ? t('team.expiredOn', { date: fmtDate(i.expiresAt) })
                    : t('team.expiresOn', { date: fmtDate(i.expiresAt) })}
                  {i.invitedBy && ` · ${t('team.invitedBy', { name: i.invitedBy.fullName })}`}
                </p>
              </div>
              <div className="flex gap-2">
                <Button
                  size="sm"
                  variant="secondary"
                  busy={busy === i.id}
                  onClick={() => resend(i)}
                  aria-label={t('team.resendLabel', { email: i.email })}
                >
                  {t('team.resend')}
                </Button>
                <RevokeButton
                  label={t('team.revokeLabel', { email: i.email })}
                  onClick={() => revoke.ask(i)}
                />
              </div>
            </>
          )}
        </RowList>
      </Loadable>
      <RevokeDialog state={revoke.dialog} title={t('team.revokeTitle')} testId="revoke-invite-dialog">
        <p>{t('team.revokeBody', { email: revoke.target?.email ?? '' })}</p>
      </RevokeDialog>
    </Card>
  );
}
