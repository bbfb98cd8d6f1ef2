import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../deps.ts';
import { companiesRoutes as core } from './companies.routes.ts';
import { signInRoutes } from './sign-in.routes.ts';
import { teamRoutes } from './team.routes.ts';

export { type CompaniesService, createCompaniesService } from './companies.service.ts';
export { createOidcRelyingParty, type OidcRelyingParty } from './sso.oidc.ts';

/** Every route of the companies module. */
export const companiesRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, opts) => {
  await app.register(core, opts);
  await app.register(teamRoutes, opts);
  await app.register(signInRoutes, opts);
};
