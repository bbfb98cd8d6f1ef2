import type { Locale } from '@youarecoder/contract';
import type { Executor } from '../../platform/db/client.ts';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { AppError, invalid, notFound } from '../../platform/http/errors.ts';
import { hashSecret } from '../../platform/ids.ts';
import * as repo from './accounts.repo.ts';
import {
  type AccountHelpers,
  type AccountsDeps,
  RESET_TTL_MS,
  weakPasswordError,
} from './accounts.shared.ts';
import { hashPassword, verifyPassword } from './passwords.ts';

/** Email verification, password reset and change, profile: the flows that change who a user is. */
export function createRecoveryService(deps: AccountsDeps, h: AccountHelpers) {
  const { db, clock, config, audit, notifications } = deps;
  const { actorOf, checkNewPassword, issueOneTimeToken, queueVerification } = h;

  /** Use up an emailed token and return its user; TOKEN_INVALID naming the field otherwise. */
  async function useToken(
    tx: Executor,
    kind: 'verify_email' | 'password_reset',
    tokenHash: string,
    now: Date,
  ) {
    const userId = await repo.consumeOneTimeToken(tx, kind, tokenHash, now);
    const user = userId ? await repo.findUserById(tx, userId) : undefined;
    if (!user) {
      const what = kind === 'verify_email' ? 'verification' : 'reset';
      const next = kind === 'verify_email' ? 'Sign in and ask for a new one.' : 'Ask for a new one.';
      throw new AppError('TOKEN_INVALID', `This ${what} link is invalid, used or expired. ${next}`, {
        fields: { token: 'is invalid, used or expired' },
        fieldCodes: { token: 'token_invalid' },
      });
    }
    return user;
  }

  /**
   * Store a new password hash, end the user's other sessions (all of them on a reset) and revoke their API
   * tokens (made with the old password, they may be what leaked), audit it and alert the user, in one
   * transaction. A reset also clears sign-in throttles and proves the email address.
   */
  async function storePassword(
    user: repo.UserRow,
    passwordHash: string,
    meta: RequestMeta,
    how: 'reset' | 'change',
    keepSessionId: string | null,
  ): Promise<void> {
    await db.transaction(async (tx) => {
      const now = clock.now();
      await repo.updateUser(tx, user.id, {
        passwordHash,
        updatedAt: now,
        ...(how === 'reset' ? { emailVerifiedAt: user.emailVerifiedAt ?? now } : {}),
      });
      // Whoever reset the password owns the account again: no address has to wait any more.
      if (how === 'reset') await repo.clearThrottles(tx, user.id);
      const ended = await repo.revokeAllSessions(tx, user.id, now, keepSessionId ?? undefined);
      const tokensRevoked = await repo.revokeAllApiTokens(tx, user.id, now);
      await audit.record(tx, {
        companyId: user.companyId,
        actor: actorOf(user),
        action: how === 'reset' ? 'user.password_reset' : 'user.password_changed',
        target: { type: 'user', id: user.id },
        metadata:
          how === 'reset'
            ? { sessionsRevoked: ended, tokensRevoked }
            : { otherSessionsRevoked: ended, tokensRevoked },
        meta,
      });
      await h.securityAlert(tx, user, how === 'reset' ? 'password_reset' : 'password_changed', meta, now);
    });
  }

  return {
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
        const user = await useToken(tx, 'verify_email', hashSecret(token), now);
        if (!user.emailVerifiedAt)
          await repo.updateUser(tx, user.id, { emailVerifiedAt: now, updatedAt: now });
        await audit.record(tx, {
          companyId: user.companyId,
          actor: actorOf(user),
          action: 'user.email_verified',
          target: { type: 'user', id: user.id },
          meta,
        });
      });
    },

    /** Email a reset link if the account exists; the answer is the same either way. */
    async requestPasswordReset(email: string, meta: RequestMeta): Promise<void> {
      const user = await repo.findUserByEmail(db, email);
      if (!user) {
        await audit.record(db, {
          companyId: null,
          actor: null,
          action: 'user.password_reset_requested',
          metadata: { email, known: false },
          meta,
        });
        return;
      }
      await db.transaction(async (tx) => {
        const token = await issueOneTimeToken(tx, user.id, 'password_reset', RESET_TTL_MS);
        await notifications.queue(tx, {
          template: 'password_reset',
          to: user.email,
          locale: user.locale,
          data: {
            name: user.fullName,
            url: `${config.publicUrl}/reset-password?token=${encodeURIComponent(token)}`,
          },
          companyId: user.companyId,
          userId: user.id,
          requestId: meta.requestId,
        });
        await audit.record(tx, {
          companyId: user.companyId,
          actor: actorOf(user),
          action: 'user.password_reset_requested',
          target: { type: 'user', id: user.id },
          meta,
        });
      });
    },

    /** Set a new password with the emailed token; every session of the user ends. */
    async confirmPasswordReset(token: string, password: string, meta: RequestMeta): Promise<void> {
      const tokenHash = hashSecret(token);
      // Check the password before using up the token, so a weak password does not burn the link.
      const pending = await db.transaction(async (tx) => {
        const user = await useToken(tx, 'password_reset', tokenHash, clock.now());
        const weak = weakPasswordError('password', password, { email: user.email });
        if (weak) throw weak; // rolls back: the link still works
        return user;
      });
      const passwordHash = await hashPassword(password);
      await storePassword(pending, passwordHash, meta, 'reset', null);
    },

    /** Change the password knowing the current one; other sessions end. */
    async changePassword(p: Principal, current: string, next: string, meta: RequestMeta): Promise<void> {
      const user = await repo.findUser(db, p.companyId, p.userId);
      if (!user) throw notFound('User');
      if (!(await verifyPassword(user.passwordHash, current))) {
        throw invalid({ currentPassword: 'is wrong' }, 'The current password is wrong.', {
          currentPassword: 'wrong_password',
        });
      }
      const passwordHash = await checkNewPassword('newPassword', next, { email: user.email });
      await storePassword(user, passwordHash, meta, 'change', p.sessionId);
    },

    /** Update name or locale. */
    async updateProfile(
      p: Principal,
      patch: { fullName?: string; locale?: Locale },
      meta: RequestMeta,
    ): Promise<void> {
      const user = await repo.findUser(db, p.companyId, p.userId);
      if (!user) throw notFound('User');
      const diff: Record<string, { from: unknown; to: unknown }> = {};
      if (patch.fullName !== undefined && patch.fullName !== user.fullName)
        diff.fullName = { from: user.fullName, to: patch.fullName };
      if (patch.locale !== undefined && patch.locale !== user.locale)
        diff.locale = { from: user.locale, to: patch.locale };
      if (!Object.keys(diff).length) return;
      await db.transaction(async (tx) => {
        await repo.updateUser(tx, user.id, { ...patch, updatedAt: clock.now() });
        await audit.record(tx, {
          companyId: p.companyId,
          actor: actorOf(user),
          action: 'user.profile_updated',
          target: { type: 'user', id: user.id },
          diff,
          meta,
        });
      });
    },
  };
}
