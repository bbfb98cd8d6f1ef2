import type { Locale } from '@youarecoder/contract';
import type { Config } from '../../config/index.ts';
import { type Clock, HOUR } from '../../platform/clock.ts';
import type { Db, Executor } from '../../platform/db/client.ts';
import type { RequestMeta } from '../../platform/http/auth.ts';
import { type AppError, invalid } from '../../platform/http/errors.ts';
import { hashSecret, type Ids } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { AuditService } from '../audit/index.ts';
import type { Notifications } from '../notifications/index.ts';
import * as repo from './accounts.repo.ts';
import { hashPassword, PASSWORD_WEAKNESS_MESSAGES, passwordWeaknessCode } from './passwords.ts';

/** Email verification link lifetime. */
export const VERIFY_TTL_MS = 24 * HOUR;
/** Password reset link lifetime. */
export const RESET_TTL_MS = HOUR;

/** What the accounts services need. */
export type AccountsDeps = {
  db: Db;
  ids: Ids;
  clock: Clock;
  config: Config;
  audit: AuditService;
  notifications: Notifications;
  log: Logger;
};

/** The field error for a weak new password in `field`, or null when it is acceptable. */
export function weakPasswordError(
  field: string,
  password: string,
  context: { email?: string; name?: string } = {},
): AppError | null {
  const code = passwordWeaknessCode(password, context);
  if (!code) return null;
  const text = PASSWORD_WEAKNESS_MESSAGES[code];
  return invalid({ [field]: text }, `${field} ${text}`, { [field]: code });
}

/** Pieces shared by the accounts services: password checks and emailed one-time tokens. */
export function accountHelpers(deps: AccountsDeps) {
  const { ids, clock, config, notifications } = deps;
  const actorOf = (u: { id: string; email: string }) => ({ userId: u.id, email: u.email });

  async function checkNewPassword(
    field: string,
    password: string,
    ctx: { email?: string; name?: string },
  ): Promise<string> {
    const weak = weakPasswordError(field, password, ctx);
    if (weak) throw weak;
    return hashPassword(password);
  }

  async function issueOneTimeToken(
    exec: Executor,
    userId: string,
    kind: 'verify_email' | 'password_reset',
    ttl: number,
  ) {
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

  async function queueVerification(
    exec: Executor,
    user: { id: string; email: string; fullName: string; locale: Locale; companyId: string },
    requestId?: string,
  ) {
    const token = await issueOneTimeToken(exec, user.id, 'verify_email', VERIFY_TTL_MS);
    await notifications.queue(exec, {
      template: 'verify_email',
      to: user.email,
      locale: user.locale,
      data: {
        name: user.fullName,
        url: `${config.publicUrl}/verify-email?token=${encodeURIComponent(token)}`,
      },
      companyId: user.companyId,
      userId: user.id,
      requestId,
    });
  }
  /** Tell a user by mail that something happened to their account's security. */
  async function securityAlert(
    exec: Executor,
    user: { id: string; email: string; fullName: string; locale: Locale; companyId: string },
    event: 'throttled' | 'password_changed' | 'password_reset',
    meta: RequestMeta,
    at: Date,
  ) {
    await notifications.queue(exec, {
      template: 'security_alert',
      to: user.email,
      locale: user.locale,
      data: { name: user.fullName, event, ip: meta.ip, at },
      companyId: user.companyId,
      userId: user.id,
      requestId: meta.requestId,
    });
  }

  return { actorOf, checkNewPassword, issueOneTimeToken, queueVerification, securityAlert };
}

/** The shared helpers. */
export type AccountHelpers = ReturnType<typeof accountHelpers>;
