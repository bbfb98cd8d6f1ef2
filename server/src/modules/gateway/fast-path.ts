// The gateway's raw HTTP/1.1 fast path (docs/notes/gateway-throughput.md): connections of the gateway's
// port are read here first. A request head the strict parser accepts (http1.ts), for a workspace host
// whose cookie the access cache already holds as valid and whose workspace runs, is forwarded by hand to
// that workspace's code-server on one upstream connection paired with this client connection; the answer
// comes back as it arrives, its head filtered, its body framed only to find its end. Everything else —
// the portal, the gateway's own pages, cache misses, upgrades, whatever the parser refuses — is handed to
// node's HTTP server on the same socket at a message boundary (nothing in flight, the unread bytes put
// back), and the connection stays with node from then on. The handler behind node stays the source of
// truth; this path only repeats, per request, the rules it shares with the proxy (headers.ts, proxy.raw):
// platform cookies and Authorization stripped, X-Forwarded-* set, activity reported, `Set-Cookie: yac_*`
// dropped.
import net from 'node:net';
import { classifyUpstreamError, failure, statusText, type UpstreamFailure } from './failure.ts';
import { JOIN_MAX, joined, requestHead, responseHead } from './fast-path.heads.ts';
import { ChunkedFramer } from './http1.chunked.ts';
import {
  MAX_HEAD,
  parseRequestHead,
  parseResponseHead,
  type RequestHead,
  type ResponseHead,
} from './http1.ts';
import type { RawProxyHooks, UpstreamTarget } from './proxy.ts';

/**
 * Where a request of the fast path goes, or null: node's server answers it (and the connection). A
 * promise when the answer needs a lookup (the cookie's cached validation is due again): it never rejects.
 */
export type FastRoute = (
  host: string,
  cookie: string | undefined,
  target: string,
) => UpstreamTarget | null | Promise<UpstreamTarget | null>;

/** Options of createFastPath. */
export interface FastPathOptions {
  hooks: RawProxyHooks;
  route: FastRoute;
}

/** Counters of the fast path (tests, bench). */
export interface FastPathStats {
  /** Requests forwarded by the fast path. */
  requests: number;
  /** Connections handed to node's server. */
  handedOff: number;
  /** Requests sent again after their kept-alive upstream connection closed under them. */
  replayed: number;
}

/** The fast path of one gateway. */
export interface FastPath {
  /**
   * Take a new connection. `handOff` gives it to node's HTTP server (its 'connection' listener);
   * `idleMs` is how long a connection may sit without a byte (the server's keep-alive timeout), `headMs`
   * how long a head may take to arrive before node's server gets it (its headersTimeout).
   */
  accept(socket: net.Socket, handOff: (socket: net.Socket) => void, idleMs: number, headMs: number): void;
  /** Close every connection the fast path holds, and take no more (shutdown). */
  closeAll(): void;
  /**
   * Close the connections it holds now (only those waiting for a request with nothing of one read yet:
   * `idleOnly`), as node's server.closeIdleConnections() and closeAllConnections() do with theirs.
   */
  closeConnections(idleOnly: boolean): void;
  /** Connections held now. */
  size(): number;
  readonly stats: FastPathStats;
}

// A kept-alive upstream connection closed just as it was reused fails before any byte of the answer; a
// request that can be replayed safely (no body, a safe method) is then sent once more (as transport.ts).
const REPLAYABLE = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Pipelined bytes buffered while an answer is in flight before the client is paused. */
const MAX_BUFFERED = 4 * MAX_HEAD;

/** Create the fast path. */
export function createFastPath(o: FastPathOptions): FastPath {
  const conns = new Set<Conn>();
  const stats: FastPathStats = { requests: 0, handedOff: 0, replayed: 0 };
  const h = o.hooks;
  let closed = false;
  return {
    stats,
    accept(socket, handOff, idleMs, headMs) {
      // Shutting down: node's server answers (and its close() ends idle connections at once).
      if (closed) return void handOff(socket);
      const c = new Conn(socket, handOff, h, o.route, stats, conns, headMs);
      conns.add(c);
      socket.setTimeout(idleMs);
    },
    closeAll() {
      closed = true;
      for (const c of [...conns]) c.stop();
    },
    closeConnections(idleOnly) {
      for (const c of [...conns]) if (!idleOnly || c.idle()) c.stop();
    },
    size: () => conns.size,
  };
}

