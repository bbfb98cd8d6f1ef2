// The gateway's proxy core: forwards a browser's HTTP requests and WebSocket upgrades to a workspace's
// code-server on its unix socket. It knows nothing of hosts, sessions or the database: the caller
// resolves the workspace, checks access and hands over the request with the socket path.
//
// With fastify: `reply.hijack(); await proxy.web(request.raw, reply.raw, target)` from an onRequest
// hook (the body is still unread there), and `server.on('upgrade', (req, socket, head) =>
// proxy.ws(req, socket, head, target))` for WebSockets.
import type { IncomingHttpHeaders, IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
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
import {
  createUndiciTransport,
  type UpstreamExchange,
  type UpstreamHandler,
  type UpstreamTransport,
} from './transport.ts';
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
  /** Send requests some other way (createNodeHttpTransport…); default: undici connections pooled per upstream. */
  transport?: UpstreamTransport;
  /** The page of a 502/504 (default: a small HTML page). */
  failurePage?: (f: UpstreamFailure) => string;
  /** Told about every upstream failure (for the log). */
  onUpstreamError?: (f: UpstreamFailure, err: unknown, target: UpstreamTarget) => void;
}

/**
 * What the gateway's raw fast path (fast-path.ts) shares with the proxy, so both paths apply one set of
 * rules: the same cookie filter, dropped headers, X-Forwarded-* settings, timeout, failure page,
 * activity throttle and upstream registry (close() and closeAll() end fast-path connections too).
 */
export interface RawProxyHooks {
  isPlatformCookie: CookieFilter;
  /** Request headers dropped besides the hop-by-hop ones (lowercase). */
  drop: ReadonlySet<string>;
  /** X-Forwarded-Proto; undefined: from the socket (https when it is TLS). */
  publicProto: 'http' | 'https' | undefined;
  trustForwardedFor: boolean;
  timeoutMs: number;
  failurePage(f: UpstreamFailure): string;
  /** Note activity of a key (the proxy's throttle). */
  touch(key: string): void;
  /** Tell the onUpstreamError hook. */
  report(f: UpstreamFailure, err: unknown, target: UpstreamTarget): void;
  /** Register a live connection to an upstream (stopped by close/closeAll); returns its removal. */
  track(socketPath: string, live: { stop(): void }): () => void;
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
  /** The rules and registry the fast path shares. */
  readonly raw: RawProxyHooks;
}

interface Upstream {
  stats: UpstreamStats;
  /** Requests in flight and tunnels: stop() aborts one. */
  live: Set<{ stop(): void }>;
}

