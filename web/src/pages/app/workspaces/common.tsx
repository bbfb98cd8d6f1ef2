import type { StepProgressDto, WorkspaceDto, WorkspaceListDto } from '@youarecoder/contract';
import { PLAN_NAMES, PLANS } from '@youarecoder/contract/plans';
import {
  STEP_TYPES,
  type StepStatus,
  type StepType,
  WORKSPACE_STATUSES,
  type WorkspaceStatus,
} from '@youarecoder/contract/workspace-rules';
import type { ReactNode } from 'react';
import { Icon } from '../../../components/Icon.tsx';
import { Notice, Spinner, UsageBar } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { officialTexts } from '../../../i18n/official.ts';
import { formatBytes } from '../../../lib/chart.ts';
import { formatTimeLeft, isBusy, msUntil, STATUS_TONE } from '../../../lib/workspaces.ts';

const TONE_CLS = {
  green: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  indigo: 'bg-indigo-50 text-indigo-700 ring-indigo-200',
  amber: 'bg-amber-50 text-amber-800 ring-amber-200',
  red: 'bg-red-50 text-red-700 ring-red-200',
  slate: 'bg-slate-100 text-slate-700 ring-slate-200',
} as const;

const DOT_CLS = {
  green: 'bg-emerald-500',
  indigo: 'bg-indigo-500',
  amber: 'bg-amber-500',
  red: 'bg-red-500',
  slate: 'bg-slate-400',
} as const;

/** The status as a coloured badge with its name (a spinner while an operation is in flight). */
export function StatusBadge({ status }: { status: WorkspaceStatus }) {
  const { t } = useI18n();
  const tone = STATUS_TONE[status] ?? 'slate';
  return (
    <span
      className={`inline-flex items-center gap-1.5 rounded-full px-2 py-0.5 text-xs font-medium ring-1 ring-inset ${TONE_CLS[tone]}`}
      data-testid="workspace-status"
      data-status={status}
    >
      {isBusy(status) ? (
        <Spinner small />
      ) : (
        <span aria-hidden="true" className={`h-1.5 w-1.5 rounded-full ${DOT_CLS[tone]}`} />
      )}
      {t(`workspaceStatus.${status}`)}
    </span>
  );
}

const STEP_ICON: Record<StepStatus, { d: string; cls: string }> = {
  pending: { d: 'M12 21a9 9 0 100-18 9 9 0 000 18z', cls: 'text-slate-300' },
  running: { d: '', cls: 'text-indigo-600' },
  succeeded: { d: 'M5 12.5l4.5 4.5L19 7.5', cls: 'text-emerald-600' },
  failed: { d: 'M6 6l12 12M18 6L6 18', cls: 'text-red-600' },
  skipped: { d: 'M5 12h14M13 6l6 6-6 6', cls: 'text-amber-600' },
  rolled_back: { d: 'M9 14L4 9l5-5M4 9h11a5 5 0 010 10h-3', cls: 'text-slate-500' },
};

/** A step's status as an icon with its name for screen readers. */
export function StepStatusIcon({ status }: { status: StepStatus }) {
  const { t } = useI18n();
  const icon = STEP_ICON[status] ?? STEP_ICON.pending;
  return (
    <span className={`inline-flex h-5 w-5 shrink-0 items-center justify-center ${icon.cls}`}>
      {status === 'running' ? <Spinner small /> : <Icon d={icon.d} className="h-5 w-5" strokeWidth={2.2} />}
      <span className="sr-only">{t(`stepStatus.${status}`)}</span>
    </span>
  );
}

/** "Stops in 42 min without activity" for a running workspace with an auto-stop time. */
export function TimeLeft({ ws, now }: { ws: Pick<WorkspaceDto, 'status' | 'autoStopAt'>; now: number }) {
  const { t } = useI18n();
  const ms = ws.status === 'running' ? msUntil(ws.autoStopAt, now) : null;
  if (ms === null) return null;
  return (
    <span data-testid="time-left">
      {ms <= 0 ? t('workspaces.stoppingSoon') : t('workspaces.timeLeft', { time: formatTimeLeft(t, ms) })}
    </span>
  );
}

/** "Open" link to the IDE in a new tab. */
export function OpenLink({
  ws,
  size = 'md',
  label,
}: {
  ws: Pick<WorkspaceDto, 'url' | 'name'>;
  size?: 'sm' | 'md';
  /** Accessible name when the visible "Open" is not enough (in lists). */
  label?: string;
}) {
  const { t } = useI18n();
  const sz = size === 'sm' ? 'px-2.5 py-1.5 text-xs' : 'px-4 py-2 text-sm';
  return (
    <a
      href={ws.url}
      target="_blank"
      rel="noopener noreferrer"
      aria-label={label}
      className={`inline-flex items-center justify-center gap-1.5 rounded-md bg-indigo-600 font-medium text-white shadow-xs hover:bg-indigo-700 ${sz}`}
    >
      {t('workspaces.open')}
      <Icon d="M14 4h6v6M20 4l-9 9M18 14v5a1 1 0 01-1 1H5a1 1 0 01-1-1V7a1 1 0 011-1h5" className="h-4 w-4" />
      {!label && <span className="sr-only">{t('workspaces.newTab')}</span>}
    </a>
  );
}

