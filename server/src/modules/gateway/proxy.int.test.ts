import http from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import {
  type Front,
  readAll,
  type Sockets,
  startFront,
  startSockets,
  type Upstream,
  until,
} from './gateway.test-helpers.ts';
import { PLATFORM_COOKIES } from './gateway.ts';
import { createUpstreamProxy, type UpstreamProxy, type UpstreamProxyOptions } from './proxy.ts';
import { createNodeHttpTransport } from './transport.ts';
import { wsConnect } from './websocket.test-helpers.ts';

let world: Sockets;
let upstream: Upstream;
const sockets: Record<string, string> = {};

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  trailers: NodeJS.Dict<string>;
  body: string;
}

function request(
  front: Front,
  o: {
    ws?: string;
    method?: string;
    path?: string;
    headers?: http.OutgoingHttpHeaders;
    body?: string | Readable;
    agent?: http.Agent;
  } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port: front.port,
        method: o.method ?? 'GET',
        path: o.path ?? '/echo',
        agent: o.agent ?? false,
        headers: { host: `${o.ws ?? 'up'}--acme.${front.base}`, ...o.headers },
      },
      (res) => {
        readAll(res).then(
          (body) =>
            resolve({ status: res.statusCode ?? 0, headers: res.headers, trailers: res.trailers, body }),
          reject,
        );
      },
    );
    req.on('error', reject);
    if (o.body instanceof Readable) o.body.pipe(req);
    else req.end(o.body);
  });
}

