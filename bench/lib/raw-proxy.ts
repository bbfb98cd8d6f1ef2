// Prototype data planes for the gateway-throughput probe (docs/notes/gateway-throughput.md), NOT the
// product's gateway: each forwards `<ws>--<co>.<domain>` requests carrying a valid `yac_ws` cookie to the
// workspace's unix socket. Access is a simulated cached lookup (Host → workspace, cookie → session valid
// for 5 s, as the gateway's cookie cache), so each variant pays what the gateway pays per request once
// warm, and no more. Variants:
// - `front`: node:http server + the product's proxy core (createUpstreamProxy, undici or node:http Agent)
// - `rawUp`: node:http server + raw `net` upstream connections (request head written by hand, response
//   head parsed for status/headers, body framed by Content-Length / chunked only)
// - `raw`: raw `net` on both sides: a minimal HTTP/1.1 request-head parser, per-request access check and
//   header rewrite, response bytes forwarded as they come (framing parsed only to know where it ends);
//   `pin` skips the lookups while Host and cookie equal those already authorised on the connection;
//   `tunnel` pipes the connection raw after the first authorised request (measured, NOT safe: see note).
import http from 'node:http';
import net from 'node:net';
import { createUpstreamProxy } from '../../server/src/modules/gateway/proxy.ts';
import { createNodeHttpTransport } from '../../server/src/modules/gateway/transport.ts';

export interface Target {
  socketPath: string;
  key: string;
}

/** The simulated access check: host → workspace, cookie → session (cached 5 s, then "revalidated"). */
export class Access {
  private hosts = new Map<string, Target>();
  private sessions = new Map<string, { ws: string; until: number }>();
  private lastActivity = new Map<string, number>();
  constructor(
    routes: Record<string, string>,
    private cookie: string,
  ) {
    for (const [host, socketPath] of Object.entries(routes)) {
      const key = host.split('--')[0] as string;
      this.hosts.set(host.toLowerCase(), { socketPath, key });
    }
  }
  /** The target when `host` is a workspace and the cookie header holds a valid yac_ws for it. */
  check(host: string | undefined, cookieHeader: string | undefined): Target | null {
    if (!host || !cookieHeader) return null;
    const colon = host.lastIndexOf(':');
    const t = this.hosts.get((colon > 0 ? host.slice(0, colon) : host).toLowerCase());
    if (!t) return null;
    const i = cookieHeader.indexOf('yac_ws=');
    if (i < 0) return null;
    const end = cookieHeader.indexOf(';', i);
    const value = cookieHeader.slice(i + 7, end < 0 ? undefined : end).trim();
    const now = Date.now();
    let s = this.sessions.get(value);
    if (!s || s.until < now) {
      // the real gateway asks the database here (one query per cookie per 5 s)
      if (value !== this.cookie) return null;
      s = { ws: t.key, until: now + 5_000 };
      this.sessions.set(value, s);
    }
    return s.ws === t.key ? t : null;
  }
  /** Activity for idle auto-stop: at most one report per workspace per 30 s. */
  activity(key: string): void {
    const now = Date.now();
    const last = this.lastActivity.get(key) ?? 0;
    if (now - last > 30_000) this.lastActivity.set(key, now);
  }
}

const isPlatformCookie = (c: string) => c.trimStart().startsWith('yac_');
function stripCookies(header: string): string {
  if (!header.includes('yac_')) return header;
  return header
    .split(';')
    .filter((c) => !isPlatformCookie(c))
    .map((c) => c.trim())
    .join('; ');
}

// ------------------------------------------------------------------------------------------- framing

