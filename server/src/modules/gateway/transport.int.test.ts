// Both transports behind the proxy (undici's, the default, and node:http's): the same answers, the same
// connection handling. proxy.int.test.ts covers the proxy itself on the default transport.
import http from 'node:http';
import type net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Front,
  readAll,
  type Sockets,
  startFront,
  startSockets,
  until,
} from './gateway.test-helpers.ts';
import { createUpstreamProxy } from './proxy.ts';
import { createNodeHttpTransport, createUndiciTransport, type TransportOptions } from './transport.ts';

let world: Sockets;
const sockets: Record<string, string> = {};
/** A second upstream for answers the shared stand-in does not give. */
let odd: http.Server;
const oddConnections = new Set<net.Socket>();
let oddAccepted = 0;

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

function request(
  front: Front,
  o: { ws?: string; method?: string; path?: string; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: front.port,
        method: o.method ?? 'GET',
        path: o.path ?? '/small',
        agent: false,
        headers: { host: `${o.ws ?? 'up'}--acme.${front.base}` },
      },
      (res) =>
        readAll(res).then(
          (body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
          reject,
        ),
    );
    req.on('error', reject);
    req.end(o.body);
  });
}

beforeAll(async () => {
  world = await startSockets('yac-gw-tr-');
  Object.assign(sockets, world.sockets);
  sockets.odd = path.join(world.dir, 'odd.sock');
  odd = http.createServer((req, res) => {
    if (req.url === '/dup') {
      res.writeHead(200, [
        'X-Multi',
        'one',
        'Set-Cookie',
        'a=1; Domain=example.com',
        'x-multi',
        'two',
        'Set-Cookie',
        'yac_ws=evil',
        'Content-Type',
        'text/plain',
        'Content-Type',
        'text/html',
      ]);
      return void res.end('dup');
    }
    if (req.url === '/hints') {
      res.writeEarlyHints({ link: '</a.css>; rel=preload; as=style' });
      res.writeHead(200, { 'content-type': 'text/plain', 'content-length': 5 });
      return void res.end('hints');
    }
    if (req.url === '/slow-head') return void setTimeout(() => res.end('late'), 150);
    res.end('odd');
  });
  odd.on('connection', (s: net.Socket) => {
    oddAccepted++;
    oddConnections.add(s);
    s.once('close', () => oddConnections.delete(s));
  });
  await new Promise<void>((r) => odd.listen(sockets.odd, () => r()));
});

afterAll(async () => {
  for (const s of oddConnections) s.destroy();
  await new Promise<void>((r) => odd?.close(() => r()));
  await world?.close();
});

const TRANSPORTS: Array<[string, (o: TransportOptions) => ReturnType<typeof createUndiciTransport>]> = [
  ['undici', createUndiciTransport],
  ['node:http', createNodeHttpTransport],
];

