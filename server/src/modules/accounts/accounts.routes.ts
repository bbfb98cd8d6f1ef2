import {
  apiTokenDto,
  changePasswordBody,
  createApiTokenBody,
  createdApiTokenDto,
  csrfResult,
  disableTwoFactorBody,
  enableTwoFactorBody,
  loginBody,
  loginResult,
  passwordResetConfirmBody,
  passwordResetRequestBody,
  sessionDto,
  tokenBody,
  twoFactorEnabledDto,
  twoFactorLoginBody,
  twoFactorSetupDto,
  twoFactorStatusDto,
  updateMeBody,
} from '@youarecoder/contract';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from '../../config/index.ts';
import type { Deps } from '../../deps.ts';
import { hostCookie, principalOf, requestMeta, SESSION_COOKIE } from '../../platform/http/auth.ts';
import { authRateLimit } from '../../platform/http/rate-limit.ts';
import type { IssuedSession } from './accounts.service.ts';

// Ids are prefixed alphanumerics; anything else (a NUL byte above all) must not reach PostgreSQL.
const idParams = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,80}$/, 'is not a valid id') });
const ok = z.object({ ok: z.literal(true) });

/** Put the session token in its cookie (HttpOnly, SameSite=Lax, Secure on https). */
export function setSessionCookie(reply: FastifyReply, config: Config, s: IssuedSession): void {
  reply.setCookie(hostCookie(SESSION_COOKIE, config.secureCookies), s.token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: config.secureCookies,
    ...(s.remember ? { expires: s.expiresAt } : {}),
  });
}

