// How the gateway sends one HTTP request to a workspace's unix socket: one keep-alive connection pool
// per socket path, closed after it sat idle or when the workspace goes away.
//
// The design calls for an undici `Pool` per upstream (measured faster than node:http), but undici is
// not a dependency of the server yet, so this is node:http's Agent with keep-alive behind a small
// interface: an undici transport needs only `new Pool('http://localhost', {socketPath})` and
// `pool.request({method, path, headers, body, signal})`, whose answer already has this shape.
import http, { type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { Readable } from 'node:stream';

/** One request to an upstream. */
export interface UpstreamRequest {
  method: string;
  /** The request target: path and query. */
  path: string;
  /** Final headers (the transport adds only its own framing: Content-Length/Transfer-Encoding, Connection). */
  headers: OutgoingHttpHeaders;
  /** The body to stream, or null when the request has none. */
  body: Readable | null;
  /** Aborting fails the request (before the answer) or ends the answer's body (after). */
  signal: AbortSignal;
}

/** The upstream's answer: status, headers and the body still streaming. */
export interface UpstreamResponse {
  statusCode: number;
  statusMessage?: string | undefined;
  headers: IncomingHttpHeaders;
  body: Readable;
}

/** Sends requests to upstreams given by unix socket path, pooling connections per path. */
export interface UpstreamTransport {
  /** Resolves once the answer's head has arrived; rejects with the connection's error (ENOENT, ECONNREFUSED…). */
  request(socketPath: string, req: UpstreamRequest): Promise<UpstreamResponse>;
  /** Close the pool of one upstream now (its requests in flight fail). */
  close(socketPath: string): void;
  /** Close every pool. */
  closeAll(): void;
  /** Socket paths with an open pool. */
  pools(): string[];
}

/** Options of createNodeHttpTransport. */
export interface NodeHttpTransportOptions {
  /** Connections per upstream at most (requests beyond wait in the pool's queue). */
  maxSocketsPerUpstream: number;
  /** A pool with no request for this long is closed with its idle connections. */
  poolIdleMs: number;
}

interface Pool {
  agent: http.Agent;
  active: number;
  idleTimer: NodeJS.Timeout | undefined;
}

// A kept-alive connection the upstream closed just as it was reused fails with ECONNRESET before any
// byte of the answer; a request that can be replayed safely is then sent once more on a new one.
const REPLAYABLE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The node:http transport: one `http.Agent({keepAlive})` per socket path. */
export function createNodeHttpTransport(o: NodeHttpTransportOptions): UpstreamTransport {
  const pools = new Map<string, Pool>();

  const closePool = (socketPath: string) => {
    const pool = pools.get(socketPath);
    if (!pool) return;
    pools.delete(socketPath);
    clearTimeout(pool.idleTimer);
    pool.agent.destroy();
  };

  const acquire = (socketPath: string): Pool => {
    let pool = pools.get(socketPath);
    if (!pool) {
      const agent = new http.Agent({
        keepAlive: true,
        maxSockets: o.maxSocketsPerUpstream,
        maxFreeSockets: o.maxSocketsPerUpstream,
        scheduling: 'lifo',
      });
      pool = { agent, active: 0, idleTimer: undefined };
      pools.set(socketPath, pool);
    }
    pool.active++;
    clearTimeout(pool.idleTimer);
    pool.idleTimer = undefined;
    return pool;
  };

  const release = (socketPath: string, pool: Pool) => {
    pool.active--;
    if (pool.active > 0 || pools.get(socketPath) !== pool) return;
    pool.idleTimer = setTimeout(() => {
      if (pool.active === 0 && pools.get(socketPath) === pool) closePool(socketPath);
    }, o.poolIdleMs);
    pool.idleTimer.unref();
  };

  const request = (socketPath: string, r: UpstreamRequest) =>
    new Promise<UpstreamResponse>((resolve, reject) => {
      const pool = acquire(socketPath);
      let released = false;
      const done = () => {
        if (released) return;
        released = true;
        release(socketPath, pool);
      };
      const headers = { ...r.headers };
      // Chunked when the length is unknown: node would otherwise frame some methods (DELETE…) by closing.
      if (r.body && headers['content-length'] === undefined) headers['transfer-encoding'] = 'chunked';

      const attempt = (mayReplay: boolean) => {
        const req = http.request({
          agent: pool.agent,
          socketPath,
          method: r.method,
          path: r.path,
          headers,
          signal: r.signal,
        });
        req.once('response', (res) => {
          res.once('close', done);
          resolve({
            statusCode: res.statusCode ?? 502,
            statusMessage: res.statusMessage,
            headers: res.headers,
            body: res,
          });
        });
        req.once('error', (err: NodeJS.ErrnoException) => {
          if (mayReplay && req.reusedSocket && err.code === 'ECONNRESET' && !r.signal.aborted) {
            attempt(false);
            return;
          }
          r.body?.unpipe(req);
          done();
          reject(err);
        });
        if (!r.body) {
          req.end();
          return;
        }
        // pipe, not pipeline: a failed upstream must not destroy the browser's request, whose
        // connection still has to carry the 502 page.
        r.body.pipe(req);
        r.body.once('error', (err) => req.destroy(err));
      };
      attempt(!r.body && REPLAYABLE.has(r.method));
    });

  return {
    request,
    close: closePool,
    closeAll() {
      for (const p of [...pools.keys()]) closePool(p);
    },
    pools: () => [...pools.keys()],
  };
}