function noop(): void {}

function onHeadTimeout(c: Conn): void {
  c.headTimeout();
}

/** One client connection while the fast path holds it, and its upstream connection. */
class Conn {
  private buf: Buffer | null = null;
  private up: net.Socket | null = null;
  private upPath: string | null = null;
  private untrack: (() => void) | null = null;
  private target: UpstreamTarget | null = null;
  private timer: NodeJS.Timeout | null = null;
  private readonly proto: 'http' | 'https';
  private readonly clientIp: string | undefined;
  private over = false;
  // The exchange in flight (busy), its request and its answer.
  private busy = false;
  private method = 'GET';
  private reqClose = false;
  private bodyLeft = 0;
  private reqDone = true;
  private resHead = false;
  private resDone = true;
  private resLeft = 0;
  private resFraming: ResponseHead['framing']['kind'] = 'none';
  private chunked: ChunkedFramer | null = null;
  private upHeadBuf: Buffer | null = null;
  private closeAfter = false;
  private waitingHead = false;
  private timedOut = false;
  private upErr: Error | undefined;
  private clientEnded = false;
  // Why the client is paused: the upstream's writes back up, or pipelined bytes pile up.
  private pausedForUp = false;
  private pausedForBuf = false;
  private upPausedForClient = false;
  /** The request's head to send once more on a new connection, while that is safe (see REPLAYABLE). */
  private replay: string | null = null;
  /** When the head now being read began to arrive (0: none is). */
  private partialSince = 0;

  constructor(
    private readonly socket: net.Socket,
    private readonly handOffTo: (socket: net.Socket) => void,
    private readonly h: RawProxyHooks,
    private readonly route: FastRoute,
    private readonly stats: FastPathStats,
    private readonly conns: Set<Conn>,
    private readonly headMs: number,
  ) {
    this.proto = h.publicProto ?? ((socket as { encrypted?: boolean }).encrypted ? 'https' : 'http');
    this.clientIp = socket.remoteAddress;
    socket.on('data', this.onData);
    socket.on('end', this.onEnd);
    socket.on('error', this.onError);
    socket.on('close', this.onClose);
    socket.on('timeout', this.onTimeout);
  }

  // ------------------------------------------------------------------------------------ client side

  private readonly onData = (chunk: Buffer): void => {
    if (this.busy && !this.reqDone) {
      const n = Math.min(this.bodyLeft, chunk.length);
      this.bodyLeft -= n;
      this.writeUp(n === chunk.length ? chunk : chunk.subarray(0, n));
      if (this.bodyLeft === 0) this.reqDone = true;
      if (n < chunk.length) this.keep(chunk.subarray(n));
      if (this.reqDone && this.resDone) this.exchangeOver();
      return;
    }
    this.keep(chunk);
    if (!this.busy) this.next();
    else if ((this.buf?.length ?? 0) > MAX_BUFFERED && !this.pausedForBuf) {
      this.pausedForBuf = true;
      this.socket.pause();
    }
  };

  private keep(b: Buffer): void {
    this.buf = this.buf ? Buffer.concat([this.buf, b]) : b;
  }