/** Where a message body ends: Content-Length, chunked, until close, or none. */
export class BodyFramer {
  done = false;
  private left = 0;
  private cstate = 0; // chunked: 0 size line, 1 data, 2 CRLF after data, 3 trailers
  private line = '';
  constructor(
    private mode: 'len' | 'chunked' | 'close' | 'none',
    length = 0,
  ) {
    if (mode === 'none' || (mode === 'len' && length === 0)) this.done = true;
    this.left = length;
  }
  /** Consume body bytes of `b` from `i`; returns the index just past the body's bytes in b. `sink` gets
   * the payload without the chunked framing. */
  consume(b: Buffer, i: number, sink?: (data: Buffer) => void): number {
    if (this.done) return i;
    if (this.mode === 'close') {
      if (sink && i < b.length) sink(i === 0 ? b : b.subarray(i));
      return b.length;
    }
    if (this.mode === 'len') {
      const n = Math.min(this.left, b.length - i);
      if (sink && n > 0) sink(i === 0 && n === b.length ? b : b.subarray(i, i + n));
      this.left -= n;
      if (this.left === 0) this.done = true;
      return i + n;
    }
    while (i < b.length && !this.done) {
      if (this.cstate === 1) {
        const n = Math.min(this.left, b.length - i);
        if (sink && n > 0) sink(b.subarray(i, i + n));
        i += n;
        this.left -= n;
        if (this.left === 0) this.cstate = 2;
        continue;
      }
      const nl = b.indexOf(10, i);
      if (nl < 0) {
        this.line += b.toString('latin1', i);
        return b.length;
      }
      const l = (this.line + b.toString('latin1', i, nl)).trim();
      this.line = '';
      i = nl + 1;
      if (this.cstate === 0) {
        const size = Number.parseInt(l.split(';')[0] as string, 16);
        if (size === 0) this.cstate = 3;
        else {
          this.left = size;
          this.cstate = 1;
        }
      } else if (this.cstate === 2) this.cstate = 0;
      else if (l === '') this.done = true;
    }
    return i;
  }
}

interface Head {
  /** Request line or status line. */
  first: string;
  /** [name lowercased, raw line] */
  lines: string[];
  names: string[];
  end: number;
}

/** Parse a head ending in CRLFCRLF at `end` (index of the blank line's end). */
function parseHead(b: Buffer, end: number): Head {
  const text = b.toString('latin1', 0, end - 4);
  const lines = text.split('\r\n');
  const first = lines.shift() as string;
  const names = lines.map((l) => l.slice(0, l.indexOf(':')).toLowerCase());
  return { first, lines, names, end };
}
const value = (h: Head, name: string): string | undefined => {
  const i = h.names.indexOf(name);
  if (i < 0) return undefined;
  const l = h.lines[i] as string;
  return l.slice(l.indexOf(':') + 1).trim();
};

function responseFramer(h: Head, method: string): BodyFramer {
  const status = Number(h.first.slice(9, 12));
  if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200))
    return new BodyFramer('none');
  const te = value(h, 'transfer-encoding');
  if (te?.toLowerCase().includes('chunked')) return new BodyFramer('chunked');
  const cl = value(h, 'content-length');
  if (cl !== undefined) return new BodyFramer('len', Number(cl));
  return new BodyFramer('close');
}

// ------------------------------------------------------------------------------ upstream connections

/** One keep-alive connection to a unix socket, parsing only where each response ends. */
class UpConn {
  socket: net.Socket;
  dead = false;
  private buf: Buffer | null = null;
  private framer: BodyFramer | null = null;
  private method = 'GET';
  private onHead: ((h: Head, status: number) => void) | null = null;
  private onBody: ((b: Buffer) => void) | null = null;
  private onEnd: (() => void) | null = null;
  private raw: ((b: Buffer) => void) | null = null;
  constructor(readonly socketPath: string) {
    this.socket = net.connect(socketPath);
    this.socket.setNoDelay(true);
    this.socket.on('data', (b: Buffer) => this.data(b));
    this.socket.on('error', () => this.close());
    this.socket.on('close', () => this.close());
  }
  private close() {
    if (this.dead) return;
    this.dead = true;
    this.socket.destroy();
    if (this.onEnd && this.framer && !this.framer.done) this.onEnd();
  }
  /** Send a request head (and body bytes later with write); `raw` gets every response byte as it comes. */
  start(
    method: string,
    head: string,
    handlers: {
      raw?: (b: Buffer) => void;
      head?: (h: Head, status: number) => void;
      body?: (b: Buffer) => void;
      end: () => void;
    },
  ) {
    this.method = method;
    this.framer = null;
    this.raw = handlers.raw ?? null;
    this.onHead = handlers.head ?? null;
    this.onBody = handlers.body ?? null;
    this.onEnd = handlers.end;
    this.socket.write(head, 'latin1');
  }
  private data(b: Buffer) {
    if (this.raw) this.raw(b);
    let i = 0;
    if (!this.framer) {
      const all = this.buf ? Buffer.concat([this.buf, b]) : b;
      const e = all.indexOf('\r\n\r\n', 0, 'latin1');
      if (e < 0) {
        this.buf = all;
        return;
      }
      this.buf = null;
      const h = parseHead(all, e + 4);
      this.framer = responseFramer(h, this.method);
      this.onHead?.(h, Number(h.first.slice(9, 12)));
      b = all;
      i = e + 4;
    }
    this.framer.consume(b, i, this.onBody ?? undefined);
    if (this.framer.done) {
      const end = this.onEnd;
      this.onEnd = null;
      this.raw = null;
      end?.();
    }
  }
}

