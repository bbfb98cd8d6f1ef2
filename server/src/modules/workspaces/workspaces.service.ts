// Workspaces as users see them: create (quota in the same transaction), list, read, start, stop,
// restart, delete, settings, logs. Every operation records the new state at once (pending,
// starting, stopping, deleting) with its reason and queues the converge job, which does the slow
// part through the runtime driver (workspaces.converge.ts).
import {
  DISK_FULL_RATIO,
  outOfMemoryMessage,
  type PlanId,
  type PlanLimits,
  planLimits,
  type WorkspaceAcceptedDto,
  type WorkspaceDto,
  type WorkspaceListDto,
  type WorkspaceLogsDto,
  type WorkspaceStatus,
} from '@youarecoder/contract';
import { and, eq, type SQL } from 'drizzle-orm';
import { type Db, type Tx, uniqueViolation } from '../../platform/db/client.ts';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { findCompany, lockCompany } from '../companies/companies.repo.ts';
import { findMember } from '../companies/members.repo.ts';
import type { WorkspaceModuleDeps } from './deps.ts';
import { workspaceHostOf, workspaceUrlOf } from './hosts.ts';
import { workspaceLimits } from './limits.ts';
import { stepLabel } from './provisioning/index.ts';
import { findTemplateFor } from './templates.repo.ts';
import * as repo from './workspaces.repo.ts';
import { workspaceSteps, workspaces } from './workspaces.schema.ts';

const ADMIN_ROLES = new Set(['owner', 'admin']);

/** Whether the principal may see and govern a workspace (its owner, or a company admin). */
export function canManage(p: Principal, ws: { companyId: string; ownerId: string }): boolean {
  return ws.companyId === p.companyId && (ws.ownerId === p.userId || ADMIN_ROLES.has(p.role));
}

/**
 * Whether the user may open the IDE: its owner, or an owner/admin of the company when the owner
 * shared it with admins.
 */
export function canOpen(
  user: { userId: string; companyId: string; role: string },
  ws: { companyId: string; ownerId: string; sharedWithAdmins: boolean },
): boolean {
  if (ws.companyId !== user.companyId) return false;
  return ws.ownerId === user.userId || (ws.sharedWithAdmins && ADMIN_ROLES.has(user.role));
}

