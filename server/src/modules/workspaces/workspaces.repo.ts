import type { PlanId, StepProgressDto, StepStatus, WorkspaceStatus } from '@youarecoder/contract';
import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { users } from '../accounts/accounts.schema.ts';
import { companies } from '../companies/companies.schema.ts';
import { workspaceSteps, workspaces, workspaceTemplates, workspaceTransitions } from './workspaces.schema.ts';

/** A workspace row. */
export type WorkspaceRow = typeof workspaces.$inferSelect;
/** A step row. */
export type StepRow = typeof workspaceSteps.$inferSelect;

/** A workspace with what its DTO needs from other tables. */
export interface WorkspaceView {
  ws: WorkspaceRow;
  owner: { id: string; fullName: string; email: string; locale: 'en' | 'tr' };
  template: { id: string; name: string };
  company: { name: string; subdomain: string; plan: PlanId };
  steps: StepRow[];
}

/** Workspaces with owner, template and company, in creation order. */
export async function loadViews(exec: Executor, where: ReturnType<typeof and>): Promise<WorkspaceView[]> {
  const rows = await exec
    .select({
      ws: workspaces,
      owner: { id: users.id, fullName: users.fullName, email: users.email, locale: users.locale },
      template: { id: workspaceTemplates.id, name: workspaceTemplates.name },
      company: { name: companies.name, subdomain: companies.subdomain, plan: companies.plan },
    })
    .from(workspaces)
    .innerJoin(users, eq(users.id, workspaces.ownerId))
    .innerJoin(workspaceTemplates, eq(workspaceTemplates.id, workspaces.templateId))
    .innerJoin(companies, eq(companies.id, workspaces.companyId))
    .where(where)
    .orderBy(asc(workspaces.createdAt), asc(workspaces.id));
  if (rows.length === 0) return [];
  const steps = await exec
    .select()
    .from(workspaceSteps)
    .where(
      inArray(
        workspaceSteps.workspaceId,
        rows.map((r) => r.ws.id),
      ),
    )
    .orderBy(asc(workspaceSteps.workspaceId), asc(workspaceSteps.index));
  const byWs = new Map<string, StepRow[]>();
  for (const s of steps) {
    const list = byWs.get(s.workspaceId);
    if (list) list.push(s);
    else byWs.set(s.workspaceId, [s]);
  }
  return rows.map((r) => ({ ...r, steps: byWs.get(r.ws.id) ?? [] }));
}

/** One workspace of a company, or undefined (also for another company's id). */
export async function loadView(
  exec: Executor,
  companyId: string,
  id: string,
): Promise<WorkspaceView | undefined> {
  const [v] = await loadViews(exec, and(eq(workspaces.id, id), eq(workspaces.companyId, companyId)));
  return v;
}

