import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../deps.ts';
import { companiesRoutes as core } from './companies.routes.ts';
import { teamRoutes } from './team.routes.ts';

export { type CompaniesService, createCompaniesService } from './companies.service.ts';

/** Every route of the companies module. */
export const companiesRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, opts) => {
  await app.register(core, opts);
  await app.register(teamRoutes, opts);
};
