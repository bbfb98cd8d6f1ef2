import { and, eq, inArray, like, ne } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { BillingModule, WorkspaceUsage } from '../billing/index.ts';
import type { WorkspaceModuleDeps } from './deps.ts';
import * as repo from './workspaces.repo.ts';
import { workspaces } from './workspaces.schema.ts';

/** How a suspension's stop reason starts (a payment restarts exactly those workspaces). */
const SUSPENDED_PREFIX = "stopped: the company's subscription";

/** Statuses a suspension stops (provisioning finishes, and its start is then refused). */
const RUNNING = ['running', 'starting'] as const;

/**
 * Workspaces follow the subscription: a suspended or canceled company's workspaces are stopped
 * (never deleted) in the transaction that suspends it; billing asks what is in use before a downgrade.
 */
export function followBilling(d: WorkspaceModuleDeps, billing: BillingModule): void {
  billing.onStatusChange(async (tx, { companyId, from, to, reason }) => {
    if (to === 'active' && (from === 'suspended' || from === 'canceled')) return restart(tx, companyId);
    if (to !== 'suspended' && to !== 'canceled') return;
    const rows = await tx
      .select()
      .from(workspaces)
      .where(and(eq(workspaces.companyId, companyId), inArray(workspaces.status, [...RUNNING])))
      .for('update');
    const now = d.clock.now();
    const why =
      to === 'suspended'
        ? `${SUSPENDED_PREFIX} is suspended (${reason}); data is kept`
        : `${SUSPENDED_PREFIX} was canceled; data is kept`;
    for (const ws of rows) {
      await repo.transition(tx, ws, 'stopping', why, now, null, {
        desired: 'stopped',
        operationStartedAt: now,
      });
      await d.audit.record(tx, {
        companyId,
        actor: null,
        action: 'workspace.stopped',
        target: { type: 'workspace', id: ws.id },
        metadata: { name: ws.name, from: ws.status, reason: why },
        meta: null,
      });
      await d.queueConverge(tx, ws.id);
      await d.events.notify(tx, { id: ws.id, kind: 'workspace' });
    }
  });
  /** A payment brings back the workspaces the suspension stopped (not those stopped by people). */
  async function restart(tx: Tx, companyId: string): Promise<void> {
    const rows = await tx
      .select()
      .from(workspaces)
      .where(
        and(
          eq(workspaces.companyId, companyId),
          inArray(workspaces.status, ['stopped', 'stopping']),
          like(workspaces.statusReason, `${SUSPENDED_PREFIX}%`),
        ),
      )
      .for('update');
    const now = d.clock.now();
    for (const ws of rows) {
      await repo.transition(tx, ws, 'starting', 'started again: the subscription was paid', now, null, {
        desired: 'running',
        operationStartedAt: now,
      });
      await d.queueConverge(tx, ws.id);
      await d.events.notify(tx, { id: ws.id, kind: 'workspace' });
    }
  }

  billing.setUsageHistory(async (exec, companyId, from, to) =>
    usageOf(await repo.transitionsOfCompany(exec, companyId, from, to), from, to),
  );

  billing.setUsageProbe(async (tx, companyId) => ({
    workspaces: await tx
      .select({ name: workspaces.name, diskBytes: workspaces.diskBytes })
      .from(workspaces)
      .where(and(eq(workspaces.companyId, companyId), ne(workspaces.status, 'deleting')))
      .orderBy(workspaces.name),
  }));
}

type Transition = Awaited<ReturnType<typeof repo.transitionsOfCompany>>['inside'][number];

/** Running time per workspace in [from, to) from its transitions (running until it leaves `running`). */
export function usageOf(
  t: { before: Transition[]; inside: Transition[] },
  from: Date,
  to: Date,
): WorkspaceUsage {
  const ws = new Map<
    string,
    { id: string; name: string; runningSeconds: number; starts: number; since: number | null }
  >();
  const entry = (x: Transition) => {
    let w = ws.get(x.workspaceId);
    if (!w) {
      w = { id: x.workspaceId, name: x.workspaceName, runningSeconds: 0, starts: 0, since: null };
      ws.set(x.workspaceId, w);
    }
    return w;
  };
  for (const x of t.before) if (x.toStatus === 'running') entry(x).since = from.getTime();
  for (const x of t.inside) {
    const w = entry(x);
    const at = x.at.getTime();
    if (w.since !== null && x.toStatus !== 'running') {
      w.runningSeconds += Math.round((at - w.since) / 1000);
      w.since = null;
    }
    if (x.toStatus === 'running' && w.since === null) {
      w.since = at;
      w.starts++;
    }
  }
  const end = to.getTime();
  return {
    workspaces: [...ws.values()].map(({ since, ...w }) => ({
      ...w,
      runningSeconds: w.runningSeconds + (since === null ? 0 : Math.round((end - since) / 1000)),
    })),
    transitions: t.inside.map((x) => ({
      workspaceId: x.workspaceId,
      workspaceName: x.workspaceName,
      from: x.fromStatus,
      to: x.toStatus,
      reason: x.reason,
      at: x.at.toISOString(),
    })),
  };
}