/** A workspace row by id alone (jobs), optionally locked. */
export async function findWorkspace(
  exec: Executor,
  id: string,
  lock = false,
): Promise<WorkspaceRow | undefined> {
  const q = exec.select().from(workspaces).where(eq(workspaces.id, id));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** How many workspaces a company and one of its users have (every row counts until it is gone). */
export async function countWorkspaces(
  exec: Executor,
  companyId: string,
  userId: string,
): Promise<{ company: number; mine: number }> {
  const [row] = await exec
    .select({
      company: sql<number>`count(*)::int`,
      mine: sql<number>`count(*) filter (where ${workspaces.ownerId} = ${userId})::int`,
    })
    .from(workspaces)
    .where(eq(workspaces.companyId, companyId));
  return { company: row?.company ?? 0, mine: row?.mine ?? 0 };
}

/** Change a workspace's status, record the transition, keep other fields in the same update. */
export async function transition(
  exec: Executor,
  ws: Pick<WorkspaceRow, 'id' | 'status'>,
  to: WorkspaceStatus,
  reason: string | null,
  at: Date,
  actorId: string | null = null,
  patch: Partial<WorkspaceRow> = {},
): Promise<void> {
  await exec
    .update(workspaces)
    .set({ ...patch, status: to, statusReason: reason, updatedAt: at })
    .where(eq(workspaces.id, ws.id));
  await exec.insert(workspaceTransitions).values({
    workspaceId: ws.id,
    fromStatus: ws.status,
    toStatus: to,
    reason,
    actorId,
    at,
  });
}

/** Update fields of a workspace without a state change. */
export async function updateWorkspace(
  exec: Executor,
  id: string,
  patch: Partial<WorkspaceRow>,
): Promise<void> {
  await exec.update(workspaces).set(patch).where(eq(workspaces.id, id));
}

/** Update one provisioning step. */
export async function updateStep(
  exec: Executor,
  workspaceId: string,
  index: number,
  patch: Partial<Omit<StepRow, 'workspaceId' | 'index'>>,
): Promise<void> {
  await exec
    .update(workspaceSteps)
    .set(patch)
    .where(and(eq(workspaceSteps.workspaceId, workspaceId), eq(workspaceSteps.index, index)));
}

/** Reset every step of a workspace to pending (a fresh provisioning run). */
export async function resetSteps(exec: Executor, workspaceId: string): Promise<void> {
  await exec
    .update(workspaceSteps)
    .set({ status: 'pending', attempts: 0, startedAt: null, finishedAt: null, error: null, output: '' })
    .where(eq(workspaceSteps.workspaceId, workspaceId));
}

/** Transitions of a workspace, oldest first (the last 200). */
export async function listTransitions(exec: Executor, workspaceId: string) {
  const rows = await exec
    .select()
    .from(workspaceTransitions)
    .where(eq(workspaceTransitions.workspaceId, workspaceId))
    .orderBy(sql`${workspaceTransitions.id} desc`)
    .limit(200);
  return rows.reverse();
}

/** Ids of workspaces in any of these states (reconciler, installer). */
export async function idsInStatus(exec: Executor, statuses: WorkspaceStatus[]): Promise<WorkspaceRow[]> {
  return exec.select().from(workspaces).where(inArray(workspaces.status, statuses));
}

/** Every workspace row (the reconciler compares them with the runtime's list). */
export async function allWorkspaces(exec: Executor): Promise<WorkspaceRow[]> {
  return exec.select().from(workspaces);
}

/** The DTO form of a step row. */
export function presentStep(s: StepRow): StepProgressDto {
  return {
    index: s.index,
    type: s.type,
    name: s.name,
    status: s.status as StepStatus,
    attempts: s.attempts,
    startedAt: s.startedAt?.toISOString() ?? null,
    finishedAt: s.finishedAt?.toISOString() ?? null,
    error: s.error,
  };
}

/**
 * A company's workspace transitions in a window, oldest first, plus each workspace's last one before
 * it (the state it entered the window in): what billing's chargeback evidence shows as usage.
 */
export async function transitionsOfCompany(exec: Executor, companyId: string, from: Date, to: Date) {
  const cols = {
    workspaceId: workspaceTransitions.workspaceId,
    workspaceName: workspaces.name,
    fromStatus: workspaceTransitions.fromStatus,
    toStatus: workspaceTransitions.toStatus,
    reason: workspaceTransitions.reason,
    at: workspaceTransitions.at,
  };
  const before = await exec
    .selectDistinctOn([workspaceTransitions.workspaceId], cols)
    .from(workspaceTransitions)
    .innerJoin(workspaces, eq(workspaces.id, workspaceTransitions.workspaceId))
    .where(and(eq(workspaces.companyId, companyId), sql`${workspaceTransitions.at} < ${from.toISOString()}`))
    .orderBy(workspaceTransitions.workspaceId, sql`${workspaceTransitions.id} desc`);
  const inside = await exec
    .select(cols)
    .from(workspaceTransitions)
    .innerJoin(workspaces, eq(workspaces.id, workspaceTransitions.workspaceId))
    .where(
      and(
        eq(workspaces.companyId, companyId),
        sql`${workspaceTransitions.at} >= ${from.toISOString()}`,
        sql`${workspaceTransitions.at} < ${to.toISOString()}`,
      ),
    )
    .orderBy(asc(workspaceTransitions.id))
    .limit(5000);
  return { before, inside };
}