class UpPool {
  private idle = new Map<string, UpConn[]>();
  get(socketPath: string): UpConn {
    const list = this.idle.get(socketPath);
    while (list?.length) {
      const c = list.pop() as UpConn;
      if (!c.dead) return c;
    }
    return new UpConn(socketPath);
  }
  put(c: UpConn) {
    if (c.dead) return;
    let list = this.idle.get(c.socketPath);
    if (!list) {
      list = [];
      this.idle.set(c.socketPath, list);
    }
    list.push(c);
  }
}

const DROP = new Set([
  'cookie',
  'authorization',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'connection',
  'keep-alive',
]);

// ----------------------------------------------------------------------------------------- variants

/** node:http + the product's proxy core (transport 'undici' or 'agent'), behind the simulated check. */
export function frontServer(access: Access, transport: 'undici' | 'agent'): http.Server {
  const proxy = createUpstreamProxy({
    platformCookieNames: ['yac_session', 'yac_ws'],
    platformCookiePrefixes: ['yac_'],
    dropRequestHeaders: ['authorization'],
    onActivity: (key) => access.activity(key),
    ...(transport === 'agent'
      ? { transport: createNodeHttpTransport({ maxSocketsPerUpstream: 32, poolIdleMs: 60_000 }) }
      : {}),
  });
  return http.createServer((req, res) => {
    const t = access.check(req.headers.host, req.headers.cookie);
    if (t) return void proxy.web(req, res, t);
    res.writeHead(403).end('no');
  });
}

/** node:http client side, raw upstream: request head by hand, response relayed through res. */
export function rawUpServer(access: Access): http.Server {
  const pool = new UpPool();
  return http.createServer((req, res) => {
    const t = access.check(req.headers.host, req.headers.cookie);
    if (!t) return void res.writeHead(403).end('no');
    access.activity(t.key);
    let head = `${req.method} ${req.url} HTTP/1.1\r\n`;
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const n = (raw[i] as string).toLowerCase();
      if (n === 'cookie') {
        const c = stripCookies(raw[i + 1] as string);
        if (c) head += `Cookie: ${c}\r\n`;
      } else if (!DROP.has(n)) head += `${raw[i]}: ${raw[i + 1]}\r\n`;
    }
    head += `X-Forwarded-For: ${req.socket.remoteAddress}\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: ${req.headers.host}\r\n\r\n`;
    const up = pool.get(t.socketPath);
    let body: Buffer[] = [];
    let headersSent = false;
    let status = 502;
    let headers: string[] = [];
    up.start(req.method as string, head, {
      head: (h, s) => {
        status = s;
        headers = [];
        for (let i = 0; i < h.lines.length; i++) {
          const n = h.names[i] as string;
          if (n === 'connection' || n === 'keep-alive' || n === 'transfer-encoding') continue;
          const l = h.lines[i] as string;
          if (n === 'set-cookie' && isPlatformCookie(l.slice(l.indexOf(':') + 1))) continue;
          headers.push(l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim());
        }
      },
      body: (b) => {
        if (!headersSent && body.length < 4) {
          body.push(Buffer.from(b));
          return;
        }
        if (!headersSent) {
          res.writeHead(status, headers);
          headersSent = true;
          for (const x of body) res.write(x);
          body = [];
        }
        res.write(b);
      },
      end: () => {
        if (!headersSent) res.writeHead(status, headers);
        res.end(body.length === 1 ? body[0] : body.length ? Buffer.concat(body) : undefined);
        pool.put(up);
      },
    });
    // request bodies: pass the bytes as they come (Content-Length) or re-chunk them
    const te = req.headers['transfer-encoding'];
    if (req.headers['content-length'] || te) {
      req.on('data', (c: Buffer) =>
        up.socket.write(
          te ? Buffer.concat([Buffer.from(`${c.length.toString(16)}\r\n`), c, Buffer.from('\r\n')]) : c,
        ),
      );
      if (te) req.on('end', () => up.socket.write('0\r\n\r\n'));
    }
  });
}

