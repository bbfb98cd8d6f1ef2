import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
// Test (and bench) fixtures of the gateway: a stand-in upstream on a unix socket speaking HTTP and a
// minimal WebSocket echo, and a browser-side server that puts a proxy in front of it by Host.
import http from 'node:http';
import type net from 'node:net';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { parseWorkspaceHost } from './host.ts';
import type { UpstreamProxy } from './proxy.ts';
import { encodeFrame, FrameReader, wsAccept } from './websocket.test-helpers.ts';

/** The stand-in upstream: what it saw and how to stop it. */
export interface Upstream {
  server: http.Server;
  socketPath: string;
  /** Connections accepted so far (keep-alive reuse shows as few connections for many requests). */
  connections: number;
  /** Connections open now. */
  open: Set<net.Socket>;
  /** Headers of the last WebSocket handshake it received. */
  lastUpgradeHeaders: http.IncomingHttpHeaders | null;
  close(): Promise<void>;
}

/** The whole body of a request or response, as UTF-8 (resolves after 'end', so trailers are in). */
export function readAll(req: http.IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const routes: Record<string, (req: http.IncomingMessage, res: http.ServerResponse) => void> = {
  '/small': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 });
    res.end('ok');
  },
  '/echo': async (req, res) => {
    const body = await readAll(req);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ method: req.method, url: req.url, headers: req.headers, body }));
  },
  // Each chunk of the request goes back at once: proves streaming both ways.
  '/stream-echo': (req, res) => {
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    res.flushHeaders();
    req.on('data', (c: Buffer) => res.write(c));
    req.on('end', () => res.end());
  },
  '/cookies': (_req, res) => {
    res.setHeader('set-cookie', [
      'yac_session=evil; Path=/; HttpOnly',
      '__Host-yac_session=evil; Path=/; Secure; HttpOnly',
      '__Host-yac_ws=evil; Path=/; Secure',
      '__host-YAC_other=evil; Path=/; Secure',
      'yac_ws=evil',
      'YAC_Other=evil',
      'theme=dark; Path=/; Domain=localhost; HttpOnly',
      'plain=1',
    ]);
    res.end('cookies');
  },
  '/hop': (_req, res) => {
    res.setHeader('connection', 'keep-alive, x-hop');
    res.setHeader('x-hop', 'secret');
    res.setHeader('proxy-authenticate', 'Basic realm="up"');
    res.setHeader('trailer', 'x-sum');
    res.setHeader('x-kept', 'yes');
    res.write('hop');
    res.addTrailers({ 'x-sum': 'abc' });
    res.end();
  },
  '/big': (req, res) => {
    const n = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('n') ?? 1_000_000);
    res.writeHead(200, { 'content-type': 'application/octet-stream' });
    const chunk = Buffer.alloc(64 * 1024, 'x');
    let left = n;
    const more = () => {
      while (left > 0) {
        const part = left >= chunk.length ? chunk : chunk.subarray(0, left);
        left -= part.length;
        if (!res.write(part)) return void res.once('drain', more);
      }
      res.end();
    };
    more();
  },
  // Dies mid-body: the browser must see a cut answer, not wait for the rest.
  '/cut': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 100 });
    res.write('0123456789', () => setTimeout(() => req.socket.destroy(), 20));
  },
  // `?code=204` (and `&etag=…`): an answer of that status, with no body where it may have none.
  '/status': (req, res) => {
    const q = new URL(req.url ?? '/', 'http://x').searchParams;
    const code = Number(q.get('code') ?? 200);
    if (q.get('etag')) res.setHeader('etag', q.get('etag') as string);
    res.writeHead(code);
    res.end(code === 204 || code === 304 ? undefined : `status ${code}`);
  },
  // No Content-Length, not chunked: the answer ends when the connection does.
  '/until-close': (req, res) => {
    res.detachSocket(req.socket);
    req.socket.end('HTTP/1.1 200 OK\r\ncontent-type: text/plain\r\n\r\nread until the close');
  },
  '/hang': () => {
    // never answers: the gateway's timeout must
  },
};

