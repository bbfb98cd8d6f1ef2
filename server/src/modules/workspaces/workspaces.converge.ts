// The slow half of every workspace operation. One workspace is worked on by one process at a time: a
// PostgreSQL advisory lock held on a connection of its own for the whole operation. A platform killed
// mid-operation loses its connection and so its locks, which is how the reconciler
// (workspaces.reconcile.ts) knows a half-done workspace is nobody's and finishes it.
import type { WorkspaceStatus } from '@youarecoder/contract';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../platform/db/client.ts';
import { type AnyJob, defineJob, enqueue } from '../../platform/jobs/index.ts';
import type { WorkspaceModuleDeps } from './deps.ts';
import { workspaceUrlOf } from './hosts.ts';
import { limitsOf } from './limits.ts';
import { applyIdeSettings, runProvisioning, stepLabel } from './provisioning/index.ts';
import { RuntimeError } from './runtime.ts';
import * as repo from './workspaces.repo.ts';
import { workspaces } from './workspaces.schema.ts';

/** Advisory lock namespace of workspace operations (the second key is hashtext(id)). */
const LOCK_NAMESPACE = 7301;
/** The reason of a workspace that waits for the IDE runtime (the reconciler starts it once installed). */
export const WAITING_FOR_RUNTIME = 'waiting for the IDE runtime to be installed';

/** The converge job: bring one workspace to its desired state. */
export const convergeJob = defineJob({
  id: 'workspace:converge',
  payload: z.object({ workspaceId: z.string(), restart: z.boolean().optional() }),
  maxAttempts: 5,
  handler: async () => {
    throw new Error('workspace:converge is bound in createConverger()');
  },
});

/** The limits job: give an existing workspace its company's current plan's limits (after a plan change). */
export const limitsJob = defineJob({
  id: 'workspace:limits',
  payload: z.object({ workspaceId: z.string() }),
  maxAttempts: 5,
  handler: async () => {
    throw new Error('workspace:limits is bound in createConverger()');
  },
});

/** Queue the limits job of a workspace (one queued per workspace). */
export function queueLimits(exec: Parameters<typeof enqueue>[0], id: string): Promise<void> {
  return enqueue(exec, limitsJob, { workspaceId: id }, { jobKey: `workspace-limits:${id}` });
}

/** Queue the converge job of a workspace (one queued job per workspace: a newer request replaces it). */
export function queueConverge(
  exec: Parameters<typeof enqueue>[0],
  id: string,
  opts: { restart?: boolean; requestId?: string } = {},
): Promise<void> {
  return enqueue(
    exec,
    convergeJob,
    { workspaceId: id, ...(opts.restart ? { restart: true } : {}) },
    { jobKey: `workspace:${id}`, requestId: opts.requestId },
  );
}