/** The timer of a request's head (one function for all requests: no closure per request). */
function onTimeout(x: { timeout(): void }): void {
  x.timeout();
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
    createUndiciTransport({
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
    if (
      u.stats.inFlight === 0 &&
      u.stats.webSockets === 0 &&
      u.live.size === 0 &&
      upstreams.get(u.stats.socketPath) === u
    )
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

  /**
   * One proxied request: the transport's handler, the timer of the answer's head, and the accounting
   * of its upstream, in one object (a closure each would cost an allocation per request).
   */
  class WebExchange implements UpstreamHandler {
    private exchange: UpstreamExchange | null = null;
    private readonly timer: NodeJS.Timeout;
    private timedOut = false;
    /** The upstream's head went out to the browser. */
    private answered = false;
    /** Upstream events are ignored from now on (the failure page went out, or the browser left). */
    private over = false;
    private draining = false;
    private readonly hasBody: boolean;

    constructor(
      private readonly req: IncomingMessage,
      private readonly res: ServerResponse,
      private readonly target: UpstreamTarget,
      private readonly u: Upstream,
      private readonly resolve: () => void,
    ) {
      // A body is announced by its length or its chunked framing (RFC 9112 §6.3); else there is none.
      const h = req.headers;
      this.hasBody =
        h['transfer-encoding'] !== undefined ||
        (h['content-length'] !== undefined && h['content-length'] !== '0');
      this.timer = setTimeout(onTimeout, timeoutMs, this);
      res.once('close', () => this.closed());
    }

    send(): void {
      const req = this.req;
      const ex = transport.request(
        this.target.socketPath,
        {
          method: req.method ?? 'GET',
          path: originForm(req.url),
          headers: headersFor(req, false),
          body: this.hasBody ? req : null,
        },
        this,
      );
      // It may have failed already (onError ran inside request()).
      if (!this.over) this.exchange = ex;
    }

    /** Its upstream is being closed (or the timer fired): give up. */
    stop(err?: Error): void {
      this.exchange?.abort(err);
    }

    timeout(): void {
      this.timedOut = true;
      if (this.exchange) this.exchange.abort();
    }

    /** The browser's answer is over: finished, or its connection went away. */
    private closed(): void {
      clearTimeout(this.timer);
      if (!this.res.writableFinished) {
        this.over = true;
        this.exchange?.abort();
      }
      const u = this.u;
      u.stats.inFlight--;
      u.live.delete(this);
      settle(u);
      this.resolve();
    }

    onHeaders(statusCode: number, statusMessage: string, headers: IncomingHttpHeaders): void {
      clearTimeout(this.timer);
      const res = this.res;
      if (this.over || res.destroyed) {
        this.exchange?.abort();
        return;
      }
      try {
        res.writeHead(statusCode, statusMessage, downstreamResponseHeaders(headers, isPlatformCookie));
      } catch (err) {
        // A head node refuses to send (an invalid status or header value).
        this.fail(failure('bad-response'), err);
        this.exchange?.abort();
        return;
      }
      this.answered = true;
    }

    onData(chunk: Buffer): boolean {
      if (this.over) return true;
      if (this.res.write(chunk)) return true;
      // The browser reads slower than code-server sends: pause the upstream until the browser drained.
      if (!this.draining) {
        this.draining = true;
        this.res.once('drain', () => {
          this.draining = false;
          this.exchange?.resume();
        });
      }
      return false;
    }

    onComplete(): void {
      if (this.over) return;
      this.over = true;
      this.res.end();
    }

    onError(err: Error): void {
      if (this.over) return;
      // A failed upstream cuts the browser's answer when it had begun, as it should.
      if (this.answered) {
        this.over = true;
        return void this.res.destroy();
      }
      this.fail(classifyUpstreamError(err, this.timedOut), err);
    }

    private fail(f: UpstreamFailure, err: unknown): void {
      clearTimeout(this.timer);
      this.over = true;
      const { res } = this;
      if (res.destroyed || res.headersSent) return void res.destroy();
      report(f, err, this.target);
      try {
        this.sendFailurePage(f);
      } catch {
        // Called from the transport's callbacks: nothing may be thrown back into them.
        res.destroy();
      }
    }

    private sendFailurePage(f: UpstreamFailure): void {
      const { req, res } = this;
      const body = failurePage(f);
      const headers: OutgoingHttpHeaders = {
        'content-type': 'text/html; charset=utf-8',
        'content-length': Buffer.byteLength(body),
        'cache-control': 'no-store',
      };
      if (this.hasBody && !req.complete) {
        // The rest of an unread body would block the connection's next request: drop both. (In the
        // head itself: a setHeader after writeHead throws, and the browser would get no answer.)
        headers.connection = 'close';
        req.resume();
      }
      res.writeHead(f.status, headers);
      res.end(req.method === 'HEAD' ? undefined : body);
    }
  }

  const web = (req: IncomingMessage, res: ServerResponse, target: UpstreamTarget) =>
    new Promise<void>((resolve) => {
      const u = upstream(target.socketPath);
      u.stats.inFlight++;
      activity.touch(target.key ?? target.socketPath);
      const x = new WebExchange(req, res, target, u, resolve);
      u.live.add(x);
      x.send();
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
    const live = { stop: () => tunnel?.destroy() };
    u.live.add(live);
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
        u.live.delete(live);
        settle(u);
      },
    });
  };

  const close = (socketPath: string) => {
    const u = upstreams.get(socketPath);
    for (const x of u ? [...u.live] : []) x.stop();
    transport.close(socketPath);
  };

  const raw: RawProxyHooks = {
    isPlatformCookie,
    drop,
    publicProto: opts.publicProto,
    trustForwardedFor: opts.trustForwardedFor ?? false,
    timeoutMs,
    failurePage,
    touch: (key) => activity.touch(key),
    report,
    track(socketPath, live) {
      const u = upstream(socketPath);
      u.live.add(live);
      return () => {
        u.live.delete(live);
        settle(u);
      };
    },
  };

  return {
    raw,
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
