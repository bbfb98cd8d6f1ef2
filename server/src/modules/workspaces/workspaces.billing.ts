import { and, eq, inArray, like, ne } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { BillingModule } from '../billing/index.ts';
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

  billing.setUsageProbe(async (tx, companyId) => ({
    workspaces: await tx
      .select({ name: workspaces.name, diskBytes: workspaces.diskBytes })
      .from(workspaces)
      .where(and(eq(workspaces.companyId, companyId), ne(workspaces.status, 'deleting')))
      .orderBy(workspaces.name),
  }));
}