/** The workspaces service. */
export function createWorkspacesService(d: WorkspaceModuleDeps) {
  const { db, clock, ids, audit, config } = d;
  const actorOf = (p: Principal) => ({ userId: p.userId, email: p.email });

  /** The DTO of a loaded workspace. */
  function present(v: repo.WorkspaceView): WorkspaceDto {
    const ws = v.ws;
    const limits = planLimits(v.company.plan);
    const perWorkspace = workspaceLimits(v.company.plan);
    const lastActivity = latest(ws.lastActivityAt, ws.startedAt);
    const autoStopAt =
      ws.status === 'running' && lastActivity
        ? new Date(lastActivity.getTime() + ws.idleTimeoutMinutes * 60_000).toISOString()
        : null;
    return {
      id: ws.id,
      name: ws.name,
      status: ws.status,
      statusReason: ws.statusReason,
      url: workspaceUrl(ws.name, v.company.subdomain),
      owner: { id: v.owner.id, fullName: v.owner.fullName, email: v.owner.email },
      template: v.template,
      idleTimeoutMinutes: ws.idleTimeoutMinutes,
      autoStopAt,
      lastActivityAt: lastActivity?.toISOString() ?? null,
      sharedWithAdmins: ws.sharedWithAdmins,
      diskBytes: ws.diskBytes,
      diskQuotaBytes: limits.diskQuotaBytes,
      overDiskQuota: ws.diskBytes !== null && ws.diskBytes > limits.diskQuotaBytes,
      isolated: d.driver.isolated,
      limits: perWorkspace,
      limitsEnforced: d.driver.contained,
      outOfMemory: ws.lastOomAt
        ? {
            at: ws.lastOomAt.toISOString(),
            kills: ws.oomKills,
            message: outOfMemoryMessage(perWorkspace.memoryBytes),
          }
        : null,
      diskFull:
        d.driver.contained &&
        ws.diskBytes !== null &&
        ws.diskBytes >= perWorkspace.diskBytes * DISK_FULL_RATIO,
      steps: v.steps.map(repo.presentStep),
      createdAt: ws.createdAt.toISOString(),
      startedAt: ws.startedAt?.toISOString() ?? null,
      stoppedAt: ws.stoppedAt?.toISOString() ?? null,
    };
  }

  const workspaceUrl = (name: string, subdomain: string) => workspaceUrlOf(config, name, subdomain);

  /** A workspace the principal may manage, or 404 (also for other companies' and hidden ones). */
  async function viewFor(p: Principal, id: string, exec: Db | Tx = db): Promise<repo.WorkspaceView> {
    const v = await repo.loadView(exec, p.companyId, id);
    if (!v || !canManage(p, v.ws)) throw notFound('Workspace');
    return v;
  }

  /** Lock a workspace row the principal may manage (operations on one workspace run one at a time). */
  async function lockFor(tx: Tx, p: Principal, id: string): Promise<repo.WorkspaceRow> {
    const ws = await repo.findWorkspace(tx, id, true);
    if (!ws || !canManage(p, ws)) throw notFound('Workspace');
    return ws;
  }

  /** The 202 answer, read in the operation's transaction (a fast job may delete the row right after). */
  async function accepted(p: Principal, id: string, exec: Db | Tx = db): Promise<WorkspaceAcceptedDto> {
    const v = await viewFor(p, id, exec);
    return { id: v.ws.id, status: v.ws.status, url: workspaceUrl(v.ws.name, v.company.subdomain) };
  }

  /** Notify listeners (SSE) once the transaction commits. */
  const changed = (tx: Db | Tx, id: string) => d.events.notify(tx, { id, kind: 'workspace' });

  return {
    present,
    workspaceUrl,
    viewFor,

    /** Members see their own workspaces; owners and admins the company's. */
    async list(p: Principal): Promise<WorkspaceListDto> {
      const where: SQL | undefined = ADMIN_ROLES.has(p.role)
        ? eq(workspaces.companyId, p.companyId)
        : and(eq(workspaces.companyId, p.companyId), eq(workspaces.ownerId, p.userId));
      const [views, counts, me, company] = await Promise.all([
        repo.loadViews(db, and(where)),
        repo.countWorkspaces(db, p.companyId, p.userId),
        findMember(db, p.companyId, p.userId),
        findCompany(db, p.companyId),
      ]);
      return {
        items: views.map(present),
        quota: {
          mine: counts.mine,
          myQuota: me?.workspaceQuota ?? 0,
          company: counts.company,
          companyLimit: company?.workspaceLimit ?? 0,
          plan: (company?.plan ?? 'starter') as PlanId,
        },
        runtime: d.ide.status(),
      };
    },

    async get(p: Principal, id: string): Promise<WorkspaceDto> {
      return present(await viewFor(p, id));
    },

    /**
     * Create a workspace. The company row is locked, so the company limit and the user's quota are
     * checked against counts no concurrent create can change before this one commits.
     */
    async create(
      p: Principal,
      body: { name: string; templateId: string; idleTimeoutMinutes?: number },
      meta: RequestMeta,
    ): Promise<WorkspaceAcceptedDto> {
      const id = ids.id('ws');
      const now = clock.now();
      await d.ensureTemplates();
      try {
        return await db.transaction(async (tx) => {
          const company = await lockCompany(tx, p.companyId);
          const me = company ? await findMember(tx, p.companyId, p.userId) : undefined;
          if (!company || !me)
            throw new AppError('UNAUTHENTICATED', 'Your account no longer exists; sign in again.');
          await ensureServing(tx, p.companyId, 'create workspaces');
          const limits = planLimits(company.plan);
          const label = workspaceHostOf(config, body.name, company.subdomain).split('.')[0] ?? '';
          if (label.length > 63) {
            throw new AppError('VALIDATION_FAILED', 'The workspace name is too long for this company.', {
              fields: {
                name: `must be at most ${63 - 2 - company.subdomain.length} characters for this company`,
              },
              fieldCodes: { name: 'too_big' },
              fieldParams: { name: { maximum: 63 - 2 - company.subdomain.length, origin: 'string' } },
            });
          }
          const idle = body.idleTimeoutMinutes ?? limits.defaultIdleTimeoutMinutes;
          checkIdleTimeout(idle, limits);
          const template = await findTemplateFor(tx, p.companyId, body.templateId);
          if (!template) {
            throw new AppError('VALIDATION_FAILED', 'There is no such template.', {
              fields: { templateId: 'is not a template of this company or an official one' },
              fieldCodes: { templateId: 'invalid_value' },
            });
          }
          const counts = await repo.countWorkspaces(tx, p.companyId, p.userId);
          // The first workspace comes before the verification mail is read (a new user tries the
          // product at once); the address must be proven before more of the company's quota is spent.
          if (!p.emailVerified && counts.mine >= 1) {
            throw new AppError(
              'EMAIL_NOT_VERIFIED',
              'Your first workspace is ready to use; verify your email address to create more: follow the link we sent you.',
            );
          }
          if (counts.company >= company.workspaceLimit) {
            throw new AppError(
              'QUOTA_EXCEEDED',
              `The company has ${counts.company} of its ${company.workspaceLimit} workspaces (${company.plan} plan); delete one or move to a larger plan.`,
            );
          }
          if (counts.mine >= me.workspaceQuota) {
            throw new AppError(
              'QUOTA_EXCEEDED',
              `You have ${counts.mine} of your ${me.workspaceQuota} workspaces; delete one or ask an admin for a larger quota.`,
            );
          }
          await tx.insert(workspaces).values({
            id,
            companyId: p.companyId,
            ownerId: p.userId,
            name: body.name,
            templateId: template.id,
            steps: template.steps,
            ide: template.ide,
            status: 'pending',
            statusReason: null,
            desired: 'running',
            idleTimeoutMinutes: idle,
            operationStartedAt: now,
            createdAt: now,
            updatedAt: now,
          });
          if (template.steps.length) {
            await tx.insert(workspaceSteps).values(
              template.steps.map((s, index) => ({
                workspaceId: id,
                index,
                type: s.type,
                name: stepLabel(s),
                status: 'pending',
              })),
            );
          }
          await repo.transition(
            tx,
            { id, status: null as unknown as WorkspaceStatus },
            'pending',
            'created',
            now,
            p.userId,
          );
          await audit.record(tx, {
            companyId: p.companyId,
            actor: actorOf(p),
            action: 'workspace.created',
            target: { type: 'workspace', id },
            metadata: {
              name: body.name,
              templateId: template.id,
              templateName: template.name,
              idleTimeoutMinutes: idle,
            },
            meta,
          });
          await d.queueConverge(tx, id, { requestId: meta.requestId });
          await changed(tx, id);
          return { id, status: 'pending' as const, url: workspaceUrl(body.name, company.subdomain) };
        });
      } catch (err) {
        if (uniqueViolation(err) === 'workspaces_company_name_key') {
          throw new AppError('CONFLICT', `A workspace named ${body.name} already exists in your company.`, {
            fields: { name: 'is already taken' },
            fieldCodes: { name: 'already_taken' },
          });
        }
        throw err;
      }
    },

    /** Start a stopped or failed workspace (a never-provisioned one provisions first). */
    start: (p: Principal, id: string, meta: RequestMeta) => operate(p, id, meta, 'start'),
    /** Stop a workspace; the reason names who stopped it. */
    stop: (p: Principal, id: string, meta: RequestMeta) => operate(p, id, meta, 'stop'),
    /** Restart a running workspace's IDE (terminals end). */
    restart: (p: Principal, id: string, meta: RequestMeta) => operate(p, id, meta, 'restart'),
    /** Delete a workspace: processes, Linux user, files and row go (the converge job does it). */
    remove: (p: Principal, id: string, meta: RequestMeta) => operate(p, id, meta, 'delete'),

    /** Idle timeout (owner or admin) and sharing with admins (the owner alone). */
    async update(
      p: Principal,
      id: string,
      body: { idleTimeoutMinutes?: number; sharedWithAdmins?: boolean },
      meta: RequestMeta,
    ): Promise<WorkspaceDto> {
      await db.transaction(async (tx) => {
        const ws = await lockFor(tx, p, id);
        const limits = await planOf(tx, p.companyId);
        if (body.sharedWithAdmins !== undefined && ws.ownerId !== p.userId) {
          throw new AppError(
            'FORBIDDEN',
            'Only the owner of the workspace decides whether admins may open it.',
          );
        }
        if (body.idleTimeoutMinutes !== undefined) checkIdleTimeout(body.idleTimeoutMinutes, limits);
        const patch: Partial<repo.WorkspaceRow> = { updatedAt: clock.now() };
        const diff: Record<string, { from: unknown; to: unknown }> = {};
        if (body.idleTimeoutMinutes !== undefined && body.idleTimeoutMinutes !== ws.idleTimeoutMinutes) {
          patch.idleTimeoutMinutes = body.idleTimeoutMinutes;
          diff.idleTimeoutMinutes = { from: ws.idleTimeoutMinutes, to: body.idleTimeoutMinutes };
        }
        if (body.sharedWithAdmins !== undefined && body.sharedWithAdmins !== ws.sharedWithAdmins) {
          patch.sharedWithAdmins = body.sharedWithAdmins;
          diff.sharedWithAdmins = { from: ws.sharedWithAdmins, to: body.sharedWithAdmins };
        }
        if (Object.keys(diff).length === 0) return;
        await repo.updateWorkspace(tx, id, patch);
        await audit.record(tx, { ...auditEntry(p, 'workspace.updated', ws, meta), diff });
        await changed(tx, id);
      });
      return present(await viewFor(p, id));
    },

    /** Provisioning steps with their output, transitions, and the tail of the IDE's log. */
    async logs(p: Principal, id: string): Promise<WorkspaceLogsDto> {
      const v = await viewFor(p, id);
      const [transitions, ide] = await Promise.all([
        repo.listTransitions(db, id),
        d.driver.logs(id, { tail: 200 }).catch(() => [] as string[]),
      ]);
      return {
        steps: v.steps.map((s) => ({ ...repo.presentStep(s), output: s.output })),
        transitions: transitions.map((t) => ({
          from: t.fromStatus,
          to: t.toStatus,
          reason: t.reason,
          at: t.at.toISOString(),
        })),
        // The platform's own word in the log: the kernel stopped a process for memory.
        ide: v.ws.lastOomAt
          ? [
              ...ide,
              `[youarecoder ${v.ws.lastOomAt.toISOString()}] ${outOfMemoryMessage(workspaceLimits(v.company.plan).memoryBytes)} (${v.ws.oomKills} so far)`,
            ]
          : ide,
      };
    },
  };

  /**
   * One user operation: lock the row, decide from its state (nothing to do, refuse, or move), record
   * the new state with its reason, audit, and queue the converge job, in one transaction.
   */
  async function operate(
    p: Principal,
    id: string,
    meta: RequestMeta,
    op: Operation,
  ): Promise<WorkspaceAcceptedDto> {
    const rule = OPERATIONS[op];
    return db.transaction(async (tx) => {
      const ws = await lockFor(tx, p, id);
      if (rule.already.includes(ws.status)) return accepted(p, id, tx); // idempotent: there or on its way
      const refusal = rule.refuse(ws.status);
      if (refusal) throw new AppError('CONFLICT', refusal);
      if (op === 'start' || op === 'restart') await ensureServing(tx, ws.companyId, 'start workspaces');
      if (op === 'start') await ensureUnderDiskQuota(tx, ws);
      // A workspace whose provisioning never succeeded provisions again from the first step.
      const reprovision = op === 'start' && ws.provisionedAt === null;
      if (reprovision) await repo.resetSteps(tx, id);
      const now = clock.now();
      await repo.transition(
        tx,
        ws,
        reprovision ? 'pending' : rule.to,
        `${rule.verb} by ${p.email}`,
        now,
        p.userId,
        {
          desired: rule.desired,
          operationStartedAt: now,
        },
      );
      await audit.record(tx, auditEntry(p, rule.action, ws, meta));
      await d.queueConverge(tx, id, { restart: op === 'restart', requestId: meta.requestId });
      await changed(tx, id);
      return accepted(p, id, tx);
    });
  }

  function auditEntry(
    p: Principal,
    action: Parameters<typeof audit.record>[1]['action'],
    ws: repo.WorkspaceRow,
    meta: RequestMeta,
  ) {
    return {
      companyId: p.companyId,
      actor: actorOf(p),
      action,
      target: { type: 'workspace', id: ws.id },
      metadata: { name: ws.name, from: ws.status },
      meta,
    };
  }

  async function planOf(exec: Db | Tx, companyId: string) {
    const company = await findCompany(exec, companyId);
    return planLimits(company?.plan ?? 'starter');
  }

  /** Refuse with 402 while the company is suspended or canceled (its workspaces stay, stopped). */
  async function ensureServing(tx: Tx, companyId: string, what: string): Promise<void> {
    if ((await d.entitlements(tx, companyId)).canUseWorkspaces) return;
    throw new AppError(
      'SUBSCRIPTION_INACTIVE',
      `The company's subscription is suspended or canceled, so you cannot ${what}; an owner or admin can pay on the Billing page to restore it (workspaces and their data are kept).`,
    );
  }

  /**
   * Where the driver does not hold the disk to the quota (the process driver), a workspace over it may not
   * start. A contained workspace's disk is the quota: it starts full (after a downgrade, fuller), so its
   * developer can open the IDE and free space.
   */
  async function ensureUnderDiskQuota(tx: Tx, ws: repo.WorkspaceRow): Promise<void> {
    if (d.driver.contained) return;
    const quota = (await planOf(tx, ws.companyId)).diskQuotaBytes;
    if (ws.diskBytes !== null && ws.diskBytes > quota) {
      const gb = (n: number) => (n / 1024 ** 3).toFixed(1);
      throw new AppError(
        'CONFLICT',
        `The workspace uses ${gb(ws.diskBytes)} GB of its ${gb(quota)} GB disk quota; free space (or ask an admin) before starting it.`,
      );
    }
  }
}

