import type { ApiTokenDto, Locale, Role, SessionDto } from '@youarecoder/contract';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Config } from '../../config/index.ts';
import { type Clock, DAY, HOUR, MINUTE } from '../../platform/clock.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import { type Principal, type RequestMeta, SESSION_COOKIE } from '../../platform/http/auth.ts';
import { AppError, invalid, notFound } from '../../platform/http/errors.ts';
import { hashSecret, type Ids } from '../../platform/ids.ts';
import { type CronEntry, defineJob, type AnyJob } from '../../platform/jobs/index.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import type { Notifications } from '../notifications/index.ts';
import * as repo from './accounts.repo.ts';
import { hashPassword, passwordWeakness, verifyAgainstDummy, verifyPassword } from './passwords.ts';

/** Failed logins before the account locks. */
export const LOCKOUT_THRESHOLD = 5;
/** How long a lock lasts. */
export const LOCKOUT_MS = 30 * MINUTE;
/** Email verification link lifetime. */
export const VERIFY_TTL_MS = 24 * HOUR;
/** Password reset link lifetime. */
export const RESET_TTL_MS = HOUR;
// Writing last_seen on every request would turn reads into writes.
const TOUCH_EVERY_MS = MINUTE;

const INVALID_LOGIN =
  'Email or password is wrong. After 5 failed attempts an account is locked for 30 minutes; use "Forgot password" if you are stuck.';

/** A new session's secrets, for the cookie and the client. */
export interface IssuedSession {
  sessionId: string;
  token: string;
  csrfToken: string;
  expiresAt: Date;
  remember: boolean;
}

/** Data for a new user. */
export interface NewUser {
  companyId: string;
  email: string;
  fullName: string;
  password: string;
  role: Role;
  workspaceQuota: number;
  locale: Locale;
  emailVerified: boolean;
}

type Deps = {
  db: Db;
  ids: Ids;
  clock: Clock;
  config: Config;
  audit: AuditService;
  notifications: Notifications;
  log: Logger;
};

