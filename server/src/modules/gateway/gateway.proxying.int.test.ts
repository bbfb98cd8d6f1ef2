// The wired gateway past the handshake, on a real listening server: what reaches code-server (a stand-in
// on a unix socket), WebSockets, activity, and the pages of a workspace that is not running.
import http from 'node:http';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { signupCompany } from '../../../test/harness.ts';
import type { FakeClock } from '../../platform/clock.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { Sockets } from './gateway.test-helpers.ts';
import {
  type Browser,
  type GatewayWorld,
  insertWorkspace,
  type StandInWorld,
  startStandInWorld,
  type TestWorkspace,
  updateWorkspace,
} from './gateway-server.test-helpers.ts';
import { wsConnect } from './websocket.test-helpers.ts';

let stand: StandInWorld;
let world: GatewayWorld;
let sockets: Sockets;
let clock: FakeClock;
let owner: Awaited<ReturnType<typeof signupCompany>>;
let ws: TestWorkspace;
let br: Browser;
let gatewayToken: string;

const echo = (body: string) =>
  JSON.parse(body) as { method: string; url: string; headers: Record<string, string>; body: string };
const q = (sql: string, p: unknown[]) => world.ctx.deps.database.pool.query(sql, p);

beforeAll(async () => {
  stand = await startStandInWorld('yac-gwp-', 'dev');
  ({ world, clock, sockets, owner, ws } = stand);
  br = world.browser(owner.client.cookie as string);
  const hops = await br.follow(`http://${ws.host}/small`);
  expect(hops.at(-1)?.status).toBe(200);
  gatewayToken = br.cookies.find((c) => c.name === 'yac_ws')?.value as string;
});

afterAll(async () => {
  await stand?.close();
});

beforeEach(async () => {
  await updateWorkspace(world, ws.id, { status: 'running', statusReason: null });
});