  /** Between exchanges: the next request, if its head is here, goes upstream or the connection to node. */
  private next(): void {
    if (this.over) return;
    if (this.pausedForBuf) {
      this.pausedForBuf = false;
      if (!this.pausedForUp) this.socket.resume();
    }
    const b = this.buf;
    if (!b || b.length === 0) {
      if (this.clientEnded) this.finish();
      return;
    }
    const r = parseRequestHead(b);
    if (r === null) {
      // A partial head whose client stopped sending can never be answered.
      if (this.clientEnded) return void this.stop();
      // A head trickling in (slowloris) goes to node, whose headersTimeout then applies.
      const now = Date.now();
      if (this.partialSince === 0) this.partialSince = now;
      else if (now - this.partialSince > this.headMs) this.handOff();
      return;
    }
    this.partialSince = 0;
    if ('refused' in r) return void this.handOff();
    const t = this.route(r.host, r.cookie, r.target);
    if (!t) return void this.handOff();
    if (!(t instanceof Promise)) return void this.start(r, t, b);
    // The validation is looked up again (every few seconds): the request waits for it, bytes that
    // come meanwhile are kept, and a refusal leaves the request to node as a miss would.
    this.busy = true;
    t.then(
      (target) => this.decided(target),
      () => this.decided(null),
    );
  }

  private decided(t: UpstreamTarget | null): void {
    this.busy = false;
    if (this.over) return;
    const b = this.buf as Buffer;
    const r = parseRequestHead(b);
    if (!t || !r || 'refused' in r) return void this.handOff();
    this.start(r, t, b);
  }

  private start(r: RequestHead, t: UpstreamTarget, b: Buffer): void {
    this.stats.requests++;
    this.h.touch(t.key ?? t.socketPath);
    if (this.up && this.upPath !== t.socketPath) this.dropUpstream();
    const reused = this.up !== null;
    if (!this.up) this.connect(t.socketPath);
    this.target = t;
    this.busy = true;
    this.method = r.method;
    this.reqClose = r.close || this.clientEnded;
    this.resHead = false;
    this.resDone = false;
    this.upHeadBuf = null;
    this.chunked = null;
    this.timedOut = false;
    this.upErr = undefined;
    const inBuf = Math.min(r.bodyLength, b.length - r.end);
    this.bodyLeft = r.bodyLength - inBuf;
    this.reqDone = this.bodyLeft === 0;
    const rest = r.end + inBuf;
    this.buf = rest < b.length ? b.subarray(rest) : null;
    const head = requestHead(r, this.h, this.clientIp, this.proto);
    this.replay = reused && r.bodyLength === 0 && REPLAYABLE.has(r.method) ? head : null;
    if (inBuf === 0) this.writeUp(head, 'latin1');
    else if (inBuf <= JOIN_MAX) this.writeUp(joined(head, b.subarray(r.end, rest)));
    else {
      this.writeUp(head, 'latin1');
      this.writeUp(b.subarray(r.end, rest));
    }
    this.waitingHead = true;
    if (this.timer) this.timer.refresh();
    else this.timer = setTimeout(onHeadTimeout, this.h.timeoutMs, this);
  }

  private writeUp(data: Buffer | string, encoding?: BufferEncoding): void {
    const up = this.up;
    if (!up || up.destroyed) return;
    const ok = encoding ? up.write(data, encoding) : up.write(data);
    if (!ok && !this.pausedForUp) {
      this.pausedForUp = true;
      this.socket.pause();
      up.once('drain', this.onUpDrain);
    }
  }

  private readonly onUpDrain = (): void => {
    this.pausedForUp = false;
    if (!this.pausedForBuf && !this.over) this.socket.resume();
  };

  private readonly onEnd = (): void => {
    this.clientEnded = true;
    if (!this.busy) this.next();
    // A body cut short can never end: the exchange is over.
    else if (!this.reqDone) this.stop();
    else this.closeAfter = true;
  };

  private readonly onError = (): void => {
    this.stop();
  };

  private readonly onClose = (): void => {
    this.stop();
  };

  private readonly onTimeout = (): void => {
    if (!this.busy) {
      if (this.buf?.length) this.handOff();
      else this.stop();
    } else if (!this.reqDone) this.stop();
  };

  /** The client is done with (and the answer was complete): close the connection. */
  private finish(): void {
    if (this.over) return;
    this.release();
    this.quiet();
    this.socket.end();
  }