type Operation = 'start' | 'stop' | 'restart' | 'delete';

/** What each operation does to the state, and when it is a no-op or refused. */
const OPERATIONS: Record<
  Operation,
  {
    to: WorkspaceStatus;
    desired: 'running' | 'stopped' | 'deleted';
    verb: string;
    action: 'workspace.started' | 'workspace.stopped' | 'workspace.restarted' | 'workspace.deleted';
    already: readonly WorkspaceStatus[];
    refuse: (status: WorkspaceStatus) => string | null;
  }
> = {
  start: {
    to: 'starting',
    desired: 'running',
    verb: 'started',
    action: 'workspace.started',
    already: ['running', 'starting', 'pending', 'provisioning'],
    refuse: (s) =>
      s === 'stopping' || s === 'deleting' ? `The workspace is ${s}; start it once that is done.` : null,
  },
  stop: {
    to: 'stopping',
    desired: 'stopped',
    verb: 'stopped',
    action: 'workspace.stopped',
    already: ['stopped', 'stopping'],
    refuse: (s) => (s === 'deleting' ? 'The workspace is being deleted.' : null),
  },
  restart: {
    to: 'starting',
    desired: 'running',
    verb: 'restarted',
    action: 'workspace.restarted',
    already: [],
    refuse: (s) => (s === 'running' ? null : `Only a running workspace can be restarted; this one is ${s}.`),
  },
  delete: {
    to: 'deleting',
    desired: 'deleted',
    verb: 'deleted',
    action: 'workspace.deleted',
    already: ['deleting'],
    refuse: () => null,
  },
};

/** Refuse an idle timeout above the plan's ceiling (the schema already bounds it to 15 min–8 h). */
function checkIdleTimeout(minutes: number, limits: PlanLimits): void {
  if (minutes <= limits.maxIdleTimeoutMinutes) return;
  throw new AppError('VALIDATION_FAILED', 'The idle timeout is above what the plan allows.', {
    fields: { idleTimeoutMinutes: `must be at most ${limits.maxIdleTimeoutMinutes} minutes on this plan` },
    fieldCodes: { idleTimeoutMinutes: 'too_big' },
    fieldParams: { idleTimeoutMinutes: { maximum: limits.maxIdleTimeoutMinutes, origin: 'number' } },
  });
}

function latest(...dates: Array<Date | null>): Date | null {
  let best: Date | null = null;
  for (const d of dates) if (d && (!best || d > best)) best = d;
  return best;
}

/** The service's type. */
export type WorkspacesService = ReturnType<typeof createWorkspacesService>;
