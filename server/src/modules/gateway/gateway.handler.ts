// The gateway in front of fastify: requests and WebSocket upgrades whose Host names a workspace are
// answered here, straight on node's request (nothing parsed, bodies streamed both ways); all else is
// left to the portal's app.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomAlnum, safeEqual } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { GatewayAccess, GatewayAccessService } from './gateway.access.ts';
import * as pages from './gateway.pages.ts';
import {
  AUTHORIZE_PATH,
  GATEWAY_COOKIE,
  GATEWAY_PATH_PREFIX,
  type Locale,
  pickLocale,
  readCookies,
  START_CSRF_FIELD,
  START_PATH,
  safeRelativePath,
  startCsrfToken,
  TICKET_PATH,
} from './gateway.policy.ts';
import { finish, page, readForm, redirect, refuseUpgrade as refuse } from './gateway.reply.ts';
import type { GatewayWorkspaces } from './gateway.workspaces.ts';
import { parseWorkspaceHost, type WorkspaceHost } from './host.ts';
import type { UpstreamProxy } from './proxy.ts';

/** Options of createGatewayHandler. */
export interface GatewayHandlerOptions {
  access: GatewayAccessService;
  workspaces: GatewayWorkspaces;
  proxy: UpstreamProxy;
  log: Logger;
  /** `<workspace>--<company>.<baseDomain>`. */
  baseDomain: string;
  /** The portal's origin (PUBLIC_URL, no trailing slash). */
  publicUrl: string;
  /** Mark the gateway cookie Secure (PUBLIC_URL is https). */
  secureCookies: boolean;
}

/** Answers the requests and upgrades of workspace hosts. */
export interface GatewayHandler {
  /** Handle a request when its Host is the gateway's (true), or leave it to the portal (false). */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Handle a WebSocket upgrade when its Host is the gateway's (true), or leave it (false). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /** Refuse new traffic from now on (shutdown). */
  close(): void;
}

/** Which side a Host belongs to. */
type HostKind = { kind: 'workspace'; host: WorkspaceHost; name: string } | { kind: 'unknown' } | null;

