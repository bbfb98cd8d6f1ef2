import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../deps.ts';

/** Development-only mail page API. (Filled in by the mail work.) */
export const notificationsRoutes: FastifyPluginAsync<{ deps: Deps }> = async () => {};
