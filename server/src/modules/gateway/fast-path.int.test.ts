// The fast path on the real server (the portal app with the gateway attached, PostgreSQL, the stand-in
// upstream on a unix socket), driven by raw client connections so keep-alive, pipelining and the byte
// boundaries are the test's to choose; answers read with node's own parser (llhttp.test-helpers.ts).
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { Client, type signupCompany } from '../../../test/harness.ts';
import type { FakeClock } from '../../platform/clock.ts';
import { type Sockets, startUpstream } from './gateway.test-helpers.ts';
import {
  type GatewayWorld,
  insertUser,
  insertWorkspace,
  type StandInWorld,
  startStandInWorld,
  type TestWorkspace,
  updateWorkspace,
} from './gateway-server.test-helpers.ts';
import { ResponseReader } from './llhttp.test-helpers.ts';
import { encodeFrame, FrameReader } from './websocket.test-helpers.ts';

let stand: StandInWorld;
let world: GatewayWorld;
let sockets: Sockets;
let clock: FakeClock;
let owner: Awaited<ReturnType<typeof signupCompany>>;
let ws: TestWorkspace;
let token: string;

const echo = (b: Buffer) =>
  JSON.parse(b.toString()) as { method: string; url: string; headers: Record<string, string>; body: string };

beforeAll(async () => {
  stand = await startStandInWorld('yac-fast-', 'fast');
  ({ world, clock, sockets, owner, ws } = stand);
  expect(world.gateway.fastPath).not.toBeNull();
  token = await handshake(ws.host, owner.client.cookie as string);
});

afterAll(async () => {
  await stand?.close();
});

beforeEach(async () => {
  await updateWorkspace(world, ws.id, { status: 'running', statusReason: null });
  // Fill the cache through node's path, as a browser's first request would.
  const c = await connect();
  expect((await c.send(get('/small'), 1))[0]?.status).toBe(200);
  c.socket.destroy();
});

/** Sign in to a workspace host the way a browser does; returns its gateway cookie. */
async function handshake(host: string, session: string): Promise<string> {
  const br = world.browser(session);
  const hops = await br.follow(`http://${host}/small`);
  expect(hops.at(-1)?.status).toBe(200);
  return br.cookies.find((c) => c.name === 'yac_ws')?.value as string;
}

