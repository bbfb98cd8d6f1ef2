import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../deps.ts';

/** GET /api/v1/audit-events. (Filled in by the audit work.) */
export const auditRoutes: FastifyPluginAsync<{ deps: Deps }> = async () => {};