/** Raw net on both sides. mode: 'check' every request, 'pin' per-connection, 'tunnel' after the first. */
export function rawServer(access: Access, mode: 'check' | 'pin' | 'tunnel'): net.Server {
  const pool = new UpPool();
  return net.createServer({ noDelay: true }, (client) => {
    let buf: Buffer | null = null;
    let busy = false; // a request is being forwarded
    let up: UpConn | null = null;
    let reqBody: BodyFramer | null = null;
    let pinnedHost = '';
    let pinnedCookie = '';
    let pinned: Target | null = null;
    let tunnelled = false;
    const remote = client.remoteAddress;
    const fail = (status: string) => {
      client.end(`HTTP/1.1 ${status}\r\ncontent-length: 0\r\nconnection: close\r\n\r\n`);
    };
    const next = () => {
      while (!busy && buf && !tunnelled) {
        const e = buf.indexOf('\r\n\r\n', 0, 'latin1');
        if (e < 0) {
          if (buf.length > 65536) fail('431 Request Header Fields Too Large');
          return;
        }
        const h = parseHead(buf, e + 4);
        const host = value(h, 'host');
        const cookie = value(h, 'cookie');
        let t: Target | null;
        if (mode !== 'check' && pinned && host === pinnedHost && cookie === pinnedCookie) t = pinned;
        else {
          t = access.check(host, cookie);
          if (t) {
            pinned = t;
            pinnedHost = host as string;
            pinnedCookie = cookie as string;
          }
        }
        if (!t) return fail('403 Forbidden');
        access.activity(t.key);
        const method = h.first.slice(0, h.first.indexOf(' '));
        let out = `${h.first}\r\n`;
        for (let i = 0; i < h.lines.length; i++) {
          const n = h.names[i] as string;
          if (n === 'cookie') {
            const c = stripCookies(cookie as string);
            if (c) out += `Cookie: ${c}\r\n`;
          } else if (!DROP.has(n) || (n === 'connection' && value(h, 'upgrade'))) out += `${h.lines[i]}\r\n`;
        }
        out += `X-Forwarded-For: ${remote}\r\nX-Forwarded-Proto: http\r\nX-Forwarded-Host: ${host}\r\n\r\n`;
        const te = value(h, 'transfer-encoding');
        const cl = value(h, 'content-length');
        reqBody = te
          ? new BodyFramer('chunked')
          : cl
            ? new BodyFramer('len', Number(cl))
            : new BodyFramer('none');
        if (up && (up.dead || up.socketPath !== t.socketPath)) {
          pool.put(up);
          up = null;
        }
        if (!up) up = pool.get(t.socketPath);
        const u = up;
        const upgrade = value(h, 'upgrade') !== undefined;
        busy = true;
        u.start(method, out, {
          raw: (b) => client.write(b),
          end: () => {
            busy = false;
            if (u.dead) {
              if (up === u) up = null;
              client.destroy();
              return;
            }
            next();
          },
        });
        let rest: Buffer | null = buf.length > e + 4 ? buf.subarray(e + 4) : null;
        buf = null;
        if (mode === 'tunnel' || upgrade) {
          // after this head the connection is a pipe: nothing more is parsed, checked or rewritten
          tunnelled = true;
          if (rest) u.socket.write(rest);
          client.removeAllListeners('data');
          client.pipe(u.socket);
          u.socket.removeAllListeners('data');
          u.start(method, '', { raw: undefined, end: () => {} });
          u.socket.pipe(client);
          up = null;
          return;
        }
        if (rest) {
          const j = reqBody.consume(rest, 0);
          if (j > 0) u.socket.write(j === rest.length ? rest : rest.subarray(0, j));
          rest = j < rest.length ? rest.subarray(j) : null;
        }
        buf = rest;
      }
    };
    client.on('data', (b: Buffer) => {
      if (busy && reqBody && !reqBody.done && up) {
        const j = reqBody.consume(b, 0);
        if (j > 0) up.socket.write(j === b.length ? b : b.subarray(0, j));
        if (j === b.length) return;
        b = b.subarray(j);
      }
      buf = buf ? Buffer.concat([buf, b]) : b;
      next();
    });
    client.on('error', () => client.destroy());
    client.on('close', () => {
      if (up && !busy) pool.put(up);
      else up?.socket.destroy();
      up = null;
    });
  });
}

/** The access-check answer for nginx's auth_request: 204 when host + cookie are a valid pair, else 401. */
export function authServer(access: Access): http.Server {
  return http.createServer((req, res) => {
    const t = access.check(req.headers['x-original-host'] as string | undefined, req.headers.cookie);
    if (t) access.activity(t.key);
    // X-Yac-Socket: where nginx sends the request when its config names no upstream per workspace
    res.writeHead(t ? 204 : 401, t ? { 'x-yac-socket': t.socketPath } : {}).end();
  });
}
