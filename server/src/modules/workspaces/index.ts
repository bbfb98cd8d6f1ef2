// The workspaces module: services, jobs and routes, built from its dependencies.
import { and, eq, ne } from 'drizzle-orm';
import type { BillingModule } from '../billing/index.ts';
import type { CompaniesService } from '../companies/index.ts';
import type { WorkspaceModuleDeps } from './deps.ts';
import { claimFirstOpenFile } from './ide-open.ts';
import { createTemplatesService } from './templates.service.ts';
import { followBilling } from './workspaces.billing.ts';
import { createConverger, queueConverge, queueLimits } from './workspaces.converge.ts';
import { createReconciler } from './workspaces.reconcile.ts';
import * as repo from './workspaces.repo.ts';
import { workspaces } from './workspaces.schema.ts';
import { createWorkspacesService } from './workspaces.service.ts';
import { createShutdownStop } from './workspaces.shutdown.ts';

export {
  chooseRuntimeDriver,
  chooseRuntimeDriverAsync,
  createRuntimeDriver,
  type RuntimeDriverName,
} from './drivers/registry.ts';
export { createWorkspaceEvents, type WorkspaceEvents } from './events.ts';
export type { RuntimeDriver } from './runtime.ts';
export type { TemplatesService } from './templates.service.ts';
export { queueReconcile } from './workspaces.reconcile.ts';
export { workspacesRoutes } from './workspaces.routes.ts';
export { canOpen, type WorkspacesService } from './workspaces.service.ts';
export { PLATFORM_STOP_REASON } from './workspaces.shutdown.ts';

/** Build the module. `companies` is where member removal hands over the member's workspaces. */
export function createWorkspacesModule(
  base: Omit<WorkspaceModuleDeps, 'queueConverge' | 'ensureTemplates' | 'entitlements'>,
  companies: CompaniesService,
  billing: BillingModule,
) {
  const d: WorkspaceModuleDeps = {
    ...base,
    entitlements: billing.entitlements,
    queueConverge,
    // Called only once requests arrive, after `t` below exists.
    ensureTemplates: () => t.ensureOfficial(),
  };
  const t = createTemplatesService(d);
  followBilling(d, billing);
  const service = createWorkspacesService(d);
  const core = createConverger({ ...d, resolveVsix: (companyId, ref) => t.resolveVsix(companyId, ref) });
  const reconciler = createReconciler(d, core);
  // One handle for main, deps and tests: run an operation, a reconciler pass, an auto-stop pass, and
  // stop every workspace when the platform stops with --stop-workspaces.
  const converger = {
    converge: core.converge,
    reconcile: reconciler.reconcile,
    autoStop: reconciler.autoStop,
    stopForShutdown: createShutdownStop(d, core.converge),
    jobs: [...core.jobs, ...reconciler.jobs],
    cron: reconciler.cron,
  };

  // A plan change reaches every workspace of the company: running ones get the new limits live (where the
  // driver enforces limits at all).
  companies.onPlanApplied(async (tx, { companyId }) => {
    if (!d.driver.contained) return;
    const rows = await tx
      .select({ id: workspaces.id })
      .from(workspaces)
      .where(and(eq(workspaces.companyId, companyId), ne(workspaces.desired, 'deleted')));
    for (const ws of rows) await queueLimits(tx, ws.id);
  });

  // A removed member's workspaces go to the remover, or are deleted, in the removal's transaction.
  companies.onMemberRemoved(async (tx, { companyId, userId, resources, by, meta }) => {
    const owned = await tx.select().from(workspaces).where(eq(workspaces.ownerId, userId));
    const now = d.clock.now();
    for (const ws of owned) {
      if (ws.companyId !== companyId) continue;
      if (resources === 'transfer') {
        await repo.updateWorkspace(tx, ws.id, {
          ownerId: by.userId,
          sharedWithAdmins: false,
          updatedAt: now,
        });
      } else {
        await repo.transition(
          tx,
          ws,
          'deleting',
          `deleted with its owner's account by ${by.email}`,
          now,
          by.userId,
          {
            ownerId: by.userId,
            desired: 'deleted',
            operationStartedAt: now,
          },
        );
        await queueConverge(tx, ws.id);
      }
      await d.audit.record(tx, {
        companyId,
        actor: { userId: by.userId, email: by.email },
        action: resources === 'transfer' ? 'workspace.transferred' : 'workspace.deleted',
        target: { type: 'workspace', id: ws.id },
        metadata: { name: ws.name, from: userId, to: resources === 'transfer' ? by.userId : null },
        meta,
      });
      await d.events.notify(tx, { id: ws.id, kind: 'workspace' });
    }
  });

  /** The template's file to open at the IDE's first open (see ide-open.ts), for the gateway. */
  const firstOpenFile = (id: string) => claimFirstOpenFile(d, id);

  return { workspaces: service, templates: t, converger, firstOpenFile };
}

/** Runs workspace operations and the reconciler (deps.converger). */
export type Converger = ReturnType<typeof createWorkspacesModule>['converger'];