function acceptWebSocket(up: Upstream, req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
  up.lastUpgradeHeaders = req.headers;
  if (req.url?.startsWith('/ws-refuse')) {
    socket.end('HTTP/1.1 403 Forbidden\r\ncontent-type: text/plain\r\ncontent-length: 9\r\n\r\nforbidden');
    return;
  }
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string') return void socket.destroy();
  socket.write(
    'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
      `Sec-WebSocket-Accept: ${wsAccept(key)}\r\n` +
      'Set-Cookie: yac_session=evil\r\nSet-Cookie: wsok=1; Domain=localhost\r\n\r\n',
  );
  const reader = new FrameReader();
  const onData = (chunk: Buffer) => {
    for (const f of reader.push(chunk)) {
      if (f.opcode === 0x1) socket.write(encodeFrame(0x1, f.payload, false));
      else if (f.opcode === 0x9) socket.write(encodeFrame(0xa, f.payload, false));
      else if (f.opcode === 0x8) {
        socket.end(encodeFrame(0x8, f.payload, false));
      }
    }
  };
  if (head.length) onData(head);
  socket.on('data', onData);
  // The http server's sockets allow half-open connections: answer the peer's end with ours.
  socket.on('end', () => socket.end());
  socket.on('error', () => socket.destroy());
}

/** Start the stand-in upstream on a unix socket. */
export async function startUpstream(socketPath: string): Promise<Upstream> {
  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const route = routes[path];
    if (route) return void route(req, res);
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end('not found');
  });
  const up: Upstream = {
    server,
    socketPath,
    connections: 0,
    open: new Set(),
    lastUpgradeHeaders: null,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of up.open) s.destroy();
        server.close(() => resolve());
      }),
  };
  server.on('connection', (s: net.Socket) => {
    up.connections++;
    up.open.add(s);
    s.once('close', () => up.open.delete(s));
  });
  server.on('upgrade', (req, socket, head) => acceptWebSocket(up, req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(socketPath, () => resolve());
  });
  return up;
}

/** A browser-side server on a loopback port: `<name>--acme.<base>` goes to sockets[name] through the proxy. */
export interface Front {
  port: number;
  /** The base domain of its hosts: `localhost:<port>`. */
  base: string;
  server: http.Server;
  close(): Promise<void>;
}

/** Start a browser-side server routing by Host to the sockets named in `sockets` (read at each request). */
export async function startFront(proxy: UpstreamProxy, sockets: Record<string, string>): Promise<Front> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const base = `localhost:${port}`;
  const target = (req: http.IncomingMessage) => {
    const h = parseWorkspaceHost(req.headers.host, base);
    const socketPath = h && sockets[h.workspace];
    return socketPath ? { socketPath, key: h.workspace } : null;
  };
  server.on('request', (req, res) => {
    const t = target(req);
    if (t) return void proxy.web(req, res, t);
    res.writeHead(404).end('no such workspace');
  });
  server.on('upgrade', (req, socket, head) => {
    const t = target(req);
    if (t) proxy.ws(req, socket, head, t);
    else socket.destroy();
  });
  return {
    port,
    base,
    server,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** Poll until a condition holds. */
export async function until(check: () => boolean, what: string, ms = 3_000): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A temp folder with three upstream sockets: `up` (a live stand-in), `gone` (missing), `refused` (a plain file). */
export interface Sockets {
  dir: string;
  sockets: Record<'up' | 'gone' | 'refused', string>;
  upstream: Upstream;
  close: () => Promise<void>;
}

/** Make the sockets a proxy test routes to. */
export async function startSockets(prefix: string): Promise<Sockets> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  const sockets = {
    up: path.join(dir, 'up.sock'),
    gone: path.join(dir, 'gone.sock'),
    refused: path.join(dir, 'refused.sock'),
  };
  writeFileSync(sockets.refused, ''); // a file, not a listening socket
  const upstream = await startUpstream(sockets.up);
  return {
    dir,
    sockets,
    upstream,
    close: async () => {
      await upstream.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
