// The gateway in front of fastify: requests and WebSocket upgrades whose Host names a workspace are
// answered here, straight on node's request (nothing parsed, bodies streamed both ways); all else is
// left to the portal's app. The parts: which Host is whose (gateway.host-kind.ts), the ticket and Start
// actions (gateway.actions.ts), the pages of a workspace that does not run (gateway.state-pages.ts) and
// the progress page's wait (gateway.wait.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { FastRoute } from './fast-path.ts';
import type { GatewayAccess } from './gateway.access.ts';
import { redeemTicket, startWorkspace } from './gateway.actions.ts';
import { type GatewayHandlerOptions, handlerContext, localeOf } from './gateway.context.ts';
import { createHostClassifier, type WorkspaceHostKind } from './gateway.host-kind.ts';
import * as pages from './gateway.pages.ts';
import {
  GATEWAY_PATH_PREFIX,
  readCookies,
  START_PATH,
  safeRelativePath,
  TICKET_PATH,
  WAIT_PATH,
} from './gateway.policy.ts';
import { finish, page, redirect, refuseUpgrade as refuse } from './gateway.reply.ts';
import { statePage } from './gateway.state-pages.ts';
import { serveWait } from './gateway.wait.ts';

export type { GatewayHandlerOptions } from './gateway.context.ts';

/** Answers the requests and upgrades of workspace hosts. */
export interface GatewayHandler {
  /** Handle a request when its Host is the gateway's (true), or leave it to the portal (false). */
  handleRequest(req: IncomingMessage, res: ServerResponse): boolean;
  /** Handle a WebSocket upgrade when its Host is the gateway's (true), or leave it (false). */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): boolean;
  /**
   * The fast path's question (fast-path.ts): the upstream of a request when handleRequest would proxy
   * it — a workspace host, not a gateway path, the first gateway cookie valid (the access cache, or
   * the same lookup handleRequest makes when its entry is due: then a promise), the workspace running
   * with a socket — else null, and node's server asks handleRequest.
   */
  fastRoute: FastRoute;
  /** Refuse new traffic from now on (shutdown). */
  close(): void;
}

/** Create the handler. */
export function createGatewayHandler(o: GatewayHandlerOptions): GatewayHandler {
  const c = handlerContext(o);
  const { access, proxy, log } = c;
  const classify = createHostClassifier(o.baseDomain, new URL(o.publicUrl).host);
  let closing = false;

  /** The access of the request's gateway cookie (a browser may send the name more than once: a few are tried). */
  const accessOf = async (
    tokens: readonly string[],
    k: WorkspaceHostKind,
  ): Promise<{ access: GatewayAccess | null; token?: string }> => {
    for (const token of tokens.slice(0, 3)) {
      const found = await access.resolve(token, k.host);
      if (found) return { access: found, token };
    }
    return { access: null };
  };

  /**
   * A request of a workspace host. Nearly every one is a cookie whose access the cache holds and a
   * running workspace: that one goes to the proxy at once, without a promise or a page's language.
   */
  const serve = (
    req: IncomingMessage,
    res: ServerResponse,
    k: WorkspaceHostKind,
  ): Promise<void> | undefined => {
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const pathname = q < 0 ? url : url.slice(0, q);
    if (pathname === TICKET_PATH)
      return redeemTicket(c, req, res, k, q < 0 ? '' : url.slice(q + 1), localeOf(req));
    // Before the access (and the workspace's state) is read: the wait tells a change that came meanwhile.
    if (pathname === WAIT_PATH && c.waiters)
      return serveWaiting(req, res, k, url, pathname, c.waiters.mark());
    const tokens = readCookies(req.headers.cookie, c.gatewayCookie);
    const token = tokens[0];
    const cached = token === undefined ? undefined : access.peek(token, k.host);
    // What accessOf would answer, as its first token is good: no need to ask.
    if (cached) return route(req, res, k, url, pathname, cached, token as string);
    return accessOf(tokens, k).then(({ access: a, token: t }) => route(req, res, k, url, pathname, a, t));
  };

  const serveWaiting = async (
    req: IncomingMessage,
    res: ServerResponse,
    k: WorkspaceHostKind,
    url: string,
    pathname: string,
    since: number,
  ): Promise<void> => {
    const { access: a, token } = await accessOf(readCookies(req.headers.cookie, c.gatewayCookie), k);
    if (!a || !token || !c.waiters) return route(req, res, k, url, pathname, a, token);
    return serveWait(req, res, {
      access,
      waiters: c.waiters,
      token,
      host: k.host,
      a,
      query: url.slice(pathname.length + 1),
      since,
    });
  };

  const route = (
    req: IncomingMessage,
    res: ServerResponse,
    k: WorkspaceHostKind,
    url: string,
    pathname: string,
    a: GatewayAccess | null,
    token: string | undefined,
  ): Promise<void> | undefined => {
    if (!a || !token) {
      redirect(req, res, c.authorizeUrl(k.name, safeRelativePath(url) ?? '/'));
      return;
    }
    if (pathname === START_PATH) return startWorkspace(c, req, res, k, a, token);
    if (pathname.startsWith(GATEWAY_PATH_PREFIX))
      page(req, res, pages.notFoundPage(a.principal.locale, c.publicUrl));
    else if (a.workspace.status === 'running' && a.socketPath)
      // The proxy's promise (the answer is over) never rejects: nothing to wait for here.
      void proxy.web(req, res, { socketPath: a.socketPath, key: a.workspace.id });
    else return statePage(c, req, res, a, token, url);
  };

  /** Where handleRequest would proxy a request with this access at once, or null. */
  const proxiedTo = (a: GatewayAccess | null) =>
    a && a.workspace.status === 'running' && a.socketPath
      ? { socketPath: a.socketPath, key: a.workspace.id }
      : null;

  const failed = (req: IncomingMessage, res: ServerResponse, host: string, err: unknown) => {
    log.error({ err, host, url: req.url }, 'gateway: request failed');
    page(req, res, pages.errorPage(localeOf(req)));
  };

  return {
    fastRoute(host, cookie, url) {
      if (closing) return null;
      const k = classify(host);
      if (k?.kind !== 'workspace' || url.startsWith(GATEWAY_PATH_PREFIX)) return null;
      const token = readCookies(cookie, c.gatewayCookie)[0];
      if (token === undefined) return null;
      const cached = access.peek(token, k.host);
      if (cached !== undefined) return proxiedTo(cached);
      // Due for revalidation (or never seen): the same lookup handleRequest makes.
      return access.resolve(token, k.host).then(proxiedTo, () => null);
    },

    handleRequest(req, res) {
      const k = classify(req.headers.host);
      if (!k) return false;
      if (closing) {
        finish(req, res, 503, { 'cache-control': 'no-store', connection: 'close' });
        return true;
      }
      if (k.kind === 'company') {
        // The company's address leads to its people's workspace list; the portal asks for a sign-in first.
        finish(req, res, 302, { location: `${c.publicUrl}/app/workspaces`, 'cache-control': 'no-store' });
        return true;
      }
      if (k.kind === 'unknown') {
        page(req, res, pages.notFoundPage(localeOf(req), c.publicUrl));
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
        const { access: a } = await accessOf(readCookies(req.headers.cookie, c.gatewayCookie), k);
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
