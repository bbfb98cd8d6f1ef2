// Stopping the workspaces with the platform (`npm start -- --stop-workspaces`, STOP_WORKSPACES_ON_EXIT=1).
// By default they outlive the platform and the next start adopts them; with the flag each running one
// is stopped as a person's stop would be: the stop recorded first (status, reason, audit entry, the
// converge job as the fallback), then the IDE stopped and the workspace marked stopped, so its running
// time, the usage evidence and the portal are right.
import type { WorkspaceModuleDeps } from './deps.ts';
import { type Converger, queueConverge } from './workspaces.converge.ts';
import * as repo from './workspaces.repo.ts';

/** The stop reason the portal and the audit log show. */
export const PLATFORM_STOP_REASON = 'stopped with the platform (--stop-workspaces)';

/** What a shutdown stop did: stopped, and still stopping when the time was up (the next start finishes). */
export interface ShutdownStop {
  stopped: string[];
  pending: string[];
}

/** Build `stopForShutdown(timeoutMs)`: stop every workspace this host runs, waiting at most timeoutMs. */
export function createShutdownStop(d: WorkspaceModuleDeps, converge: Converger['converge']) {
  return async function stopForShutdown(timeoutMs: number): Promise<ShutdownStop> {
    const live = new Set((await d.driver.list()).filter((i) => i.state.status !== 'absent').map((i) => i.id));
    // What this host runs: the driver's IDEs, and those about to start here.
    const rows = (await repo.idsInStatus(d.db, ['running', 'starting', 'stopping'])).filter(
      (ws) => live.has(ws.id) || ws.status === 'starting',
    );
    const ids: string[] = [];
    for (const ws of rows) {
      const asked = await d.db.transaction(async (tx) => {
        const row = await repo.findWorkspace(tx, ws.id, true);
        if (!row || row.desired === 'deleted') return false;
        if (row.status === 'stopping') return true; // already on its way: only wait for it
        if (row.status !== 'running' && row.status !== 'starting') return false;
        const now = d.clock.now();
        await repo.transition(tx, row, 'stopping', PLATFORM_STOP_REASON, now, null, {
          desired: 'stopped',
          operationStartedAt: now,
        });
        await d.audit.record(tx, {
          companyId: row.companyId,
          actor: null,
          action: 'workspace.stopped',
          target: { type: 'workspace', id: row.id },
          metadata: { name: row.name, from: row.status, reason: PLATFORM_STOP_REASON },
          meta: null,
        });
        // Should the time run out, the next start's job runner finishes the stop.
        await queueConverge(tx, row.id);
        await d.events.notify(tx, { id: row.id, kind: 'workspace' });
        return true;
      });
      if (asked) ids.push(ws.id);
    }
    const done = new Set<string>();
    const all = Promise.all(
      ids.map(async (id) => {
        try {
          await converge(id);
          if ((await repo.findWorkspace(d.db, id))?.status === 'stopped') done.add(id);
        } catch (err) {
          d.log.warn({ err, workspaceId: id }, 'a workspace did not stop with the platform');
        }
      }),
    );
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([all, new Promise((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    return { stopped: ids.filter((id) => done.has(id)), pending: ids.filter((id) => !done.has(id)) };
  };
}
