// The gateway's own tables: single-use tickets and the cookie sessions of workspace hosts, both tied to
// a live platform session (a revoked or expired one ends them).
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { gatewaySessions, gatewayTickets, sessions, users } from '../../platform/db/schema.ts';

/** Store a ticket (its hash). */
export async function insertTicket(exec: Executor, row: typeof gatewayTickets.$inferInsert): Promise<void> {
  await exec.insert(gatewayTickets).values(row);
}

/**
 * Use a ticket: atomically marks it used when it is unused, unexpired and for this workspace.
 * Returns who it was issued to, or undefined (unknown, used, expired, another workspace's).
 */
export async function redeemTicket(exec: Executor, tokenHash: string, workspaceId: string, now: Date) {
  const [row] = await exec
    .update(gatewayTickets)
    .set({ usedAt: now })
    .where(
      and(
        eq(gatewayTickets.tokenHash, tokenHash),
        eq(gatewayTickets.workspaceId, workspaceId),
        isNull(gatewayTickets.usedAt),
        gt(gatewayTickets.expiresAt, now),
      ),
    )
    .returning({ userId: gatewayTickets.userId, sessionId: gatewayTickets.sessionId });
  return row;
}

/** A platform session when it is live (not revoked, not expired). */
export async function findLivePlatformSession(exec: Executor, sessionId: string, now: Date) {
  const [row] = await exec
    .select({
      id: sessions.id,
      userId: sessions.userId,
      expiresAt: sessions.expiresAt,
      remember: sessions.remember,
    })
    .from(sessions)
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)));
  return row;
}

/** Store a gateway session (its hash). */
export async function insertGatewaySession(
  exec: Executor,
  row: typeof gatewaySessions.$inferInsert,
): Promise<void> {
  await exec.insert(gatewaySessions).values(row);
}

/**
 * The gateway session with this token hash while both it and its platform session are live, with the
 * user as authentication would read them (role and company decide access on every validation).
 */
export async function findLiveGatewaySession(exec: Executor, tokenHash: string, now: Date) {
  const [row] = await exec
    .select({
      workspaceId: gatewaySessions.workspaceId,
      sessionId: sessions.id,
      csrfToken: sessions.csrfToken,
      user: {
        id: users.id,
        companyId: users.companyId,
        email: users.email,
        role: users.role,
        locale: users.locale,
        emailVerifiedAt: users.emailVerifiedAt,
      },
    })
    .from(gatewaySessions)
    .innerJoin(sessions, eq(sessions.id, gatewaySessions.sessionId))
    .innerJoin(users, eq(users.id, gatewaySessions.userId))
    .where(
      and(
        eq(gatewaySessions.tokenHash, tokenHash),
        gt(gatewaySessions.expiresAt, now),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, now),
        eq(sessions.userId, gatewaySessions.userId),
      ),
    );
  return row;
}

/** A live gateway session with its user. */
export type LiveGatewaySession = NonNullable<Awaited<ReturnType<typeof findLiveGatewaySession>>>;

/** Delete tickets and gateway sessions that expired before `before`. */
export async function deleteExpired(exec: Executor, before: Date): Promise<void> {
  await exec.delete(gatewayTickets).where(lt(gatewayTickets.expiresAt, before));
  await exec.delete(gatewaySessions).where(lt(gatewaySessions.expiresAt, before));
}
