// The workspace gateway, assembled: the access check and tickets of the portal's /gateway/authorize,
// the handler of workspace hosts in front of fastify, and the proxy to each workspace's code-server.
import http from 'node:http';
import type net from 'node:net';
import type { Duplex } from 'node:stream';
import { z } from 'zod';
import type { Config } from '../../config/index.ts';
import { type Clock, DAY, MINUTE } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { hostCookie, type Principal, SESSION_COOKIE } from '../../platform/http/auth.ts';
import type { Ids } from '../../platform/ids.ts';
import { type AnyJob, type CronEntry, defineJob } from '../../platform/jobs/index.ts';
import type { Logger } from '../../platform/logger.ts';
import { createFastPath, type FastPath } from './fast-path.ts';
import { createGatewayAccess, type GatewayAccessService } from './gateway.access.ts';
import { createGatewayHandler } from './gateway.handler.ts';
import * as pages from './gateway.pages.ts';
import {
  AUTHORIZE_PATH,
  canOpenWorkspace,
  GATEWAY_COOKIE,
  gatewayBaseDomain,
  pickLocale,
  safeRelativePath,
  TICKET_PATH,
} from './gateway.policy.ts';
import { createChangeWaiters } from './gateway.wait.ts';
import type { GatewayWorkspaces } from './gateway.workspaces.ts';
import { parseWorkspaceHost } from './host.ts';
import { createUpstreamProxy, type UpstreamProxy } from './proxy.ts';

/** What the gateway is built from. */
export interface GatewayDeps {
  db: Db;
  config: Config;
  clock: Clock;
  ids: Ids;
  log: Logger;
  workspaces: GatewayWorkspaces;
  /**
   * Workspace changes (state, sharing, deletion) from any process: what the gateway cached about that
   * workspace is dropped at once rather than at the cache's expiry (a started IDE is reached at once,
   * a stopped one no longer proxied to). Subscribed on the first workspace request.
   */
  changes?: (fn: (workspaceId: string) => void) => () => void;
  /** Tuning, mostly for tests. */
  options?: GatewayOptions;
}

/** Tuning of the gateway. */
export interface GatewayOptions {
  /** How long a cookie's validation is reused (default 5 s; 0 = every request reads the database). */
  cacheTtlMs?: number;
  /** Most cookie validations kept (default 10 000). */
  cacheMax?: number;
  /** How long a ticket is good for (default 60 s). */
  ticketTtlMs?: number;
  /** At most one last_activity_at write per workspace per this long (default 30 s). */
  activityIntervalMs?: number;
  /** Time for code-server to answer a request's head (default 30 s). */
  upstreamTimeoutMs?: number;
}

/** What GET /gateway/authorize answers: a redirect or an HTML page. */
export type AuthorizeOutcome =
  | { kind: 'redirect'; location: string }
  | ({ kind: 'page' } & pages.GatewayPage);

/** The query of GET /gateway/authorize and who asks. */
export interface AuthorizeInput {
  /** The platform session's principal (a bearer-token principal counts as signed out). */
  principal: Principal | null;
  host: unknown;
  path: unknown;
  acceptLanguage: string | string[] | undefined;
}

/** The workspace gateway. */
export interface Gateway {
  /** `<workspace>--<company>.<baseDomain>`. */
  readonly baseDomain: string;
  /** The access check of /gateway/authorize: login redirect, ticket redirect, or a 400/404 page. */
  authorize(input: AuthorizeInput): Promise<AuthorizeOutcome>;
  /** Handle a request of a workspace host (true), or leave it to the portal (false). */
  handleRequest(req: http.IncomingMessage, res: http.ServerResponse): boolean;
  /** Handle a WebSocket upgrade of a workspace host (true), or leave it (false). */
  handleUpgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** The access service (tickets, cookie validation and its cache). */
  readonly access: GatewayAccessService;
  /** The proxy (its live counts, closing one workspace's connections when it stops). */
  readonly proxy: UpstreamProxy;
  /** The raw HTTP/1.1 fast path (fast-path.ts), or null when GATEWAY_FAST_PATH is off. */
  readonly fastPath: FastPath | null;
  /** Jobs and cron entries of the gateway (the cleanup of expired tickets and sessions). */
  readonly jobs: AnyJob[];
  readonly cron: CronEntry[];
  /** Refuse new traffic and close every proxied connection (shutdown). */
  close(): void;
}

const CLEANUP_JOB = 'gateway:cleanup';

/**
 * The platform's cookies, never passed to code-server nor accepted from it: by name, with and without
 * the `__Host-` prefix they carry on https, and anything starting `yac_`.
 */
