import type { WorkspaceDto } from '@youarecoder/contract';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'wouter';
import { api, type WorkspaceOperation } from '../../api/endpoints.ts';
import { SubscriptionInactiveHint } from '../../components/BillingBanner.tsx';
import { Loadable } from '../../components/lists.tsx';
import { Tabs } from '../../components/Tabs.tsx';
import { Button, Card, ErrorAlert, Notice } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { formatBytes } from '../../lib/chart.ts';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useNow, useWorkspaceEvents } from '../../lib/live.ts';
import { useMe } from '../../lib/session.tsx';
import { transitionReason } from '../../lib/transitionReason.ts';
import { allowedActions, applyStep, formatMinutes } from '../../lib/workspaces.ts';
import { ChartsPanel } from './workspaces/ChartsPanel.tsx';
import { DiskUsage, OpenLink, StatusBadge, TimeLeft, useTemplateText } from './workspaces/common.tsx';
import { DeleteWorkspaceDialog } from './workspaces/DeleteWorkspaceDialog.tsx';
import { LogsPanel } from './workspaces/LogsPanel.tsx';
import { ProvisioningView } from './workspaces/ProvisioningView.tsx';
import { SettingsCard } from './workspaces/SettingsCard.tsx';

type Tab = 'overview' | 'logs' | 'charts';

function BackLink() {
  const { t } = useI18n();
  return (
    <Link href="/app/workspaces" className="text-sm font-medium text-indigo-700 hover:underline">
      ← {t('workspace.back')}
    </Link>
  );
}

/** Dates of a workspace's life. */
function Facts({ ws }: { ws: WorkspaceDto }) {
  const { t, fmtDate, locale } = useI18n();
  const texts = useTemplateText();
  const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
  const limits = t('workspace.limitsValue', {
    cpus: ws.limits.cpus,
    memory: formatBytes(ws.limits.memoryBytes, tag),
    processes: new Intl.NumberFormat(tag).format(ws.limits.processes),
    disk: formatBytes(ws.limits.diskBytes, tag),
  });
  const rows: [string, string][] = [
    [t('workspaces.template'), texts.name(ws.template.id, ws.template.name)],
    [t('workspace.limits'), ws.limitsEnforced ? limits : `${limits} ${t('workspace.limitsNotEnforced')}`],
    [t('workspaces.owner'), `${ws.owner.fullName} (${ws.owner.email})`],
    [t('workspaces.idleTimeout'), formatMinutes(t, ws.idleTimeoutMinutes)],
    [t('workspace.created'), fmtDate(ws.createdAt)],
    [t('workspace.started'), fmtDate(ws.startedAt)],
    [t('workspace.stopped'), fmtDate(ws.stoppedAt)],
    [t('workspace.lastActivity'), fmtDate(ws.lastActivityAt)],
  ];
  return (
    <Card title={t('workspace.details')}>
      <dl className="grid gap-x-4 gap-y-2 text-sm sm:grid-cols-[auto_minmax(0,1fr)]">
        {rows.map(([k, v]) => (
          <div key={k} className="contents">
            <dt className="text-slate-500">{k}</dt>
            <dd className="mb-2 break-words text-slate-900 sm:mb-0">{v}</dd>
          </div>
        ))}
      </dl>
    </Card>
  );
}

/** Out of memory and a full disk: what happened, and what the person can do about it. */
function ResourceNotices({ ws }: { ws: WorkspaceDto }) {
  const { t, fmtDate, locale } = useI18n();
  const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
  return (
    <>
      {ws.diskFull && (
        <Notice kind="warning">
          <span data-testid="disk-full">
            {t('workspace.diskFull', { disk: formatBytes(ws.limits.diskBytes, tag) })}
          </span>
        </Notice>
      )}
      {ws.outOfMemory && (
        <Notice kind="warning">
          <span data-testid="oom-notice">
            {t('workspace.outOfMemory', {
              memory: formatBytes(ws.limits.memoryBytes, tag),
              at: fmtDate(ws.outOfMemory.at),
              n: ws.outOfMemory.kills,
            })}
          </span>
        </Notice>
      )}
    </>
  );
}

/** One workspace: live status and provisioning, open/start/stop/restart/delete, settings, logs and charts. */
export function Workspace() {
  const { t } = useI18n();
  const me = useMe();
  const { id = '' } = useParams<{ id: string }>();
  const [, navigate] = useLocation();
  const ws = useLoad(() => api.workspace(id), [id]);
  const [gone, setGone] = useState(false);
  const [tab, setTab] = useState<Tab>('overview');
  const [deleting, setDeleting] = useState(false);
  const [running, setRunning] = useState<WorkspaceOperation | null>(null);
  const op = useAction();
  const now = useNow(5000);
  const { setData } = ws;

  const live = useWorkspaceEvents(id, {
    onWorkspace: (w) => setData(() => w),
    onStep: (step) => setData((d) => (d ? applyStep(d, step) : d)),
    poll: () => {
      api.workspace(id).then(
        (w) => setData(() => w),
        (e: { code?: string }) => {
          if (e?.code === 'NOT_FOUND') setGone(true);
        },
      );
    },
  });

  const w = ws.data;
  if (gone || (!w && ws.error?.code === 'NOT_FOUND')) {
    return (
      <div className="space-y-4">
        <BackLink />
        <Notice kind="info">
          <span data-testid="workspace-gone">{t('workspace.gone')}</span>
        </Notice>
      </div>
    );
  }

  const perform = async (operation: WorkspaceOperation) => {
    setRunning(operation);
    const r = await op.run(() => api.workspaceOperation(id, operation));
    setRunning(null);
    if (r) setData((d) => (d ? { ...d, status: r.status, statusReason: null } : d));
  };

  return (
    <>
      <div className="mb-4">
        <BackLink />
      </div>
      <Loadable loading={ws.loading && !w} error={w ? null : ws.error}>
        {w && (
          <WorkspaceView
            ws={w}
            isOwner={w.owner.id === me.user.id}
            now={now}
            live={live}
            tab={tab}
            setTab={setTab}
            running={running}
            opError={op.error}
            onOperation={perform}
            onDelete={() => setDeleting(true)}
            onSaved={(next) => setData(() => next)}
          />
        )}
      </Loadable>
      {w && (
        <DeleteWorkspaceDialog
          ws={w}
          open={deleting}
          onClose={() => setDeleting(false)}
          // The list says what happened: the page the person was on is gone.
          onDeleted={() => navigate(`/app/workspaces?deleted=${encodeURIComponent(w.name)}`)}
        />
      )}
    </>
  );
}