const echoOf = (a: Answer) =>
  JSON.parse(a.body) as { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

// What the gateway drops, as it configures its proxy.
const COOKIES: UpstreamProxyOptions = PLATFORM_COOKIES;

beforeAll(async () => {
  world = await startSockets('yac-gw-');
  upstream = world.upstream;
  Object.assign(sockets, world.sockets);
});

afterAll(() => world?.close());

describe('HTTP through the proxy', () => {
  const clock = new FakeClock();
  const activity: string[] = [];
  const upstreamErrors: string[] = [];
  let proxy: UpstreamProxy;
  let front: Front;

  beforeAll(async () => {
    proxy = createUpstreamProxy({
      ...COOKIES,
      clock,
      activityIntervalMs: 30_000,
      onActivity: (k) => void activity.push(k),
      onUpstreamError: (f) => void upstreamErrors.push(f.reason),
      timeoutMs: 400,
    });
    front = await startFront(proxy, sockets);
  });
  afterAll(async () => {
    proxy?.closeAll();
    await front?.close();
  });

  it('keeps Host and Origin, sets X-Forwarded-*, drops hop-by-hop headers and platform cookies', async () => {
    const host = `up--acme.${front.base}`;
    const a = await request(front, {
      path: '/echo?x=1',
      headers: {
        origin: `http://${host}`,
        cookie: 'yac_session=secret; theme=dark; yac_ws=ticket; other=1',
        connection: 'keep-alive, x-private',
        'x-private': 'hop',
        'keep-alive': 'timeout=9',
        te: 'trailers',
        'proxy-authorization': 'Basic eDp5',
        upgrade: 'h2c',
        'x-forwarded-for': '6.6.6.6',
        'x-custom': 'kept',
      },
    });
    expect(a.status).toBe(200);
    const seen = echoOf(a);
    expect(seen.url).toBe('/echo?x=1');
    expect(seen.headers).toMatchObject({
      host,
      origin: `http://${host}`,
      cookie: 'theme=dark; other=1',
      'x-custom': 'kept',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-proto': 'http',
      'x-forwarded-host': host,
    });
    for (const h of ['x-private', 'keep-alive', 'te', 'proxy-authorization', 'upgrade'])
      expect(seen.headers[h], h).toBeUndefined();
  });

  it('sends no Cookie header at all when only platform cookies came', async () => {
    const seen = echoOf(await request(front, { headers: { cookie: 'yac_session=s; yac_gw=t' } }));
    expect(seen.headers.cookie).toBeUndefined();
  });

  it('drops Set-Cookie of platform names and keeps the others host-only', async () => {
    const a = await request(front, { path: '/cookies' });
    expect(a.headers['set-cookie']).toEqual(['theme=dark; Path=/; HttpOnly', 'plain=1']);
  });

  it('drops hop-by-hop headers and trailers of the answer', async () => {
    const a = await request(front, { path: '/hop' });
    expect(a.body).toBe('hop');
    expect(a.headers['x-kept']).toBe('yes');
    for (const h of ['x-hop', 'proxy-authenticate', 'trailer']) expect(a.headers[h], h).toBeUndefined();
    expect(a.trailers).toEqual({});
  });

  it('streams a POST body in and the answer out', async () => {
    const big = 'é'.repeat(200_000);
    const a = await request(front, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', 'content-length': Buffer.byteLength(big) },
      body: Readable.from([big.slice(0, 1000), big.slice(1000)]),
    });
    expect(echoOf(a)).toMatchObject({ method: 'POST', body: big });

    const b = await request(front, { path: '/big?n=3000000' });
    expect(b.body.length).toBe(3_000_000);
  });

  it('streams both ways at once: each chunk comes back before the request has ended', async () => {
    const req = http.request({
      host: '127.0.0.1',
      port: front.port,
      method: 'POST',
      path: '/stream-echo',
      agent: false,
      headers: { host: `up--acme.${front.base}`, 'transfer-encoding': 'chunked' },
    });
    const res = await new Promise<http.IncomingMessage>((r) => {
      req.once('response', r);
      req.write('first');
    });
    const next = () => new Promise<string>((r) => res.once('data', (c: Buffer) => r(c.toString())));
    expect(await next()).toBe('first');
    req.write('second');
    expect(await next()).toBe('second');
    const ended = new Promise((r) => res.once('end', r));
    req.end();
    await ended;
  });

  it('reuses kept-alive upstream connections across many requests', async () => {
    await request(front, { path: '/small' }); // the pool holds a connection now
    const before = upstream.connections;
    for (let i = 0; i < 50; i++) expect((await request(front, { path: '/small' })).body).toBe('ok');
    expect(upstream.connections - before).toBe(0);
    await Promise.all(Array.from({ length: 40 }, () => request(front, { path: '/small' })));
    // concurrent requests open more, within the pool's limit (32 by default)
    expect(upstream.connections - before).toBeLessThanOrEqual(32);
  });

  it('answers 502 with a page when the socket is missing or refuses, 504 when it hangs', async () => {
    const gone = await request(front, { ws: 'gone' });
    expect(gone.status).toBe(502);
    expect(gone.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(gone.body).toContain('The workspace is not running.');

    const refused = await request(front, { ws: 'refused', method: 'POST', body: 'x' });
    expect(refused.status).toBe(502);
    expect(refused.body).toContain('not accepting connections');

    const hang = await request(front, { path: '/hang' });
    expect(hang.status).toBe(504);
    expect(hang.body).toContain('did not answer in time');
    expect(upstreamErrors).toEqual(['socket-missing', 'refused', 'timeout']);
    expect(proxy.allStats()).toEqual([]);
  });

  it('cuts the answer when the upstream dies mid-body', async () => {
    await expect(request(front, { path: '/cut' })).rejects.toThrow(/aborted|socket hang up|ECONNRESET/);
    await until(() => proxy.allStats().length === 0, 'no request in flight');
  });

  it('counts requests in flight and forgets one the browser gave up on', async () => {
    const req = http.request({
      host: '127.0.0.1',
      port: front.port,
      path: '/stream-echo',
      method: 'POST',
      agent: false,
      headers: { host: `up--acme.${front.base}`, 'transfer-encoding': 'chunked' },
    });
    req.on('error', () => {});
    req.write('x');
    await until(() => proxy.stats(sockets.up as string).inFlight === 1, 'one request in flight');
    const open = upstream.open.size;
    req.destroy();
    await until(() => proxy.stats(sockets.up as string).inFlight === 0, 'no request in flight');
    // the upstream connection of an abandoned request is closed, not handed to the next request
    await until(() => upstream.open.size === open - 1, 'the abandoned upstream connection closed');
  });

  it('reports activity at most once per key per interval (fake clock)', async () => {
    activity.length = 0;
    clock.advance(60_000);
    for (let i = 0; i < 5; i++) await request(front, { path: '/small' });
    expect(activity).toEqual(['up']);
    clock.advance(29_000);
    await request(front, { path: '/small' });
    expect(activity).toEqual(['up']);
    clock.advance(1_000);
    await request(front, { path: '/small' });
    await request(front, { ws: 'gone' });
    expect(activity).toEqual(['up', 'up', 'gone']);
  });
});

describe('pools and sockets', () => {
  it('closes an idle pool, limits connections per upstream and leaks no socket', async () => {
    const transport = createNodeHttpTransport({ maxSocketsPerUpstream: 4, poolIdleMs: 150 });
    const proxy = createUpstreamProxy({ ...COOKIES, transport });
    const front = await startFront(proxy, sockets);
    const upstreamConnections = () => upstream.open.size;
    await until(() => upstreamConnections() === 0, 'earlier connections to close');
    const before = upstream.connections;
    const answers = await Promise.all(Array.from({ length: 40 }, () => request(front, { path: '/small' })));
    expect(answers.every((a) => a.body === 'ok')).toBe(true);
    expect(upstream.connections - before).toBeLessThanOrEqual(4);
    expect(transport.pools()).toEqual([sockets.up]);
    await until(() => transport.pools().length === 0, 'the idle pool to close', 2_000);
    await until(() => upstreamConnections() === 0, 'the pooled connections to close');

    // a WebSocket and a pooled connection, then shutdown: nothing stays open anywhere
    const c = await wsConnect({ port: front.port }, '/ws', { host: `up--acme.${front.base}` });
    await request(front, { path: '/small' });
    expect(upstreamConnections()).toBe(2);
    proxy.closeAll();
    await until(() => upstreamConnections() === 0, 'every upstream connection to close');
    await until(() => c.socket.destroyed, 'the browser side of the tunnel to close');
    await front.close();
    const frontOpen = await new Promise<number>((r) => front.server.getConnections((_e, n) => r(n)));
    expect(frontOpen).toBe(0);
    expect(proxy.allStats()).toEqual([]);
    expect(transport.pools()).toEqual([]);
  });
});
