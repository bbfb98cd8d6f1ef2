import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import {
  type Front,
  type Sockets,
  startFront,
  startSockets,
  type Upstream,
  until,
} from './gateway.test-helpers.ts';
import { createUpstreamProxy, type UpstreamProxy } from './proxy.ts';
import { wsConnect } from './websocket.test-helpers.ts';

let world: Sockets;
let upstream: Upstream;
const sockets: Record<string, string> = {};

function get(front: Front, urlPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    http
      .get(
        {
          host: '127.0.0.1',
          port: front.port,
          path: urlPath,
          agent: false,
          headers: { host: `up--acme.${front.base}` },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        },
      )
      .on('error', reject);
  });
}

beforeAll(async () => {
  world = await startSockets('yac-gw-ws-');
  upstream = world.upstream;
  Object.assign(sockets, world.sockets);
});

afterAll(() => world?.close());

describe('WebSockets through the proxy', () => {
  const clock = new FakeClock();
  const activity: string[] = [];
  let proxy: UpstreamProxy;
  let front: Front;

  beforeAll(async () => {
    proxy = createUpstreamProxy({
      platformCookieNames: ['yac_session'],
      platformCookiePrefixes: ['yac_'],
      clock,
      activityIntervalMs: 30_000,
      onActivity: (k) => void activity.push(k),
      timeoutMs: 400,
    });
    front = await startFront(proxy, sockets);
  });
  afterAll(async () => {
    proxy?.closeAll();
    await front?.close();
  });

  const hostOf = (ws = 'up') => `${ws}--acme.${front.base}`;

  it('echoes text both ways, keeps Host and Origin, strips platform cookies both ways', async () => {
    const c = await wsConnect({ port: front.port }, '/ws?token=1', {
      host: hostOf(),
      origin: `http://${hostOf()}`,
      cookie: 'yac_session=secret; a=1',
    });
    expect(c.status).toBe(101);
    expect(c.headers['set-cookie']).toEqual(['wsok=1']);
    expect(upstream.lastUpgradeHeaders).toMatchObject({
      host: hostOf(),
      origin: `http://${hostOf()}`,
      cookie: 'a=1',
      'x-forwarded-for': '127.0.0.1',
      'x-forwarded-host': hostOf(),
    });
    expect(proxy.stats(sockets.up as string)).toMatchObject({ webSockets: 1, inFlight: 0 });
    c.send('hello');
    expect(await c.receive()).toBe('hello');
    const long = 'ğüşıİ₺'.repeat(20_000);
    for (let i = 0; i < 20; i++) c.send(`${i}`);
    c.send(long);
    for (let i = 0; i < 20; i++) expect(await c.receive()).toBe(`${i}`);
    expect(await c.receive()).toBe(long);
    await c.close();
    await until(() => proxy.stats(sockets.up as string).webSockets === 0, 'the tunnel closed');
  });

  it('passes a refused handshake on and closes', async () => {
    const c = await wsConnect({ port: front.port }, '/ws-refuse', { host: hostOf() });
    expect(c.status).toBe(403);
    await new Promise((r) => (c.socket.destroyed ? r(null) : c.socket.once('close', r)));
    expect(c.body).toBe('forbidden');
    expect(proxy.allStats()).toEqual([]);
  });

  it('answers 502 when the socket is missing', async () => {
    const c = await wsConnect({ port: front.port }, '/ws', { host: hostOf('gone') });
    expect(c.status).toBe(502);
    await new Promise((r) => (c.socket.destroyed ? r(null) : c.socket.once('close', r)));
    expect(c.body).toContain('The workspace is not running.');
  });

  it('reports WebSocket traffic from the browser as activity, throttled', async () => {
    const c = await wsConnect({ port: front.port }, '/ws', { host: hostOf() });
    activity.length = 0;
    clock.advance(30_000);
    c.send('a');
    expect(await c.receive()).toBe('a');
    c.send('b');
    expect(await c.receive()).toBe('b');
    expect(activity).toEqual(['up']);
    clock.advance(30_000);
    c.send('c');
    expect(await c.receive()).toBe('c');
    expect(activity).toEqual(['up', 'up']);
    await c.close();
  });

  it('close(socketPath) ends the upstream: tunnels, pool and requests in flight', async () => {
    const c = await wsConnect({ port: front.port }, '/ws', { host: hostOf() });
    expect(await get(front, '/small')).toBe(200);
    const hanging = get(front, '/hang');
    await until(() => proxy.stats(sockets.up as string).inFlight === 1, 'the hanging request');
    const closed = new Promise((r) => c.socket.once('close', r));
    proxy.close(sockets.up as string);
    await closed;
    expect(await hanging).toBe(502);
    await until(() => proxy.allStats().length === 0, 'no traffic left');
  });
});
