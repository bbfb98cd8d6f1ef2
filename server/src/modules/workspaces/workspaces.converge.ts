// The slow half of every workspace operation, and the reconciler. One workspace is worked on by one
// process at a time: a PostgreSQL advisory lock held on a connection of its own for the whole
// operation. A platform killed mid-operation loses its connection and so its locks, which is how the
// reconciler (at boot and every minute) knows a half-done workspace is nobody's and finishes it.
import http from 'node:http';
import type { WorkspaceStatus } from '@youarecoder/contract';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Tx } from '../../platform/db/client.ts';
import { type AnyJob, type CronEntry, defineJob, enqueue } from '../../platform/jobs/index.ts';
import type { WorkspaceModuleDeps } from './deps.ts';
import { workspaceUrlOf } from './hosts.ts';
import { runProvisioning, stepLabel } from './provisioning/index.ts';
import { RuntimeError } from './runtime.ts';
import * as repo from './workspaces.repo.ts';
import { workspaces } from './workspaces.schema.ts';

/** Advisory lock namespace of workspace operations (the second key is hashtext(id)). */
const LOCK_NAMESPACE = 7301;
/** A crashed IDE is restarted at most this often in CRASH_WINDOW before the workspace fails. */
const MAX_CRASH_RESTARTS = 3;
const CRASH_WINDOW_MS = 15 * 60_000;
const CRASH_REASON = 'restarted after the IDE stopped unexpectedly';
const WAITING_FOR_RUNTIME = 'waiting for the IDE runtime to be installed';

/** The converge job: bring one workspace to its desired state. */
export const convergeJob = defineJob({
  id: 'workspace:converge',
  payload: z.object({ workspaceId: z.string(), restart: z.boolean().optional() }),
  maxAttempts: 5,
  handler: async () => {
    throw new Error('workspace:converge is bound in createConverger()');
  },
});

/** Every minute: compare the database with what runs (and at boot, enqueued by main). */
export const RECONCILE_CRON: CronEntry = { pattern: '* * * * *', job: 'workspaces:reconcile' };
/** Every minute: stop idle workspaces. */
export const AUTOSTOP_CRON: CronEntry = { pattern: '* * * * *', job: 'workspaces:autostop' };

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

/** Queue a reconciler pass now (at boot, and when the IDE runtime finished installing). */
export async function queueReconcile(exec: Parameters<typeof enqueue>[0]): Promise<void> {
  await exec.execute(
    sql`select graphile_worker.add_job('workspaces:reconcile', '{}'::json, job_key => 'workspaces:reconcile', max_attempts => 1)`,
  );
}

/** How long provisioning may take at most: every step's timeout times its attempts, plus slack. */
export function provisionTimeoutMs(steps: repo.WorkspaceRow['steps']): number {
  const stepsMs = steps.reduce((sum, s) => sum + s.timeoutSeconds * 1000 * (s.retries + 1), 0);
  return stepsMs + 10 * 60_000;
}

