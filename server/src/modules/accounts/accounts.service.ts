import type { ApiTokenScope, Locale, Role, SessionDto } from '@youarecoder/contract';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { DAY, HOUR, MINUTE } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/client.ts';
import { hostCookie, type Principal, type RequestMeta, SESSION_COOKIE } from '../../platform/http/auth.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { hashSecret } from '../../platform/ids.ts';
import { type AnyJob, type CronEntry, defineJob } from '../../platform/jobs/index.ts';
import * as repo from './accounts.repo.ts';
import { type AccountsDeps, accountHelpers } from './accounts.shared.ts';
import { createApiTokensService } from './api-tokens.service.ts';
import { createRecoveryService } from './recovery.service.ts';
import { createTwoFactorService } from './two-factor.service.ts';

export { RESET_TTL_MS, VERIFY_TTL_MS } from './accounts.shared.ts';

import { verifyAgainstDummy, verifyPassword } from './passwords.ts';

/** Failed sign-ins to one account from one address before that address has to wait. */
export const THROTTLE_AFTER = 5;
/** The wait after THROTTLE_AFTER failures, doubled with each further one up to THROTTLE_MAX_MS. */
export const THROTTLE_FIRST_MS = 30_000;
export const THROTTLE_MAX_MS = 15 * MINUTE;
/** Failures older than this are forgotten. */
const THROTTLE_MEMORY_MS = DAY;

/** How long an address waits after `failures` failed sign-ins to an account (0: not at all). */
export function throttleMs(failures: number): number {
  if (failures < THROTTLE_AFTER) return 0;
  return Math.min(THROTTLE_FIRST_MS * 2 ** (failures - THROTTLE_AFTER), THROTTLE_MAX_MS);
}
// Writing last_seen on every request would turn reads into writes.
const TOUCH_EVERY_MS = MINUTE;

const INVALID_LOGIN =
  'Email or password is wrong. After 5 failed attempts from your address you have to wait a little before each next one; use "Forgot password" if you are stuck.';

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