describe('what reaches code-server', () => {
  it('never carries the platform cookies, the gateway cookie or an Authorization header', async () => {
    const res = await br.request(`http://${ws.host}/echo?a=1`, {
      headers: {
        cookie: `theme=dark; yac_session=${owner.client.cookie}; yac_ws=${gatewayToken}; YAC_other=1; vscode-tkn=abc`,
        authorization: 'Bearer yac_secret',
        origin: `http://${ws.host}`,
        'x-forwarded-for': '6.6.6.6',
      },
    });
    expect(res.status).toBe(200);
    const seen = echo(res.body).headers;
    expect(seen.cookie).toBe('theme=dark; vscode-tkn=abc');
    expect(seen.authorization).toBeUndefined();
    expect(seen.host).toBe(ws.host);
    expect(seen.origin).toBe(`http://${ws.host}`);
    expect(seen['x-forwarded-proto']).toBe('http');
    expect(seen['x-forwarded-host']).toBe(ws.host);
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
    expect(JSON.stringify(seen)).not.toContain(gatewayToken);
    expect(JSON.stringify(seen)).not.toContain(owner.client.cookie);
  });

  it('sends no Cookie header at all when only platform cookies were sent', async () => {
    const res = await br.request(`http://${ws.host}/echo`);
    expect(echo(res.body).headers.cookie).toBeUndefined();
  });

  it('passes bodies through untouched: nothing parses them', async () => {
    const body = '{"not json'.repeat(1000);
    const res = await br.request(`http://${ws.host}/echo`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    expect(res.status).toBe(200);
    expect(echo(res.body).body).toBe(body);
    // larger than fastify's body limit, streamed
    const big = await br.request(`http://${ws.host}/big?n=3000000`);
    expect(big.body.length).toBe(3_000_000);
  });

  it('drops platform cookies code-server tries to set and keeps its own on the workspace host', async () => {
    const res = await br.request(`http://${ws.host}/cookies`);
    const set = res.headers['set-cookie'] ?? [];
    expect(set.some((c) => /^yac_/i.test(c))).toBe(false);
    expect(set).toContain('theme=dark; Path=/; HttpOnly');
  });

  it('answers 502 when the IDE socket is gone', async () => {
    world.sockets.set(ws.id, sockets.sockets.gone);
    world.gateway.access.forgetAll();
    try {
      const res = await br.request(`http://${ws.host}/small`);
      expect(res.status).toBe(502);
    } finally {
      world.sockets.set(ws.id, sockets.sockets.up);
      world.gateway.access.forgetAll();
    }
  });
});

describe('WebSockets', () => {
  const wsPath = '/ws-echo';
  it('go through with the gateway cookie', async () => {
    const c = await wsConnect({ port: world.port }, wsPath, {
      host: ws.host,
      origin: `http://${ws.host}`,
      cookie: `yac_ws=${gatewayToken}; yac_session=${owner.client.cookie}; mine=1`,
    });
    expect(c.status).toBe(101);
    expect(c.headers['set-cookie']).toEqual(['wsok=1']);
    c.send('hello');
    expect(await c.receive()).toBe('hello');
    await c.close();
    const seen = sockets.upstream.lastUpgradeHeaders ?? {};
    expect(seen.cookie).toBe('mine=1');
    expect(seen.origin).toBe(`http://${ws.host}`);
  });

  it('are refused without it, or with a bad one', async () => {
    for (const cookie of [undefined, 'yac_ws=forged-token-forged-token-forged-token']) {
      const c = await wsConnect({ port: world.port }, wsPath, {
        host: ws.host,
        ...(cookie ? { cookie } : {}),
      });
      expect(c.status).toBe(401);
      c.socket.destroy();
    }
  });

  it("are refused on another company's workspace host with this company's valid cookie", async () => {
    const other = await signupCompany(world.ctx);
    const theirs = await insertWorkspace(world, {
      companyId: other.companyId,
      ownerId: other.userId,
      name: 'theirs',
    });
    world.sockets.set(theirs.id, sockets.sockets.up);
    const before = sockets.upstream.lastUpgradeHeaders;
    const c = await wsConnect({ port: world.port }, wsPath, {
      host: theirs.host,
      origin: `http://${theirs.host}`,
      cookie: `yac_ws=${gatewayToken}; yac_session=${owner.client.cookie}`,
    });
    expect(c.status).toBe(401);
    c.socket.destroy();
    expect(sockets.upstream.lastUpgradeHeaders).toBe(before);
    // And plain HTTP with the same cookie goes to the handshake, never to the IDE.
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(
          {
            port: world.port,
            path: '/small',
            headers: { host: theirs.host, cookie: `yac_ws=${gatewayToken}` },
          },
          resolve,
        )
        .on('error', reject),
    );
    res.resume();
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toContain('/gateway/authorize');
  });

  it('are refused while the workspace is not running', async () => {
    await updateWorkspace(world, ws.id, { status: 'stopped' });
    const c = await wsConnect({ port: world.port }, wsPath, {
      host: ws.host,
      cookie: `yac_ws=${gatewayToken}`,
    });
    expect(c.status).toBe(503);
    c.socket.destroy();
  });

  it('of the portal host are not taken by the gateway', async () => {
    const c = await wsConnect({ port: world.port }, wsPath, { host: world.base });
    expect(c.status).toBe(404);
    c.socket.destroy();
  });
});

describe('activity', () => {
  const lastActivity = async () =>
    (await q('select last_activity_at from workspaces where id = $1', [ws.id])).rows[0]
      .last_activity_at as Date | null;

  it('is recorded at most once per 30 s per workspace', async () => {
    clock.advance(60_000);
    const t0 = clock.now();
    await br.request(`http://${ws.host}/small`);
    await expect.poll(lastActivity).toEqual(t0);
    clock.advance(10_000);
    await br.request(`http://${ws.host}/small`);
    await new Promise((r) => setTimeout(r, 100));
    expect(await lastActivity()).toEqual(t0);
    clock.advance(21_000);
    const t1 = clock.now();
    const c = await wsConnect({ port: world.port }, '/ws-echo', {
      host: ws.host,
      cookie: `yac_ws=${gatewayToken}`,
    });
    expect(c.status).toBe(101);
    await expect.poll(lastActivity).toEqual(t1);
    clock.advance(31_000);
    const t2 = clock.now();
    c.send('typing'); // a WebSocket message counts too
    expect(await c.receive()).toBe('typing');
    await expect.poll(lastActivity).toEqual(t2);
    await c.close();
  });
});

