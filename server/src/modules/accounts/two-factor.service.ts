// TOTP two-factor sign-in (RFC 6238, through the `otpauth` library): enrol with a QR code or the key,
// confirm with a first code, get ten recovery codes shown once, sign in with a second step, disable with
// the password. Every step is audited. A code is accepted once (its time step is remembered), with one
// step of clock drift either way.
import type { AuditAction } from '@youarecoder/contract';
import * as OTPAuth from 'otpauth';
import QRCode from 'qrcode';
import { MINUTE } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/client.ts';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { hashSecret, randomAlnum, safeEqual } from '../../platform/ids.ts';
import * as repo from './accounts.repo.ts';
import type { AccountHelpers, AccountsDeps } from './accounts.shared.ts';
import { verifyPassword } from './passwords.ts';

/** How long the second step of a sign-in may take. */
export const CHALLENGE_TTL_MS = 5 * MINUTE;
/** Wrong codes a challenge takes before it is spent (the password must be given again). */
export const CHALLENGE_ATTEMPTS = 5;
const RECOVERY_CODES = 10;
const ISSUER = 'YouAreCoder';

/** The TOTP of a base32 secret for a user (SHA-1, 6 digits, 30 s: what authenticator apps read). */
function totpOf(secret: string, label: string): OTPAuth.TOTP {
  return new OTPAuth.TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
    secret: OTPAuth.Secret.fromBase32(secret),
  });
}

/** A recovery code as people type it: `xxxx-xxxx-xxxx`, lowercase letters and digits. */
function newRecoveryCode(): string {
  const raw = randomAlnum(12).toLowerCase();
  return `${raw.slice(0, 4)}-${raw.slice(4, 8)}-${raw.slice(8, 12)}`;
}

/** Normalise what someone typed as a recovery code (spaces, case, dashes optional). */
function normaliseRecovery(code: string): string {
  const c = code.toLowerCase().replace(/[^a-z0-9]/g, '');
  return c.length === 12 ? `${c.slice(0, 4)}-${c.slice(4, 8)}-${c.slice(8)}` : c;
}

