import {
  addDomainBody,
  signInSettingsDto,
  ssoConnectionBody,
  ssoStartBody,
  updateSignInPolicyBody,
  verifyDomainBody,
} from '@youarecoder/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { hostCookie, principalOf, requestMeta } from '../../platform/http/auth.ts';
import { pickLocale } from '../../platform/http/locale.ts';
import { authRateLimit } from '../../platform/http/rate-limit.ts';
import { setSessionCookie } from '../accounts/index.ts';
import { SsoError } from './sso.flow.ts';

/** The cookie that ties an SSO sign-in to the browser that started it. */
const SSO_COOKIE = 'yac_sso';

/** Sign-in settings (two-factor required, SSO only), the SSO connection, domains, and SSO sign-in itself. */
export const signInRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const companies = deps.services.companies;
  const { config } = deps;
  const r = app.withTypeProvider<ZodTypeProvider>();
  const limited = authRateLimit(config);
  const ssoCookie = hostCookie(SSO_COOKIE, config.secureCookies);
  const settings = { 200: signInSettingsDto };

  r.get(
    '/sign-in-policy',
    { schema: { tags: ['sign-in'], summary: 'How the company signs in (owner, admin)', response: settings } },
    async (req) => companies.signInSettings(principalOf(req)),
  );

  r.patch(
    '/sign-in-policy',
    {
      schema: {
        tags: ['sign-in'],
        summary: 'Require two-factor, or SSO only (owner)',
        body: updateSignInPolicyBody,
        response: settings,
      },
    },
    async (req) => companies.updateSignInPolicy(principalOf(req), req.body, requestMeta(req)),
  );

  r.put(
    '/sso/connection',
    {
      schema: {
        tags: ['sign-in'],
        summary: "Set up the company's OpenID Connect client (owner, Enterprise)",
        body: ssoConnectionBody,
        response: settings,
      },
    },
    async (req) => companies.setSsoConnection(principalOf(req), req.body, requestMeta(req)),
  );

  r.delete(
    '/sso/connection',
    { schema: { tags: ['sign-in'], summary: 'Remove single sign-on (owner)', response: settings } },
    async (req) => companies.removeSsoConnection(principalOf(req), requestMeta(req)),
  );

  r.post(
    '/sso/domains',
    {
      config: limited,
      schema: {
        tags: ['sign-in'],
        summary: 'Add an email domain: a link goes to the given address in it (owner)',
        body: addDomainBody,
        response: settings,
      },
    },
    async (req) => companies.addDomain(principalOf(req), req.body.email, requestMeta(req)),
  );

  r.delete(
    '/sso/domains/:id',
    {
      schema: {
        tags: ['sign-in'],
        summary: 'Remove an email domain (owner)',
        params: z.object({ id: z.string().max(100) }),
        response: settings,
      },
    },
    async (req) => companies.removeDomain(principalOf(req), req.params.id, requestMeta(req)),
  );

  r.post(
    '/sso/domains/verify',
    {
      config: { public: true, ...limited },
      schema: {
        tags: ['sign-in'],
        summary: "Confirm a domain with its mailed link's token",
        body: verifyDomainBody,
        response: { 200: z.object({ domain: z.string(), companyName: z.string() }) },
      },
    },
    async (req) => companies.verifyDomain(req.body.token, requestMeta(req)),
  );

  r.post(
    '/sso/start',
    {
      config: { public: true, ...limited },
      schema: {
        tags: ['sign-in'],
        summary: "Start signing in through the company's identity provider: where to send the browser",
        body: ssoStartBody,
        response: { 200: z.object({ url: z.string() }) },
      },
    },
    async (req, reply) => {
      const browser = deps.ids.secret(24);
      const out = await companies.startSso(req.body, browser);
      reply.setCookie(ssoCookie, browser, {
        path: '/',
        httpOnly: true,
        // Lax: the IdP's redirect back is a top-level GET navigation, which carries it.
        sameSite: 'lax',
        secure: config.secureCookies,
        maxAge: 600,
      });
      return out;
    },
  );

  r.get(
    '/sso/callback',
    {
      config: { public: true, ...limited },
      schema: {
        tags: ['sign-in'],
        summary: 'Where the IdP sends the browser back: a session and /app, or /login?sso_error=<reason>',
        querystring: z
          .object({
            code: z.string().max(2000).optional(),
            state: z.string().max(500).optional(),
            error: z.string().max(200).optional(),
            error_description: z.string().max(1000).optional(),
          })
          .passthrough(),
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      reply.clearCookie(ssoCookie, { path: '/', secure: config.secureCookies });
      const url = new URL(req.url, config.publicUrl);
      try {
        const out = await companies.finishSso(url, req.cookies?.[ssoCookie], requestMeta(req), {
          locale: pickLocale(req.headers['accept-language']),
        });
        setSessionCookie(reply, config, out.session);
        return reply.redirect(`${config.publicUrl}${out.next ?? '/app'}`, 302);
      } catch (err) {
        if (!(err instanceof SsoError)) throw err;
        req.log.info({ reason: err.reason, detail: err.message }, 'SSO sign-in refused');
        return reply.redirect(`${config.publicUrl}/login?sso_error=${err.reason}`, 302);
      }
    },
  );
};
