import { companyDto, meDto, signupBody, signupResult, updateCompanyBody } from '@youarecoder/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Deps } from '../../deps.ts';
import { principalOf, requestMeta, requireRole } from '../../platform/http/auth.ts';
import { authRateLimit } from '../../platform/http/rate-limit.ts';
import { setSessionCookie } from '../accounts/index.ts';

/** Routes of tenants: signup, me, company. Members and invites live in team.routes.ts. */
export const companiesRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const companies = deps.services.companies;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/signup',
    {
      config: { public: true, ...authRateLimit(deps.config) },
      schema: {
        tags: ['signup'],
        summary: 'Create a company with its owner and sign in',
        body: signupBody,
        response: { 201: signupResult },
      },
    },
    async (req, reply) => {
      const res = await companies.signup(req.body, requestMeta(req));
      setSessionCookie(reply, deps.config, res.session);
      return reply
        .status(201)
        .send({ company: res.company, user: res.user, csrfToken: res.session.csrfToken });
    },
  );

  r.get(
    '/me',
    {
      config: { beforeTwoFactor: true },
      schema: {
        tags: ['account'],
        summary: 'The signed-in user and their company',
        response: { 200: meDto },
      },
    },
    async (req) => companies.me(principalOf(req)),
  );

  r.get(
    '/company',
    {
      schema: {
        tags: ['company'],
        summary: 'My company with its quota summary',
        response: { 200: companyDto },
      },
    },
    async (req) => companies.getCompany(principalOf(req)),
  );

  r.patch(
    '/company',
    {
      schema: {
        tags: ['company'],
        summary: 'Rename the company (owner, admin)',
        body: updateCompanyBody,
        response: { 200: companyDto },
      },
    },
    async (req) => {
      const p = principalOf(req);
      requireRole(p, 'owner', 'admin');
      return companies.updateCompany(p, req.body, requestMeta(req));
    },
  );
};