/** Identity: users, passwords, sessions, API tokens, emailed one-time tokens. */
export function createAccountsService(deps: AccountsDeps) {
  const { db, ids, clock, config, audit } = deps;
  const sessionCookie = hostCookie(SESSION_COOKIE, config.secureCookies);
  const h = accountHelpers(deps);
  const { actorOf, checkNewPassword, queueVerification } = h;
  const twoFactor = createTwoFactorService(deps, h);

  const service = {
    /** Create a user inside the caller's transaction (signup, invite acceptance); password already checked. */
    async createUser(
      exec: Executor,
      u: NewUser & { passwordHash: string },
      meta: RequestMeta | null,
    ): Promise<string> {
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
    async recordTermsAcceptance(
      exec: Executor,
      userId: string,
      companyId: string,
      meta: RequestMeta,
    ): Promise<void> {
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
    async createSession(
      exec: Executor,
      user: { id: string; companyId: string },
      remember: boolean,
      meta: RequestMeta,
      method: 'password' | 'sso' = 'password',
    ): Promise<IssuedSession> {
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
        method,
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
        return principal(row.user, row.requireTwoFactor, {
          sessionId: null,
          csrfToken: null,
          tokenId: row.token.id,
          scopes: row.token.scopes,
        });
      }
      const cookie = request.cookies?.[sessionCookie];
      if (!cookie) return null;
      const row = await repo.findLiveSession(db, hashSecret(cookie), now);
      if (!row) return null;
      if (now.getTime() - row.session.lastSeenAt.getTime() > TOUCH_EVERY_MS) {
        await repo.touchSession(db, row.session.id, now);
      }
      return principal(row.user, row.requireTwoFactor && row.session.method === 'password', {
        sessionId: row.session.id,
        csrfToken: row.session.csrfToken,
        tokenId: null,
        signedInWith: row.session.method,
      });
    },

    /**
     * Email and password login, slowed down per account *and* address: after THROTTLE_AFTER failures from
     * one address that address waits (30 s, then twice as long each time, at most 15 minutes) while the
     * account's owner, from anywhere else, signs in as usual; the owner is told once it starts. Never tells
     * whether the email exists.
     */
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
      const base = {
        companyId: user.companyId,
        actor: actorOf(user),
        target: { type: 'user', id: user.id },
        meta,
      };
      const ip = meta.ip ?? 'unknown';
      const throttle = await repo.findThrottle(db, user.id, ip);
      const waitUntil = throttle ? throttle.lastFailedAt.getTime() + throttleMs(throttle.failures) : 0;
      if (waitUntil > now.getTime()) {
        const seconds = Math.ceil((waitUntil - now.getTime()) / 1000);
        await audit.record(db, { ...base, action: 'user.login_failed', metadata: { reason: 'throttled' } });
        throw new AppError(
          'RATE_LIMITED',
          `Too many failed sign-ins to this account from your address: try again in ${seconds} s, or use "Forgot password".`,
        );
      }
      if (!(await verifyPassword(user.passwordHash, password))) {
        await db.transaction(async (tx) => {
          const failures = await repo.recordLoginFailure(
            tx,
            user.id,
            ip,
            now,
            new Date(now.getTime() - THROTTLE_MEMORY_MS),
          );
          await audit.record(tx, {
            ...base,
            action: 'user.login_failed',
            metadata: { reason: 'bad_password', failures },
          });
          if (failures === THROTTLE_AFTER) {
            // Once per address and day: the owner hears that someone is guessing, and from where.
            await audit.record(tx, {
              ...base,
              action: 'user.login_throttled',
              metadata: { failures, waitSeconds: throttleMs(failures) / 1000 },
            });
            await h.securityAlert(tx, user, 'throttled', meta, now);
          }
        });
        throw new AppError('INVALID_CREDENTIALS', INVALID_LOGIN);
      }
      // SSO only: the password opens nothing, but the owner's with two-factor (the way in when the IdP fails).
      const policy = await repo.findSignInPolicy(db, user.companyId);
      if (policy.ssoOnly && !(user.role === 'owner' && user.totpEnabledAt)) {
        await audit.record(db, { ...base, action: 'user.login_failed', metadata: { reason: 'sso_only' } });
        throw new AppError(
          'SSO_REQUIRED',
          'Your company signs in through single sign-on only: use "Sign in with SSO" with your work email.',
        );
      }
      return db.transaction(async (tx): Promise<IssuedSession | { challenge: string }> => {
        await repo.clearThrottles(tx, user.id, ip);
        // Two-factor on: no session yet, a challenge the code must answer (signInWithCode).
        if (user.totpEnabledAt) return { challenge: await twoFactor.openChallenge(tx, user.id, remember) };
        await repo.updateUser(tx, user.id, { lastLoginAt: now });
        const session = await service.createSession(tx, user, remember, meta);
        await audit.record(tx, { ...base, action: 'user.login', metadata: { remember } });
        return session;
      });
    },

    /** The second step of a sign-in with two-factor: a code (or a recovery code) answers the challenge. */
    async signInWithCode(
      challenge: string,
      answer: { code?: string; recoveryCode?: string },
      meta: RequestMeta,
    ): Promise<IssuedSession> {
      const ok = await twoFactor.answerChallenge(challenge, answer);
      if (!ok)
        throw new AppError(
          'INVALID_CREDENTIALS',
          'That code is wrong, or the sign-in took too long (5 minutes, 5 tries): check the code, or sign in again.',
        );
      const now = clock.now();
      return db.transaction(async (tx) => {
        const user = await repo.findUserById(tx, ok.userId);
        if (!user) throw new AppError('INVALID_CREDENTIALS', 'Sign in again.');
        const base = {
          companyId: user.companyId,
          actor: actorOf(user),
          target: { type: 'user', id: user.id },
          meta,
        };
        await repo.updateUser(tx, user.id, { lastLoginAt: now });
        const session = await service.createSession(tx, user, ok.remember, meta);
        await audit.record(tx, {
          ...base,
          action: 'user.login',
          metadata: { remember: ok.remember, twoFactor: ok.how },
        });
        if (ok.how === 'recovery')
          await audit.record(tx, { ...base, action: 'user.2fa_recovery_used', metadata: {} });
        return session;
      });
    },

    /** A company's sign-in policy: two-factor required, SSO only. */
    signInPolicy: (exec: Executor, companyId: string) => repo.findSignInPolicy(exec, companyId),
    /** Change a company's sign-in policy in the caller's transaction (its owner's checks are done). */
    setSignInPolicy: (
      exec: Executor,
      companyId: string,
      patch: { requireTwoFactor?: boolean; ssoOnly?: boolean },
    ) => repo.upsertSignInPolicy(exec, companyId, patch, clock.now()),
    /** End the password sessions of the company's users without two-factor, but `keep`; how many ended. */
    signOutWithoutTwoFactor: (exec: Executor, companyId: string, keep: string | null) =>
      repo.revokeSessionsWithoutTwoFactor(exec, companyId, keep, clock.now()),

    twoFactorStatus: twoFactor.twoFactorStatus,
    setupTwoFactor: twoFactor.setupTwoFactor,
    enableTwoFactor: twoFactor.enableTwoFactor,
    disableTwoFactor: twoFactor.disableTwoFactor,

    /** End the current session. */
    async logout(p: Principal, meta: RequestMeta): Promise<void> {
      if (!p.sessionId)
        throw new AppError('BAD_REQUEST', 'This request is authenticated by an API token, not a session.');
      await db.transaction(async (tx) => {
        await repo.revokeSession(tx, p.userId, p.sessionId as string, clock.now());
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf({ id: p.userId, email: p.email }),
          action: 'user.logout',
          target: { type: 'session', id: p.sessionId as string },
          meta,
        });
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
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf({ id: p.userId, email: p.email }),
          action: 'session.revoked',
          target: { type: 'session', id: sessionId },
          meta,
        });
      });
    },

    ...createApiTokensService(deps, h),
    ...createRecoveryService(deps, h),

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
  u: repo.PrincipalUser,
  twoFactorRequired: boolean,
  how: {
    sessionId: string | null;
    csrfToken: string | null;
    tokenId: string | null;
    scopes?: readonly ApiTokenScope[];
    signedInWith?: 'password' | 'sso';
  },
): Principal {
  return {
    userId: u.id,
    companyId: u.companyId,
    email: u.email,
    role: u.role,
    locale: u.locale,
    emailVerified: !!u.emailVerifiedAt,
    twoFactorSetupNeeded: twoFactorRequired && !u.totpEnabledAt,
    ...how,
  };
}