  /** Give the connection to node's HTTP server, with the bytes it has not read yet. */
  private handOff(): void {
    if (this.over) return;
    // Bytes cannot be put back once the stream ended ('end' came while an answer was in flight).
    if (this.clientEnded) return void this.stop();
    this.stats.handedOff++;
    const { socket } = this;
    this.release();
    socket.setTimeout(0);
    socket.pause();
    const rest = this.buf;
    this.buf = null;
    if (rest?.length) socket.unshift(rest);
    this.handOffTo(socket);
    socket.resume();
  }

  /** Stop holding the socket: listeners off, upstream closed, timer cleared. */
  private release(): void {
    this.over = true;
    this.conns.delete(this);
    const { socket } = this;
    socket.off('data', this.onData);
    socket.off('end', this.onEnd);
    socket.off('error', this.onError);
    socket.off('close', this.onClose);
    socket.off('timeout', this.onTimeout);
    socket.off('drain', this.onClientDrain);
    if (this.timer) clearTimeout(this.timer);
    this.dropUpstream();
  }

  /** After release: late errors of a socket being ended or destroyed are nobody's concern. */
  private quiet(): void {
    this.socket.on('error', noop);
  }

  /** Waiting for a request, with none of its bytes here. */
  idle(): boolean {
    return !this.busy && !this.buf?.length;
  }

  /** Close both sides now (shutdown, the workspace's connections closed, a broken exchange). */
  stop(): void {
    if (this.over) return;
    this.release();
    this.quiet();
    this.socket.destroy();
  }

  // ---------------------------------------------------------------------------------- upstream side

  private connect(socketPath: string): void {
    const up = net.connect(socketPath);
    this.up = up;
    this.upPath = socketPath;
    this.untrack = this.h.track(socketPath, this);
    up.on('data', this.onUpData);
    up.on('error', this.onUpError);
    up.on('close', this.onUpClose);
  }

  private dropUpstream(): void {
    const up = this.up;
    this.untrack?.();
    this.untrack = null;
    if (!up) return;
    this.up = null;
    this.upPath = null;
    up.off('data', this.onUpData);
    up.off('close', this.onUpClose);
    up.off('drain', this.onUpDrain);
    up.off('error', this.onUpError);
    // Errors of a socket being destroyed must not go unhandled, nor reach the next exchange.
    up.on('error', noop);
    up.destroy();
  }

  private readonly onUpError = (err: Error): void => {
    this.upErr = err;
  };

  headTimeout(): void {
    if (!this.waitingHead || this.over) return;
    this.timedOut = true;
    this.up?.destroy();
  }

  private readonly onUpClose = (): void => {
    const err = this.upErr;
    this.up = null;
    this.upPath = null;
    this.untrack?.();
    this.untrack = null;
    if (!this.busy || this.resDone) return;
    if (!this.resHead && this.replay !== null && !this.timedOut && this.upHeadBuf === null && this.target) {
      // The kept-alive connection was closed by code-server just as it was reused (its idle timeout):
      // the request never reached it; sent once more on a new connection, as the proxy's transport does.
      const head = this.replay;
      this.replay = null;
      this.stats.replayed++;
      this.connect(this.target.socketPath);
      this.writeUp(head, 'latin1');
      return;
    }
    if (!this.resHead) {
      const f = this.timedOut
        ? failure('timeout')
        : err
          ? classifyUpstreamError(err, false)
          : failure('reset');
      return void this.fail(f, err);
    }
    // A close-delimited answer ends here; any other is cut, and the browser must see it cut.
    if (this.resFraming === 'close') {
      this.resDone = true;
      this.finish();
    } else this.stop();
  };

