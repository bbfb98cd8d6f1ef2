import { and, asc, eq, gt, isNull, ne, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { users } from '../accounts/accounts.schema.ts';
import { invites } from './companies.schema.ts';

/** A member: a user row of the company. */
export type MemberRow = typeof users.$inferSelect;

/** The company's members, owner first, then admins, then members, oldest first within a role. */
export async function listMembers(exec: Executor, companyId: string): Promise<MemberRow[]> {
  return exec
    .select()
    .from(users)
    .where(eq(users.companyId, companyId))
    .orderBy(
      sql`case ${users.role} when 'owner' then 0 when 'admin' then 1 else 2 end`,
      asc(users.createdAt),
      asc(users.id),
    );
}

/** One member of the company; `lock` takes a row lock for the rest of the transaction. */
export async function findMember(
  exec: Executor,
  companyId: string,
  userId: string,
  lock = false,
): Promise<MemberRow | undefined> {
  const q = exec
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.companyId, companyId)));
  const [row] = lock ? await q.for('update') : await q;
  return row;
}

/** Change a member's role or quota. */
export async function updateMember(
  exec: Executor,
  companyId: string,
  userId: string,
  patch: Partial<Pick<MemberRow, 'role' | 'workspaceQuota' | 'updatedAt'>>,
): Promise<void> {
  await exec
    .update(users)
    .set(patch)
    .where(and(eq(users.id, userId), eq(users.companyId, companyId)));
}

/** Delete a member's user row (sessions, tokens and one-time tokens cascade). */
export async function deleteMember(exec: Executor, companyId: string, userId: string): Promise<boolean> {
  const rows = await exec
    .delete(users)
    .where(and(eq(users.id, userId), eq(users.companyId, companyId)))
    .returning({ id: users.id });
  return rows.length > 0;
}

/**
 * SQL of the quota given out in a company: members' personal quotas plus those of open
 * (unaccepted, unrevoked, unexpired) invites, optionally leaving one member or invite out. One
 * expression, so both sums come from the same snapshot; also used inside GET /me's statement.
 */
export function allocatedQuotaSql(
  companyId: string | SQL,
  now: Date | SQL,
  exclude: { userId?: string; inviteId?: string } = {},
): SQL {
  const memberWhere = exclude.userId
    ? and(eq(users.companyId, companyId), ne(users.id, exclude.userId))
    : eq(users.companyId, companyId);
  const inviteConds = [
    eq(invites.companyId, companyId),
    isNull(invites.acceptedAt),
    isNull(invites.revokedAt),
    gt(invites.expiresAt, now),
  ];
  if (exclude.inviteId) inviteConds.push(ne(invites.id, exclude.inviteId));
  return sql`(
      (select coalesce(sum(${users.workspaceQuota}), 0) from ${users} where ${memberWhere})
      + (select coalesce(sum(${invites.workspaceQuota}), 0) from ${invites} where ${and(...inviteConds)})
    )::int`;
}

/** Quota given out in a company (see allocatedQuotaSql). */
export async function allocatedQuota(
  exec: Executor,
  companyId: string,
  now: Date,
  exclude: { userId?: string; inviteId?: string } = {},
): Promise<number> {
  const res = await exec.execute<{ total: number }>(
    sql`select ${allocatedQuotaSql(companyId, now, exclude)} as total`,
  );
  return res.rows[0]?.total ?? 0;
}