describe('cached validations', () => {
  it('are dropped when the workspace changes, in whatever process changed it', async () => {
    expect((await br.request(`http://${ws.host}/small`)).status).toBe(200); // cached: running
    await q("update workspaces set status = 'stopped', status_reason = 'stopped by someone' where id = $1", [
      ws.id,
    ]);
    // Without a notification the 5 s cache still says running…
    expect((await br.request(`http://${ws.host}/small`)).status).toBe(200);
    // …the change notification (sent by every state change, delivered on commit) ends that at once.
    await world.ctx.deps.events.notify(world.ctx.deps.database.db, { id: ws.id, kind: 'workspace' });
    await expect
      .poll(async () => (await br.request(`http://${ws.host}/small`)).status, { timeout: 2000 })
      .toBe(503);
  });
});

describe('a workspace that is not running', () => {
  it('shows a stopped one with its reason and a Start button', async () => {
    await updateWorkspace(world, ws.id, { status: 'stopped', statusReason: 'Stopped after 30 minutes idle' });
    const res = await br.request(`http://${ws.host}/`);
    expect(res.status).toBe(503);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
    // A browser sends the page's own Origin with the Start form only under this policy (no-referrer: null).
    expect(res.headers['referrer-policy']).toBe('same-origin');
    expect(res.body).toContain('Workspace dev is stopped');
    expect(res.body).toContain('Stopped after 30 minutes idle');
    expect(res.body).toContain('<form method="post" action="/__yac/start">');
    expect(res.body).not.toMatch(/<script|<link|src=/);
  });

  it('starts it from the Start button (form POST with its CSRF token) and goes to /', async () => {
    await updateWorkspace(world, ws.id, { status: 'failed', statusReason: 'code-server exited with 1' });
    const page = await br.request(`http://${ws.host}/`);
    expect(page.body).toContain('code-server exited with 1');
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    expect(csrf).toBeTruthy();
    world.starts.length = 0;

    const post = (body: string, headers: Record<string, string> = {}) =>
      br.request(`http://${ws.host}/__yac/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body,
      });
    expect((await post('')).status).toBe(403);
    expect((await post('_csrf=wrong')).status).toBe(403);
    expect((await post(`_csrf=${encodeURIComponent(csrf)}`, { origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect(world.starts).toHaveLength(0);

    const ok = await post(`_csrf=${encodeURIComponent(csrf)}`, { origin: `http://${ws.host}` });
    expect(ok.status).toBe(303);
    expect(ok.headers.location).toBe('/');
    expect(world.starts).toHaveLength(1);
    expect(world.starts[0]?.workspaceId).toBe(ws.id);
    expect(world.starts[0]?.principal.userId).toBe(owner.userId);
    expect(world.starts[0]?.principal.companyId).toBe(owner.companyId);
    expect(world.starts[0]?.principal.role).toBe('owner');
  });

  it('shows why a start was refused', async () => {
    await updateWorkspace(world, ws.id, { status: 'stopped' });
    const page = await br.request(`http://${ws.host}/`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.body)?.[1] as string;
    world.onStart = async () => {
      throw new AppError('QUOTA_EXCEEDED', 'Your plan runs at most 2 workspaces at once.');
    };
    try {
      const res = await br.request(`http://${ws.host}/__yac/start`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: `_csrf=${encodeURIComponent(csrf)}`,
      });
      expect(res.status).toBe(409);
      expect(res.body).toContain('Your plan runs at most 2 workspaces at once.');
    } finally {
      world.onStart = async () => {};
    }
  });

  it('shows provisioning progress that refreshes itself, in the signed-in person’s language', async () => {
    await updateWorkspace(world, ws.id, { status: 'provisioning' });
    await q(
      `insert into workspace_steps (workspace_id, index, type, name, status) values
         ($1, 0, 'git_clone', 'Clone the repository', 'succeeded'),
         ($1, 1, 'shell', 'npm install', 'running'),
         ($1, 2, 'extensions', 'Install extensions', 'pending')
       on conflict do nothing`,
      [ws.id],
    );
    const res = await br.request(`http://${ws.host}/any/path`);
    expect(res.status).toBe(503);
    // At once, to the long poll that answers on the workspace's next change (gateway.wait.ts).
    expect(res.body).toContain(
      '<meta http-equiv="refresh" content="0; url=/__yac/wait?s=provisioning&#38;path=%2Fany%2Fpath">',
    );
    expect(res.body).toContain('Workspace dev is being prepared');
    expect(res.body).toMatch(
      /Clone the repository.*done.*npm install.*running.*Install extensions.*waiting/s,
    );
    // The portal setting wins over the browser's Accept-Language: the person chose it.
    await q(`update users set locale = 'tr' where id = $1`, [owner.userId]);
    world.gateway.access.forgetAll();
    try {
      const tr = await br.request(`http://${ws.host}/`, { headers: { 'accept-language': 'en-US,en' } });
      expect(tr.body).toContain('lang="tr"');
      expect(tr.body).toContain('hazırlanıyor');
      expect(tr.body).toContain('tamamlandı');
    } finally {
      await q(`update users set locale = 'en' where id = $1`, [owner.userId]);
      world.gateway.access.forgetAll();
    }
  });

  it('shows a starting page while the runtime has no socket yet', async () => {
    world.sockets.delete(ws.id);
    world.gateway.access.forgetAll();
    try {
      const res = await br.request(`http://${ws.host}/`);
      expect(res.status).toBe(503);
      expect(res.body).toContain('Workspace dev is starting');
      expect(res.body).toContain('http-equiv="refresh"');
    } finally {
      world.sockets.set(ws.id, sockets.sockets.up);
      world.gateway.access.forgetAll();
    }
  });

  it('keeps gateway paths to itself', async () => {
    const res = await br.request(`http://${ws.host}/__yac/whatever`);
    expect(res.status).toBe(404);
    const get = await br.request(`http://${ws.host}/__yac/start`);
    expect(get.status).toBe(302);
    expect(get.headers.location).toBe('/');
  });
});

describe('the validation cache', () => {
  it('lets a page load cost one lookup, and is bounded in time', async () => {
    const before = world.gateway.access.cacheSize();
    await Promise.all(Array.from({ length: 20 }, () => br.request(`http://${ws.host}/small`)));
    expect(world.gateway.access.cacheSize()).toBeLessThanOrEqual(before + 1);
    // a deleted gateway session keeps working only until the cache time is over
    await q('delete from gateway_sessions where workspace_id = $1', [ws.id]);
    expect((await br.request(`http://${ws.host}/small`)).status).toBe(200);
    clock.advance(5_001);
    expect((await br.request(`http://${ws.host}/small`)).status).toBe(302);
  });

  it('stays away from the request body (a streamed upload of unknown length)', async () => {
    const again = await br.follow(`http://${ws.host}/small`);
    expect(again.at(-1)?.status).toBe(200);
    const res = await new Promise<number>((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: world.port,
          method: 'PUT',
          path: '/stream-echo',
          headers: { host: ws.host, cookie: br.cookieHeader(ws.host) },
        },
        (r) => {
          r.resume();
          resolve(r.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      Readable.from(['a', 'b', 'c']).pipe(req);
    });
    expect(res).toBe(200);
  });
});
