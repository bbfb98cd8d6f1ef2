import type { WorkspaceDto } from '@youarecoder/contract';
import { useState } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { Loadable } from '../../components/lists.tsx';
import { Card, ErrorAlert, Notice, PageHeader } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/hooks.ts';
import { POLL_MS, useInterval, useNow } from '../../lib/live.ts';
import { useMe } from '../../lib/session.tsx';
import { isBusy, quotaBlock, sortWorkspaces } from '../../lib/workspaces.ts';
import { CreateWorkspaceButton } from './workspaces/CreateButton.tsx';
import { CreateWorkspaceDialog } from './workspaces/CreateWorkspaceDialog.tsx';
import { QuotaLine, QuotaUsedUp, RuntimeNotices } from './workspaces/common.tsx';
import { NoWorkspaces } from './workspaces/NoWorkspaces.tsx';
import { WorkspaceCard } from './workspaces/WorkspaceCard.tsx';

interface CardGridProps {
  label: string;
  items: WorkspaceDto[];
  now: number;
  myId: string;
  isAdmin: boolean;
  onChanged: (id: string, status: WorkspaceDto['status']) => void;
}

function CardGrid({ label, items, now, myId, isAdmin, onChanged }: CardGridProps) {
  return (
    <ul className="grid gap-4 sm:grid-cols-2" aria-label={label}>
      {items.map((ws) => (
        <WorkspaceCard
          key={ws.id}
          ws={ws}
          now={now}
          showOwner={isAdmin && ws.owner.id !== myId}
          canOpen={ws.owner.id === myId || ws.sharedWithAdmins}
          onChanged={(r) => onChanged(ws.id, r.status)}
        />
      ))}
    </ul>
  );
}

/** A titled group of cards (the user's own, or the others'). */
function CardSection(props: CardGridProps) {
  return (
    <section>
      <h2 className="mb-3 text-base font-semibold text-slate-900">{props.label}</h2>
      <CardGrid {...props} />
    </section>
  );
}

/** The workspaces the user may see: live status, quick start/stop, and creating a new one. */
export function Workspaces() {
  const { t } = useI18n();
  const me = useMe();
  const [, navigate] = useLocation();
  // Set by the workspace page after a deletion: `?deleted=<name>`.
  const deleted = useSearchParams()[0].get('deleted');
  const isAdmin = me.user.role !== 'member';
  const list = useLoad(() => api.workspaces(), []);
  const [creating, setCreating] = useState(false);
  const now = useNow();

  const items = sortWorkspaces(list.data?.items ?? [], me.user.id);
  const mine = items.filter((w) => w.owner.id === me.user.id);
  const others = items.filter((w) => w.owner.id !== me.user.id);
  const busy = items.some((w) => isBusy(w.status));
  useInterval(list.reload, POLL_MS, busy);

  const quota = list.data?.quota;
  const blocked = quota ? quotaBlock(quota) : null;

  const onChanged = (id: string, status: WorkspaceDto['status']) => {
    list.setData((d) =>
      d ? { ...d, items: d.items.map((w) => (w.id === id ? { ...w, status, statusReason: null } : w)) } : d,
    );
    list.reload();
  };
  const cards = { now, myId: me.user.id, isAdmin, onChanged };

  const newButton = <CreateWorkspaceButton quota={quota} onClick={() => setCreating(true)} />;

  return (
    <>
      <PageHeader title={t('nav.workspaces')} description={t('workspaces.subtitle')} actions={newButton} />
      <div className="space-y-6">
        {deleted && (
          <Notice kind="success">
            <span role="status" data-testid="workspace-deleted">
              {t('workspaces.deleted', { name: deleted })}
            </span>
          </Notice>
        )}
        <RuntimeNotices
          runtime={list.data?.runtime ?? null}
          notIsolated={items.some((w) => w.isolated === false)}
        />
        {list.data && <ErrorAlert error={list.error} />}
        {quota && (
          <Card>
            <QuotaLine quota={quota} />
            {blocked && (
              <p className="mt-3 text-sm text-amber-800">
                <QuotaUsedUp blocked={blocked} quota={quota} />
              </p>
            )}
          </Card>
        )}
        <Loadable
          loading={list.loading && !list.data}
          error={list.data ? null : list.error}
          empty={items.length === 0 && <NoWorkspaces quota={quota} onCreate={() => setCreating(true)} />}
        >
          {others.length > 0 ? (
            <div className="space-y-8">
              {mine.length > 0 && <CardSection label={t('workspaces.mine')} items={mine} {...cards} />}
              <CardSection label={t('workspaces.others')} items={others} {...cards} />
            </div>
          ) : (
            <CardGrid label={t('nav.workspaces')} items={items} {...cards} />
          )}
        </Loadable>
      </div>
      {quota && (
        <CreateWorkspaceDialog
          open={creating}
          quota={quota}
          sampleUrl={items[0]?.url}
          onClose={() => setCreating(false)}
          onCreated={(r) => navigate(`/app/workspaces/${r.id}`)}
        />
      )}
    </>
  );
}
