// How the gateway sends one HTTP request to a workspace's unix socket: one keep-alive connection pool
// per socket path, closed after it sat idle or when the workspace goes away.
//
// Two transports behind one small callback interface (no promise, no stream, no AbortController per
// request: the proxy's hot path pays for none of them):
// - undici `Client`s, pooled per socket path (the default: measured the faster of the two);
// - node:http's Agent with keep-alive (kept as the fallback and for comparison).
// Both report the answer's head as node's IncomingHttpHeaders (duplicates folded as node folds them), so
// the proxy's header filtering is the same whichever sends.
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { Client, type Dispatcher } from 'undici';
import { headersFromRaw } from './headers.ts';

/** One request to an upstream. */
export interface UpstreamRequest {
  method: string;
  /** The request target: path and query. */
  path: string;
  /** Final headers (the transport adds only its own framing: Content-Length/Transfer-Encoding, Connection). */
  headers: OutgoingHttpHeaders;
  /**
   * The body to stream, or null when the request has none. A transport never destroys it: when the
   * upstream fails, the browser's request (whose connection still has to carry the 502 page) is left
   * to the caller, unpiped.
   */
  body: Readable | null;
}

/**
 * What one exchange tells the proxy, in this order: onHeaders once, onData any number of times, then
 * onComplete; or onError instead, at any point before onComplete (after onHeaders it means the answer
 * was cut). Nothing is called after onComplete or onError. 1xx interim answers are not reported.
 */
export interface UpstreamHandler {
  onHeaders(statusCode: number, statusMessage: string, headers: IncomingHttpHeaders): void;
  /** A chunk of the answer's body; returning false pauses the body until UpstreamExchange.resume(). */
  onData(chunk: Buffer): boolean;
  onComplete(): void;
  /** The connection's error (ENOENT, ECONNREFUSED…), a cut answer, or the error abort() was given. */
  onError(err: Error): void;
}

/** One request in progress. */
export interface UpstreamExchange {
  /** Give up: onError(err) follows (synchronously or soon) unless the exchange is already over. */
  abort(err?: Error): void;
  /** Resume a body that onData paused. */
  resume(): void;
}

/** Sends requests to upstreams given by unix socket path, pooling connections per path. */
export interface UpstreamTransport {
  /** Send a request; the answer comes to the handler (onError may be called before this returns). */
  request(socketPath: string, req: UpstreamRequest, handler: UpstreamHandler): UpstreamExchange;
  /** Close the pool of one upstream now (its requests in flight fail). */
  close(socketPath: string): void;
  /** Close every pool. */
  closeAll(): void;
  /** Socket paths with an open pool. */
  pools(): string[];
}

/** Options of both transports. */
export interface TransportOptions {
  /** Connections per upstream at most (requests beyond wait in the pool's queue). */
  maxSocketsPerUpstream: number;
  /** A pool with no request for this long is closed with its idle connections. */
  poolIdleMs: number;
}

