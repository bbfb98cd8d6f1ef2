import { and, desc, eq, gt, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../platform/db/client.ts';
import {
  apiTokens,
  loginChallenges,
  loginThrottles,
  oneTimeTokens,
  recoveryCodes,
  sessions,
  signInPolicies,
  termsAcceptances,
  users,
} from './accounts.schema.ts';

/** A user row. */
export type UserRow = typeof users.$inferSelect;
/** A session row. */
export type SessionRow = typeof sessions.$inferSelect;
/** An API token row. */
export type ApiTokenRow = typeof apiTokens.$inferSelect;

/** Insert a user. */
export async function insertUser(exec: Executor, row: typeof users.$inferInsert): Promise<void> {
  await exec.insert(users).values(row);
}

/** Insert the evidence of a terms acceptance. */
export async function insertTermsAcceptance(
  exec: Executor,
  row: typeof termsAcceptances.$inferInsert,
): Promise<void> {
  await exec.insert(termsAcceptances).values(row);
}

/** A user by email (emails are stored lowercased). */
export async function findUserByEmail(exec: Executor, email: string): Promise<UserRow | undefined> {
  const [row] = await exec.select().from(users).where(eq(users.email, email));
  return row;
}

/** A user by id, scoped to a company. */
export async function findUser(
  exec: Executor,
  companyId: string,
  userId: string,
): Promise<UserRow | undefined> {
  const [row] = await exec
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.companyId, companyId)));
  return row;
}

/** A user by id alone: only for flows that start from a secret token, which proves the user. */
export async function findUserById(
  exec: Executor,
  userId: string,
  opts: { lock?: boolean } = {},
): Promise<UserRow | undefined> {
  const q = exec.select().from(users).where(eq(users.id, userId));
  const [row] = opts.lock ? await q.for('update') : await q;
  return row;
}

/** Change a user's fields. */
export async function updateUser(
  exec: Executor,
  userId: string,
  patch: Partial<Omit<UserRow, 'id' | 'companyId' | 'createdAt'>>,
): Promise<void> {
  await exec.update(users).set(patch).where(eq(users.id, userId));
}

/** The throttle of sign-ins to `userId` from `ip`, if any. */
export async function findThrottle(exec: Executor, userId: string, ip: string) {
  const [row] = await exec
    .select()
    .from(loginThrottles)
    .where(and(eq(loginThrottles.userId, userId), eq(loginThrottles.ip, ip)));
  return row ?? null;
}

/**
 * Count a failed sign-in to `userId` from `ip` (failures older than `forgetBefore` are forgotten first).
 * Returns the count.
 */
export async function recordLoginFailure(
  exec: Executor,
  userId: string,
  ip: string,
  now: Date,
  forgetBefore: Date,
): Promise<number> {
  const [row] = await exec
    .insert(loginThrottles)
    .values({ userId, ip, failures: 1, lastFailedAt: now })
    .onConflictDoUpdate({
      target: [loginThrottles.userId, loginThrottles.ip],
      set: {
        failures: sql`case when ${loginThrottles.lastFailedAt} < ${forgetBefore} then 1 else ${loginThrottles.failures} + 1 end`,
        lastFailedAt: now,
      },
    })
    .returning({ failures: loginThrottles.failures });
  return row?.failures ?? 1;
}

/** Forget the failed sign-ins to `userId` (from `ip` only, when given). */
export async function clearThrottles(exec: Executor, userId: string, ip?: string): Promise<void> {
  await exec
    .delete(loginThrottles)
    .where(
      ip === undefined
        ? eq(loginThrottles.userId, userId)
        : and(eq(loginThrottles.userId, userId), eq(loginThrottles.ip, ip)),
    );
}

/** Insert a session. */
export async function insertSession(exec: Executor, row: typeof sessions.$inferInsert): Promise<void> {
  await exec.insert(sessions).values(row);
}

/** The user columns a request's principal needs (never the password hash). */
const principalColumns = {
  id: users.id,
  companyId: users.companyId,
  email: users.email,
  role: users.role,
  locale: users.locale,
  emailVerifiedAt: users.emailVerifiedAt,
  totpEnabledAt: users.totpEnabledAt,
};
/** What authentication reads of a user. */
export type PrincipalUser = { [K in keyof typeof principalColumns]: UserRow[K] };
/** Whether the user's company requires two-factor (a left join: no policy row, no requirement). */
const requireTwoFactorColumn = sql<boolean>`coalesce(${signInPolicies.requireTwoFactor}, false)`;

