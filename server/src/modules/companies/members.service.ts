import { can, type MemberDto, type RemovedResources, type UpdateMemberBody } from '@youarecoder/contract';
import type { Tx } from '../../platform/db/client.ts';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { invalid, notFound } from '../../platform/http/errors.ts';
import type { CompaniesDeps } from './companies.service.ts';
import * as repo from './members.repo.ts';
import { allow, ensureQuotaFits, lockTeam } from './team.guards.ts';
import { presentMember } from './team.present.ts';

/** What a module does with a removed member's resources, in the removal's transaction. */
export type MemberRemovalHandler = (
  tx: Tx,
  removal: {
    companyId: string;
    userId: string;
    resources: RemovedResources;
    by: Principal;
    meta: RequestMeta;
  },
) => Promise<void>;

/** Members: list, role and quota changes, removal, ownership transfer. */
export function createMembersService(deps: CompaniesDeps) {
  const { db, clock, audit, accounts } = deps;
  const actorOf = (p: Principal) => ({ userId: p.userId, email: p.email });
  const removalHandlers: MemberRemovalHandler[] = [];

  return {
    /**
     * Modules above companies (workspaces) react to a removal inside its transaction: they hand the
     * member's resources to the remover or delete them, before the user row goes.
     */
    onMemberRemoved(handler: MemberRemovalHandler): void {
      removalHandlers.push(handler);
    },

    /** Every member of the caller's company. */
    async listMembers(p: Principal): Promise<MemberDto[]> {
      return (await repo.listMembers(db, p.companyId)).map(presentMember);
    },

    /** Change a member's role and/or workspace quota (owner, admin; rules in contract's team-policy.ts). */
    async updateMember(
      p: Principal,
      userId: string,
      body: UpdateMemberBody,
      meta: RequestMeta,
    ): Promise<MemberDto> {
      return db.transaction(async (tx) => {
        const { company, actor } = await lockTeam(tx, p);
        const target = await repo.findMember(tx, p.companyId, userId);
        if (!target) throw notFound('Member');
        const now = clock.now();
        const patch: Parameters<typeof repo.updateMember>[3] = {};
        const audits: Array<() => Promise<void>> = [];
        const base = {
          companyId: p.companyId,
          actor: actorOf(p),
          target: { type: 'user', id: target.id },
          meta,
        };

        if (body.role !== undefined && body.role !== target.role) {
          allow(can(actor, { type: 'member.changeRole', target, to: body.role }));
          patch.role = body.role;
          const diff = { role: { from: target.role, to: body.role } };
          audits.push(() =>
            audit.record(tx, {
              ...base,
              action: 'member.role_changed',
              diff,
              metadata: { email: target.email },
            }),
          );
        }
        if (body.workspaceQuota !== undefined && body.workspaceQuota !== target.workspaceQuota) {
          allow(can(actor, { type: 'member.changeQuota', target }));
          // Lowering never needs room, even when a lowered company limit left the sum above it.
          if (body.workspaceQuota > target.workspaceQuota) {
            await ensureQuotaFits(tx, company, now, body.workspaceQuota, { userId: target.id });
          }
          patch.workspaceQuota = body.workspaceQuota;
          const diff = { workspaceQuota: { from: target.workspaceQuota, to: body.workspaceQuota } };
          audits.push(() =>
            audit.record(tx, {
              ...base,
              action: 'member.quota_changed',
              diff,
              metadata: { email: target.email },
            }),
          );
        }
        if (!audits.length) return presentMember(target);

        await repo.updateMember(tx, p.companyId, target.id, { ...patch, updatedAt: now });
        for (const write of audits) await write();
        return presentMember({ ...target, ...patch, updatedAt: now });
      });
    },

    /**
     * Remove a member: every session and API token ends and the user row goes, in one
     * transaction. The audit log keeps who it was and what was chosen for their resources.
     */
    async removeMember(
      p: Principal,
      userId: string,
      resources: RemovedResources,
      meta: RequestMeta,
    ): Promise<void> {
      await db.transaction(async (tx) => {
        const { actor } = await lockTeam(tx, p);
        const target = await repo.findMember(tx, p.companyId, userId, true);
        if (!target) throw notFound('Member');
        allow(can(actor, { type: 'member.remove', target }));
        await accounts.revokeEverything(tx, target.id);
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf(p),
          action: 'member.removed',
          target: { type: 'user', id: target.id },
          metadata: {
            email: target.email,
            fullName: target.fullName,
            role: target.role,
            workspaceQuota: target.workspaceQuota,
            resources,
            resourcesTo: resources === 'transfer' ? p.userId : null,
          },
          meta,
        });
        for (const handler of removalHandlers) {
          await handler(tx, { companyId: p.companyId, userId: target.id, resources, by: p, meta });
        }
        await repo.deleteMember(tx, p.companyId, target.id);
      });
    },

    /** Hand the company to another verified member; the old owner stays on as admin. */
    async transferOwnership(
      p: Principal,
      body: { userId: string; password: string },
      meta: RequestMeta,
    ): Promise<void> {
      // Outside the transaction: argon2 takes a while and must not hold the company lock.
      if (!(await accounts.checkPassword(p, body.password))) {
        throw invalid(
          { password: 'is wrong' },
          'The password is wrong; enter your current password to transfer ownership.',
          { password: 'wrong_password' },
        );
      }
      await db.transaction(async (tx) => {
        const { actor } = await lockTeam(tx, p);
        const target = await repo.findMember(tx, p.companyId, body.userId, true);
        if (!target) throw notFound('Member');
        allow(can(actor, { type: 'company.transferOwnership', target }));
        if (!target.emailVerifiedAt) {
          throw invalid(
            { userId: 'has not verified their email address' },
            `${target.email} has not verified their email address yet; they must do so before they can own the company.`,
            { userId: 'not_verified' },
          );
        }
        const now = clock.now();
        // Demote first: users_one_owner_per_company allows one owner at any moment.
        await repo.updateMember(tx, p.companyId, actor.id, { role: 'admin', updatedAt: now });
        await repo.updateMember(tx, p.companyId, target.id, { role: 'owner', updatedAt: now });
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf(p),
          action: 'company.ownership_transferred',
          target: { type: 'company', id: p.companyId },
          diff: {
            ownerUserId: { from: actor.id, to: target.id },
            ownerEmail: { from: actor.email, to: target.email },
          },
          metadata: { previousOwnerRole: 'admin', previousRoleOfNewOwner: target.role },
          meta,
        });
      });
    },
  };
}