/** The converger: the converge job and the operations the reconciler shares. */
export function createConverger(
  d: WorkspaceModuleDeps & { resolveVsix: (companyId: string, ref: string) => Promise<string> },
) {
  const { db, clock, driver, events } = d;

  /** Run fn holding the workspace's lock; 'busy' when another holds it and wait is false. */
  async function withLock<T>(id: string, wait: boolean, fn: () => Promise<T>): Promise<T | 'busy'> {
    const client = await d.pool.connect();
    let broken = false;
    try {
      if (wait) await client.query('select pg_advisory_lock($1, hashtext($2))', [LOCK_NAMESPACE, id]);
      else {
        const { rows } = await client.query<{ ok: boolean }>(
          'select pg_try_advisory_lock($1, hashtext($2)) as ok',
          [LOCK_NAMESPACE, id],
        );
        if (!rows[0]?.ok) return 'busy';
      }
      try {
        return await fn();
      } finally {
        await client.query('select pg_advisory_unlock($1, hashtext($2))', [LOCK_NAMESPACE, id]).catch(() => {
          broken = true;
        });
      }
    } finally {
      client.release(broken);
    }
  }

  /**
   * Move a workspace to `to` unless its desired state changed meanwhile (a stop clicked during a
   * start): then the newer request's own job finishes it. Returns whether it moved.
   */
  async function finish(
    id: string,
    expect: repo.WorkspaceRow['desired'],
    to: WorkspaceStatus,
    reason: string | null,
    patch: Partial<repo.WorkspaceRow> = {},
    extra?: (tx: Tx, ws: repo.WorkspaceRow) => Promise<void>,
  ): Promise<boolean> {
    return db.transaction(async (tx) => {
      const ws = await repo.findWorkspace(tx, id, true);
      if (!ws || ws.desired !== expect) return false;
      await repo.transition(tx, ws, to, reason, clock.now(), null, patch);
      if (extra) await extra(tx, ws);
      await events.notify(tx, { id, kind: 'workspace' });
      return true;
    });
  }

  async function moveTo(ws: repo.WorkspaceRow, to: WorkspaceStatus, reason: string | null, patch = {}) {
    if (ws.status === to && ws.statusReason === reason) return;
    await finish(ws.id, ws.desired, to, reason, patch);
  }

  async function failWith(ws: repo.WorkspaceRow, reason: string): Promise<void> {
    await finish(ws.id, ws.desired, 'failed', reason.slice(0, 2000), { operationStartedAt: null }, (tx) =>
      d.audit.record(tx, {
        companyId: ws.companyId,
        actor: null,
        action: 'workspace.failed',
        target: { type: 'workspace', id: ws.id },
        metadata: { name: ws.name, reason: reason.slice(0, 500) },
        meta: null,
      }),
    );
  }

  async function waitForRuntime(ws: repo.WorkspaceRow): Promise<void> {
    await moveTo(ws, 'pending', WAITING_FOR_RUNTIME);
  }

  /** Run the template's steps; false when a fatal step failed (the workspace is failed then). */
  async function provision(ws: repo.WorkspaceRow): Promise<boolean> {
    const id = ws.id;
    const interrupted = ws.status === 'provisioning';
    // A run cut short (platform killed) leaves half-done steps behind: start from a clean workspace.
    if (interrupted) await driver.destroy(id);
    const moved = await db.transaction(async (tx) => {
      const row = await repo.findWorkspace(tx, id, true);
      if (!row || row.desired === 'deleted') return false;
      await repo.resetSteps(tx, id);
      await repo.transition(
        tx,
        row,
        'provisioning',
        interrupted ? 'provisioning again after an interruption' : null,
        clock.now(),
        null,
        { operationStartedAt: clock.now() },
      );
      await events.notify(tx, { id, kind: 'workspace' });
      return true;
    });
    if (!moved) return false;
    await driver.create({ id, name: ws.name, env: {}, limits: await limitsOf(d, db, ws.companyId) });
    const result = await runProvisioning(ws.steps, {
      driver,
      workspaceId: id,
      name: ws.name,
      resolveVsix: (ref) => d.resolveVsix(ws.companyId, ref),
      now: () => clock.now(),
      onStep: async (index, u) => {
        await repo.updateStep(db, id, index, {
          status: u.status,
          ...(u.attempts !== undefined ? { attempts: u.attempts } : {}),
          ...(u.startedAt ? { startedAt: u.startedAt } : {}),
          ...(u.finishedAt ? { finishedAt: u.finishedAt } : {}),
          ...(u.error !== undefined ? { error: u.error } : {}),
          ...(u.output !== undefined ? { output: u.output.slice(-64 * 1024) } : {}),
        });
        await events.notify(db, { id, kind: 'step', index });
      },
    });
    if (!result.ok) {
      const step = ws.steps[result.failedIndex];
      const label = step ? stepLabel(step) : `step ${result.failedIndex + 1}`;
      await failWith(ws, `Step ${result.failedIndex + 1} (${label}) failed: ${result.error}`);
      return false;
    }
    // After the template's steps: its README is there to open, and its own settings win over these.
    const [view] = await repo.loadViews(db, eq(workspaces.id, id));
    await applyIdeSettings(driver, id, {
      companyName: view?.company.name ?? '',
      workspaceName: ws.name,
      ide: ws.ide,
    });
    await db.transaction(async (tx) => {
      await repo.updateWorkspace(tx, id, {
        env: result.env,
        provisionedAt: clock.now(),
        updatedAt: clock.now(),
      });
      await events.notify(tx, { id, kind: 'workspace' });
    });
    return true;
  }

  async function startNow(id: string, restart: boolean): Promise<void> {
    const ws = await repo.findWorkspace(db, id);
    if (ws?.desired !== 'running') return;
    if (!d.ide.ready()) return waitForRuntime(ws);
    if (ws.status !== 'starting')
      await moveTo(ws, 'starting', ws.statusReason, { operationStartedAt: clock.now() });
    await driver.create({ id, name: ws.name, env: ws.env, limits: await limitsOf(d, db, ws.companyId) });
    if (restart) await driver.stop(id);
    try {
      await driver.start(id);
    } catch (err) {
      const tail =
        err instanceof RuntimeError && err.logTail.length ? `\n${err.logTail.slice(-20).join('\n')}` : '';
      await failWith(ws, `The IDE did not start: ${(err as Error).message}${tail}`);
      return;
    }
    const now = clock.now();
    await finish(
      id,
      'running',
      'running',
      ws.status === 'starting' ? ws.statusReason : null,
      { startedAt: now, lastActivityAt: now, stoppedAt: null, operationStartedAt: null },
      async (tx, row) => {
        if (row.readyMailAt) return;
        await repo.updateWorkspace(tx, id, { readyMailAt: now });
        await queueReadyMail(tx, row);
      },
    );
  }

  async function queueReadyMail(tx: Tx, ws: repo.WorkspaceRow): Promise<void> {
    const [v] = await repo.loadViews(tx, eq(workspaces.id, ws.id));
    if (!v) return;
    await d.notifications.queue(tx, {
      template: 'workspace_ready',
      to: v.owner.email,
      locale: v.owner.locale,
      companyId: ws.companyId,
      userId: ws.ownerId,
      data: {
        name: v.owner.fullName,
        workspaceName: ws.name,
        url: workspaceUrlOf(d.config, ws.name, v.company.subdomain),
        portalUrl: `${d.config.publicUrl}/app/workspaces/${ws.id}`,
      },
    });
  }

  async function stopNow(ws: repo.WorkspaceRow): Promise<void> {
    if (ws.status !== 'stopped' && ws.status !== 'stopping') await moveTo(ws, 'stopping', ws.statusReason);
    await driver.stop(ws.id);
    if (ws.status === 'stopped') return;
    const stats = await driver.stats(ws.id).catch(() => null);
    await finish(ws.id, 'stopped', 'stopped', ws.statusReason, {
      stoppedAt: clock.now(),
      operationStartedAt: null,
      ...(stats ? { diskBytes: stats.diskBytes, diskSampledAt: clock.now() } : {}),
    });
  }

  async function deleteNow(ws: repo.WorkspaceRow): Promise<void> {
    if (ws.status !== 'deleting') await moveTo(ws, 'deleting', ws.statusReason);
    await driver.destroy(ws.id);
    await db.transaction(async (tx) => {
      await tx.execute(sql`delete from workspaces where id = ${ws.id} and desired = 'deleted'`);
      await events.notify(tx, { id: ws.id, kind: 'deleted' });
    });
  }

  /** Bring one workspace to its desired state (the lock is held by the caller). */
  async function convergeLocked(id: string, restart: boolean): Promise<void> {
    const ws = await repo.findWorkspace(db, id);
    if (!ws) {
      // A row deleted while its runtime still existed: remove what is left.
      await driver.destroy(id);
      return;
    }
    if (ws.desired === 'deleted') return deleteNow(ws);
    if (ws.desired === 'stopped') return stopNow(ws);
    if (ws.status === 'failed' || ws.status === 'stopped') return; // nothing asked since it ended
    if (!ws.provisionedAt) {
      if (!d.ide.ready()) return waitForRuntime(ws);
      if (!(await provision(ws))) return;
    }
    await startNow(id, restart && ws.status === 'starting');
  }

  async function converge(id: string, opts: { restart?: boolean; wait?: boolean } = {}) {
    const t0 = Date.now();
    const r = await withLock(id, opts.wait ?? true, async () => {
      const waitedMs = Date.now() - t0;
      const t1 = Date.now();
      await convergeLocked(id, opts.restart ?? false);
      const ws = await repo.findWorkspace(db, id);
      // Operators see how long each operation took and where a slow one waited.
      d.log.info(
        { workspaceId: id, status: ws?.status ?? 'deleted', waitedMs, ms: Date.now() - t1 },
        'workspace converged',
      );
    });
    return r;
  }

  /**
   * Apply the plan's limits to a workspace that exists (running ones keep running: CPU, memory and
   * processes change at once, the disk grows or shrinks online). One not yet made gets them when it is.
   */
  async function applyLimits(id: string): Promise<void> {
    await withLock(id, true, async () => {
      const ws = await repo.findWorkspace(db, id);
      if (!ws || ws.desired === 'deleted' || !ws.provisionedAt) return;
      if ((await driver.inspect(id)).state.status === 'absent') return;
      const limits = await limitsOf(d, db, ws.companyId);
      await driver.create({ id, name: ws.name, env: ws.env, limits });
      d.log.info({ workspaceId: id, limits }, 'workspace limits applied');
    });
  }

  const jobs: AnyJob[] = [
    defineJob({
      ...convergeJob,
      handler: async ({ workspaceId, restart }) => {
        await converge(workspaceId, { restart, wait: true });
      },
    }),
    defineJob({ ...limitsJob, handler: ({ workspaceId }) => applyLimits(workspaceId) }),
  ];

  return {
    converge,
    applyLimits,
    withLock,
    finish,
    moveTo,
    failWith,
    jobs,
  };
}

/** The converger's type. */
export type Converger = ReturnType<typeof createConverger>;