/** Banners about the IDE runtime and isolation, above the workspaces. */
export function RuntimeNotices({
  runtime,
  notIsolated,
}: {
  runtime: WorkspaceListDto['runtime'] | null;
  notIsolated: boolean;
}) {
  const { t } = useI18n();
  const items: ReactNode[] = [];
  if (runtime?.status === 'installing') {
    items.push(
      <Notice key="installing" kind="info">
        <span data-testid="runtime-installing">{t('workspaces.runtimeInstalling')}</span>
        {runtime.message && <span className="mt-1 block text-xs">{runtime.message}</span>}
      </Notice>,
    );
  }
  if (runtime?.status === 'failed') {
    items.push(
      <div
        key="failed"
        role="alert"
        className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
        data-testid="runtime-failed"
      >
        <p>{t('workspaces.runtimeFailed')}</p>
        {runtime.message && (
          <p lang="en" className="mt-1 text-xs">
            {runtime.message}
          </p>
        )}
      </div>,
    );
  }
  if (notIsolated) {
    items.push(
      <Notice key="isolation" kind="warning">
        <span data-testid="isolation-warning">{t('workspaces.notIsolated')}</span>
      </Notice>,
    );
  }
  return items.length ? <div className="space-y-3">{items}</div> : null;
}

/** The caller's and the company's workspace counts against their limits, with the plan. */
export function QuotaLine({ quota }: { quota: WorkspaceListDto['quota'] }) {
  const { t } = useI18n();
  return (
    <div className="grid gap-4 sm:grid-cols-2" data-testid="workspace-quota">
      <div>
        <p className="mb-1.5 text-sm text-slate-600">
          {t('workspaces.quotaMine', { n: quota.mine, max: quota.myQuota })}
        </p>
        <UsageBar value={quota.mine} max={quota.myQuota} label={t('workspaces.quotaMineLabel')} />
      </div>
      <div>
        <p className="mb-1.5 text-sm text-slate-600">
          {t('workspaces.quotaCompany', {
            n: quota.company,
            max: quota.companyLimit,
            plan: PLAN_NAMES[quota.plan],
          })}
        </p>
        <UsageBar value={quota.company} max={quota.companyLimit} label={t('workspaces.quotaCompanyLabel')} />
      </div>
    </div>
  );
}

/** Why no workspace can be created now (see quotaBlock): the user's quota or the company's limit is used up. */
export function QuotaUsedUp({
  blocked,
  quota,
}: {
  blocked: 'mine' | 'company';
  quota: WorkspaceListDto['quota'];
}) {
  const { t } = useI18n();
  return (
    <>
      {blocked === 'mine'
        ? t('workspaces.quotaUsedUpMine', { max: quota.myQuota })
        : t('workspaces.quotaUsedUpCompany', { max: quota.companyLimit })}
    </>
  );
}

/** Disk use of a workspace against its quota, warning when over. */
export function DiskUsage({
  ws,
}: {
  ws: Pick<WorkspaceDto, 'diskBytes' | 'diskQuotaBytes' | 'overDiskQuota' | 'limitsEnforced'>;
}) {
  const { t, locale } = useI18n();
  const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
  return (
    <div data-testid="disk-usage">
      <UsageBar value={ws.diskBytes ?? 0} max={ws.diskQuotaBytes} label={t('workspace.diskLabel')} />
      <p className="mt-2 text-sm text-slate-600">
        {ws.diskBytes === null
          ? t('workspace.diskUnknown', { quota: formatBytes(ws.diskQuotaBytes, tag) })
          : t('workspace.diskUse', {
              used: formatBytes(ws.diskBytes, tag),
              quota: formatBytes(ws.diskQuotaBytes, tag),
            })}
      </p>
      {ws.overDiskQuota && (
        <Notice kind="warning" className="mt-3">
          <span data-testid="disk-over-quota">
            {/* A contained workspace's disk holds it at the quota: it starts, full, to be cleaned up. */}
            {t(ws.limitsEnforced ? 'workspace.diskOverContained' : 'workspace.diskOver')}
          </span>
        </Notice>
      )}
    </div>
  );
}

/** The plan's default idle timeout. */
export function planDefaultIdle(plan: WorkspaceListDto['quota']['plan']): number {
  return PLANS[plan]?.defaultIdleTimeoutMinutes ?? 60;
}

/** A step's label: an official template's in the reader's language, its own name, else its type's. */
export function useStepLabel(templateId?: string) {
  const { t, locale } = useI18n();
  const texts = officialTexts(locale);
  return (step: Pick<StepProgressDto, 'name' | 'type' | 'index'>) =>
    texts.step(templateId, step.index, step.name) ||
    (isStepType(step.type) ? t(`stepType.${step.type}`) : step.type);
}

/** Template names and descriptions in the reader's language (official ones are translated). */
export function useTemplateText() {
  const { locale } = useI18n();
  return officialTexts(locale);
}

function isStepType(s: string): s is StepType {
  return (STEP_TYPES as readonly string[]).includes(s);
}

/** A status name in the portal's language (a state this portal does not know stays as it is). */
export function useStatusName() {
  const { t } = useI18n();
  return (s: string) =>
    (WORKSPACE_STATUSES as readonly string[]).includes(s) ? t(`workspaceStatus.${s as WorkspaceStatus}`) : s;
}
