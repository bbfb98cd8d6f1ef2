import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Members and invites routes. (Filled in by the team work.) */
export const teamRoutes: FastifyPluginAsync<{ deps: Deps }> = async () => {};
