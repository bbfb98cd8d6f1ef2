// The gateway's proxy core: forwards a browser's HTTP requests and WebSocket upgrades to a workspace's
// code-server on its unix socket. It knows nothing of hosts, sessions or the database: the caller
// resolves the workspace, checks access and hands over the request with the socket path.
//
// With fastify: `reply.hijack(); await proxy.web(request.raw, reply.raw, target)` from an onRequest
// hook (the body is still unread there), and `server.on('upgrade', (req, socket, head) =>
// proxy.ws(req, socket, head, target))` for WebSockets.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import type { TLSSocket } from 'node:tls';
import { type Clock, systemClock } from '../../platform/clock.ts';
import { createActivityThrottle } from './activity.ts';
import { classifyUpstreamError, defaultFailurePage, failure, type UpstreamFailure } from './failure.ts';
import {
  type CookieFilter,
  downstreamResponseHeaders,
  platformCookieFilter,
  upstreamRequestHeaders,
} from './headers.ts';
import { createNodeHttpTransport, type UpstreamTransport } from './transport.ts';
import { openTunnel, type Tunnel } from './websocket.ts';

/** Where a request goes: the workspace's socket, and the key its activity is reported under. */
export interface UpstreamTarget {
  socketPath: string;
  /** Passed to onActivity (e.g. the workspace id); defaults to the socket path. */
  key?: string;
}

/** Live counts of one upstream. */
export interface UpstreamStats {
  socketPath: string;
  /** HTTP requests (and WebSocket handshakes) not yet finished. */
  inFlight: number;
  /** Open WebSocket tunnels. */
  webSockets: number;
}

/** Options of createUpstreamProxy. */
export interface UpstreamProxyOptions {
  /** Platform cookies by exact name (e.g. `yac_session`): never sent to code-server nor set by it. */
  platformCookieNames?: readonly string[];
  /** Platform cookies by name prefix (e.g. `yac_`, which also covers the gateway's own workspace cookie). */
  platformCookiePrefixes?: readonly string[];
  /** Request headers never passed on (lowercase), e.g. `authorization` when it carries a platform token. */
  dropRequestHeaders?: readonly string[];
  /** Called on each proxied request and on WebSocket data from the browser, at most once per key per interval. */
  onActivity?: (key: string) => void | Promise<void>;
  /** Told when onActivity throws or rejects (the proxy carries on). */
  onActivityError?: (err: unknown, key: string) => void;
  /** The throttle interval of onActivity (default 30 s). */
  activityIntervalMs?: number;
  /** Clock of the activity throttle (tests pass a FakeClock). */
  clock?: Clock;
  /** Time for code-server to answer a request's head or a WebSocket handshake (default 30 s): then 504. */
  timeoutMs?: number;
  /** The scheme browsers use, for X-Forwarded-Proto; by default https when the gateway's socket is TLS. */
  publicProto?: 'http' | 'https';
  /** Append to an incoming X-Forwarded-For (only behind a proxy of ours, e.g. Traefik); default false. */
  trustForwardedFor?: boolean;
  /** Connections per upstream at most (default 32). */
  maxSocketsPerUpstream?: number;
  /** An upstream's pool with no request for this long is closed (default 60 s). */
  poolIdleMs?: number;
  /** Send requests some other way (an undici Pool…); default: node:http Agent with keep-alive. */
  transport?: UpstreamTransport;
  /** The page of a 502/504 (default: a small HTML page). */
  failurePage?: (f: UpstreamFailure) => string;
  /** Told about every upstream failure (for the log). */
  onUpstreamError?: (f: UpstreamFailure, err: unknown, target: UpstreamTarget) => void;
}