/** Identity: users, passwords, sessions, API tokens, emailed one-time tokens. */
export function createAccountsService(deps: Deps) {
  const { db, ids, clock, config, audit, notifications } = deps;
  const actorOf = (u: { id: string; email: string }) => ({ userId: u.id, email: u.email });

  async function checkNewPassword(field: string, password: string, ctx: { email?: string; name?: string }): Promise<string> {
    const weak = passwordWeakness(password, ctx);
    if (weak) throw invalid({ [field]: weak }, `${field} ${weak}`);
    return hashPassword(password);
  }

  async function issueOneTimeToken(exec: Executor, userId: string, kind: 'verify_email' | 'password_reset', ttl: number) {
    const secret = ids.secret(32);
    const now = clock.now();
    await repo.expireOneTimeTokens(exec, userId, kind, now);
    await repo.insertOneTimeToken(exec, {
      id: ids.id('ott'),
      kind,
      tokenHash: hashSecret(secret),
      userId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + ttl),
    });
    return secret;
  }

  async function queueVerification(exec: Executor, user: { id: string; email: string; fullName: string; locale: Locale; companyId: string }, requestId?: string) {
    const token = await issueOneTimeToken(exec, user.id, 'verify_email', VERIFY_TTL_MS);
    await notifications.queue(exec, {
      template: 'verify_email',
      to: user.email,
      locale: user.locale,
      data: { name: user.fullName, url: `${config.publicUrl}/verify-email?token=${encodeURIComponent(token)}` },
      companyId: user.companyId,
      userId: user.id,
      requestId,
    });
  }

  const service = {
    /** Create a user inside the caller's transaction (signup, invite acceptance); password already checked. */
    async createUser(exec: Executor, u: NewUser & { passwordHash: string }, meta: RequestMeta | null): Promise<string> {
      const id = ids.id('usr');
      const now = clock.now();
      await repo.insertUser(exec, {
        id,
        companyId: u.companyId,
        email: u.email,
        fullName: u.fullName,
        passwordHash: u.passwordHash,
        locale: u.locale,
        role: u.role,
        workspaceQuota: u.workspaceQuota,
        emailVerifiedAt: u.emailVerified ? now : null,
        createdAt: now,
        updatedAt: now,
      });
      if (!u.emailVerified) await queueVerification(exec, { ...u, id }, meta?.requestId);
      return id;
    },

    /** Check and hash a new password (common-list and email checks); throws a field error. */
    preparePassword: (password: string, ctx: { email?: string; name?: string }, field = 'password') =>
      checkNewPassword(field, password, ctx),

    /** Store the evidence of accepting the terms. */
    async recordTermsAcceptance(exec: Executor, userId: string, companyId: string, meta: RequestMeta): Promise<void> {
      await repo.insertTermsAcceptance(exec, {
        id: ids.id('trm'),
        userId,
        companyId,
        version: config.TERMS_VERSION,
        acceptedAt: clock.now(),
        ip: meta.ip,
        userAgent: meta.userAgent,
      });
    },

    /** Open a session for a user. */
    async createSession(exec: Executor, user: { id: string; companyId: string }, remember: boolean, meta: RequestMeta): Promise<IssuedSession> {
      const token = ids.secret(32);
      const csrfToken = ids.secret(24);
      const now = clock.now();
      const ttl = remember ? config.SESSION_REMEMBER_DAYS * DAY : config.SESSION_TTL_HOURS * HOUR;
      const sessionId = ids.id('ses');
      const expiresAt = new Date(now.getTime() + ttl);
      await repo.insertSession(exec, {
        id: sessionId,
        tokenHash: hashSecret(token),
        userId: user.id,
        companyId: user.companyId,
        csrfToken,
        remember,
        createdAt: now,
        lastSeenAt: now,
        expiresAt,
        ip: meta.ip,
        userAgent: meta.userAgent,
      });
      return { sessionId, token, csrfToken, expiresAt, remember };
    },

    /** Resolve the request's cookie or bearer token to a principal. */
    async authenticate(request: FastifyRequest): Promise<Principal | null> {
      const now = clock.now();
      // The scheme name is case-insensitive (RFC 9110 §11.1): `bearer …` from a client is as good.
      const auth = request.headers.authorization;
      if (auth && /^bearer(\s|$)/i.test(auth)) {
        const secret = auth.slice(6).trim();
        if (!secret) return null;
        const row = await repo.findLiveApiToken(db, hashSecret(secret), now);
        if (!row) return null;
        if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > TOUCH_EVERY_MS) {
          await repo.touchApiToken(db, row.token.id, now);
        }
        return principal(row.user, { sessionId: null, csrfToken: null, tokenId: row.token.id });
      }
      const cookie = request.cookies?.[SESSION_COOKIE];
      if (!cookie) return null;
      const row = await repo.findLiveSession(db, hashSecret(cookie), now);
      if (!row) return null;
      if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await repo.touchSession(db, row.session.id, now);
      }
      return principal(row.user, { sessionId: row.session.id, csrfToken: row.session.csrfToken, tokenId: null });
    },

    /** Email and password login with per-account lockout. Never tells whether the email exists. */
    async login(email: string, password: string, remember: boolean, meta: RequestMeta) {
      const now = clock.now();
      const user = await repo.findUserByEmail(db, email);
      if (!user) {
        await verifyAgainstDummy(password);
        await audit.record(db, {
          companyId: null,
          actor: null,
          action: 'user.login_failed',
          metadata: { email, reason: 'unknown_email' },
          meta,
        });
        throw new AppError('INVALID_CREDENTIALS', INVALID_LOGIN);
      }
      const base = { companyId: user.companyId, actor: actorOf(user), target: { type: 'user', id: user.id }, meta };
      if (user.lockedUntil && user.lockedUntil > now) {
        await verifyAgainstDummy(password);
        await audit.record(db, { ...base, action: 'user.login_failed', metadata: { reason: 'locked' } });
        throw new AppError('INVALID_CREDENTIALS', INVALID_LOGIN);
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        await db.transaction(async (tx) => {
          const failures = await repo.incrementFailedLogins(tx, user.id);
          await audit.record(tx, { ...base, action: 'user.login_failed', metadata: { reason: 'bad_password', failures } });
          if (failures >= LOCKOUT_THRESHOLD) {
            await repo.updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: new Date(now.getTime() + LOCKOUT_MS) });
            await audit.record(tx, { ...base, action: 'user.locked', metadata: { minutes: LOCKOUT_MS / MINUTE } });
            await notifications.queue(tx, {
              template: 'security_alert',
              to: user.email,
              locale: user.locale,
              data: { name: user.fullName, event: 'locked', ip: meta.ip, at: now },
              companyId: user.companyId,
              userId: user.id,
              requestId: meta.requestId,
            });
          }
        });
        throw new AppError('INVALID_CREDENTIALS', INVALID_LOGIN);
      }
      return db.transaction(async (tx) => {
        await repo.updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: null, lastLoginAt: now });
        const session = await service.createSession(tx, user, remember, meta);
        await audit.record(tx, { ...base, action: 'user.login', metadata: { remember } });
        return session;
      });
    },

    /** End the current session. */
    async logout(p: Principal, meta: RequestMeta): Promise<void> {
      if (!p.sessionId) throw new AppError('BAD_REQUEST', 'This request is authenticated by an API token, not a session.');
      await db.transaction(async (tx) => {
        await repo.revokeSession(tx, p.userId, p.sessionId as string, clock.now());
        await audit.record(tx, { companyId: p.companyId, actor: actorOf({ id: p.userId, email: p.email }), action: 'user.logout', target: { type: 'session', id: p.sessionId as string }, meta });
      });
    },

    /** The user's live sessions. */
    async listSessions(p: Principal): Promise<SessionDto[]> {
      const rows = await repo.listLiveSessions(db, p.userId, clock.now());
      return rows.map((s) => ({
        id: s.id,
        current: s.id === p.sessionId,
        createdAt: s.createdAt.toISOString(),
        lastSeenAt: s.lastSeenAt.toISOString(),
        expiresAt: s.expiresAt.toISOString(),
        ip: s.ip,
        userAgent: s.userAgent,
      }));
    },

    /** Revoke one of the user's own sessions. */
    async revokeSession(p: Principal, sessionId: string, meta: RequestMeta): Promise<void> {
      await db.transaction(async (tx) => {
        if (!(await repo.revokeSession(tx, p.userId, sessionId, clock.now()))) throw notFound('Session');
        await audit.record(tx, { companyId: p.companyId, actor: actorOf({ id: p.userId, email: p.email }), action: 'session.revoked', target: { type: 'session', id: sessionId }, meta });
      });
    },

    /** Create an API token; the secret is returned once. */
    async createApiToken(p: Principal, name: string, expiresInDays: number | undefined, meta: RequestMeta) {
      const secret = `yac_${ids.secret(30)}`;
      const now = clock.now();
      const row = {
        id: ids.id('tok'),
        tokenHash: hashSecret(secret),
        prefix: secret.slice(0, 10),
        userId: p.userId,
        companyId: p.companyId,
        name,
        createdAt: now,
        expiresAt: expiresInDays ? new Date(now.getTime() + expiresInDays * DAY) : null,
      };
      await db.transaction(async (tx) => {
        await repo.insertApiToken(tx, row);
        await audit.record(tx, { companyId: p.companyId, actor: actorOf({ id: p.userId, email: p.email }), action: 'api_token.created', target: { type: 'api_token', id: row.id }, metadata: { name, expiresInDays: expiresInDays ?? null }, meta });
      });
      return { ...tokenDto({ ...row, lastUsedAt: null, revokedAt: null }), token: secret };
    },

    /** The user's live tokens. */
    async listApiTokens(p: Principal): Promise<ApiTokenDto[]> {
      return (await repo.listApiTokens(db, p.userId, clock.now())).map(tokenDto);
    },

    /** Revoke one of the user's tokens. */
    async revokeApiToken(p: Principal, id: string, meta: RequestMeta): Promise<void> {
      await db.transaction(async (tx) => {
        const row = await repo.revokeApiToken(tx, p.userId, id, clock.now());
        if (!row) throw notFound('API token');
        await audit.record(tx, { companyId: p.companyId, actor: actorOf({ id: p.userId, email: p.email }), action: 'api_token.revoked', target: { type: 'api_token', id }, metadata: { name: row.name }, meta });
      });
    },

    /** Send a fresh verification link (the old ones stop working). */
    async resendVerification(p: Principal, meta: RequestMeta): Promise<void> {
      const user = await repo.findUser(db, p.companyId, p.userId);
      if (!user) throw notFound('User');
      if (user.emailVerifiedAt) throw new AppError('CONFLICT', 'Your email address is already verified.');
      await db.transaction((tx) => queueVerification(tx, user, meta.requestId));
    },

    /** Confirm an email address with the emailed token. */
    async verifyEmail(token: string, meta: RequestMeta): Promise<void> {
      await db.transaction(async (tx) => {
        const now = clock.now();
        const userId = await repo.consumeOneTimeToken(tx, 'verify_email', hashSecret(token), now);
        if (!userId) throw new AppError('TOKEN_INVALID', 'This verification link is invalid, used or expired. Sign in and ask for a new one.', { fields: { token: 'is invalid, used or expired' } });
        const user = await repo.findUserById(tx, userId);
        if (!user) throw new AppError('TOKEN_INVALID', 'This verification link is no longer valid.');
        if (!user.emailVerifiedAt) await repo.updateUser(tx, userId, { emailVerifiedAt: now, updatedAt: now });
        await audit.record(tx, { companyId: user.companyId, actor: actorOf(user), action: 'user.email_verified', target: { type: 'user', id: user.id }, meta });
      });
    },

    /** Email a reset link if the account exists; the answer is the same either way. */
    async requestPasswordReset(email: string, meta: RequestMeta): Promise<void> {
      const user = await repo.findUserByEmail(db, email);
      if (!user) {
        await audit.record(db, { companyId: null, actor: null, action: 'user.password_reset_requested', metadata: { email, known: false }, meta });
        return;
      }
      await db.transaction(async (tx) => {
        const token = await issueOneTimeToken(tx, user.id, 'password_reset', RESET_TTL_MS);
        await notifications.queue(tx, {
          template: 'password_reset',
          to: user.email,
          locale: user.locale,
          data: { name: user.fullName, url: `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}` },
          companyId: user.companyId,
          userId: user.id,
          requestId: meta.requestId,
        });
        await audit.record(tx, { companyId: user.companyId, actor: actorOf(user), action: 'user.password_reset_requested', target: { type: 'user', id: user.id }, meta });
      });
    },

    /** Set a new password with the emailed token; every session of the user ends. */
    async confirmPasswordReset(token: string, password: string, meta: RequestMeta): Promise<void> {
      const tokenHash = hashSecret(token);
      // Check the password before using up the token, so a weak password does not burn the link.
      const pending = await db.transaction(async (tx) => {
        const now = clock.now();
        const userId = await repo.consumeOneTimeToken(tx, 'password_reset', tokenHash, now);
        if (!userId) throw new AppError('TOKEN_INVALID', 'This reset link is invalid, used or expired. Ask for a new one.', { fields: { token: 'is invalid, used or expired' } });
        const user = await repo.findUserById(tx, userId);
        if (!user) throw new AppError('TOKEN_INVALID', 'This reset link is no longer valid.');
        const weak = passwordWeakness(password, { email: user.email });
        if (weak) throw invalid({ password: weak }, `password ${weak}`); // rolls back: the link still works
        return user;
      });
      const passwordHash = await hashPassword(password);
      await db.transaction(async (tx) => {
        const now = clock.now();
        await repo.updateUser(tx, pending.id, { passwordHash, failedLoginCount: 0, lockedUntil: null, emailVerifiedAt: pending.emailVerifiedAt ?? now, updatedAt: now });
        const ended = await repo.revokeAllSessions(tx, pending.id, now);
        await audit.record(tx, { companyId: pending.companyId, actor: actorOf(pending), action: 'user.password_reset', target: { type: 'user', id: pending.id }, metadata: { sessionsRevoked: ended }, meta });
        await notifications.queue(tx, {
          template: 'security_alert',
          to: pending.email,
          locale: pending.locale,
          data: { name: pending.fullName, event: 'password_reset', ip: meta.ip, at: now },
          companyId: pending.companyId,
          userId: pending.id,
          requestId: meta.requestId,
        });
      });
    },

    /** Change the password knowing the current one; other sessions end. */
    async changePassword(p: Principal, current: string, next: string, meta: RequestMeta): Promise<void> {
      const user = await repo.findUser(db, p.companyId, p.userId);
      if (!user) throw notFound('User');
      if (!(await verifyPassword(user.passwordHash, current))) {
        throw invalid({ currentPassword: 'is wrong' }, 'The current password is wrong.');
      }
      const passwordHash = await checkNewPassword('newPassword', next, { email: user.email });
      await db.transaction(async (tx) => {
        const now = clock.now();
        await repo.updateUser(tx, user.id, { passwordHash, updatedAt: now });
        const ended = await repo.revokeAllSessions(tx, user.id, now, p.sessionId ?? undefined);
        await audit.record(tx, { companyId: p.companyId, actor: actorOf(user), action: 'user.password_changed', target: { type: 'user', id: user.id }, metadata: { otherSessionsRevoked: ended }, meta });
        await notifications.queue(tx, {
          template: 'security_alert',
          to: user.email,
          locale: user.locale,
          data: { name: user.fullName, event: 'password_changed', ip: meta.ip, at: now },
          companyId: user.companyId,
          userId: user.id,
          requestId: meta.requestId,
        });
      });
    },

    /** Update name or locale. */
    async updateProfile(p: Principal, patch: { fullName?: string; locale?: Locale }, meta: RequestMeta): Promise<void> {
      const user = await repo.findUser(db, p.companyId, p.userId);
      if (!user) throw notFound('User');
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      if (patch.fullName !== undefined && patch.fullName !== user.fullName) diff.fullName = { from: user.fullName, to: patch.fullName };
      if (patch.locale !== undefined && patch.locale !== user.locale) diff.locale = { from: user.locale, to: patch.locale };
      if (!Object.keys(diff).length) return;
      await db.transaction(async (tx) => {
        await repo.updateUser(tx, user.id, { ...patch, updatedAt: clock.now() });
        await audit.record(tx, { companyId: p.companyId, actor: actorOf(user), action: 'user.profile_updated', target: { type: 'user', id: user.id }, diff, meta });
      });
    },

    /** End every session and token of a user (member removed). */
    async revokeEverything(exec: Executor, userId: string): Promise<void> {
      const now = clock.now();
      await repo.revokeAllSessions(exec, userId, now);
      await repo.revokeAllApiTokens(exec, userId, now);
    },

    /** Check a user's password (ownership transfer confirmation). */
    async checkPassword(p: Principal, password: string): Promise<boolean> {
      const user = await repo.findUser(db, p.companyId, p.userId);
      return !!user && verifyPassword(user.passwordHash, password);
    },

    findUser: (exec: Executor, companyId: string, userId: string) => repo.findUser(exec, companyId, userId),
    findUserByEmail: (exec: Executor, email: string) => repo.findUserByEmail(exec, email),
    updateUser: repo.updateUser,

    jobs: [] as AnyJob[],
    cron: [] as CronEntry[],
  };

  const cleanup = defineJob({
    id: 'accounts:cleanup',
    payload: z.object({}).passthrough(),
    handler: async () => {
      await repo.deleteExpired(db, new Date(clock.now().getTime() - 30 * DAY));
    },
  });
  service.jobs.push(cleanup);
  service.cron.push({ pattern: '17 3 * * *', job: cleanup.id });
  return service;
}

/** The accounts service. */
export type AccountsService = ReturnType<typeof createAccountsService>;

function principal(
  u: repo.UserRow,
  how: { sessionId: string | null; csrfToken: string | null; tokenId: string | null },
): Principal {
  return {
    userId: u.id,
    companyId: u.companyId,
    email: u.email,
    role: u.role,
    locale: u.locale,
    emailVerified: !!u.emailVerifiedAt,
    ...how,
  };
}

function tokenDto(t: Omit<repo.ApiTokenRow, 'tokenHash' | 'userId' | 'companyId'> & { tokenHash?: string }): ApiTokenDto {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}