export const PLATFORM_COOKIES = Object.freeze({
  platformCookieNames: [SESSION_COOKIE, GATEWAY_COOKIE].flatMap((n) => [n, hostCookie(n, true)]),
  platformCookiePrefixes: ['yac_', hostCookie('yac_', true)],
});

/** Build the gateway. */
export function createGateway(d: GatewayDeps): Gateway {
  const { db, config, clock, ids, log, workspaces } = d;
  const opt = d.options ?? {};
  const baseDomain = gatewayBaseDomain(config);
  const secure = config.secureCookies;
  const access = createGatewayAccess({
    db,
    clock,
    ids,
    workspaces,
    ticketTtlMs: opt.ticketTtlMs ?? MINUTE,
    cacheTtlMs: opt.cacheTtlMs ?? 5_000,
    cacheMax: opt.cacheMax ?? 10_000,
  });
  const proxy = createUpstreamProxy({
    ...PLATFORM_COOKIES,
    dropRequestHeaders: ['authorization'],
    clock,
    activityIntervalMs: opt.activityIntervalMs ?? 30_000,
    timeoutMs: opt.upstreamTimeoutMs ?? 30_000,
    publicProto: secure ? 'https' : 'http',
    trustForwardedFor: config.TRUST_PROXY,
    onActivity: (workspaceId) => workspaces.touch(workspaceId, clock.now()),
    onActivityError: (err, workspaceId) =>
      log.warn({ err, workspaceId }, 'gateway: recording activity failed'),
    onUpstreamError: (f, err, target) => {
      log.warn({ err, reason: f.reason, workspaceId: target.key }, 'gateway: workspace did not answer');
      // The IDE went away: read its state again rather than keep proxying into a dead socket.
      if (target.key && (f.reason === 'socket-missing' || f.reason === 'refused'))
        access.forgetWorkspace(target.key);
    },
  });
  // Browsers on a progress page wait for the workspace's next change (gateway.wait.ts).
  const waiters = d.changes ? createChangeWaiters() : undefined;
  let unfollow: (() => void) | null = null;
  const follow = () => {
    if (!unfollow && d.changes)
      unfollow = d.changes((id) => {
        access.forgetWorkspace(id);
        waiters?.wake(id);
      });
  };
  const handler = createGatewayHandler({
    access,
    workspaces,
    proxy,
    log,
    baseDomain,
    publicUrl: config.publicUrl,
    secureCookies: secure,
    waiters,
  });
  // Only what handleRequest would proxy takes it. It may fill the cache itself (a browser keeping its
  // cookie across a restart of this process): the change events are followed from its first request too.
  const fastPath = config.GATEWAY_FAST_PATH
    ? createFastPath({
        hooks: proxy.raw,
        route: (host, cookie, url) => {
          follow();
          return handler.fastRoute(host, cookie, url);
        },
      })
    : null;

  const cleanup = defineJob({
    id: CLEANUP_JOB,
    payload: z.unknown(),
    handler: async () => {
      await access.deleteExpired(new Date(clock.now().getTime() - DAY));
    },
  });

  /**
   * The IDE's address at its first open: VS Code's web workbench opens the `openFile` of its `payload`
   * (a vscode-remote URI on this host) instead of its start editor. A failure only costs the file.
   */
  async function firstOpen(id: string, hostName: string): Promise<string> {
    const file = await workspaces.firstOpenFile?.(id).catch((err: unknown) => {
      log.warn({ err, workspaceId: id }, 'the file to open first could not be looked up');
      return null;
    });
    if (!file) return '/';
    const uri = `vscode-remote://${hostName}${file.split('/').map(encodeURIComponent).join('/')}`;
    return `/?payload=${encodeURIComponent(JSON.stringify([['openFile', uri]]))}`;
  }

  return {
    baseDomain,
    access,
    proxy,
    fastPath,
    jobs: [cleanup],
    cron: [{ pattern: '37 3 * * *', job: CLEANUP_JOB }],
    handleRequest: (req, res) => {
      const taken = handler.handleRequest(req, res);
      if (taken) follow();
      return taken;
    },
    handleUpgrade: (req, socket, head) => {
      const taken = handler.handleUpgrade(req, socket, head);
      if (taken) follow();
      return taken;
    },

    async authorize(input) {
      const locale = pickLocale(input.acceptLanguage);
      const page = (p: pages.GatewayPage): AuthorizeOutcome => ({ kind: 'page', ...p });
      const path =
        input.path === undefined ? '/' : safeRelativePath(typeof input.path === 'string' ? input.path : null);
      if (!path || typeof input.host !== 'string') return page(pages.badLinkPage(locale, config.publicUrl));
      const host = parseWorkspaceHost(input.host, baseDomain);
      const notFound = page(pages.notFoundPage(locale, config.publicUrl));
      if (!host) return notFound;
      const hostName = input.host.trim().toLowerCase();
      const p = input.principal;
      if (!p?.sessionId) {
        const self = `${AUTHORIZE_PATH}?host=${encodeURIComponent(hostName)}&path=${encodeURIComponent(path)}`;
        return { kind: 'redirect', location: `${config.publicUrl}/login?next=${encodeURIComponent(self)}` };
      }
      // The company requires two-factor and this user has yet to set it up: the portal says so and enrols.
      if (p.twoFactorSetupNeeded) return { kind: 'redirect', location: `${config.publicUrl}/app` };
      const ws = await workspaces.byHost(host.company, host.workspace);
      // Missing, another company's, not open to this user: one answer, so none is told from the others.
      if (!ws || !canOpenWorkspace(p, ws)) return notFound;
      const ticket = await access.issueTicket({ ...p, sessionId: p.sessionId }, ws.id);
      const scheme = secure ? 'https' : 'http';
      const target = path === '/' ? await firstOpen(ws.id, hostName) : path;
      return {
        kind: 'redirect',
        location: `${scheme}://${hostName}${TICKET_PATH}?t=${encodeURIComponent(ticket)}&path=${encodeURIComponent(target)}`,
      };
    },

    close() {
      unfollow?.();
      unfollow = null;
      waiters?.wakeAll();
      handler.close();
      fastPath?.closeAll();
      proxy.closeAll();
    },
  };
}

