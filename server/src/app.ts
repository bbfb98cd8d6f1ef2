import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import cookie from '@fastify/cookie';
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import { sql } from 'drizzle-orm';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import helmet from 'helmet';
import type { Deps } from './deps.ts';
import { accountsRoutes } from './modules/accounts/index.ts';
import { auditRoutes } from './modules/audit/audit.routes.ts';
import {
  billingAdminRoutes,
  billingLegalRoutes,
  billingRoutes,
  paytrCallbackRoute,
} from './modules/billing/index.ts';
import { companiesRoutes } from './modules/companies/index.ts';
import { gatewayRoutes } from './modules/gateway/index.ts';
import { notificationsRoutes } from './modules/notifications/notifications.routes.ts';
import { workspacesRoutes } from './modules/workspaces/index.ts';
import { installAuth } from './platform/http/auth.ts';
import { AppError, installErrorHandling } from './platform/http/errors.ts';
import { randomAlnum, safeEqual } from './platform/ids.ts';

/** Folder of the built portal. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** One registered route, for tests that walk the whole API (tenant isolation, OpenAPI coverage). */
export interface RouteInfo {
  method: string;
  url: string;
  public: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    routeTable: RouteInfo[];
  }
}

const REQUEST_ID_RE = /^[A-Za-z0-9._-]{1,64}$/;

/** Build the HTTP application. It never listens: main.ts does, tests use inject(). */
export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: deps.log as FastifyBaseLogger,
    trustProxy: deps.config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : `req_${randomAlnum(16)}`;
    },
  });
  const routeTable: RouteInfo[] = [];
  app.decorate('routeTable', routeTable);
  app.addHook('onRoute', (r) => {
    for (const method of [r.method].flat()) {
      if (method !== 'HEAD') routeTable.push({ method, url: r.url, public: r.config?.public === true });
    }
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandling(app);

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    deps.metrics.httpDuration
      .labels(request.method, route, String(reply.statusCode))
      .observe(reply.elapsedTime / 1000);
  });

  // Security headers, built once: @fastify/helmet rebuilt helmet's middleware (CSP parsing included)
  // on every request, about 7 % of a payment notification's CPU.
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        // PayTR's payment page is shown in an iframe; stored-card forms post to PayTR directly.
        frameSrc: ["'self'", deps.paymentGateway.origin],
        formAction: ["'self'", deps.paymentGateway.origin],
        upgradeInsecureRequests: deps.config.secureCookies ? [] : null,
      },
    },
    strictTransportSecurity: deps.config.secureCookies,
  });
  app.addHook('onRequest', (request, reply, next) =>
    securityHeaders(request.raw, reply.raw, (err) => next(err as Error | undefined)),
  );
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new AppError('RATE_LIMITED', `Too many attempts from your address; try again in ${ctx.after}.`),
  });
  await app.register(cookie);
  await app.register(formbody);
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'YouAreCoder API', version: '1.0.0', description: 'Control plane API of YouAreCoder' },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'yac_session' },
          token: { type: 'http', scheme: 'bearer' },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    transform: jsonSchemaTransform,
    hideUntagged: false,
  });
  installAuth(app, deps.services.accounts.authenticate, new URL(deps.config.publicUrl).origin);

  app.get('/healthz', { config: { public: true }, schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { config: { public: true }, schema: { hide: true } }, async (_req, reply) => {
    const failing: string[] = [];
    try {
      await deps.database.db.execute(sql`select 1`);
    } catch {
      failing.push('database');
    }
    const jobs = deps.jobRunnerHealthy();
    if (jobs === false) failing.push('jobs');
    if (failing.length) return reply.status(503).send({ status: 'unavailable', failing });
    return { status: 'ready', jobs: jobs === null ? 'not in this process' : 'ok' };
  });
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
    const token = deps.config.METRICS_TOKEN;
    if (token && !safeEqual(req.headers.authorization ?? '', `Bearer ${token}`)) {
      throw new AppError('UNAUTHENTICATED', 'GET /metrics needs Authorization: Bearer <METRICS_TOKEN>.');
    }
    reply.header('content-type', deps.metrics.registry.contentType);
    return deps.metrics.registry.metrics();
  });
  app.get('/api/openapi.json', { config: { public: true }, schema: { hide: true } }, async () =>
    app.swagger(),
  );

  await app.register(
    async (api) => {
      await api.register(accountsRoutes, { deps });
      await api.register(companiesRoutes, { deps });
      await api.register(auditRoutes, { deps });
      await api.register(notificationsRoutes, { deps });
      await api.register(workspacesRoutes, { deps });
      await api.register(billingRoutes, { deps });
      await api.register(billingLegalRoutes, { deps });
      await api.register(billingAdminRoutes, { deps });
    },
    { prefix: '/api/v1' },
  );
  await app.register(gatewayRoutes, { deps });
  await app.register(paytrCallbackRoute, { deps });

  await registerPortal(app);
  return app;
}

/** Serve the built portal; unknown non-API GETs get index.html so client-side routes work. */
async function registerPortal(app: FastifyInstance): Promise<void> {
  const indexFile = path.join(WEB_DIST, 'index.html');
  // index.html is looked up per request: a portal built after start (or rebuilt) is served at once.
  const sendIndex = async (reply: FastifyReply) => {
    if (!existsSync(indexFile)) {
      return reply
        .type('text/plain')
        .send('The portal is not built yet: run `npm run build` (npm start does it for you).');
    }
    reply.header('cache-control', 'no-cache');
    return reply.type('text/html').send(await readFile(indexFile));
  };
  if (existsSync(WEB_DIST)) {
    // wildcard: files are looked up per request too; a missing one falls through to the
    // not-found handler below (index.html for client-side routes, JSON 404 under /api).
    await app.register(fastifyStatic, { root: WEB_DIST, index: false, wildcard: true, maxAge: '1h' });
  }
  app.get('/', { config: { public: true }, schema: { hide: true } }, (_req, reply) => sendIndex(reply));
  app.setNotFoundHandler(async (request, reply) => {
    const isApi = request.url.startsWith('/api/');
    if (isApi || (request.method !== 'GET' && request.method !== 'HEAD')) {
      return reply.status(404).send({
        code: 'NOT_FOUND',
        message: `No route ${request.method} ${request.url.split('?')[0]}`,
        requestId: String(request.id),
      });
    }
    return sendIndex(reply);
  });
}
