import type { WorkspaceDto } from '@youarecoder/contract';
import { useState } from 'react';
import { Link } from 'wouter';
import type { ApiError } from '../../../api/client.ts';
import { api, type WorkspaceAccepted, type WorkspaceOperation } from '../../../api/endpoints.ts';
import { SubscriptionInactiveHint } from '../../../components/BillingBanner.tsx';
import { Button, ErrorAlert } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { toApiError } from '../../../lib/hooks.ts';
import { transitionReason } from '../../../lib/transitionReason.ts';
import { allowedActions } from '../../../lib/workspaces.ts';
import { OpenLink, StatusBadge, TimeLeft, useTemplateText } from './common.tsx';

/** The operations a card offers as buttons, in this order (when the status allows them). */
const QUICK_OPS = ['start', 'stop'] as const;

/** One workspace in the list: status, owner, template, time left, and quick open/start/stop. */
export function WorkspaceCard({
  ws,
  now,
  showOwner,
  canOpen,
  onChanged,
}: {
  ws: WorkspaceDto;
  now: number;
  showOwner: boolean;
  /** The owner, or an admin it is shared with. */
  canOpen: boolean;
  onChanged: (r: WorkspaceAccepted) => void;
}) {
  const { t } = useI18n();
  const texts = useTemplateText();
  const [busy, setBusy] = useState<WorkspaceOperation | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const can = allowedActions(ws.status);

  const run = async (op: WorkspaceOperation) => {
    setBusy(op);
    setError(null);
    try {
      onChanged(await api.workspaceOperation(ws.id, op));
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <li
      className="flex flex-col rounded-lg bg-white p-4 shadow-xs ring-1 ring-slate-200"
      data-testid="workspace-card"
      data-name={ws.name}
    >
      <div className="flex items-start justify-between gap-3">
        <h3 className="min-w-0 text-base font-semibold text-slate-900">
          <Link href={`/app/workspaces/${ws.id}`} className="break-all hover:text-indigo-700 hover:underline">
            {ws.name}
          </Link>
        </h3>
        <StatusBadge status={ws.status} />
      </div>
      <dl className="mt-2 space-y-0.5 text-xs text-slate-500">
        {showOwner && (
          <div>
            <dt className="inline">{t('workspaces.owner')}: </dt>
            <dd className="inline text-slate-700">{ws.owner.fullName}</dd>
          </div>
        )}
        <div>
          <dt className="inline">{t('workspaces.template')}: </dt>
          <dd className="inline text-slate-700">{texts.name(ws.template.id, ws.template.name)}</dd>
        </div>
      </dl>
      {ws.statusReason && (
        <p className="mt-2 text-sm text-slate-600">{transitionReason(t, ws.statusReason)}</p>
      )}
      {ws.status === 'running' && (
        <p className="mt-2 text-sm text-slate-600">
          <TimeLeft ws={ws} now={now} />
        </p>
      )}
      <ErrorAlert error={error} className="mt-3" />
      <div className="mt-2 empty:hidden">
        <SubscriptionInactiveHint error={error} />
      </div>
      <div className="mt-auto flex flex-wrap items-center gap-2 pt-4">
        {can.open && canOpen && (
          <OpenLink ws={ws} size="sm" label={t('workspaces.openLabel', { name: ws.name })} />
        )}
        {QUICK_OPS.filter((op) => can[op]).map((op) => (
          <Button
            key={op}
            size="sm"
            variant="secondary"
            busy={busy === op}
            disabled={busy !== null}
            onClick={() => run(op)}
            aria-label={t(`workspaces.${op}Label`, { name: ws.name })}
          >
            {t(`workspaces.${op}`)}
          </Button>
        ))}
        <Link
          href={`/app/workspaces/${ws.id}`}
          className="ml-auto text-sm font-medium text-indigo-700 hover:underline"
          aria-label={t('workspaces.detailsLabel', { name: ws.name })}
        >
          {t('workspaces.details')} →
        </Link>
      </div>
    </li>
  );
}
