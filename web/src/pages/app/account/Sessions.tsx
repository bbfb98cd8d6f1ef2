import { useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { Loadable, RevokeButton, RowList } from '../../../components/lists.tsx';
import { Badge, Card, EmptyState, ErrorAlert } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useAction, useLoad } from '../../../lib/hooks.ts';
import { useMe } from '../../../lib/session.tsx';
import { describeUserAgent } from '../../../lib/userAgent.ts';

/** Live sessions of the user, this device marked, others revocable. */
export function Sessions({ reloadKey = 0 }: { reloadKey?: number }) {
  const { t, fmtDate } = useI18n();
  const me = useMe();
  const list = useLoad(() => api.sessions(), [reloadKey]);
  const action = useAction();
  const [revoking, setRevoking] = useState<string | null>(null);

  const revoke = async (id: string) => {
    setRevoking(id);
    const r = await action.run(() => api.revokeSession(id));
    setRevoking(null);
    if (r) list.setData((d) => (d ? { sessions: d.sessions.filter((s) => s.id !== id) } : d));
  };

  const sessions = [...(list.data?.sessions ?? [])].sort(
    (a, b) => Number(b.current) - Number(a.current) || b.lastSeenAt.localeCompare(a.lastSeenAt),
  );

  return (
    <Card title={t('account.sessions')} description={t('account.sessionsBody')}>
      {me.signedInWith === 'sso' && (
        <p className="mb-4 text-sm text-slate-600" data-testid="signed-in-with-sso">
          {t('account.signedInWithSso')}
        </p>
      )}
      <ErrorAlert error={action.error} className="mb-4" />
      <Loadable
        loading={list.loading && !list.data}
        error={list.error}
        empty={sessions.length === 0 && <EmptyState title={t('account.noSessions')} />}
      >
        <RowList label={t('account.sessions')} items={sessions} rowTestId="session-row">
          {(s) => (
            <>
              <div className="min-w-0">
                <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
                  {describeUserAgent(s.userAgent) ?? t('account.unknownDevice')}
                  {s.current && <Badge tone="green">{t('account.thisDevice')}</Badge>}
                </p>
                <p className="mt-0.5 text-xs text-slate-500">
                  {[
                    s.ip,
                    t('account.lastSeen', { date: fmtDate(s.lastSeenAt) }),
                    t('account.expires', { date: fmtDate(s.expiresAt) }),
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </p>
              </div>
              {!s.current && (
                <RevokeButton
                  label={t('account.revokeSessionLabel', { device: describeUserAgent(s.userAgent) ?? s.id })}
                  busy={revoking === s.id}
                  disabled={revoking !== null}
                  onClick={() => revoke(s.id)}
                />
              )}
            </>
          )}
        </RowList>
      </Loadable>
    </Card>
  );
}
