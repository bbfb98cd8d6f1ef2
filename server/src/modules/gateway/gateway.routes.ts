// GET /gateway/authorize on the portal's host: reads the platform session cookie, checks access to the
// workspace named by `host`, and sends the browser on with a single-use ticket (or to the login page).
import type { FastifyPluginAsync } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AUTHORIZE_PATH } from './gateway.policy.ts';
import type { Gateway } from './gateway.ts';

/** What the route needs of the composition root; without a gateway nothing is registered. */
export type GatewayRouteDeps = Pick<Deps, 'config' | 'services'> & { gateway?: Gateway | undefined };

/** The portal side of the gateway handshake (outside /api/v1: a browser navigation, not an API call). */
export const gatewayRoutes: FastifyPluginAsync<{ deps: GatewayRouteDeps }> = async (app, { deps }) => {
  const gateway = deps.gateway;
  if (!gateway) return;
  app.get(AUTHORIZE_PATH, { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const query = (req.query ?? {}) as Record<string, unknown>;
    const principal = await deps.services.accounts.authenticate(req);
    const out = await gateway.authorize({
      principal,
      host: query.host,
      path: query.path,
      acceptLanguage: req.headers['accept-language'],
    });
    reply.header('cache-control', 'no-store');
    if (out.kind === 'redirect') return reply.redirect(out.location, 302);
    return reply.status(out.status).type('text/html; charset=utf-8').send(out.html);
  });
};