/** Routes of identity: sessions, tokens, verification, password reset, profile. */
export const accountsRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const accounts = deps.services.accounts;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limited = authRateLimit(deps.config);

  r.post(
    '/sessions',
    {
      config: { public: true, ...limited },
      schema: { tags: ['sessions'], summary: 'Sign in', body: loginBody, response: { 200: loginResult } },
    },
    async (req, reply) => {
      const s = await accounts.login(
        req.body.email,
        req.body.password,
        req.body.remember ?? false,
        requestMeta(req),
      );
      if ('challenge' in s) return { twoFactorRequired: true, challenge: s.challenge };
      setSessionCookie(reply, deps.config, s);
      return { csrfToken: s.csrfToken };
    },
  );

  r.post(
    '/sessions/two-factor',
    {
      config: { public: true, ...limited },
      schema: {
        tags: ['sessions'],
        summary: 'Sign in, second step: a code from the authenticator app or a recovery code',
        body: twoFactorLoginBody,
        response: { 200: csrfResult },
      },
    },
    async (req, reply) => {
      const s = await accounts.signInWithCode(req.body.challenge, req.body, requestMeta(req));
      setSessionCookie(reply, deps.config, s);
      return { csrfToken: s.csrfToken };
    },
  );

  r.get(
    '/me/two-factor',
    {
      config: { beforeTwoFactor: true },
      schema: {
        tags: ['two-factor'],
        summary: 'Whether two-factor sign-in is on',
        response: { 200: twoFactorStatusDto },
      },
    },
    async (req) => accounts.twoFactorStatus(principalOf(req)),
  );

  r.post(
    '/me/two-factor/setup',
    {
      config: { beforeTwoFactor: true },
      schema: {
        tags: ['two-factor'],
        summary: 'Start enrolling: the key, its otpauth:// link and a QR code',
        response: { 200: twoFactorSetupDto },
      },
    },
    async (req) => accounts.setupTwoFactor(principalOf(req)),
  );

  r.post(
    '/me/two-factor/enable',
    {
      config: { beforeTwoFactor: true },
      schema: {
        tags: ['two-factor'],
        summary: 'Confirm with a code: two-factor on, recovery codes shown once',
        body: enableTwoFactorBody,
        response: { 200: twoFactorEnabledDto },
      },
    },
    async (req) => accounts.enableTwoFactor(principalOf(req), req.body.code, requestMeta(req)),
  );

  r.post(
    '/me/two-factor/disable',
    {
      schema: {
        tags: ['two-factor'],
        summary: 'Turn two-factor sign-in off (needs the password)',
        body: disableTwoFactorBody,
        response: { 200: ok },
      },
    },
    async (req) => {
      await accounts.disableTwoFactor(principalOf(req), req.body.password, requestMeta(req));
      return { ok: true as const };
    },
  );

  r.delete(
    '/sessions/current',
    {
      config: { beforeTwoFactor: true },
      schema: { tags: ['sessions'], summary: 'Sign out', response: { 200: ok } },
    },
    async (req, reply) => {
      await accounts.logout(principalOf(req), requestMeta(req));
      reply.clearCookie(hostCookie(SESSION_COOKIE, deps.config.secureCookies), {
        path: '/',
        secure: deps.config.secureCookies,
      });
      return { ok: true as const };
    },
  );

  r.get(
    '/sessions',
    {
      schema: {
        tags: ['sessions'],
        summary: 'My live sessions',
        response: { 200: z.object({ sessions: z.array(sessionDto) }) },
      },
    },
    async (req) => ({ sessions: await accounts.listSessions(principalOf(req)) }),
  );

  r.delete(
    '/sessions/:id',
    {
      schema: {
        tags: ['sessions'],
        summary: 'Revoke one of my sessions',
        params: idParams,
        response: { 200: ok },
      },
    },
    async (req) => {
      await accounts.revokeSession(principalOf(req), req.params.id, requestMeta(req));
      return { ok: true as const };
    },
  );

  r.patch(
    '/me',
    {
      schema: {
        tags: ['account'],
        summary: 'Update my name or language',
        body: updateMeBody,
        response: { 200: ok },
      },
    },
    async (req) => {
      await accounts.updateProfile(principalOf(req), req.body, requestMeta(req));
      return { ok: true as const };
    },
  );

  r.post(
    '/me/password',
    {
      // It checks the current password: without a limit, a stolen session could guess it at will.
      config: limited,
      schema: {
        tags: ['account'],
        summary: 'Change my password (other sessions end)',
        body: changePasswordBody,
        response: { 200: ok },
      },
    },
    async (req) => {
      await accounts.changePassword(
        principalOf(req),
        req.body.currentPassword,
        req.body.newPassword,
        requestMeta(req),
      );
      return { ok: true as const };
    },
  );

  r.post(
    '/me/verification-email',
    {
      config: limited,
      schema: { tags: ['account'], summary: 'Send a new verification link', response: { 200: ok } },
    },
    async (req) => {
      await accounts.resendVerification(principalOf(req), requestMeta(req));
      return { ok: true as const };
    },
  );

  r.post(
    '/api-tokens',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Create an API token (shown once)',
        body: createApiTokenBody,
        response: { 201: createdApiTokenDto },
      },
    },
    async (req, reply) => {
      const t = await accounts.createApiToken(principalOf(req), req.body, requestMeta(req));
      return reply.status(201).send(t);
    },
  );

  r.get(
    '/api-tokens',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'My API tokens',
        response: { 200: z.object({ tokens: z.array(apiTokenDto) }) },
      },
    },
    async (req) => ({ tokens: await accounts.listApiTokens(principalOf(req)) }),
  );

  r.delete(
    '/api-tokens/:id',
    {
      schema: {
        tags: ['api-tokens'],
        summary: 'Revoke an API token',
        params: idParams,
        response: { 200: ok },
      },
    },
    async (req) => {
      await accounts.revokeApiToken(principalOf(req), req.params.id, requestMeta(req));
      return { ok: true as const };
    },
  );

  r.post(
    '/verify-email',
    {
      config: { public: true, ...limited },
      schema: {
        tags: ['account'],
        summary: 'Confirm an email address',
        body: tokenBody,
        response: { 200: ok },
      },
    },
    async (req) => {
      await accounts.verifyEmail(req.body.token, requestMeta(req));
      return { ok: true as const };
    },
  );

  r.post(
    '/password-resets',
    {
      config: { public: true, ...limited },
      schema: {
        tags: ['account'],
        summary: 'Email a password reset link (same answer whether or not the email exists)',
        body: passwordResetRequestBody,
        response: { 202: ok },
      },
    },
    async (req, reply) => {
      await accounts.requestPasswordReset(req.body.email, requestMeta(req));
      return reply.status(202).send({ ok: true as const });
    },
  );

  r.post(
    '/password-resets/confirm',
    {
      config: { public: true, ...limited },
      schema: {
        tags: ['account'],
        summary: 'Set a new password with the emailed token (every session ends)',
        body: passwordResetConfirmBody,
        response: { 200: ok },
      },
    },
    async (req) => {
      await accounts.confirmPasswordReset(req.body.token, req.body.password, requestMeta(req));
      return { ok: true as const };
    },
  );
};
