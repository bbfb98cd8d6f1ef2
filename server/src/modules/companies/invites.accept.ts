import type { AcceptInviteBody, InviteLookupDto } from '@youarecoder/contract';
import { uniqueViolation } from '../../platform/db/client.ts';
import type { RequestMeta } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import { hashSecret } from '../../platform/ids.ts';
import { lockCompany } from './companies.repo.ts';
import type { CompaniesDeps } from './companies.service.ts';
import * as repo from './invites.repo.ts';
import { emailTaken } from './team.guards.ts';
import { inviteStatus, presentInviteLookup } from './team.present.ts';

const TOKEN_FIELD = { token: 'is invalid, expired or already used' };
const TOKEN_CODE = { token: 'token_invalid' } as const;

function tokenInvalid(message: string): AppError {
  return new AppError('TOKEN_INVALID', message, { fields: TOKEN_FIELD, fieldCodes: TOKEN_CODE });
}

/** Why a token's invite cannot be used at `now`, as a person-readable sentence; null when usable. */
function unusable(i: repo.InviteRow, now: Date): string | null {
  switch (inviteStatus(i, now)) {
    case 'accepted':
      return 'This invitation was already accepted; sign in instead.';
    case 'revoked':
      return 'This invitation was withdrawn; ask your company admin for a new one.';
    case 'expired':
      return `This invitation expired on ${i.expiresAt.toISOString().slice(0, 10)}; ask the person who invited you to resend it.`;
    default:
      return null;
  }
}

const UNKNOWN_TOKEN =
  'This invitation link is not valid: check that you opened the whole link from the latest invitation email, or ask for a new one.';

/** The invitee's side of an invite: look it up by its secret, accept it. */
export function createInviteAcceptance(deps: CompaniesDeps) {
  const { db, clock, audit, accounts } = deps;

  return {
    /** What an invitation link is about, for the accept page. */
    async lookupInvite(token: string): Promise<InviteLookupDto> {
      const row = await repo.findInviteByTokenHash(db, hashSecret(token));
      if (!row) throw tokenInvalid(UNKNOWN_TOKEN);
      const problem = unusable(row.invite, clock.now());
      if (problem) throw tokenInvalid(problem);
      return presentInviteLookup(row.invite, row.company.name, row.inviterName);
    },

    /** Join the company through an invitation: user, session and accepted invite in one transaction. */
    async acceptInvite(body: AcceptInviteBody, meta: RequestMeta) {
      const tokenHash = hashSecret(body.token);
      const found = await repo.findInviteByTokenHash(db, tokenHash);
      if (!found) throw tokenInvalid(UNKNOWN_TOKEN);
      const problem = unusable(found.invite, clock.now());
      if (problem) throw tokenInvalid(problem);
      // Hash before the transaction: argon2 is slow and must not hold the company lock.
      const passwordHash = await accounts.preparePassword(body.password, {
        email: found.invite.email,
        name: body.fullName,
      });
      const companyId = found.invite.companyId;
      try {
        return await db.transaction(async (tx) => {
          await lockCompany(tx, companyId);
          // The row is claimed atomically: a second concurrent accept of this token finds nothing.
          const invite = await repo.consumeInvite(tx, tokenHash, clock.now());
          if (!invite)
            throw tokenInvalid(
              'This invitation was used or withdrawn a moment ago; sign in, or ask for a new one.',
            );
          const user = { companyId, email: invite.email };
          const userId = await accounts.createUser(
            tx,
            {
              ...user,
              fullName: body.fullName,
              password: body.password,
              passwordHash,
              role: invite.role,
              workspaceQuota: invite.workspaceQuota,
              locale: body.locale ?? found.inviterLocale ?? 'en',
              // Following the emailed link proved the address.
              emailVerified: true,
            },
            meta,
          );
          await accounts.recordTermsAcceptance(tx, userId, companyId, meta);
          const session = await accounts.createSession(tx, { id: userId, companyId }, false, meta);
          await audit.record(tx, {
            companyId,
            actor: { userId, email: invite.email },
            action: 'invite.accepted',
            target: { type: 'invite', id: invite.id },
            metadata: {
              userId,
              role: invite.role,
              workspaceQuota: invite.workspaceQuota,
              invitedBy: invite.invitedBy,
            },
            meta,
          });
          return {
            company: { id: companyId, subdomain: found.company.subdomain },
            user: { id: userId, email: invite.email },
            session,
          };
        });
      } catch (err) {
        if (uniqueViolation(err) === 'users_email_key') throw emailTaken();
        throw err;
      }
    },
  };
}
