// The reconciler and auto-stop. The reconciler (every minute, and once at boot) compares the
// database with what runs: it takes each workspace's lock without waiting — a lock it gets means
// nobody works on that workspace — and finishes or repairs what it finds. Auto-stop stops running
// workspaces idle past their timeout.
import http from 'node:http';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type AnyJob, type CronEntry, defineJob, type enqueue } from '../../platform/jobs/index.ts';
import type { WorkspaceModuleDeps } from './deps.ts';
import { type Converger, convergeJob, queueConverge, WAITING_FOR_RUNTIME } from './workspaces.converge.ts';
import * as repo from './workspaces.repo.ts';

/** A crashed IDE is restarted at most this often in CRASH_WINDOW before the workspace fails. */
const MAX_CRASH_RESTARTS = 3;
const CRASH_WINDOW_MS = 15 * 60_000;
const CRASH_REASON = 'restarted after the IDE stopped unexpectedly';

/** Every minute: compare the database with what runs (and at boot, enqueued by main). */
export const RECONCILE_CRON: CronEntry = { pattern: '* * * * *', job: 'workspaces:reconcile' };
/** Every minute: stop idle workspaces. */
export const AUTOSTOP_CRON: CronEntry = { pattern: '* * * * *', job: 'workspaces:autostop' };

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

/** The reconciler and auto-stop, sharing the converger's lock and state moves. */
export function createReconciler(d: WorkspaceModuleDeps, c: Converger) {
  const { db, clock, log, driver, events } = d;
  const { withLock, moveTo, failWith } = c;

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

  return { reconcile, autoStop, jobs, cron: [RECONCILE_CRON, AUTOSTOP_CRON] };
}

/** "60 minutes", "1 hour 30 minutes", "8 hours". */
export function formatMinutes(min: number): string {
  if (min < 120) return `${min} minute${min === 1 ? '' : 's'}`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  return m ? `${h} hours ${m} minute${m === 1 ? '' : 's'}` : `${h} hours`;
}