function WorkspaceView({
  ws,
  isOwner,
  now,
  live,
  tab,
  setTab,
  running,
  opError,
  onOperation,
  onDelete,
  onSaved,
}: {
  ws: WorkspaceDto;
  isOwner: boolean;
  now: number;
  live: ReturnType<typeof useWorkspaceEvents>;
  tab: Tab;
  setTab: (t: Tab) => void;
  running: WorkspaceOperation | null;
  opError: ReturnType<typeof useAction>['error'];
  onOperation: (op: WorkspaceOperation) => void;
  onDelete: () => void;
  onSaved: (ws: WorkspaceDto) => void;
}) {
  const { t } = useI18n();
  const can = allowedActions(ws.status);
  const canOpen = isOwner || ws.sharedWithAdmins;
  const provisioning = ws.status === 'pending' || ws.status === 'provisioning';
  const opButton = (operation: WorkspaceOperation, label: string) => (
    <Button
      variant="secondary"
      busy={running === operation}
      disabled={running !== null}
      onClick={() => onOperation(operation)}
    >
      {label}
    </Button>
  );

  return (
    <>
      <div className="mb-6 flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0">
          <div className="flex flex-wrap items-center gap-3">
            <h1 className="break-all text-2xl font-semibold tracking-tight text-slate-900">{ws.name}</h1>
            <span aria-live="polite">
              <StatusBadge status={ws.status} />
            </span>
          </div>
          <p className="mt-1 break-all font-mono text-sm text-slate-500" data-testid="workspace-url">
            {ws.url}
          </p>
          {!isOwner && (
            <p className="mt-1 text-sm text-slate-500">
              {t('workspaces.owner')}: {ws.owner.fullName}
            </p>
          )}
        </div>
        <div className="flex flex-wrap gap-2">
          {can.open && canOpen && <OpenLink ws={ws} />}
          {can.start && opButton('start', t('workspaces.start'))}
          {can.stop && opButton('stop', t('workspaces.stop'))}
          {can.restart && opButton('restart', t('workspace.restart'))}
          {can.delete && (
            <Button variant="danger" onClick={onDelete} disabled={running !== null}>
              {t('workspace.delete')}
            </Button>
          )}
        </div>
      </div>

      <div className="space-y-4">
        <ErrorAlert error={opError} />
        <SubscriptionInactiveHint error={opError} />
        {(ws.statusReason || ws.status === 'running') && (
          <div
            className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-700"
            data-testid="status-reason"
          >
            {ws.statusReason && <p>{transitionReason(t, ws.statusReason)}</p>}
            {ws.status === 'running' && (
              <p className={ws.statusReason ? 'mt-1' : ''}>
                <TimeLeft ws={ws} now={now} />{' '}
                <span className="text-slate-500">
                  {t('workspace.idleRule', { time: formatMinutes(t, ws.idleTimeoutMinutes) })}
                </span>
              </p>
            )}
          </div>
        )}
        {!ws.isolated && (
          <Notice kind="warning">
            <span data-testid="isolation-warning">{t('workspaces.notIsolated')}</span>
          </Notice>
        )}
        <ResourceNotices ws={ws} />
        {ws.status === 'running' && !canOpen && <Notice kind="info">{t('workspace.notShared')}</Notice>}
      </div>

      <div className="mt-6">
        <Tabs<Tab>
          label={t('workspace.sections')}
          selected={tab}
          onSelect={setTab}
          tabs={[
            {
              id: 'overview',
              label: t('workspace.overview'),
              panel: (
                <div className="space-y-6">
                  {(provisioning || ws.steps.length > 0) && (
                    <ProvisioningView ws={ws} now={now} live={live} />
                  )}
                  <div className="grid gap-6 lg:grid-cols-2">
                    <SettingsCard ws={ws} isOwner={isOwner} plan={null} onSaved={onSaved} />
                    <Card title={t('workspace.disk')}>
                      <DiskUsage ws={ws} />
                    </Card>
                  </div>
                  <Facts ws={ws} />
                </div>
              ),
            },
            {
              id: 'logs',
              label: t('workspace.logs'),
              panel: <LogsPanel id={ws.id} templateId={ws.template.id} />,
            },
            {
              id: 'charts',
              label: t('workspace.charts'),
              panel: <ChartsPanel id={ws.id} limited={ws.limitsEnforced} />,
            },
          ]}
        />
      </div>
    </>
  );
}
