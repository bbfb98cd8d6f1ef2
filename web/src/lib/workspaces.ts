import type { StepProgressDto, WorkspaceDto, WorkspaceEvent, WorkspaceListDto } from '@youarecoder/contract';
import { MIN_IDLE_TIMEOUT_MINUTES, PLANS, type PlanId } from '@youarecoder/contract/plans';
import {
  BUSY_STATUSES,
  type WorkspaceStatus,
  workspaceHostName,
} from '@youarecoder/contract/workspace-rules';
import type { TFunction } from '../i18n/index.tsx';

/** Whether an operation is in flight (the list refreshes itself meanwhile). */
export function isBusy(status: WorkspaceStatus): boolean {
  return BUSY_STATUSES.includes(status);
}

/** Colour of a status badge. */
export const STATUS_TONE: Record<WorkspaceStatus, 'green' | 'indigo' | 'amber' | 'red' | 'slate'> = {
  pending: 'indigo',
  provisioning: 'indigo',
  starting: 'indigo',
  running: 'green',
  stopping: 'amber',
  stopped: 'slate',
  failed: 'red',
  deleting: 'amber',
};

/**
 * What the buttons offer in a state; the API has the last word (409 CONFLICT). Open is offered from the
 * moment a workspace is on its way up: its address shows the gateway's progress page, which turns into the
 * IDE the moment it runs (no reload, no poll), so nobody waits for the portal to say "running" first.
 */
export function allowedActions(status: WorkspaceStatus) {
  return {
    start: status === 'stopped' || status === 'failed',
    stop: status === 'running',
    restart: status === 'running',
    open: status === 'running' || status === 'pending' || status === 'provisioning' || status === 'starting',
    delete: status !== 'deleting',
  };
}

/** Milliseconds until `iso` (may be negative), or null without a date. */
export function msUntil(iso: string | null | undefined, now: number): number | null {
  if (!iso) return null;
  const at = Date.parse(iso);
  return Number.isNaN(at) ? null : at - now;
}

/** A whole number of minutes as a duration: "15 min", "1 h", "1 h 30 min". */
export function formatMinutes(t: TFunction, minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  if (h === 0) return t('time.minutes', { m });
  if (m === 0) return t('time.hours', { h });
  return t('time.hoursMinutes', { h, m });
}

/** Time left before something happens, never overstated: "under a minute", "42 min", "1 h 5 min". */
export function formatTimeLeft(t: TFunction, ms: number): string {
  if (ms < 60_000) return t('time.underMinute');
  return formatMinutes(t, Math.floor(ms / 60_000));
}

/** A step's run time: "0.4 s", "12 s", "2 min 5 s". */
export function formatElapsed(t: TFunction, ms: number, locale: string): string {
  const safe = Math.max(0, ms);
  if (safe < 10_000) {
    const s = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(safe / 1000);
    return t('time.seconds', { s });
  }
  const total = Math.round(safe / 1000);
  if (total < 60) return t('time.seconds', { s: total });
  const m = Math.floor(total / 60);
  const s = total % 60;
  return s === 0 ? t('time.minutes', { m }) : t('time.minutesSeconds', { m, s });
}

/** How long a step ran (or has been running), in ms; null before it started. */
export function stepElapsed(
  step: Pick<StepProgressDto, 'startedAt' | 'finishedAt'>,
  now: number,
): number | null {
  if (!step.startedAt) return null;
  const start = Date.parse(step.startedAt);
  const end = step.finishedAt ? Date.parse(step.finishedAt) : now;
  if (Number.isNaN(start) || Number.isNaN(end)) return null;
  return end - start;
}

/** Idle timeouts offered: 15 min to 8 h, within the plan, and the current value even when unusual. */
export const IDLE_TIMEOUT_CHOICES = [15, 30, 45, 60, 90, 120, 180, 240, 360, 480] as const;

/** The longest idle timeout any workspace may have (the API's ceiling; plans may allow less). */
const IDLE_TIMEOUT_CEILING = 480;

/**
 * The idle timeouts a plan allows (any up to the ceiling when the plan is not known here: the API
 * checks the plan's), with `current` added when it is not one of them.
 */
export function idleTimeoutChoices(plan: PlanId | null, current?: number): number[] {
  const max = (plan && PLANS[plan]?.maxIdleTimeoutMinutes) || IDLE_TIMEOUT_CEILING;
  const list: number[] = IDLE_TIMEOUT_CHOICES.filter((m) => m >= MIN_IDLE_TIMEOUT_MINUTES && m <= max);
  if (current !== undefined && !list.includes(current)) list.push(current);
  return list.sort((a, b) => a - b);
}

/** Steps that have ended one way or another. */
const FINISHED = new Set(['succeeded', 'failed', 'skipped', 'rolled_back']);

/** Progress of provisioning: finished steps of all, and whether one failed. */
export function stepProgress(steps: Pick<StepProgressDto, 'status'>[]): {
  done: number;
  total: number;
  failed: boolean;
} {
  return {
    done: steps.filter((s) => FINISHED.has(s.status)).length,
    total: steps.length,
    failed: steps.some((s) => s.status === 'failed'),
  };
}

/** The workspace with one step's progress replaced (or added), steps kept in order. */
export function applyStep(ws: WorkspaceDto, step: StepProgressDto): WorkspaceDto {
  const others = ws.steps.filter((s) => s.index !== step.index);
  return { ...ws, steps: [...others, step].sort((a, b) => a.index - b.index) };
}

/** One Server-Sent Event of /workspaces/:id/events, or null when it is not one the portal knows. */
export function parseWorkspaceEvent(type: string, data: string): WorkspaceEvent | null {
  let body: unknown;
  try {
    body = JSON.parse(data);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  const o = body as Record<string, unknown>;
  if (type === 'workspace' && typeof o.id === 'string' && typeof o.status === 'string') {
    return { type: 'workspace', workspace: body as WorkspaceDto };
  }
  if (type === 'step' && typeof o.workspaceId === 'string' && o.step && typeof o.step === 'object') {
    const step = o.step as StepProgressDto;
    if (typeof step.index !== 'number') return null;
    return { type: 'step', workspaceId: o.workspaceId, step };
  }
  return null;
}

/** Which limit stops a new workspace: null when one may be created. */
export function quotaBlock(quota: WorkspaceListDto['quota']): 'mine' | 'company' | null {
  if (quota.mine >= quota.myQuota) return 'mine';
  if (quota.company >= quota.companyLimit) return 'company';
  return null;
}

/**
 * The address a new workspace will get (`<name>--<company>.<base>`): the base domain and scheme of
 * an existing workspace's address, else the portal's own.
 */
export function previewWorkspaceUrl(
  name: string,
  subdomain: string,
  sampleUrl: string | undefined,
  origin: { protocol: string; host: string },
): string {
  let protocol = origin.protocol;
  let base = origin.host;
  if (sampleUrl) {
    try {
      const u = new URL(sampleUrl);
      const dot = u.host.indexOf('.');
      if (dot > 0) {
        protocol = u.protocol;
        base = u.host.slice(dot + 1);
      }
    } catch {
      // keep the portal's host
    }
  }
  return `${protocol}//${workspaceHostName(name || '…', subdomain, base)}/`;
}

/** Own workspaces first, then the others; each by name. */
export function sortWorkspaces<T extends Pick<WorkspaceDto, 'name' | 'owner'>>(
  items: T[],
  myId: string,
): T[] {
  return [...items].sort(
    (a, b) => Number(b.owner.id === myId) - Number(a.owner.id === myId) || a.name.localeCompare(b.name),
  );
}
