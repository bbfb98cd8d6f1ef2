import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Executor } from '../../platform/db/client.ts';
import { users } from '../accounts/accounts.schema.ts';
import { companies, invites } from './companies.schema.ts';

/** An invite row. */
export type InviteRow = typeof invites.$inferSelect;
/** An invite with the name of whoever sent it (null once that member is gone). */
export type InviteWithInviter = { invite: InviteRow; inviter: { id: string; fullName: string } | null };

const inviter = alias(users, 'inviter');
// The inviter must be of the same company: an id alone never crosses tenants.
const inviterJoin = and(eq(inviter.id, invites.invitedBy), eq(inviter.companyId, invites.companyId));

/** Insert an invite. */
export async function insertInvite(exec: Executor, row: typeof invites.$inferInsert): Promise<void> {
  await exec.insert(invites).values(row);
}

/** Invites neither accepted nor revoked whose expiry is after `since` (pending and recently expired), newest first. */
export async function listOpenInvites(
  exec: Executor,
  companyId: string,
  since: Date,
): Promise<InviteWithInviter[]> {
  const rows = await exec
    .select({ invite: invites, inviterId: inviter.id, inviterName: inviter.fullName })
    .from(invites)
    .leftJoin(inviter, inviterJoin)
    .where(
      and(
        eq(invites.companyId, companyId),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, since),
      ),
    )
    .orderBy(desc(invites.createdAt), desc(invites.id));
  return rows.map((r) => ({
    invite: r.invite,
    inviter: r.inviterId ? { id: r.inviterId, fullName: r.inviterName ?? '' } : null,
  }));
}

/** One invite of the company; `lock` takes a row lock for the rest of the transaction. */
export async function findInvite(
  exec: Executor,
  companyId: string,
  id: string,
  lock = false,
): Promise<InviteRow | undefined> {
  const q = exec
    .select()
    .from(invites)
    .where(and(eq(invites.id, id), eq(invites.companyId, companyId)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** The invite for an address that is neither accepted nor revoked (expired or not): at most one exists. */
export async function findOpenInviteByEmail(
  exec: Executor,
  companyId: string,
  email: string,
): Promise<InviteRow | undefined> {
  const [row] = await exec
    .select()
    .from(invites)
    .where(
      and(
        eq(invites.companyId, companyId),
        eq(invites.email, email),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
      ),
    );
  return row;
}

/** An invite by its token's hash with what the invitee sees: only for flows that start from the secret. */
export async function findInviteByTokenHash(exec: Executor, tokenHash: string) {
  const [row] = await exec
    .select({
      invite: invites,
      company: { id: companies.id, name: companies.name, subdomain: companies.subdomain },
      inviterName: inviter.fullName,
      inviterLocale: inviter.locale,
    })
    .from(invites)
    .innerJoin(companies, eq(companies.id, invites.companyId))
    .leftJoin(inviter, inviterJoin)
    .where(eq(invites.tokenHash, tokenHash));
  return row;
}

/** Change an invite. */
export async function updateInvite(
  exec: Executor,
  companyId: string,
  id: string,
  patch: Partial<Pick<InviteRow, 'tokenHash' | 'expiresAt' | 'lastSentAt' | 'revokedAt' | 'acceptedAt'>>,
): Promise<void> {
  await exec
    .update(invites)
    .set(patch)
    .where(and(eq(invites.id, id), eq(invites.companyId, companyId)));
}

/** Mark a live invite accepted, atomically: of two concurrent calls for one token only one gets the row. */
export async function consumeInvite(
  exec: Executor,
  tokenHash: string,
  now: Date,
): Promise<InviteRow | undefined> {
  const [row] = await exec
    .update(invites)
    .set({ acceptedAt: now })
    .where(
      and(
        eq(invites.tokenHash, tokenHash),
        isNull(invites.acceptedAt),
        isNull(invites.revokedAt),
        gt(invites.expiresAt, now),
      ),
    )
    .returning();
  return row;
}