  private readonly onUpData = (chunk: Buffer): void => {
    this.replay = null;
    if (!this.busy || this.resDone) {
      // Bytes nobody asked for: this upstream connection cannot be trusted with another request.
      this.dropUpstream();
      return;
    }
    let b = chunk;
    let i = 0;
    // The answer's head, written with the first body bytes in one write (one system call).
    let pending: string | null = null;
    if (!this.resHead) {
      b = this.upHeadBuf ? Buffer.concat([this.upHeadBuf, chunk]) : chunk;
      this.upHeadBuf = null;
      let head: ResponseHead;
      for (;;) {
        const r = parseResponseHead(b, i, this.method);
        if (r === null) {
          this.upHeadBuf = i === 0 ? b : b.subarray(i);
          return;
        }
        if ('refused' in r || r.status === 101) return void this.fail(failure('bad-response'), r);
        if (r.status >= 200) {
          head = r;
          break;
        }
        // 1xx (103 Early Hints…) are not relayed, as on node's path.
        i = r.end;
      }
      this.resHead = true;
      this.waitingHead = false;
      this.resFraming = head.framing.kind;
      this.closeAfter =
        this.closeAfter || this.reqClose || head.close || head.framing.kind === 'close' || !this.reqDone;
      if (head.framing.kind === 'length') this.resLeft = head.framing.length;
      else if (head.framing.kind === 'chunked') this.chunked = new ChunkedFramer();
      pending = responseHead(head, this.h, this.closeAfter);
      i = head.end;
      if (head.framing.kind === 'none' || (head.framing.kind === 'length' && this.resLeft === 0))
        this.resDone = true;
    }
    let end = b.length;
    if (!this.resDone) {
      if (this.resFraming === 'length') {
        end = Math.min(b.length, i + this.resLeft);
        this.resLeft -= end - i;
        if (this.resLeft === 0) this.resDone = true;
      } else if (this.resFraming === 'chunked') {
        const framer = this.chunked as ChunkedFramer;
        try {
          end = framer.consume(b, i);
        } catch {
          // The answer's framing is broken: cut it (what was sent stays, the rest never comes).
          return void this.stop();
        }
        if (framer.done) this.resDone = true;
      }
      if (end > i) {
        const body = i === 0 && end === b.length ? b : b.subarray(i, end);
        if (pending !== null && body.length <= JOIN_MAX) this.writeClient(joined(pending, body));
        else {
          if (pending !== null) this.writeClient(pending, 'latin1');
          this.writeClient(body);
        }
        pending = null;
      }
    } else end = i;
    if (pending !== null) this.writeClient(pending, 'latin1');
    if (end < b.length) this.dropUpstream();
    if (this.resDone) this.answerOver();
  };

  private writeClient(data: Buffer | string, encoding?: BufferEncoding): void {
    const ok = encoding ? this.socket.write(data, encoding) : this.socket.write(data);
    if (!ok && this.up && !this.upPausedForClient) {
      this.upPausedForClient = true;
      this.up.pause();
      this.socket.once('drain', this.onClientDrain);
    }
  }

  private readonly onClientDrain = (): void => {
    this.upPausedForClient = false;
    this.up?.resume();
  };

  private answerOver(): void {
    this.waitingHead = false;
    // The answer ended before the request's body: the connection cannot carry another exchange.
    if (!this.reqDone) return void this.finish();
    this.exchangeOver();
  }

  private exchangeOver(): void {
    this.busy = false;
    if (this.upPausedForClient) {
      this.upPausedForClient = false;
      this.socket.off('drain', this.onClientDrain);
      this.up?.resume();
    }
    if (this.closeAfter) return void this.finish();
    this.next();
  }

  /** The upstream failed before its answer's head: the failure page, and the connection closes. */
  private fail(f: UpstreamFailure, err: unknown): void {
    this.waitingHead = false;
    if (this.target) this.h.report(f, err, this.target);
    const page = this.h.failurePage(f);
    this.socket.write(
      `HTTP/1.1 ${f.status} ${statusText(f.status)}\r\ncontent-type: text/html; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(page)}\r\ncache-control: no-store\r\n` +
        `connection: close\r\n\r\n${this.method === 'HEAD' ? '' : page}`,
    );
    this.resDone = true;
    this.finish();
  }
}