export function createTwoFactorService(deps: AccountsDeps, h: AccountHelpers) {
  const { db, ids, clock, audit } = deps;
  const now = () => clock.now();

  /** The time step a code matches for `secret` after `lastStep`, or null (wrong, or replayed). */
  function matchStep(secret: string, label: string, code: string, lastStep: number | null): number | null {
    const token = code.replace(/\s/g, '');
    if (!/^\d{6}$/.test(token)) return null;
    const t = now().getTime();
    const delta = totpOf(secret, label).validate({ token, timestamp: t, window: 1 });
    if (delta === null) return null;
    const step = Math.floor(t / 30_000) + delta;
    return lastStep !== null && step <= lastStep ? null : step;
  }

  async function userOf(exec: Executor, p: Principal) {
    const u = await repo.findUser(exec, p.companyId, p.userId);
    if (!u) throw notFound('User');
    return u;
  }

  const record = (exec: Executor, p: Principal, action: AuditAction, meta: RequestMeta, metadata = {}) =>
    audit.record(exec, {
      companyId: p.companyId,
      actor: h.actorOf({ id: p.userId, email: p.email }),
      action,
      target: { type: 'user', id: p.userId },
      metadata,
      meta,
    });

  return {
    /** Whether the user signs in with a second step. */
    async twoFactorStatus(p: Principal) {
      const u = await userOf(db, p);
      const left = u.totpEnabledAt ? (await repo.liveRecoveryCodes(db, u.id)).length : 0;
      return {
        enabled: !!u.totpEnabledAt,
        enabledAt: u.totpEnabledAt?.toISOString() ?? null,
        recoveryCodesLeft: left,
      };
    },

    /** Start enrolling: a new secret, as a key, an otpauth:// link and a QR code of it. */
    async setupTwoFactor(p: Principal) {
      const u = await userOf(db, p);
      if (u.totpEnabledAt)
        throw new AppError('CONFLICT', 'Two-factor sign-in is already on; turn it off first to enrol again.');
      const secret = new OTPAuth.Secret({ size: 20 }).base32;
      await repo.updateUser(db, u.id, { totpPendingSecret: secret, updatedAt: now() });
      const uri = totpOf(secret, u.email).toString();
      return { secret, otpauthUrl: uri, qrDataUrl: await QRCode.toDataURL(uri, { margin: 1, width: 220 }) };
    },

    /** Confirm enrolment with a code from the app: on, and ten recovery codes (shown this once). */
    async enableTwoFactor(p: Principal, code: string, meta: RequestMeta) {
      return db.transaction(async (tx) => {
        const u = await userOf(tx, p);
        if (u.totpEnabledAt) throw new AppError('CONFLICT', 'Two-factor sign-in is already on.');
        if (!u.totpPendingSecret)
          throw new AppError('CONFLICT', 'Start with the setup step: it gives the key to scan.');
        const step = matchStep(u.totpPendingSecret, u.email, code, null);
        if (step === null)
          throw new AppError(
            'VALIDATION_FAILED',
            'That code does not match: check the clock of your phone and try the current one.',
            { fields: { code: 'does not match the key' } },
          );
        const t = now();
        await repo.updateUser(tx, u.id, {
          totpSecret: u.totpPendingSecret,
          totpPendingSecret: null,
          totpEnabledAt: t,
          totpLastStep: step,
          updatedAt: t,
        });
        const codes = Array.from({ length: RECOVERY_CODES }, () => newRecoveryCode());
        await repo.replaceRecoveryCodes(
          tx,
          u.id,
          codes.map((c) => ({ id: ids.id('rcv'), userId: u.id, codeHash: hashSecret(c), createdAt: t })),
        );
        await record(tx, p, 'user.2fa_enabled', meta, { recoveryCodes: codes.length });
        return { recoveryCodes: codes };
      });
    },

    /** Turn it off, with the password (a stolen session alone cannot). */
    async disableTwoFactor(p: Principal, password: string, meta: RequestMeta) {
      await db.transaction(async (tx) => {
        const u = await userOf(tx, p);
        if (!(await verifyPassword(u.passwordHash, password)))
          throw new AppError('VALIDATION_FAILED', 'The password is wrong.', {
            fields: { password: 'is wrong' },
          });
        if (!u.totpEnabledAt) return;
        const policy = await repo.findSignInPolicy(tx, u.companyId);
        if (policy.requireTwoFactor)
          throw new AppError(
            'FORBIDDEN',
            'Your company requires two-factor sign-in, so it cannot be turned off (the owner can lift the requirement under Company → Sign-in).',
          );
        if (policy.ssoOnly && u.role === 'owner')
          throw new AppError(
            'FORBIDDEN',
            'Your company signs in through SSO only: your password with two-factor is the way in when the identity provider fails. Allow passwords again first.',
          );
        await repo.updateUser(tx, u.id, {
          totpSecret: null,
          totpEnabledAt: null,
          totpLastStep: null,
          totpPendingSecret: null,
          updatedAt: now(),
        });
        await repo.replaceRecoveryCodes(tx, u.id, []);
        await record(tx, p, 'user.2fa_disabled', meta);
      });
    },

    /** After the right password of a user with two-factor on: the challenge the second step needs. */
    async openChallenge(exec: Executor, userId: string, remember: boolean): Promise<string> {
      const token = ids.secret(32);
      const t = now();
      await repo.insertLoginChallenge(exec, {
        id: ids.id('lch'),
        tokenHash: hashSecret(token),
        userId,
        remember,
        createdAt: t,
        expiresAt: new Date(t.getTime() + CHALLENGE_TTL_MS),
      });
      return token;
    },

    /**
     * The second step: a code from the app, or a recovery code (each works once). Returns the user and
     * how, for the caller to open the session; wrong answers count against the challenge.
     */
    async answerChallenge(
      challenge: string,
      answer: { code?: string; recoveryCode?: string },
    ): Promise<{ userId: string; remember: boolean; how: 'totp' | 'recovery' } | null> {
      return db.transaction(async (tx) => {
        const c = await repo.lockLoginChallenge(tx, hashSecret(challenge));
        const t = now();
        if (!c || c.usedAt || c.expiresAt <= t || c.attempts >= CHALLENGE_ATTEMPTS) return null;
        // Locked: two answers at once cannot both spend the same code.
        const u = await repo.findUserById(tx, c.userId, { lock: true });
        if (!u?.totpSecret) return null;
        let how: 'totp' | 'recovery' | null = null;
        if (answer.code) {
          const step = matchStep(u.totpSecret, u.email, answer.code, u.totpLastStep);
          if (step !== null) {
            await repo.updateUser(tx, u.id, { totpLastStep: step });
            how = 'totp';
          }
        } else if (answer.recoveryCode) {
          const hash = hashSecret(normaliseRecovery(answer.recoveryCode));
          const hit = (await repo.liveRecoveryCodes(tx, u.id)).find((r) => safeEqual(r.codeHash, hash));
          if (hit) {
            await repo.useRecoveryCode(tx, hit.id, t);
            how = 'recovery';
          }
        }
        if (!how) {
          await repo.updateLoginChallenge(tx, c.id, { attempts: c.attempts + 1 });
          return null;
        }
        await repo.updateLoginChallenge(tx, c.id, { usedAt: t });
        return { userId: u.id, remember: c.remember, how };
      });
    },
  };
}