/** Create the handler. */
export function createGatewayHandler(o: GatewayHandlerOptions): GatewayHandler {
  const { access, workspaces, proxy, log } = o;
  const base = o.baseDomain.toLowerCase();
  const portalHost = new URL(o.publicUrl).host.toLowerCase();
  const scheme = new URL(o.publicUrl).protocol === 'https:' ? 'https' : 'http';
  let closing = false;

  const classify = (rawHost: string | undefined): HostKind => {
    const host = parseWorkspaceHost(rawHost, base);
    if (host) return { kind: 'workspace', host, name: (rawHost ?? '').trim().toLowerCase() };
    const h = (rawHost ?? '').trim().toLowerCase();
    // Any other name under the base domain is the gateway's too (never the portal, unless it is its host).
    if (h.endsWith(`.${base}`) && h !== portalHost) return { kind: 'unknown' };
    return null;
  };

  const authorizeUrl = (hostName: string, path: string) =>
    `${o.publicUrl}${AUTHORIZE_PATH}?host=${encodeURIComponent(hostName)}&path=${encodeURIComponent(path)}`;

  /** The access of the request's gateway cookie (a browser may send the name more than once: a few are tried). */
  const accessOf = async (
    req: IncomingMessage,
    k: Extract<HostKind, { kind: 'workspace' }>,
  ): Promise<{ access: GatewayAccess | null; token?: string }> => {
    for (const token of readCookies(req.headers.cookie, GATEWAY_COOKIE).slice(0, 3)) {
      const found = await access.resolve(token, k.host);
      if (found) return { access: found, token };
    }
    return { access: null };
  };

  const ticket = async (
    req: IncomingMessage,
    res: ServerResponse,
    k: Extract<HostKind, { kind: 'workspace' }>,
    query: string,
    locale: Locale,
  ) => {
    if (req.method !== 'GET') return finish(req, res, 405, { allow: 'GET', 'cache-control': 'no-store' });
    const params = new URLSearchParams(query);
    const path = safeRelativePath(params.get('path') ?? '/');
    if (!path) return page(req, res, pages.badLinkPage(locale, o.publicUrl));
    const issued = await access.redeem(k.host, params.get('t') ?? '');
    if (!issued) return page(req, res, pages.ticketRefusedPage(locale, authorizeUrl(k.name, path)));
    const cookie = [
      `${GATEWAY_COOKIE}=${issued.token}`,
      'Path=/',
      'HttpOnly',
      'SameSite=Lax',
      ...(o.secureCookies ? ['Secure'] : []),
      ...(issued.persistent ? [`Expires=${issued.expiresAt.toUTCString()}`] : []),
    ].join('; ');
    redirect(req, res, path, 302, { 'set-cookie': cookie, 'referrer-policy': 'no-referrer' });
  };

  const start = async (
    req: IncomingMessage,
    res: ServerResponse,
    k: Extract<HostKind, { kind: 'workspace' }>,
    a: GatewayAccess,
    token: string,
    locale: Locale,
  ) => {
    if (req.method !== 'POST') return redirect(req, res, '/');
    const origin = req.headers.origin;
    const form = await readForm(req);
    const sent = form?.get(START_CSRF_FIELD) ?? '';
    const sameOrigin = origin === undefined || origin === `${scheme}://${k.name}`;
    if (!sameOrigin || !safeEqual(sent, startCsrfToken(token, a.workspace.id)))
      return page(req, res, pages.forbiddenPage(locale));
    if (a.workspace.status === 'stopped' || a.workspace.status === 'failed') {
      try {
        await workspaces.start(a.principal, a.workspace.id, {
          ip: req.socket.remoteAddress ?? null,
          userAgent: (req.headers['user-agent'] as string | undefined)?.slice(0, 400) ?? null,
          requestId: `gw_${randomAlnum(16)}`,
        });
      } catch (err) {
        const e = err as { code?: unknown; message?: unknown };
        const known = typeof e?.code === 'string' && typeof e.message === 'string' && e.code !== 'INTERNAL';
        if (!known) log.error({ err, workspaceId: a.workspace.id }, 'gateway: start failed');
        return page(
          req,
          res,
          pages.startFailedPage(locale, known ? String(e.message) : pages.genericStartError(locale)),
        );
      }
      access.forgetWorkspace(a.workspace.id);
    }
    redirect(req, res, '/', 303);
  };

  const serve = async (
    req: IncomingMessage,
    res: ServerResponse,
    k: Extract<HostKind, { kind: 'workspace' }>,
  ) => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    const locale = pickLocale(req.headers['accept-language']);
    if (pathname === TICKET_PATH) return ticket(req, res, k, q < 0 ? '' : url.slice(q + 1), locale);

    const { access: a, token } = await accessOf(req, k);
    if (!a || !token) return redirect(req, res, authorizeUrl(k.name, safeRelativePath(url) ?? '/'));
    if (pathname === START_PATH) return start(req, res, k, a, token, locale);
    if (pathname.startsWith(GATEWAY_PATH_PREFIX))
      return page(req, res, pages.notFoundPage(locale, o.publicUrl));

    const ws = a.workspace;
    switch (ws.status) {
      case 'running':
        if (a.socketPath) return proxy.web(req, res, { socketPath: a.socketPath, key: ws.id });
        // Recorded as running, but the runtime has no socket yet (or any more): wait and see.
        return page(
          req,
          res,
          pages.progressPage(locale, { name: ws.name, status: 'starting', reason: null, steps: [] }),
        );
      case 'stopped':
      case 'failed':
        return page(
          req,
          res,
          pages.stoppedPage(locale, {
            name: ws.name,
            status: ws.status,
            reason: ws.statusReason,
            csrf: startCsrfToken(token, ws.id),
            action: START_PATH,
          }),
        );
      case 'deleting':
        return page(req, res, pages.deletingPage(locale, ws.name, o.publicUrl));
      default: {
        const steps = ws.status === 'stopping' ? [] : await workspaces.steps(ws.id);
        return page(
          req,
          res,
          pages.progressPage(locale, { name: ws.name, status: ws.status, reason: ws.statusReason, steps }),
        );
      }
    }
  };

  return {
    handleRequest(req, res) {
      const k = classify(req.headers.host);
      if (!k) return false;
      const locale = () => pickLocale(req.headers['accept-language']);
      if (closing) {
        finish(req, res, 503, { 'cache-control': 'no-store', connection: 'close' });
        return true;
      }
      if (k.kind === 'unknown') {
        page(req, res, pages.notFoundPage(locale(), o.publicUrl));
        return true;
      }
      serve(req, res, k).catch((err: unknown) => {
        log.error({ err, host: k.name, url: req.url }, 'gateway: request failed');
        page(req, res, pages.errorPage(locale()));
      });
      return true;
    },

    handleUpgrade(req, socket, head) {
      const k = classify(req.headers.host);
      if (!k) return false;
      socket.on('error', () => socket.destroy());
      if (closing || k.kind === 'unknown') {
        refuse(socket, closing ? 503 : 404);
        return true;
      }
      (async () => {
        const { access: a } = await accessOf(req, k);
        if (!a) return refuse(socket, 401);
        if (a.workspace.status !== 'running' || !a.socketPath) return refuse(socket, 503);
        proxy.ws(req, socket, head, { socketPath: a.socketPath, key: a.workspace.id });
      })().catch((err: unknown) => {
        log.error({ err, host: k.name }, 'gateway: upgrade failed');
        refuse(socket, 500);
      });
      return true;
    },

    close() {
      closing = true;
    },
  };
}
