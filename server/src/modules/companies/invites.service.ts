import { type CreateInviteBody, can, type InviteDto } from '@youarecoder/contract';
import { DAY } from '../../platform/clock.ts';
import { type Executor, uniqueViolation } from '../../platform/db/client.ts';
import { type Principal, type RequestMeta, requireVerified } from '../../platform/http/auth.ts';
import { AppError, type AppErrorOptions, notFound } from '../../platform/http/errors.ts';
import { hashSecret } from '../../platform/ids.ts';
import type { CompanyRow } from './companies.repo.ts';
import type { CompaniesDeps } from './companies.service.ts';
import { createInviteAcceptance } from './invites.accept.ts';
import * as repo from './invites.repo.ts';
import type { MemberRow } from './members.repo.ts';
import { allow, emailTaken, ensureQuotaFits, lockTeam, takeFromOwner } from './team.guards.ts';
import { inviteStatus, presentInvite } from './team.present.ts';

/** How long an invitation link works. */
export const INVITE_TTL_MS = 7 * DAY;
/** Expired invites stay listed this long, so an admin notices and resends. */
export const EXPIRED_INVITES_SHOWN_MS = 30 * DAY;

/** Invites: send, resend, revoke (owner, admin); look up and accept live in invites.accept.ts. */
export function createInvitesService(deps: CompaniesDeps) {
  const { db, ids, clock, config, audit, notifications, accounts } = deps;
  const actorOf = (p: Principal) => ({ userId: p.userId, email: p.email });

  /** A new secret for an invite: the hash and expiry to store, the token to mail. */
  function freshLink(now: Date) {
    const token = ids.secret(32);
    return {
      token,
      stored: {
        tokenHash: hashSecret(token),
        expiresAt: new Date(now.getTime() + INVITE_TTL_MS),
        lastSentAt: now,
      },
    };
  }

  /** Queue the invitation mail carrying `token`. */
  async function mailInvite(
    tx: Executor,
    invite: repo.InviteRow,
    token: string,
    company: CompanyRow,
    inviter: MemberRow,
    requestId: string,
  ) {
    await notifications.queue(tx, {
      template: 'invite',
      to: invite.email,
      // The invitee has no locale yet; the inviter's is the best guess for a colleague.
      locale: inviter.locale,
      data: {
        companyName: company.name,
        inviterName: inviter.fullName,
        role: invite.role,
        url: `${config.publicUrl}/accept-invite?token=${encodeURIComponent(token)}`,
        expiresAt: invite.expiresAt,
      },
      companyId: company.id,
      requestId,
    });
  }

  return {
    ...createInviteAcceptance(deps),

    /** Pending invites and the ones that expired recently (owner, admin). */
    async listInvites(p: Principal): Promise<InviteDto[]> {
      allow(can({ id: p.userId, role: p.role }, { type: 'invites.manage' }));
      const now = clock.now();
      const rows = await repo.listOpenInvites(
        db,
        p.companyId,
        new Date(now.getTime() - EXPIRED_INVITES_SHOWN_MS),
      );
      return rows.map((r) => presentInvite(r.invite, r.inviter, now));
    },

    /** Invite someone by email with a role and a workspace quota that must fit the company limit. */
    async createInvite(p: Principal, body: CreateInviteBody, meta: RequestMeta): Promise<InviteDto> {
      try {
        return await db.transaction(async (tx) => {
          const { company, actor } = await lockTeam(tx, p);
          allow(can(actor, { type: 'invites.manage' }));
          if (await accounts.findUserByEmail(tx, body.email)) throw emailTaken();
          const open = await repo.findOpenInviteByEmail(tx, p.companyId, body.email);
          if (open) throw openInviteConflict(open, clock.now());
          const now = clock.now();
          // The owner holds the plan's unallocated workspaces from signup, so the owner's quota is
          // the team's pool: whoever may invite (the owner, an admin) may move what is missing.
          const taken = body.takeFromOwner
            ? await takeFromOwner(tx, company, now, body.workspaceQuota)
            : null;
          await ensureQuotaFits(tx, company, now, body.workspaceQuota);
          if (taken) {
            await audit.record(tx, {
              companyId: p.companyId,
              actor: actorOf(p),
              action: 'member.quota_changed',
              target: { type: 'user', id: taken.ownerId },
              diff: { workspaceQuota: { from: taken.from, to: taken.to } },
              metadata: { email: body.email, reason: 'invite' },
              meta,
            });
          }
          const link = freshLink(now);
          const row: repo.InviteRow = {
            id: ids.id('ivt'),
            companyId: p.companyId,
            email: body.email,
            role: body.role,
            workspaceQuota: body.workspaceQuota,
            invitedBy: actor.id,
            createdAt: now,
            acceptedAt: null,
            revokedAt: null,
            ...link.stored,
          };
          await repo.insertInvite(tx, row);
          await mailInvite(tx, row, link.token, company, actor, meta.requestId);
          await audit.record(tx, {
            companyId: p.companyId,
            actor: actorOf(p),
            action: 'invite.sent',
            target: { type: 'invite', id: row.id },
            metadata: { email: body.email, role: body.role, workspaceQuota: body.workspaceQuota },
            meta,
          });
          return presentInvite(row, { id: actor.id, fullName: actor.fullName }, now);
        });
      } catch (err) {
        if (uniqueViolation(err) === 'invites_open_email_key') {
          throw new AppError('CONFLICT', `${body.email} already has an open invite; resend it instead.`, {
            fields: { email: 'already has an open invite' },
            fieldCodes: { email: 'already_invited' },
          });
        }
        throw err;
      }
    },

    /** Send the invite again with a new link and a fresh 7 days; the old link stops working. */
    async resendInvite(p: Principal, id: string, meta: RequestMeta): Promise<InviteDto> {
      return db.transaction(async (tx) => {
        const { company, actor } = await lockTeam(tx, p);
        allow(can(actor, { type: 'invites.manage' }));
        const invite = await repo.findInvite(tx, p.companyId, id, true);
        if (!invite) throw notFound('Invite');
        // After the lookup, so another company's invite answers 404 like a missing one.
        requireVerified(p);
        const now = clock.now();
        const status = inviteStatus(invite, now);
        if (status === 'accepted')
          throw new AppError('CONFLICT', `${invite.email} already accepted this invite and is a member.`);
        if (status === 'revoked')
          throw new AppError('CONFLICT', 'This invite was revoked; send a new one instead.');
        if (await accounts.findUserByEmail(tx, invite.email)) throw emailTaken();
        // An expired invite holds no quota; reviving it must fit like a new one.
        if (status === 'expired')
          await ensureQuotaFits(tx, company, now, invite.workspaceQuota, { inviteId: invite.id });
        const link = freshLink(now);
        await repo.updateInvite(tx, p.companyId, invite.id, link.stored);
        const sent = { ...invite, ...link.stored };
        await mailInvite(tx, sent, link.token, company, actor, meta.requestId);
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf(p),
          action: 'invite.resent',
          target: { type: 'invite', id: invite.id },
          metadata: { email: invite.email, wasExpired: status === 'expired' },
          meta,
        });
        const inviter =
          invite.invitedBy === actor.id
            ? { id: actor.id, fullName: actor.fullName }
            : await inviterOf(tx, invite);
        return presentInvite(sent, inviter, now);
      });
    },

    /** Withdraw an invite; its link stops working and its quota is freed. */
    async revokeInvite(p: Principal, id: string, meta: RequestMeta): Promise<void> {
      await db.transaction(async (tx) => {
        const { actor } = await lockTeam(tx, p);
        allow(can(actor, { type: 'invites.manage' }));
        const invite = await repo.findInvite(tx, p.companyId, id, true);
        if (!invite) throw notFound('Invite');
        if (invite.acceptedAt)
          throw new AppError(
            'CONFLICT',
            `${invite.email} already accepted this invite; remove the member instead.`,
          );
        if (invite.revokedAt) throw new AppError('CONFLICT', 'This invite is already revoked.');
        await repo.updateInvite(tx, p.companyId, invite.id, { revokedAt: clock.now() });
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf(p),
          action: 'invite.revoked',
          target: { type: 'invite', id: invite.id },
          metadata: { email: invite.email },
          meta,
        });
      });
    },
  };

  async function inviterOf(tx: Executor, invite: repo.InviteRow) {
    if (!invite.invitedBy) return null;
    const u = await accounts.findUser(tx, invite.companyId, invite.invitedBy);
    return u ? { id: u.id, fullName: u.fullName } : null;
  }
}

function openInviteConflict(open: repo.InviteRow, now: Date): AppError {
  const opts: AppErrorOptions = {
    fields: { email: 'already has an open invite' },
    fieldCodes: { email: 'already_invited' },
  };
  if (inviteStatus(open, now) === 'expired') {
    return new AppError(
      'CONFLICT',
      `${open.email} already has an invite, expired since ${open.expiresAt.toISOString().slice(0, 10)}; resend it for a fresh link, or revoke it and invite again to change the role or quota.`,
      opts,
    );
  }
  return new AppError(
    'CONFLICT',
    `${open.email} already has a pending invite; resend it instead, or revoke it first to change the role or quota.`,
    opts,
  );
}