/** The proxy: forwards HTTP and WebSocket traffic to upstreams on unix sockets. */
export interface UpstreamProxy {
  /** Forward one HTTP request; resolves when the response is over (never rejects). */
  web(req: IncomingMessage, res: ServerResponse, target: UpstreamTarget): Promise<void>;
  /** Forward a WebSocket upgrade (the http server's 'upgrade' event). */
  ws(req: IncomingMessage, socket: Duplex, head: Buffer, target: UpstreamTarget): void;
  /** Close everything of one upstream: its pool, its requests in flight and its WebSockets. */
  close(socketPath: string): void;
  /** Close everything (shutdown). */
  closeAll(): void;
  /** Counts of one upstream (zeros when it has no traffic). */
  stats(socketPath: string): UpstreamStats;
  /** Counts of every upstream with traffic. */
  allStats(): UpstreamStats[];
}

interface Upstream {
  stats: UpstreamStats;
  /** Aborts a request in flight or destroys a tunnel. */
  live: Set<() => void>;
}

/** The request target as code-server must see it: origin-form (`/path?query`). */
function originForm(url: string | undefined): string {
  if (!url) return '/';
  if (url.startsWith('/') || url === '*') return url;
  try {
    const u = new URL(url);
    return `${u.pathname}${u.search}`;
  } catch {
    return '/';
  }
}