function buildSessionLookup(db: Db) {
  return db
    .select({
      session: {
        id: sessions.id,
        csrfToken: sessions.csrfToken,
        lastSeenAt: sessions.lastSeenAt,
        method: sessions.method,
      },
      user: principalColumns,
      requireTwoFactor: requireTwoFactorColumn,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .leftJoin(signInPolicies, eq(signInPolicies.companyId, users.companyId))
    .where(
      and(
        eq(sessions.tokenHash, sql.placeholder('hash')),
        isNull(sessions.revokedAt),
        gt(sessions.expiresAt, sql.placeholder('now')),
      ),
    )
    .prepare('auth_live_session');
}
// One prepared statement per database: every request runs it, so it is planned once per connection.
const sessionLookups = new WeakMap<Db, ReturnType<typeof buildSessionLookup>>();

/** The live session with this token hash, with its user (the hot path of every request). */
export async function findLiveSession(db: Db, tokenHash: string, now: Date) {
  let lookup = sessionLookups.get(db);
  if (!lookup) {
    lookup = buildSessionLookup(db);
    sessionLookups.set(db, lookup);
  }
  const [row] = await lookup.execute({ hash: tokenHash, now });
  return row;
}

/** Mark a session as seen. */
export async function touchSession(exec: Executor, id: string, now: Date): Promise<void> {
  await exec.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
}

/** Live sessions of a user, newest first. */
export async function listLiveSessions(exec: Executor, userId: string, now: Date): Promise<SessionRow[]> {
  return exec
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, now)))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Revoke one of a user's sessions; returns whether it was live. */
export async function revokeSession(
  exec: Executor,
  userId: string,
  sessionId: string,
  now: Date,
): Promise<boolean> {
  const rows = await exec
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  return rows.length > 0;
}

/** Revoke every session of a user, except one if given; returns how many. */
export async function revokeAllSessions(
  exec: Executor,
  userId: string,
  now: Date,
  exceptId?: string,
): Promise<number> {
  return endLiveSessions(exec, now, exceptId, eq(sessions.userId, userId));
}

/** End the live sessions that match `where`, but `exceptId`; how many ended. */
async function endLiveSessions(
  exec: Executor,
  now: Date,
  exceptId: string | null | undefined,
  ...where: SQL[]
) {
  const rows = await exec
    .update(sessions)
    .set({ revokedAt: now })
    .where(
      and(...where, isNull(sessions.revokedAt), exceptId ? sql`${sessions.id} <> ${exceptId}` : undefined),
    )
    .returning({ id: sessions.id });
  return rows.length;
}

/** Insert an API token. */
export async function insertApiToken(exec: Executor, row: typeof apiTokens.$inferInsert): Promise<void> {
  await exec.insert(apiTokens).values(row);
}

/** The live API token with this hash, with its user. */
export async function findLiveApiToken(exec: Executor, tokenHash: string, now: Date) {
  const [row] = await exec
    .select({ token: apiTokens, user: users, requireTwoFactor: requireTwoFactorColumn })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .leftJoin(signInPolicies, eq(signInPolicies.companyId, users.companyId))
    .where(
      and(
        eq(apiTokens.tokenHash, tokenHash),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    );
  return row;
}

/** Record a token's use. */
export async function touchApiToken(exec: Executor, id: string, now: Date): Promise<void> {
  await exec.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, id));
}

/** A user's live tokens. */
export async function listApiTokens(exec: Executor, userId: string, now: Date): Promise<ApiTokenRow[]> {
  return exec
    .select()
    .from(apiTokens)
    .where(
      and(
        eq(apiTokens.userId, userId),
        isNull(apiTokens.revokedAt),
        or(isNull(apiTokens.expiresAt), gt(apiTokens.expiresAt, now)),
      ),
    )
    .orderBy(desc(apiTokens.createdAt));
}

/** Revoke one of a user's tokens; returns it if it was live. */
/** Revoke every live API token of a user (a member removed, a password changed); how many. */
export async function revokeAllApiTokens(exec: Executor, userId: string, now: Date): Promise<number> {
  const rows = await exec
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length;
}

export async function revokeApiToken(
  exec: Executor,
  userId: string,
  id: string,
  now: Date,
): Promise<ApiTokenRow | undefined> {
  const [row] = await exec
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning();
  return row;
}

/** Insert a one-time token. */
export async function insertOneTimeToken(
  exec: Executor,
  row: typeof oneTimeTokens.$inferInsert,
): Promise<void> {
  await exec.insert(oneTimeTokens).values(row);
}

/**
 * Use a one-time token: atomically marks it used, so two concurrent uses cannot both succeed.
 * Returns the user id, or undefined when unknown, used or expired.
 */