/** A raw client connection to the gateway's port. */
async function connect() {
  const socket = net.connect(world.port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const reader = new ResponseReader(socket);
  return {
    socket,
    reader,
    /** Write requests (their methods noted for the reader) and wait for `n` answers in all. */
    async send(bytes: string | Buffer, n: number, methods: string[] = []) {
      for (const m of methods.length ? methods : ['GET']) reader.expect(m);
      socket.write(bytes);
      return reader.wait(n);
    },
  };
}

const fastCount = () => world.gateway.fastPath?.stats.requests ?? 0;
const handedOff = () => world.gateway.fastPath?.stats.handedOff ?? 0;

function get(target: string, extra: string[] = [], host = ws.host, cookie = `yac_ws=${token}`): string {
  return [`GET ${target} HTTP/1.1`, `Host: ${host}`, `Cookie: ${cookie}`, ...extra, '', ''].join('\r\n');
}
function post(target: string, body: string | Buffer, extra: string[] = []): Buffer {
  const head = [
    `POST ${target} HTTP/1.1`,
    `Host: ${ws.host}`,
    `Cookie: yac_ws=${token}`,
    `Content-Length: ${Buffer.byteLength(body)}`,
    ...extra,
    '',
    '',
  ].join('\r\n');
  return Buffer.concat([Buffer.from(head), Buffer.from(body)]);
}
const header = (r: { headers: Array<[string, string]> }, name: string) =>
  r.headers.filter(([n]) => n === name).map(([, v]) => v);

describe('requests on one kept-alive connection', () => {
  it('strips the platform cookies and Authorization and sets X-Forwarded-* on every request', async () => {
    const c = await connect();
    const before = fastCount();
    const extra = [
      `Cookie: theme=dark; yac_session=${owner.client.cookie}; YAC_other=1`,
      'Authorization: Bearer yac_secret',
      'X-Forwarded-For: 6.6.6.6',
      'X-Forwarded-Host: evil.example',
      'Forwarded: for=6.6.6.6',
      'Connection: keep-alive, X-Hop',
      'X-Hop: gone',
      'Origin: http://elsewhere.example',
    ];
    for (let i = 1; i <= 3; i++) {
      const [r] = (await c.send(get(`/echo?i=${i}`, extra), i)).slice(i - 1);
      expect(r?.status).toBe(200);
      const e = echo(r?.body as Buffer);
      expect(e.url).toBe(`/echo?i=${i}`);
      expect(e.headers.cookie).toBe('theme=dark');
      expect(e.headers.authorization).toBeUndefined();
      expect(e.headers.forwarded).toBeUndefined();
      expect(e.headers['x-hop']).toBeUndefined();
      expect(e.headers['x-forwarded-for']).toBe('127.0.0.1');
      expect(e.headers['x-forwarded-host']).toBe(ws.host);
      expect(e.headers['x-forwarded-proto']).toBe('http');
      expect(e.headers.host).toBe(ws.host);
      expect(e.headers.origin).toBe('http://elsewhere.example');
    }
    expect(fastCount() - before).toBe(3);
    c.socket.destroy();
  });

  it('relays POST bodies, HEAD, 204, 304, chunked and close-delimited answers', async () => {
    const c = await connect();
    const before = fastCount();
    const body = 'x'.repeat(5000);
    let r = await c.send(post('/echo', body), 1);
    expect(echo(r[0]?.body as Buffer)).toMatchObject({ method: 'POST', body });
    r = await c.send(get('/small').replace('GET', 'HEAD'), 2, ['HEAD']);
    expect(r[1]?.status).toBe(200);
    expect(header(r[1] as never, 'content-length')).toEqual(['2']);
    expect(r[1]?.body.length).toBe(0);
    r = await c.send(get('/status?code=204'), 3);
    expect(r[2]?.status).toBe(204);
    r = await c.send(get('/status?code=304&etag=%22e%22'), 4);
    expect(r[3]?.status).toBe(304);
    expect(header(r[3] as never, 'etag')).toEqual(['"e"']);
    // Chunked, with a trailer and hop-by-hop headers of the upstream's.
    r = await c.send(get('/hop'), 5);
    expect(r[4]?.body.toString()).toBe('hop');
    expect(header(r[4] as never, 'x-hop')).toEqual([]);
    expect(header(r[4] as never, 'proxy-authenticate')).toEqual([]);
    expect(header(r[4] as never, 'x-kept')).toEqual(['yes']);
    r = await c.send(get('/small'), 6);
    expect(r[5]?.body.toString()).toBe('ok');
    expect(fastCount() - before).toBe(6);
    // An answer that ends with its connection ends the browser's too, complete.
    r = await c.send(get('/until-close'), 7);
    expect(r[6]?.body.toString()).toBe('read until the close');
    expect(header(r[6] as never, 'connection')).toEqual(['close']);
    await c.reader.wait(8, 2000);
    expect(c.reader.ended).toBe(true);
  });

  it('drops Set-Cookie of platform names and the Domain of the others', async () => {
    const c = await connect();
    const before = fastCount();
    const [r] = await c.send(get('/cookies'), 1);
    expect(header(r as never, 'set-cookie')).toEqual(['theme=dark; Path=/; HttpOnly', 'plain=1']);
    expect(fastCount() - before).toBe(1);
    c.socket.destroy();
  });

  it('answers pipelined requests in order, whatever the byte boundaries', async () => {
    const two = Buffer.concat([post('/echo?n=1', 'abc'), Buffer.from(get('/echo?n=2'))]);
    const before = fastCount();
    for (let k = 1; k < two.length; k += 1) {
      const c = await connect();
      c.reader.expect('POST');
      c.reader.expect('GET');
      c.socket.write(two.subarray(0, k));
      await new Promise((r) => setTimeout(r, 1));
      c.socket.write(two.subarray(k));
      const r = await c.reader.wait(2);
      expect(
        r.map((x) => echo(x.body).url),
        `split at ${k}`,
      ).toEqual(['/echo?n=1', '/echo?n=2']);
      expect(echo(r[0]?.body as Buffer).body).toBe('abc');
      c.socket.destroy();
    }
    expect(fastCount() - before).toBe(2 * (two.length - 1));
  });

  it('streams large bodies both ways with backpressure', async () => {
    const c = await connect();
    const n = 64 * 1024 * 1024;
    c.reader.expect('GET');
    // The client reads nothing for a while: the gateway must hold the upstream rather than buffer 64 MiB
    // (what the kernel's socket buffers take is far less).
    const sent = () => [...sockets.upstream.open].reduce((sum, s) => sum + s.bytesWritten, 0);
    const before = sent();
    c.socket.pause();
    c.socket.write(get(`/big?n=${n}`));
    await new Promise((r) => setTimeout(r, 500));
    expect(sent() - before).toBeGreaterThan(0);
    expect(sent() - before).toBeLessThan(n / 4);
    c.socket.resume();
    const [big] = await c.reader.wait(1, 30_000);
    expect(big?.body.length).toBe(n);
    const up = Buffer.alloc(4 * 1024 * 1024, 'u');
    const r = await c.send(post('/stream-echo', up), 2);
    expect(r[1]?.body.equals(up)).toBe(true);
    c.socket.destroy();
  });
});

describe('activity', () => {
  it('fast requests report activity through the same throttle: at most once per 30 s', async () => {
    const lastActivity = async () =>
      (
        await world.ctx.deps.database.pool.query('select last_activity_at from workspaces where id = $1', [
          ws.id,
        ])
      ).rows[0].last_activity_at as Date | null;
    const c = await connect();
    const before = fastCount();
    clock.advance(60_000);
    const t0 = clock.now();
    expect((await c.send(get('/small'), 1))[0]?.status).toBe(200);
    await expect.poll(lastActivity).toEqual(t0);
    clock.advance(10_000);
    expect((await c.send(get('/small'), 2))[1]?.status).toBe(200);
    await new Promise((r) => setTimeout(r, 100));
    expect(await lastActivity()).toEqual(t0);
    clock.advance(21_000);
    const t1 = clock.now();
    expect((await c.send(get('/small'), 3))[2]?.status).toBe(200);
    await expect.poll(lastActivity).toEqual(t1);
    expect(fastCount() - before).toBe(3);
    c.socket.destroy();
  });
});

describe('what the fast path leaves to node', () => {
  it('a second request for another host, or with another cookie, never reaches the first workspace', async () => {
    const c = await connect();
    expect((await c.send(get('/echo?1'), 1))[0]?.status).toBe(200);
    const before = handedOff();
    const other = `other--${ws.host.split('--')[1]}`;
    const r = await c.send(get('/echo?2', [], other), 2);
    expect(r[1]?.status).toBe(302);
    expect(handedOff() - before).toBe(1);
    // The connection is node's now: a revoked cookie on our own host is redirected there too.
    const r3 = await c.send(get('/echo?3', [], ws.host, 'yac_ws=revoked'), 3);
    expect(r3[2]?.status).toBe(302);
    expect(r3[2]?.headers.find(([n]) => n === 'location')?.[1]).toContain('/gateway/authorize?');
    c.socket.destroy();
  });

  it('a revoked cookie after fast requests is handed to node and redirected', async () => {
    const c = await connect();
    expect((await c.send(get('/echo'), 1))[0]?.status).toBe(200);
    const r = await c.send(get('/echo', [], ws.host, 'yac_ws=not-a-session'), 2);
    expect(r[1]?.status).toBe(302);
    c.socket.destroy();
  });

  it('the portal on the same port', async () => {
    const c = await connect();
    const r = await c.send(get('/readyz', [], world.base, ''), 1);
    expect(r[0]?.status).toBeLessThan(500);
    expect(r[0]?.headers.find(([n]) => n === 'content-type')?.[1]).not.toContain('octet');
    c.socket.destroy();
  });

  it('a workspace stopped meanwhile: the next request on the open connection gets its page', async () => {
    const c = await connect();
    const before = fastCount();
    expect((await c.send(get('/echo'), 1))[0]?.status).toBe(200);
    expect(fastCount() - before).toBe(1);
    await updateWorkspace(world, ws.id, { status: 'stopped' });
    const r = await c.send(get('/echo'), 2);
    // The Start page (503), never code-server's echo.
    expect(r[1]?.status).toBe(503);
    expect(r[1]?.body.toString()).toContain('<form');
    expect(fastCount() - before).toBe(1);
    c.socket.destroy();
  });

  it("a workspace's change event (forgetWorkspace) takes effect on the next request", async () => {
    const c = await connect();
    expect((await c.send(get('/echo'), 1))[0]?.status).toBe(200);
    // The row changes; until the change event comes, the cached state still holds.
    await world.ctx.deps.database.pool.query("update workspaces set status = 'stopped' where id = $1", [
      ws.id,
    ]);
    expect(echo((await c.send(get('/echo'), 2))[1]?.body as Buffer).url).toBe('/echo');
    const before = handedOff();
    world.gateway.access.forgetWorkspace(ws.id);
    const r = await c.send(get('/echo'), 3);
    expect(r[2]?.status).toBe(503);
    expect(r[2]?.body.toString()).toContain('<form');
    expect(handedOff() - before).toBe(1);
    c.socket.destroy();
  });

  it('a WebSocket upgrade after fast requests on the same connection', async () => {
    const c = await connect();
    expect((await c.send(get('/small'), 1))[0]?.status).toBe(200);
    const frames = new FrameReader();
    const got: string[] = [];
    let head = '';
    c.socket.on('data', (b: Buffer) => {
      if (!head.includes('\r\n\r\n')) {
        head += b.toString('latin1');
        const at = head.indexOf('\r\n\r\n');
        if (at >= 0)
          for (const f of frames.push(Buffer.from(head.slice(at + 4), 'latin1')))
            got.push(f.payload.toString());
        return;
      }
      for (const f of frames.push(b)) got.push(f.payload.toString());
    });
    c.socket.write(
      get('/ws', [
        'Connection: Upgrade',
        'Upgrade: websocket',
        'Sec-WebSocket-Version: 13',
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
      ]),
    );
    for (let i = 0; i < 100 && !head.includes('\r\n\r\n'); i++) await new Promise((r) => setTimeout(r, 20));
    expect(head.startsWith('HTTP/1.1 101')).toBe(true);
    c.socket.write(encodeFrame(0x1, Buffer.from('hello'), true));
    for (let i = 0; i < 100 && got.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual(['hello']);
    c.socket.destroy();
  });

  it('a chunked upload goes through node and is echoed unchanged', async () => {
    const c = await connect();
    const before = handedOff();
    const chunks = ['5\r\nhello\r\n', '6\r\n world\r\n', '0\r\n\r\n'].join('');
    const head = get('/echo', ['Transfer-Encoding: chunked']).replace(/\r\n\r\n$/, '\r\n\r\n');
    const r = await c.send(head.replace('GET', 'POST') + chunks, 1);
    expect(echo(r[0]?.body as Buffer).body).toBe('hello world');
    expect(handedOff() - before).toBe(1);
    c.socket.destroy();
  });
});

describe('sessions and workspaces ending', () => {
  it('logout bites on the open connection once the cache revalidates', async () => {
    const client = new Client(world.ctx.app);
    const res = await client.post('/api/v1/sessions', { email: owner.email, password: owner.password });
    expect(res.status).toBe(200);
    const mine = await handshake(ws.host, client.cookie as string);
    const c = await connect();
    const before = fastCount();
    expect((await c.send(get('/echo', [], ws.host, `yac_ws=${mine}`), 1))[0]?.status).toBe(200);
    expect(fastCount() - before).toBe(1);
    expect((await client.del('/api/v1/sessions/current')).status).toBe(200);
    clock.advance(5_001);
    const r = await c.send(get('/echo', [], ws.host, `yac_ws=${mine}`), 2);
    expect(r[1]?.status).toBe(302);
    expect(fastCount() - before).toBe(1);
    c.socket.destroy();
  });

  it("unsharing ends an admin's fast connection at the next request", async () => {
    const admin = await insertUser(world, owner.companyId, 'admin');
    await updateWorkspace(world, ws.id, { sharedWithAdmins: true });
    try {
      const cookie = await handshake(ws.host, admin.token);
      const c = await connect();
      const before = fastCount();
      expect((await c.send(get('/echo', [], ws.host, `yac_ws=${cookie}`), 1))[0]?.status).toBe(200);
      expect(fastCount() - before).toBe(1);
      // updateWorkspace drops the cached validations, as the change event of the unsharing does.
      await updateWorkspace(world, ws.id, { sharedWithAdmins: false });
      const r = await c.send(get('/echo', [], ws.host, `yac_ws=${cookie}`), 2);
      expect(r[1]?.status).toBe(302);
      expect(fastCount() - before).toBe(1);
      c.socket.destroy();
    } finally {
      await updateWorkspace(world, ws.id, { sharedWithAdmins: false });
    }
  });

  it('a connection stays fast across the validation cache expiring (revalidated, not handed off)', async () => {
    const c = await connect();
    const before = fastCount();
    const off = handedOff();
    expect((await c.send(get('/echo'), 1))[0]?.status).toBe(200);
    clock.advance(5_001);
    const r = await c.send(get('/echo'), 2);
    expect(r[1]?.status).toBe(200);
    expect(echo(r[1]?.body as Buffer).headers.cookie).toBeUndefined();
    expect(fastCount() - before).toBe(2);
    expect(handedOff() - off).toBe(0);
    c.socket.destroy();
  });

  it('a GET whose kept-alive upstream connection closes under it is sent again; a POST is not', async () => {
    // An upstream that answers the first request of each connection and closes the connection at the
    // second, unanswered: what a code-server's keep-alive timeout does when it crosses a reuse.
    const sock = `${sockets.dir}/one-shot.sock`;
    let conns = 0;
    const up = net.createServer((s) => {
      const n = ++conns;
      let served = false;
      s.on('data', () => {
        if (served) return void s.destroy();
        served = true;
        s.write(`HTTP/1.1 200 OK\r\ncontent-length: 7\r\n\r\nconn ${n}\n`);
      });
      s.on('error', () => {});
    });
    await new Promise<void>((r) => up.listen(sock, () => r()));
    try {
      const one = await insertWorkspace(world, {
        companyId: owner.companyId,
        ownerId: owner.userId,
        name: 'one',
      });
      world.sockets.set(one.id, sock);
      const cookie = await handshake(one.host, owner.client.cookie as string);
      const c = await connect();
      const stats = world.gateway.fastPath?.stats as { replayed: number; requests: number };
      const replayed = stats.replayed;
      const r1 = await c.send(get('/a', [], one.host, `yac_ws=${cookie}`), 1);
      const r2 = await c.send(get('/b', [], one.host, `yac_ws=${cookie}`), 2);
      expect([r1[0]?.status, r2[1]?.status]).toEqual([200, 200]);
      expect(r2[1]?.body.toString()).not.toBe(r1[0]?.body.toString());
      expect(stats.replayed - replayed).toBe(1);
      // A request with a body may have been read: it is not sent twice, the browser gets the 502.
      const head = [
        `POST /c HTTP/1.1`,
        `Host: ${one.host}`,
        `Cookie: yac_ws=${cookie}`,
        'Content-Length: 1',
        '',
        'x',
      ];
      const r3 = await c.send(head.join('\r\n'), 3);
      expect(r3[2]?.status).toBe(502);
      expect(stats.replayed - replayed).toBe(1);
      c.socket.destroy();
    } finally {
      await new Promise<void>((r) => up.close(() => r()));
    }
  });

  it('502 when the IDE is gone, and closing the workspace closes its fast connections', async () => {
    const sock = `${sockets.dir}/gone-ide.sock`;
    const up = await startUpstream(sock);
    const gone = await insertWorkspace(world, {
      companyId: owner.companyId,
      ownerId: owner.userId,
      name: 'gone',
    });
    world.sockets.set(gone.id, sock);
    const cookie = await handshake(gone.host, owner.client.cookie as string);
    // A request in flight on a fast connection is cut when the workspace's connections are closed.
    const c1 = await connect();
    c1.reader.expect('GET');
    const before = fastCount();
    c1.socket.write(get('/hang', [], gone.host, `yac_ws=${cookie}`));
    for (let i = 0; i < 50 && fastCount() === before; i++) await new Promise((r) => setTimeout(r, 20));
    expect(fastCount() - before).toBe(1);
    world.gateway.proxy.close(sock);
    await c1.reader.wait(1, 2000);
    expect(c1.reader.ended).toBe(true);
    expect(c1.reader.responses.length).toBe(0);
    await up.close();
    const c2 = await connect();
    const r = await c2.send(get('/small', [], gone.host, `yac_ws=${cookie}`), 1);
    expect(r[0]?.status).toBe(502);
    expect(r[0]?.body.toString()).toContain('502');
    expect(fastCount() - before).toBe(2);
    c2.socket.destroy();
  });
});

describe('timeouts', () => {
  it('504 when code-server does not answer the head in time', async () => {
    const raw = world.gateway.proxy.raw;
    const was = raw.timeoutMs;
    raw.timeoutMs = 300;
    try {
      const c = await connect();
      const before = fastCount();
      const t0 = Date.now();
      const r = await c.send(get('/hang'), 1);
      expect(r[0]?.status).toBe(504);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(250);
      expect(fastCount() - before).toBe(1);
      c.socket.destroy();
    } finally {
      raw.timeoutMs = was;
    }
  });
});

describe('a gateway whose first workspace request is a fast one', () => {
  it('follows the workspace change events from that request on (a cookie kept across a restart)', async () => {
    const { attachGateway, createGateway } = await import('./gateway.ts');
    const { createDbGatewayWorkspaces } = await import('./gateway.workspaces.ts');
    const db = world.ctx.deps.database.db;
    let followed = 0;
    const g = createGateway({
      db,
      config: world.ctx.config,
      clock: world.ctx.deps.clock,
      ids: world.ctx.deps.ids,
      log: world.ctx.deps.log,
      workspaces: createDbGatewayWorkspaces({
        db,
        socketPath: (id) => world.socketPath(id),
        start: async () => {},
      }),
      changes: () => {
        followed++;
        return () => {};
      },
    });
    const server = http.createServer(() => {
      throw new Error('not for node: the fast path takes it');
    });
    attachGateway(server, g);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    try {
      const s = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
      const reader = new ResponseReader(s);
      reader.expect('GET');
      s.write(get('/small'));
      const [r] = await reader.wait(1);
      expect(r?.status).toBe(200);
      expect(g.fastPath?.stats.requests).toBe(1);
      expect(followed).toBe(1);
      s.destroy();
    } finally {
      g.close();
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe('GATEWAY_FAST_PATH=0', () => {
  it('leaves every request to node and the proxy', async () => {
    const { createGateway } = await import('./gateway.ts');
    const g = createGateway({
      db: world.ctx.deps.database.db,
      config: { ...world.ctx.config, GATEWAY_FAST_PATH: false },
      clock: world.ctx.deps.clock,
      ids: world.ctx.deps.ids,
      log: world.ctx.deps.log,
      workspaces: { byHost: async () => null, socketPath: async () => null, touch: async () => {} } as never,
    });
    expect(g.fastPath).toBeNull();
    g.close();
  });
});

describe('shutdown', () => {
  it('gateway.close() closes the connections the fast path holds', async () => {
    const c = await connect();
    expect((await c.send(get('/small'), 1))[0]?.status).toBe(200);
    expect(world.gateway.fastPath?.size()).toBeGreaterThanOrEqual(1);
    world.gateway.close();
    await c.reader.wait(2, 2000);
    expect(c.reader.ended).toBe(true);
    expect(world.gateway.fastPath?.size()).toBe(0);
  });
});