/** Create the proxy. */
export function createUpstreamProxy(opts: UpstreamProxyOptions = {}): UpstreamProxy {
  const isPlatformCookie: CookieFilter = platformCookieFilter(
    opts.platformCookieNames ?? [],
    opts.platformCookiePrefixes ?? [],
  );
  const drop = new Set((opts.dropRequestHeaders ?? []).map((h) => h.toLowerCase()));
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const failurePage = opts.failurePage ?? defaultFailurePage;
  const transport =
    opts.transport ??
    createNodeHttpTransport({
      maxSocketsPerUpstream: opts.maxSocketsPerUpstream ?? 32,
      poolIdleMs: opts.poolIdleMs ?? 60_000,
    });
  const activity = createActivityThrottle({
    clock: opts.clock ?? systemClock,
    intervalMs: opts.activityIntervalMs ?? 30_000,
    onActivity: opts.onActivity ?? (() => {}),
    onError: opts.onActivityError,
  });
  const upstreams = new Map<string, Upstream>();

  const upstream = (socketPath: string): Upstream => {
    let u = upstreams.get(socketPath);
    if (!u) {
      u = { stats: { socketPath, inFlight: 0, webSockets: 0 }, live: new Set() };
      upstreams.set(socketPath, u);
    }
    return u;
  };
  const settle = (u: Upstream) => {
    if (u.stats.inFlight === 0 && u.stats.webSockets === 0 && u.live.size === 0)
      upstreams.delete(u.stats.socketPath);
  };
  const headersFor = (req: IncomingMessage, upgrade: boolean) =>
    upstreamRequestHeaders(req.headers, {
      isPlatformCookie,
      drop,
      upgrade,
      forwarded: {
        clientIp: req.socket.remoteAddress,
        proto: opts.publicProto ?? ((req.socket as TLSSocket).encrypted ? 'https' : 'http'),
        host: req.headers.host,
        priorFor: opts.trustForwardedFor ? (req.headers['x-forwarded-for'] as string | undefined) : undefined,
      },
    });
  const report = (f: UpstreamFailure, err: unknown, target: UpstreamTarget) => {
    try {
      opts.onUpstreamError?.(f, err, target);
    } catch {
      // a logging hook must not break the answer
    }
  };

  const web = (req: IncomingMessage, res: ServerResponse, target: UpstreamTarget) =>
    new Promise<void>((resolve) => {
      const u = upstream(target.socketPath);
      u.stats.inFlight++;
      activity.touch(target.key ?? target.socketPath);
      const ac = new AbortController();
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        ac.abort();
      }, timeoutMs);
      const abort = () => ac.abort();
      u.live.add(abort);
      res.once('close', () => {
        clearTimeout(timer);
        if (!res.writableFinished) ac.abort();
        u.stats.inFlight--;
        u.live.delete(abort);
        settle(u);
        resolve();
      });

      // A body is announced by its length or its chunked framing (RFC 9112 §6.3); else there is none.
      const hasBody =
        req.headers['transfer-encoding'] !== undefined ||
        (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
      const answerFailure = (f: UpstreamFailure, err: unknown) => {
        clearTimeout(timer);
        if (res.destroyed || res.headersSent) return void res.destroy();
        report(f, err, target);
        const body = failurePage(f);
        res.writeHead(f.status, {
          'content-type': 'text/html; charset=utf-8',
          'content-length': Buffer.byteLength(body),
          'cache-control': 'no-store',
        });
        if (hasBody && !req.complete) {
          // The rest of an unread body would block the connection's next request: drop both.
          res.setHeader('connection', 'close');
          req.resume();
        }
        res.end(req.method === 'HEAD' ? undefined : body);
      };

      transport
        .request(target.socketPath, {
          method: req.method ?? 'GET',
          path: originForm(req.url),
          headers: headersFor(req, false),
          body: hasBody ? req : null,
          signal: ac.signal,
        })
        .then(
          (up) => {
            clearTimeout(timer);
            if (res.destroyed) return void up.body.destroy();
            try {
              res.writeHead(
                up.statusCode,
                up.statusMessage,
                downstreamResponseHeaders(up.headers, isPlatformCookie),
              );
            } catch (err) {
              // A head node refuses to send (an invalid status or header value).
              up.body.destroy();
              return void answerFailure(failure('bad-response'), err);
            }
            // Not stream.pipeline: it costs an AbortController and a DOMException per request. A failed
            // upstream cuts the browser's answer, as it should; a browser gone aborts the upstream
            // request (the 'close' handler above).
            up.body.once('error', () => res.destroy());
            // An upstream connection dying mid-body may only close: the browser must not wait for the rest.
            up.body.once('close', () => {
              if (!up.body.readableEnded) res.destroy();
            });
            up.body.pipe(res);
          },
          (err: unknown) => answerFailure(classifyUpstreamError(err, timedOut), err),
        );
    });

  const ws = (req: IncomingMessage, socket: Duplex, head: Buffer, target: UpstreamTarget) => {
    if (req.method !== 'GET' || req.headers.upgrade?.toLowerCase() !== 'websocket') {
      socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    const u = upstream(target.socketPath);
    const key = target.key ?? target.socketPath;
    u.stats.inFlight++;
    activity.touch(key);
    let counted: 'inFlight' | 'webSockets' | null = 'inFlight';
    let tunnel: Tunnel | undefined;
    const destroy = () => tunnel?.destroy();
    u.live.add(destroy);
    tunnel = openTunnel({
      client: socket,
      head,
      socketPath: target.socketPath,
      method: 'GET',
      target: originForm(req.url),
      headers: headersFor(req, true),
      isPlatformCookie,
      timeoutMs,
      failurePage,
      onOpen: () => {
        u.stats.inFlight--;
        u.stats.webSockets++;
        counted = 'webSockets';
      },
      onClientData: () => activity.touch(key),
      onFailure: (f, err) => report(f, err, target),
      onEnd: () => {
        if (counted) u.stats[counted]--;
        counted = null;
        u.live.delete(destroy);
        settle(u);
      },
    });
  };

  const close = (socketPath: string) => {
    const u = upstreams.get(socketPath);
    for (const stop of u ? [...u.live] : []) stop();
    transport.close(socketPath);
  };

  return {
    web,
    ws,
    close,
    closeAll() {
      for (const p of [...upstreams.keys()]) close(p);
      transport.closeAll();
    },
    stats: (socketPath) => ({
      ...(upstreams.get(socketPath)?.stats ?? { socketPath, inFlight: 0, webSockets: 0 }),
    }),
    allStats: () => [...upstreams.values()].map((u) => ({ ...u.stats })),
  };
}
