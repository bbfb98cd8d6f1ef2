// The gateway in front of fastify: requests and WebSocket upgrades whose Host names a workspace are
// answered here, straight on node's request (nothing parsed, bodies streamed both ways); all else is
// left to the portal's app.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { hostCookie } from '../../platform/http/auth.ts';
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
  WAIT_PATH,
} from './gateway.policy.ts';
import { finish, page, readForm, redirect, refuseUpgrade as refuse } from './gateway.reply.ts';
import { type ChangeWaiters, serveWait, waitUrl } from './gateway.wait.ts';
import type { GatewayWorkspaces } from './gateway.workspaces.ts';
import { parseCompanyHost, parseWorkspaceHost, type WorkspaceHost } from './host.ts';
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
  /** Woken by workspace changes: progress pages wait on them (without, they refresh every 2 s). */
  waiters?: ChangeWaiters;
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
type HostKind =
  | { kind: 'workspace'; host: WorkspaceHost; name: string }
  | { kind: 'company' }
  | { kind: 'unknown' }
  | null;

/** Host values whose kind is remembered at most. */
const HOST_KINDS_MAX = 1024;

/** The language of the gateway's pages for a request. */
function localeOf(req: IncomingMessage): Locale {
  return pickLocale(req.headers['accept-language']);
}