describe.each(TRANSPORTS)('the %s transport', (_name, make) => {
  const setup = async (o: Partial<TransportOptions> & { timeoutMs?: number } = {}) => {
    const transport = make({
      maxSocketsPerUpstream: o.maxSocketsPerUpstream ?? 32,
      poolIdleMs: o.poolIdleMs ?? 60_000,
    });
    const errors: string[] = [];
    const proxy = createUpstreamProxy({
      platformCookieNames: ['yac_session'],
      platformCookiePrefixes: ['yac_'],
      transport,
      timeoutMs: o.timeoutMs ?? 30_000,
      onUpstreamError: (f) => void errors.push(f.reason),
    });
    const front = await startFront(proxy, sockets);
    return {
      transport,
      proxy,
      front,
      errors,
      close: async () => {
        proxy.closeAll();
        await front.close();
      },
    };
  };

  it('folds repeated headers as node does, filters cookies and skips 1xx answers', async () => {
    const t = await setup();
    try {
      const dup = await request(t.front, { ws: 'odd', path: '/dup' });
      expect(dup.body).toBe('dup');
      expect(dup.headers['x-multi']).toBe('one, two');
      expect(dup.headers['content-type']).toBe('text/plain');
      expect(dup.headers['set-cookie']).toEqual(['a=1']);
      const hints = await request(t.front, { ws: 'odd', path: '/hints' });
      expect(hints).toMatchObject({ status: 200, body: 'hints' });
      const head = await request(t.front, { method: 'HEAD' });
      expect(head).toMatchObject({ status: 200, body: '' });
      expect(head.headers['content-length']).toBe('2');
    } finally {
      await t.close();
    }
  });

  it('streams bodies both ways and keeps them whole through a slow reader', async () => {
    const t = await setup();
    try {
      const big = 'x'.repeat(300_000);
      const echoed = JSON.parse((await request(t.front, { method: 'POST', path: '/echo', body: big })).body);
      expect(echoed.body.length).toBe(big.length);
      // The browser stops reading for a while: the proxy must pause code-server, not buffer or drop.
      const n = 4_000_000;
      const length = await new Promise<number>((resolve, reject) => {
        http
          .get(
            {
              host: '127.0.0.1',
              port: t.front.port,
              path: `/big?n=${n}`,
              agent: false,
              headers: { host: `up--acme.${t.front.base}` },
            },
            (res) => {
              let got = 0;
              res.pause();
              setTimeout(() => res.resume(), 200);
              res.on('data', (c: Buffer) => {
                got += c.length;
              });
              res.on('end', () => resolve(got));
              res.on('error', reject);
            },
          )
          .on('error', reject);
      });
      expect(length).toBe(n);
    } finally {
      await t.close();
    }
  });

  it('answers 502 and 504 pages, and cuts an answer the upstream cut', async () => {
    const t = await setup({ timeoutMs: 300 });
    try {
      expect((await request(t.front, { ws: 'gone' })).status).toBe(502);
      expect((await request(t.front, { ws: 'refused', method: 'POST', body: 'x' })).status).toBe(502);
      expect((await request(t.front, { path: '/hang' })).status).toBe(504);
      await expect(request(t.front, { path: '/cut' })).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
      expect(t.errors).toEqual(['socket-missing', 'refused', 'timeout']);
      await until(() => t.proxy.allStats().length === 0, 'no request in flight');
    } finally {
      await t.close();
    }
  });

  it('answers 502 with connection: close to an upload still coming in', async () => {
    const t = await setup();
    try {
      const req = http.request({
        host: '127.0.0.1',
        port: t.front.port,
        method: 'POST',
        path: '/echo',
        agent: false,
        headers: { host: `gone--acme.${t.front.base}`, 'transfer-encoding': 'chunked' },
      });
      req.on('error', () => {});
      const res = await new Promise<http.IncomingMessage>((resolve) => {
        req.once('response', resolve);
        req.write('the first part of a long upload');
      });
      expect(res.statusCode).toBe(502);
      // The rest of the body is not read: the connection cannot carry another request.
      expect(res.headers.connection).toBe('close');
      expect(await readAll(res)).toContain('The workspace is not running.');
      req.destroy();
    } finally {
      await t.close();
    }
  });

  it('times out a request still waiting for a connection, and fails waiting ones when the upstream closes', async () => {
    const t = await setup({ maxSocketsPerUpstream: 1, timeoutMs: 300 });
    try {
      // The only connection is busy for 150 ms: a second request waits for it, then goes through.
      const [slow, queued] = await Promise.all([
        request(t.front, { ws: 'odd', path: '/slow-head' }),
        request(t.front, { ws: 'odd', path: '/' }),
      ]);
      expect([slow.body, queued.body]).toEqual(['late', 'odd']);
      // The only connection held for good (/stream-echo answers its head at once and goes on as long as
      // the upload does): a request waiting for it gets its 504 on time.
      const holder = http.request({
        host: '127.0.0.1',
        port: t.front.port,
        method: 'POST',
        path: '/stream-echo',
        agent: false,
        headers: { host: `up--acme.${t.front.base}`, 'transfer-encoding': 'chunked' },
      });
      holder.on('error', () => {});
      const held = await new Promise<http.IncomingMessage>((resolve) => {
        holder.once('response', resolve);
        holder.write('x');
      });
      held.on('error', () => {});
      held.resume();
      const started = Date.now();
      expect((await request(t.front, { path: '/small' })).status).toBe(504);
      expect(Date.now() - started).toBeLessThan(2_000);
      // close(): a request still waiting fails at once, and the one holding the connection is cut.
      const waiting = request(t.front, { path: '/small' });
      await until(() => t.proxy.stats(sockets.up as string).inFlight === 2, 'two requests in flight');
      t.proxy.close(sockets.up as string);
      expect((await waiting).status).toBe(502);
      await until(() => held.destroyed, 'the held answer cut');
      holder.destroy();
    } finally {
      await t.close();
    }
  });

  it('closes the connection of an abandoned request and opens no other in its place', async () => {
    const t = await setup();
    try {
      const req = http.request({
        host: '127.0.0.1',
        port: t.front.port,
        path: '/slow-head',
        agent: false,
        headers: { host: `odd--acme.${t.front.base}` },
      });
      req.on('error', () => {});
      req.end();
      await until(() => oddConnections.size === 1 && oddAccepted > 0, 'the upstream connection');
      const accepted = oddAccepted;
      req.destroy();
      await until(() => oddConnections.size === 0, 'the abandoned upstream connection closed');
      await new Promise((r) => setTimeout(r, 100));
      expect(oddAccepted).toBe(accepted);
      expect(oddConnections.size).toBe(0);
      expect((await request(t.front, { ws: 'odd' })).body).toBe('odd');
    } finally {
      await t.close();
    }
  });

  it('keeps to its connection limit, closes an idle pool and leaves nothing open', async () => {
    const t = await setup({ maxSocketsPerUpstream: 4, poolIdleMs: 150 });
    try {
      await until(() => oddConnections.size === 0, 'earlier connections to close');
      const before = oddAccepted;
      const answers = await Promise.all(Array.from({ length: 40 }, () => request(t.front, { ws: 'odd' })));
      expect(answers.every((a) => a.body === 'odd')).toBe(true);
      expect(oddAccepted - before).toBeLessThanOrEqual(4);
      expect(t.transport.pools()).toEqual([sockets.odd]);
      await until(() => t.transport.pools().length === 0, 'the idle pool to close', 2_000);
      await until(() => oddConnections.size === 0, 'the pooled connections to close');
      await request(t.front, { ws: 'odd' });
      t.proxy.closeAll();
      await until(() => oddConnections.size === 0, 'every upstream connection to close');
      expect(t.transport.pools()).toEqual([]);
    } finally {
      await t.close();
    }
  });
});