// A kept-alive connection the upstream closed just as it was reused fails before any byte of the
// answer; a request that can be replayed safely (no body, a safe method) is then sent once more.
const REPLAYABLE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The error of an exchange given up without a reason (as fetch's abort names it). */
function abortError(): Error {
  return Object.assign(new Error('The upstream request was aborted'), {
    code: 'ABORT_ERR',
    name: 'AbortError',
  });
}

interface PoolEntry<P> {
  pool: P;
  /** Requests holding a lease. */
  active: number;
  idleTimer: NodeJS.Timeout | undefined;
}

/** What a request holds while it runs: its upstream's pool, and release() for when it is over. */
class Lease<P> {
  private held = true;
  constructor(
    private readonly registry: { release(socketPath: string, e: PoolEntry<P>): void },
    private readonly socketPath: string,
    private readonly entry: PoolEntry<P>,
  ) {}
  get pool(): P {
    return this.entry.pool;
  }
  /** Once; later calls do nothing. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    this.registry.release(this.socketPath, this.entry);
  }
}

/** Pools by socket path, each closed after it sat idle; `make` and `destroy` are the transport's. */
function poolRegistry<P>(o: TransportOptions, make: (socketPath: string) => P, destroy: (pool: P) => void) {
  const pools = new Map<string, PoolEntry<P>>();

  const close = (socketPath: string) => {
    const e = pools.get(socketPath);
    if (!e) return;
    pools.delete(socketPath);
    clearTimeout(e.idleTimer);
    destroy(e.pool);
  };
  const registry = {
    acquire(socketPath: string): Lease<P> {
      let e = pools.get(socketPath);
      if (!e) {
        e = { pool: make(socketPath), active: 0, idleTimer: undefined };
        pools.set(socketPath, e);
      }
      e.active++;
      if (e.idleTimer !== undefined) {
        clearTimeout(e.idleTimer);
        e.idleTimer = undefined;
      }
      return new Lease(registry, socketPath, e);
    },
    release(socketPath: string, e: PoolEntry<P>): void {
      e.active--;
      if (e.active > 0 || pools.get(socketPath) !== e) return;
      e.idleTimer = setTimeout(() => {
        if (e.active === 0 && pools.get(socketPath) === e) close(socketPath);
      }, o.poolIdleMs);
      e.idleTimer.unref();
    },
    close,
    closeAll() {
      for (const p of [...pools.keys()]) close(p);
    },
    pools: () => [...pools.keys()],
  };
  return registry;
}

// ------------------------------------------------------------------------------------------- undici

/**
 * The connections of one upstream: undici `Client`s (one connection each, no pipelining), the idle ones
 * reused last-in first-out (the warmest socket), new ones made up to the limit, requests beyond it
 * queued. Not undici's `Pool`: a request given up (the browser left, the timeout) must take its
 * connection down with it, and a Pool's client reconnects at once after such an abort (the aborted
 * request counts as pending again until the new connection is up); here its Client is destroyed.
 */
class ClientPool {
  private readonly idle: Client[] = [];
  private readonly clients = new Set<Client>();
  private readonly queue: UndiciExchange[] = [];
  private destroyed = false;

  constructor(
    private readonly socketPath: string,
    private readonly max: number,
  ) {}

  run(x: UndiciExchange): void {
    if (this.destroyed) {
      x.onError(destroyedError());
      return;
    }
    let client = this.idle.pop();
    if (!client && this.clients.size < this.max) {
      client = new Client('http://localhost', {
        socketPath: this.socketPath,
        pipelining: 1,
        // The proxy has its own timeout for the answer's head, and none for a body (downloads,
        // long polls and event streams take as long as they take).
        headersTimeout: 0,
        bodyTimeout: 0,
      });
      this.clients.add(client);
    }
    if (client) x.dispatchOn(client);
    else this.queue.push(x);
  }

  /** The exchange on `client` is over: the client takes the next one, or waits (or goes, when unhealthy). */
  release(client: Client, healthy: boolean): void {
    if (!healthy || this.destroyed) {
      this.clients.delete(client);
      void client.destroy().catch(() => {});
    } else this.idle.push(client);
    if (this.destroyed) return;
    for (let next = this.queue.shift(); next; next = this.queue.shift()) {
      if (next.waiting()) {
        this.run(next);
        return;
      }
    }
  }

  destroy(): void {
    this.destroyed = true;
    for (const c of this.clients) void c.destroy().catch(() => {});
    this.clients.clear();
    this.idle.length = 0;
    const err = destroyedError();
    for (const x of this.queue.splice(0)) x.onError(err);
  }
}

function destroyedError(): Error {
  return Object.assign(new Error('The upstream was closed'), { code: 'UND_ERR_DESTROYED' });
}

/** One request on a ClientPool: undici's dispatch handler and the proxy's exchange in one object. */
class UndiciExchange implements Dispatcher.DispatchHandlers, UpstreamExchange {
  private client: Client | null = null;
  private abortUndici: ((err?: Error) => void) | null = null;
  private resumeUndici: (() => void) | null = null;
  private reason: Error | null = null;
  private over = false;
  private answered = false;

  constructor(
    private readonly pool: ClientPool,
    private readonly opts: Dispatcher.DispatchOptions,
    private readonly h: UpstreamHandler,
    /** Told once when the exchange is over (the pool's idle clock). */
    private readonly done: { release(): void },
    private mayReplay: boolean,
  ) {}

  /** Still wants a connection (it sits in the queue, not given up). */
  waiting(): boolean {
    return !this.over && this.client === null;
  }

  dispatchOn(client: Client): void {
    this.client = client;
    client.dispatch(this.opts, this);
  }

  // --- undici's side
  onConnect(abort: (err?: Error) => void): void {
    if (this.reason) abort(this.reason);
    else this.abortUndici = abort;
  }
  onHeaders(statusCode: number, raw: Buffer[], resume: () => void, statusText: string): boolean {
    if (this.over || statusCode < 200) return true;
    this.answered = true;
    this.resumeUndici = resume;
    this.h.onHeaders(statusCode, statusText, headersFromRaw(raw));
    return true;
  }
  onData(chunk: Buffer): boolean {
    return this.over || this.h.onData(chunk);
  }
  onComplete(): void {
    this.free(true);
    if (this.end()) this.h.onComplete();
  }
  onError(err: Error): void {
    this.free(false);
    if (this.over) return;
    const code = (err as NodeJS.ErrnoException).code;
    if (
      this.mayReplay &&
      !this.answered &&
      !this.reason &&
      (code === 'UND_ERR_SOCKET' || code === 'ECONNRESET' || code === 'EPIPE')
    ) {
      // Sent once more, on another connection.
      this.mayReplay = false;
      this.abortUndici = null;
      this.pool.run(this);
      return;
    }
    if (this.end()) this.h.onError(err);
  }

  // --- the proxy's side
  abort(err: Error = abortError()): void {
    if (this.over || this.reason) return;
    this.reason = err;
    // In flight: undici fails it (onError) and closes its connection; queued: it fails now.
    if (this.abortUndici) this.abortUndici(err);
    else this.onError(err);
  }
  resume(): void {
    this.resumeUndici?.();
  }

  /** Hand the connection back: reused after a complete exchange, closed after any failure. */
  private free(healthy: boolean): void {
    const c = this.client;
    if (!c) return;
    this.client = null;
    this.pool.release(c, healthy);
  }
  private end(): boolean {
    if (this.over) return false;
    this.over = true;
    this.done.release();
    return true;
  }
}

/**
 * A body as undici gets it: the browser's request piped into a PassThrough, because undici destroys
 * the stream it was given when the exchange fails, and the browser's request must survive that.
 */
function detachedBody(body: Readable): Readable {
  const pass = new PassThrough();
  body.pipe(pass);
  body.once('error', (err) => pass.destroy(err));
  pass.once('close', () => {
    body.unpipe(pass);
    // Nobody reads the rest any more: drained, it cannot block the browser's connection.
    if (!body.readableEnded && !body.destroyed) body.resume();
  });
  return pass;
}

/** The undici transport: per socket path, up to maxSocketsPerUpstream keep-alive connections (undici Clients). */
export function createUndiciTransport(o: TransportOptions): UpstreamTransport {
  const registry = poolRegistry(
    o,
    (socketPath) => new ClientPool(socketPath, o.maxSocketsPerUpstream),
    (pool) => pool.destroy(),
  );

  return {
    request(socketPath, r, h) {
      const lease = registry.acquire(socketPath);
      const opts: Dispatcher.DispatchOptions & { servername: string } = {
        method: r.method as Dispatcher.HttpMethod,
        path: r.path,
        headers: r.headers as Record<string, string | string[]>,
        body: r.body ? detachedBody(r.body) : null,
        headersTimeout: 0,
        bodyTimeout: 0,
        // Plain HTTP has no server name; given, undici does not work one out of the Host (two regexes).
        servername: 'localhost',
      };
      const x = new UndiciExchange(lease.pool, opts, h, lease, !r.body && REPLAYABLE.has(r.method));
      lease.pool.run(x);
      return x;
    },
    close: registry.close,
    closeAll: registry.closeAll,
    pools: registry.pools,
  };
}

// ---------------------------------------------------------------------------------------- node:http

/** The node:http transport: one `http.Agent({keepAlive})` per socket path. */
export function createNodeHttpTransport(o: TransportOptions): UpstreamTransport {
  const registry = poolRegistry(
    o,
    () =>
      new http.Agent({
        keepAlive: true,
        maxSockets: o.maxSocketsPerUpstream,
        maxFreeSockets: o.maxSocketsPerUpstream,
        scheduling: 'lifo',
      }),
    (agent) => agent.destroy(),
  );

  return {
    request(socketPath, r, h) {
      const lease = registry.acquire(socketPath);
      let over = false;
      let req: http.ClientRequest | undefined;
      let res: http.IncomingMessage | undefined;
      let reason: Error | undefined;
      const end = () => {
        if (over) return false;
        over = true;
        lease.release();
        return true;
      };
      const fail = (err: Error) => {
        if (!end()) return;
        r.body?.unpipe(req);
        h.onError(err);
      };
      const headers = { ...r.headers };
      // Chunked when the length is unknown: node would otherwise frame some methods (DELETE…) by closing.
      if (r.body && headers['content-length'] === undefined) headers['transfer-encoding'] = 'chunked';

      const attempt = (mayReplay: boolean) => {
        const rq = http.request({
          agent: lease.pool,
          socketPath,
          method: r.method,
          path: r.path,
          headers,
        });
        req = rq;
        rq.once('response', (rs) => {
          if (over) return void rs.destroy();
          res = rs;
          rs.once('close', () => {
            if (rs.complete && rs.readableEnded) return;
            fail(reason ?? Object.assign(new Error('aborted'), { code: 'ECONNRESET' }));
          });
          rs.on('error', (err) => fail(reason ?? err));
          h.onHeaders(rs.statusCode ?? 502, rs.statusMessage ?? '', rs.headers);
          if (over) return;
          rs.on('data', (c: Buffer) => {
            if (!over && !h.onData(c)) rs.pause();
          });
          rs.once('end', () => {
            if (end()) h.onComplete();
          });
        });
        rq.once('error', (err: NodeJS.ErrnoException) => {
          if (mayReplay && rq.reusedSocket && err.code === 'ECONNRESET' && !reason && !res) {
            attempt(false);
            return;
          }
          fail(reason ?? err);
        });
        if (!r.body) {
          rq.end();
          return;
        }
        // pipe, not pipeline: a failed upstream must not destroy the browser's request, whose
        // connection still has to carry the 502 page.
        r.body.pipe(rq);
        r.body.once('error', (err) => rq.destroy(err));
      };
      try {
        attempt(!r.body && REPLAYABLE.has(r.method));
      } catch (err) {
        // node refused to send (an invalid header value…)
        fail(err as Error);
      }
      return {
        abort(err = abortError()) {
          if (over || reason) return;
          reason = err;
          // Still waiting in the agent's queue: node would tell only once a connection frees up.
          const queued = req !== undefined && !req.socket;
          req?.destroy(err);
          res?.destroy(err);
          if (queued) fail(err);
        },
        resume() {
          res?.resume();
        },
      };
    },
    close: registry.close,
    closeAll: registry.closeAll,
    pools: registry.pools,
  };
}