/** Create the handler. */
export function createGatewayHandler(o: GatewayHandlerOptions): GatewayHandler {
  const { access, workspaces, proxy, log } = o;
  const base = o.baseDomain.toLowerCase();
  const portalHost = new URL(o.publicUrl).host.toLowerCase();
  const scheme = new URL(o.publicUrl).protocol === 'https:' ? 'https' : 'http';
  // `__Host-yac_ws` on https: code in a workspace (the same site) cannot toss one onto another host.
  const gatewayCookie = hostCookie(GATEWAY_COOKIE, o.secureCookies);
  let closing = false;

  const classifyHost = (rawHost: string | undefined): HostKind => {
    const host = parseWorkspaceHost(rawHost, base);
    if (host) return { kind: 'workspace', host, name: (rawHost ?? '').trim().toLowerCase() };
    const h = (rawHost ?? '').trim().toLowerCase();
    // Any other name under the base domain is the gateway's too (never the portal, unless it is its host).
    if (h === portalHost) return null;
    if (parseCompanyHost(h, base)) return { kind: 'company' };
    if (h.endsWith(`.${base}`)) return { kind: 'unknown' };
    return null;
  };
  // Every request asks, with one of a few Host values: the answers are kept (a bounded map, emptied when
  // full, so made-up hosts cannot grow it). They are frozen: requests share them.
  const hostKinds = new Map<string, HostKind>();
  const classify = (rawHost: string | undefined): HostKind => {
    if (rawHost === undefined) return classifyHost(rawHost);
    let k = hostKinds.get(rawHost);
    if (k === undefined) {
      k = classifyHost(rawHost);
      if (k?.kind === 'workspace') Object.freeze(k.host);
      if (k) Object.freeze(k);
      if (hostKinds.size >= HOST_KINDS_MAX) hostKinds.clear();
      hostKinds.set(rawHost, k);
    }
    return k;
  };

  const authorizeUrl = (hostName: string, path: string) =>
    `${o.publicUrl}${AUTHORIZE_PATH}?host=${encodeURIComponent(hostName)}&path=${encodeURIComponent(path)}`;

  /** The access of the request's gateway cookie (a browser may send the name more than once: a few are tried). */
  const accessOf = async (
    tokens: readonly string[],
    k: Extract<HostKind, { kind: 'workspace' }>,
  ): Promise<{ access: GatewayAccess | null; token?: string }> => {
    for (const token of tokens.slice(0, 3)) {
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
      `${gatewayCookie}=${issued.token}`,
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

  /**
   * A request of a workspace host. Nearly every one is a cookie whose access the cache holds and a
   * running workspace: that one goes to the proxy at once, without a promise or a page's language.
   */
  const serve = (
    req: IncomingMessage,
    res: ServerResponse,
    k: Extract<HostKind, { kind: 'workspace' }>,
  ): Promise<void> | undefined => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    if (pathname === TICKET_PATH) return ticket(req, res, k, q < 0 ? '' : url.slice(q + 1), localeOf(req));
    const tokens = readCookies(req.headers.cookie, gatewayCookie);
    const token = tokens[0];
    const cached = token === undefined ? undefined : access.peek(token, k.host);
    // What accessOf would answer, as its first token is good: no need to ask.
    if (cached) return route(req, res, k, url, pathname, cached, token as string);
    return accessOf(tokens, k).then(({ access: a, token: t }) => route(req, res, k, url, pathname, a, t));
  };

  const route = (
    req: IncomingMessage,
    res: ServerResponse,
    k: Extract<HostKind, { kind: 'workspace' }>,
    url: string,
    pathname: string,
    a: GatewayAccess | null,
    token: string | undefined,
  ): Promise<void> | undefined => {
    if (!a || !token) {
      redirect(req, res, authorizeUrl(k.name, safeRelativePath(url) ?? '/'));
      return;
    }
    if (pathname === START_PATH) return start(req, res, k, a, token, a.principal.locale);
    if (pathname === WAIT_PATH && o.waiters)
      return serveWait(req, res, {
        access,
        waiters: o.waiters,
        token,
        host: k.host,
        a,
        query: url.slice(pathname.length + 1),
      });
    const ws = a.workspace;
    if (pathname.startsWith(GATEWAY_PATH_PREFIX))
      page(req, res, pages.notFoundPage(a.principal.locale, o.publicUrl));
    else if (ws.status === 'running' && a.socketPath)
      // The proxy's promise (the answer is over) never rejects: nothing to wait for here.
      void proxy.web(req, res, { socketPath: a.socketPath, key: ws.id });
    else if (ws.status === 'running')
      // Recorded as running, but the runtime has no socket yet (or any more): wait and see.
      page(
        req,
        res,
        pages.progressPage(
          a.principal.locale,
          { name: ws.name, status: 'starting', reason: null, steps: [] },
          o.waiters && waitUrl(a, safeRelativePath(url) ?? '/'),
        ),
      );
    else if (ws.status === 'stopped' || ws.status === 'failed')
      page(
        req,
        res,
        pages.stoppedPage(a.principal.locale, {
          name: ws.name,
          status: ws.status,
          reason: ws.statusReason,
          csrf: startCsrfToken(token, ws.id),
          action: START_PATH,
        }),
      );
    else if (ws.status === 'deleting')
      page(req, res, pages.deletingPage(a.principal.locale, ws.name, o.publicUrl));
    else return progress(req, res, a, url);
  };

  // The signed-in person's own language (their portal setting) rather than the browser's.
  const progress = async (req: IncomingMessage, res: ServerResponse, a: GatewayAccess, url: string) => {
    const ws = a.workspace;
    const steps = ws.status === 'stopping' ? [] : await workspaces.steps(ws.id);
    page(
      req,
      res,
      pages.progressPage(
        a.principal.locale,
        { name: ws.name, status: ws.status, reason: ws.statusReason, steps },
        o.waiters && waitUrl(a, safeRelativePath(url) ?? '/'),
      ),
    );
  };

  const failed = (req: IncomingMessage, res: ServerResponse, host: string, err: unknown) => {
    log.error({ err, host, url: req.url }, 'gateway: request failed');
    page(req, res, pages.errorPage(localeOf(req)));
  };

  return {
    handleRequest(req, res) {
      const k = classify(req.headers.host);
      if (!k) return false;
      if (closing) {
        finish(req, res, 503, { 'cache-control': 'no-store', connection: 'close' });
        return true;
      }
      if (k.kind === 'company') {
        // The company's address leads to its people's workspace list; the portal asks for a sign-in first.
        finish(req, res, 302, { location: `${o.publicUrl}/app/workspaces`, 'cache-control': 'no-store' });
        return true;
      }
      if (k.kind === 'unknown') {
        page(req, res, pages.notFoundPage(localeOf(req), o.publicUrl));
        return true;
      }
      try {
        serve(req, res, k)?.catch((err: unknown) => failed(req, res, k.name, err));
      } catch (err) {
        failed(req, res, k.name, err);
      }
      return true;
    },

    handleUpgrade(req, socket, head) {
      const k = classify(req.headers.host);
      if (!k) return false;
      socket.on('error', () => socket.destroy());
      if (closing || k.kind !== 'workspace') {
        refuse(socket, closing ? 503 : 404);
        return true;
      }
      (async () => {
        const { access: a } = await accessOf(readCookies(req.headers.cookie, gatewayCookie), k);
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