export async function consumeOneTimeToken(
  exec: Executor,
  kind: 'verify_email' | 'password_reset',
  tokenHash: string,
  now: Date,
): Promise<string | undefined> {
  const [row] = await exec
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(
      and(
        eq(oneTimeTokens.kind, kind),
        eq(oneTimeTokens.tokenHash, tokenHash),
        isNull(oneTimeTokens.usedAt),
        gt(oneTimeTokens.expiresAt, now),
      ),
    )
    .returning({ userId: oneTimeTokens.userId });
  return row?.userId;
}

/** Invalidate a user's unused tokens of a kind (a newer one supersedes them). */
export async function expireOneTimeTokens(
  exec: Executor,
  userId: string,
  kind: 'verify_email' | 'password_reset',
  now: Date,
): Promise<void> {
  await exec
    .update(oneTimeTokens)
    .set({ usedAt: now })
    .where(and(eq(oneTimeTokens.userId, userId), eq(oneTimeTokens.kind, kind), isNull(oneTimeTokens.usedAt)));
}

/** Delete sessions and one-time tokens long past their expiry (housekeeping). */
export async function deleteExpired(exec: Executor, before: Date): Promise<void> {
  await exec.delete(sessions).where(lt(sessions.expiresAt, before));
  await exec.delete(oneTimeTokens).where(lt(oneTimeTokens.expiresAt, before));
  await exec.delete(loginThrottles).where(lt(loginThrottles.lastFailedAt, before));
  await exec.delete(loginChallenges).where(lt(loginChallenges.expiresAt, before));
}

// ------------------------------------------------------------------------------------ two-factor

/** Unused recovery codes of a user. */
export async function liveRecoveryCodes(exec: Executor, userId: string) {
  return exec
    .select()
    .from(recoveryCodes)
    .where(and(eq(recoveryCodes.userId, userId), isNull(recoveryCodes.usedAt)));
}

/** Replace a user's recovery codes (none: delete them). */
export async function replaceRecoveryCodes(
  exec: Executor,
  userId: string,
  rows: (typeof recoveryCodes.$inferInsert)[],
): Promise<void> {
  await exec.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
  if (rows.length) await exec.insert(recoveryCodes).values(rows);
}

/** Mark a recovery code used. */
export async function useRecoveryCode(exec: Executor, id: string, now: Date): Promise<void> {
  await exec.update(recoveryCodes).set({ usedAt: now }).where(eq(recoveryCodes.id, id));
}

/** Insert the challenge of a sign-in's second step. */
export async function insertLoginChallenge(
  exec: Executor,
  row: typeof loginChallenges.$inferInsert,
): Promise<void> {
  await exec.insert(loginChallenges).values(row);
}

/** A sign-in challenge by the hash of its secret, locked for its answer. */
export async function lockLoginChallenge(exec: Executor, tokenHash: string) {
  const [row] = await exec
    .select()
    .from(loginChallenges)
    .where(eq(loginChallenges.tokenHash, tokenHash))
    .for('update');
  return row;
}

/** Change a sign-in challenge (a wrong answer counted, or its use). */
export async function updateLoginChallenge(
  exec: Executor,
  id: string,
  patch: Partial<Pick<typeof loginChallenges.$inferSelect, 'attempts' | 'usedAt'>>,
): Promise<void> {
  await exec.update(loginChallenges).set(patch).where(eq(loginChallenges.id, id));
}

/** A company's sign-in policy (defaults when it has set none). */
export async function findSignInPolicy(exec: Executor, companyId: string) {
  const [row] = await exec.select().from(signInPolicies).where(eq(signInPolicies.companyId, companyId));
  return { requireTwoFactor: row?.requireTwoFactor ?? false, ssoOnly: row?.ssoOnly ?? false };
}

/** Set parts of a company's sign-in policy. */
export async function upsertSignInPolicy(
  exec: Executor,
  companyId: string,
  patch: { requireTwoFactor?: boolean; ssoOnly?: boolean },
  now: Date,
): Promise<void> {
  await exec
    .insert(signInPolicies)
    .values({ companyId, ...patch, updatedAt: now })
    .onConflictDoUpdate({ target: signInPolicies.companyId, set: { ...patch, updatedAt: now } });
}

/**
 * Sign out, everywhere, the company's users whose password sessions no longer meet a new requirement of
 * two-factor (those without it), but for `keepSessionId`. Their API tokens stay, refused until they enrol.
 * Answers how many sessions ended.
 */
export async function revokeSessionsWithoutTwoFactor(
  exec: Executor,
  companyId: string,
  keepSessionId: string | null,
  now: Date,
): Promise<number> {
  return endLiveSessions(
    exec,
    now,
    keepSessionId,
    eq(sessions.companyId, companyId),
    eq(sessions.method, 'password'),
    sql`${sessions.userId} in (select ${users.id} from ${users} where ${users.companyId} = ${companyId} and ${users.totpEnabledAt} is null)`,
  );
}