/** What code-server's /healthz says about its last heartbeat (ms since epoch), or null. */
export function ideHeartbeat(socketPath: string, timeoutMs = 2000): Promise<number | null> {
  return new Promise((resolve) => {
    const req = http.get({ socketPath, path: '/healthz', timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => {
        try {
          const v = (JSON.parse(body) as { lastHeartbeat?: unknown }).lastHeartbeat;
          resolve(typeof v === 'number' && v > 0 ? v : null);
        } catch {
          resolve(null);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/** The converger: jobs, the reconciler and auto-stop. */
export function createConverger(
  d: WorkspaceModuleDeps & { resolveVsix: (companyId: string, ref: string) => Promise<string> },
) {
  const { db, clock, log, driver, events } = d;

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
    await driver.create({ id, name: ws.name, env: {} });
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
    await driver.create({ id, name: ws.name, env: ws.env });
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
    return withLock(id, opts.wait ?? true, () => convergeLocked(id, opts.restart ?? false));
  }

  /**
   * One reconciler pass: runtime leftovers without a row are removed, transitional states nobody
   * works on are finished (or failed past their timeout), crashed IDEs restarted or failed, and
   * IDEs that should not run are stopped.
   */
  async function reconcile(): Promise<{ checked: number; acted: number }> {
    await dropReplacedConvergeJobs();
    const rows = await repo.allWorkspaces(db);
    const known = new Map(rows.map((r) => [r.id, r]));
    let acted = 0;
    for (const insp of await driver.list().catch((err) => {
      log.error({ err }, 'reconciler: listing the runtime failed');
      return [];
    })) {
      if (known.has(insp.id) && !insp.orphan) continue;
      const r = await withLock(insp.id, false, async () => {
        if (!(await repo.findWorkspace(db, insp.id))) {
          log.warn({ workspaceId: insp.id }, 'reconciler: removing a runtime without a workspace');
          await driver.destroy(insp.id);
        } else if (insp.orphan) {
          log.warn({ workspaceId: insp.id }, 'reconciler: ending an orphan IDE process');
          await driver.stop(insp.id);
        }
      });
      if (r !== 'busy') acted++;
    }
    const now = clock.now().getTime();
    for (const row of rows) {
      const r = await withLock(row.id, false, async () => {
        const ws = await repo.findWorkspace(db, row.id);
        if (!ws) return false;
        return reconcileOne(ws, now);
      }).catch((err) => {
        log.error({ err, workspaceId: row.id }, 'reconciler: workspace check failed');
        return false;
      });
      if (r === true) acted++;
    }
    return { checked: rows.length, acted };
  }

  async function reconcileOne(ws: repo.WorkspaceRow, now: number): Promise<boolean> {
    const since = ws.operationStartedAt?.getTime() ?? ws.updatedAt.getTime();
    switch (ws.status) {
      case 'deleting':
      case 'stopping':
      case 'starting':
        await queueConverge(db, ws.id);
        return true;
      case 'pending':
      case 'provisioning': {
        if (ws.statusReason === WAITING_FOR_RUNTIME && !d.ide.ready()) return false;
        if (now - since > provisionTimeoutMs(ws.steps)) {
          await driver.destroy(ws.id).catch(() => {});
          await failWith(
            ws,
            `Provisioning did not finish within ${Math.round(provisionTimeoutMs(ws.steps) / 60_000)} minutes.`,
          );
          return true;
        }
        await queueConverge(db, ws.id);
        return true;
      }
      case 'running': {
        const insp = await driver.inspect(ws.id);
        const st = insp.state.status;
        if (st === 'running') return false;
        if (st === 'starting' && now - (insp.startedAt ? Date.parse(insp.startedAt) : now) < 120_000)
          return false;
        const recent = await db.execute<{ n: number }>(sql`
          select count(*)::int as n from workspace_transitions
           where workspace_id = ${ws.id} and to_status = 'starting' and reason = ${CRASH_REASON} and at > ${new Date(now - CRASH_WINDOW_MS).toISOString()}::timestamptz`);
        const tail =
          insp.state.status === 'crashed' ? insp.state.logTail : await driver.logs(ws.id, { tail: 20 });
        if ((recent.rows[0]?.n ?? 0) >= MAX_CRASH_RESTARTS) {
          await failWith(
            ws,
            `The IDE stopped unexpectedly ${MAX_CRASH_RESTARTS + 1} times within ${CRASH_WINDOW_MS / 60_000} minutes. Last log lines:\n${tail.slice(-20).join('\n')}`,
          );
          return true;
        }
        log.warn({ workspaceId: ws.id, observed: st }, 'reconciler: the IDE is not running; restarting it');
        await moveTo(ws, 'starting', CRASH_REASON, { operationStartedAt: clock.now() });
        await queueConverge(db, ws.id);
        return true;
      }
      case 'stopped':
      case 'failed': {
        const insp = await driver.inspect(ws.id);
        if (insp.state.status === 'running' || insp.state.status === 'starting') {
          log.warn({ workspaceId: ws.id }, 'reconciler: stopping an IDE that should not run');
          await driver.stop(ws.id);
          return true;
        }
        return false;
      }
    }
  }

  /**
   * A converge job whose worker died stays locked in graphile-worker's table; the next request for
   * that workspace queues a new job (the dead one loses its key and is marked out of attempts). The
   * new job or this reconciler redid its work, so the dead row is only noise (it would count as a
   * failed job forever): remove those older than ten minutes.
   */
  async function dropReplacedConvergeJobs(): Promise<void> {
    await db.execute(sql`
      delete from graphile_worker._private_jobs j
       using graphile_worker._private_tasks t
       where t.id = j.task_id and t.identifier = ${convergeJob.id}
         and j.key is null and j.attempts >= j.max_attempts
         and j.locked_at < now() - interval '10 minutes'`);
  }

  /** Stop running workspaces idle past their timeout; code-server's heartbeat counts as activity. */
  async function autoStop(): Promise<{ stopped: string[] }> {
    const running = await repo.idsInStatus(db, ['running']);
    const stopped: string[] = [];
    for (const ws of running) {
      let last = Math.max(ws.lastActivityAt?.getTime() ?? 0, ws.startedAt?.getTime() ?? 0);
      const idleMs = ws.idleTimeoutMinutes * 60_000;
      if (clock.now().getTime() - last < idleMs) continue;
      const insp = await driver.inspect(ws.id).catch(() => null);
      const beat = insp?.socketPath ? await ideHeartbeat(insp.socketPath) : null;
      if (beat && beat > last) {
        last = beat;
        await repo.updateWorkspace(db, ws.id, { lastActivityAt: new Date(beat) });
        if (clock.now().getTime() - last < idleMs) continue;
      }
      const reason = `stopped after ${formatMinutes(ws.idleTimeoutMinutes)} without IDE activity`;
      const done = await db.transaction(async (tx) => {
        const row = await repo.findWorkspace(tx, ws.id, true);
        if (row?.status !== 'running' || row.lastActivityAt?.getTime() !== ws.lastActivityAt?.getTime())
          return false;
        await repo.transition(tx, row, 'stopping', reason, clock.now(), null, {
          desired: 'stopped',
          operationStartedAt: clock.now(),
        });
        await d.audit.record(tx, {
          companyId: row.companyId,
          actor: null,
          action: 'workspace.auto_stopped',
          target: { type: 'workspace', id: row.id },
          metadata: {
            name: row.name,
            idleTimeoutMinutes: row.idleTimeoutMinutes,
            lastActivityAt: new Date(last).toISOString(),
          },
          meta: null,
        });
        await queueConverge(tx, row.id);
        await events.notify(tx, { id: row.id, kind: 'workspace' });
        return true;
      });
      if (done) stopped.push(ws.id);
    }
    return { stopped };
  }

  const jobs: AnyJob[] = [
    defineJob({
      ...convergeJob,
      handler: async ({ workspaceId, restart }) => {
        await converge(workspaceId, { restart, wait: true });
      },
    }),
    defineJob({
      id: 'workspaces:reconcile',
      payload: z.object({}).passthrough(),
      maxAttempts: 1,
      handler: async (_p, ctx) => {
        const r = await reconcile();
        if (r.acted) ctx.log.info(r, 'reconciler pass');
      },
    }),
    defineJob({
      id: 'workspaces:autostop',
      payload: z.object({}).passthrough(),
      maxAttempts: 1,
      handler: async (_p, ctx) => {
        const r = await autoStop();
        if (r.stopped.length) ctx.log.info(r, 'idle workspaces stopped');
      },
    }),
  ];

  return { converge, reconcile, autoStop, jobs, cron: [RECONCILE_CRON, AUTOSTOP_CRON] };
}

/** "60 minutes", "1 hour 30 minutes", "8 hours". */
export function formatMinutes(min: number): string {
  if (min < 120) return `${min} minute${min === 1 ? '' : 's'}`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `${h} hours ${m} minute${m === 1 ? '' : 's'}` : `${h} hours`;
}

/** The converger's type. */
export type Converger = ReturnType<typeof createConverger>;