/**
 * Put the gateway in front of an http server's handlers (fastify's among them): requests and upgrades of
 * workspace hosts go to the gateway before anything parses them, everything else to the listeners the
 * server had. With the fast path, the server's connections are read by it first and handed to node's
 * HTTP server (its own 'connection' listeners) for all it does not take; not on a TLS server, whose
 * 'connection' carries encrypted bytes. Returns a function that undoes it.
 */
export function attachGateway(
  server: http.Server,
  gateway: Pick<Gateway, 'handleRequest' | 'handleUpgrade'> & { fastPath?: FastPath | null },
): () => void {
  const undoFast = gateway.fastPath ? attachFastPath(server, gateway.fastPath) : () => {};
  const portal = server.listeners('request') as Array<
    (req: http.IncomingMessage, res: http.ServerResponse) => void
  >;
  server.removeAllListeners('request');
  const onRequest = (req: http.IncomingMessage, res: http.ServerResponse) => {
    if (gateway.handleRequest(req, res)) return;
    for (const listener of portal) listener.call(server, req, res);
  };
  const onUpgrade = (req: http.IncomingMessage, socket: Duplex, head: Buffer) => {
    if (gateway.handleUpgrade(req, socket, head)) return;
    // Nobody else takes WebSockets (node would have handled the request as plain HTTP without us).
    if (server.listenerCount('upgrade') === 1) {
      socket.on('error', () => socket.destroy());
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    }
  };
  server.on('request', onRequest);
  server.on('upgrade', onUpgrade);
  return () => {
    undoFast();
    server.off('request', onRequest);
    server.off('upgrade', onUpgrade);
    for (const listener of portal) server.on('request', listener);
  };
}

function attachFastPath(server: http.Server, fast: FastPath): () => void {
  if (!(server instanceof http.Server) || 'setSecureContext' in server) return () => {};
  const node = server.listeners('connection') as Array<(socket: net.Socket) => void>;
  const handOff = (socket: net.Socket) => {
    for (const listener of node) listener.call(server, socket);
  };
  const onConnection = (socket: net.Socket) =>
    fast.accept(socket, handOff, server.keepAliveTimeout || 5_000, server.headersTimeout || 60_000);
  server.removeAllListeners('connection');
  server.on('connection', onConnection);
  // node's server.close() ends its idle connections, and closeAllConnections() all of them: the ones
  // the fast path holds are the server's too (else close() would wait for them to time out).
  const { closeIdleConnections, closeAllConnections } = server;
  server.closeIdleConnections = function (this: http.Server) {
    fast.closeConnections(true);
    closeIdleConnections.call(this);
  };
  server.closeAllConnections = function (this: http.Server) {
    fast.closeConnections(false);
    closeAllConnections.call(this);
  };
  return () => {
    server.off('connection', onConnection);
    for (const listener of node) server.on('connection', listener);
    server.closeIdleConnections = closeIdleConnections;
    server.closeAllConnections = closeAllConnections;
  };
}
