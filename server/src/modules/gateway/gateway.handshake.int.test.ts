// The access handshake of the wired gateway on a real listening server: workspace host -> portal
// /gateway/authorize -> /__yac/ticket -> the workspace, hop by hop, and every way it must refuse.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signupCompany } from '../../../test/harness.ts';
import type { FakeClock } from '../../platform/clock.ts';
import type { Sockets } from './gateway.test-helpers.ts';
import {
  Browser,
  type GatewayWorld,
  insertUser,
  insertWorkspace,
  type StandInWorld,
  startStandInWorld,
  type TestWorkspace,
  updateWorkspace,
} from './gateway-server.test-helpers.ts';

let stand: StandInWorld;
let world: GatewayWorld;
let sockets: Sockets;
let clock: FakeClock;
let a: Awaited<ReturnType<typeof signupCompany>>;
let b: Awaited<ReturnType<typeof signupCompany>>;
let subA: string;
let app: TestWorkspace;

const echo = (body: string) => JSON.parse(body) as { url: string; headers: Record<string, string> };

beforeAll(async () => {
  stand = await startStandInWorld('yac-gwh-', 'app');
  ({ world, clock, sockets, owner: a, ws: app } = stand);
  b = await signupCompany(world.ctx);
  subA = (
    await world.ctx.deps.database.pool.query('select subdomain from companies where id = $1', [a.companyId])
  ).rows[0].subdomain;
});

afterAll(async () => {
  await stand?.close();
});

describe('the handshake', () => {
  it('goes host -> authorize -> ticket -> workspace, hop by hop', async () => {
    const br = world.browser(a.client.cookie);
    const first = await br.request(`http://${app.host}/echo?x=1&y=%2F`);
    expect(first.status).toBe(302);
    const authorize = new URL(first.headers.location as string);
    expect(`${authorize.origin}${authorize.pathname}`).toBe(`${world.portal}/gateway/authorize`);
    expect(authorize.searchParams.get('host')).toBe(app.host);
    expect(authorize.searchParams.get('path')).toBe('/echo?x=1&y=%2F');
    // the workspace host never sees the platform's cookie: host-only cookies stay on the portal
    expect(br.cookieHeader(app.host)).toBeUndefined();

    const second = await br.request(authorize.toString());
    expect(second.status).toBe(302);
    expect(second.headers['cache-control']).toBe('no-store');
    const ticketUrl = new URL(second.headers.location as string);
    expect(`${ticketUrl.origin}${ticketUrl.pathname}`).toBe(`http://${app.host}/__yac/ticket`);
    expect(ticketUrl.searchParams.get('path')).toBe('/echo?x=1&y=%2F');
    const ticket = ticketUrl.searchParams.get('t') as string;
    expect(ticket.length).toBeGreaterThanOrEqual(40);

    const third = await br.request(ticketUrl.toString());
    expect(third.status).toBe(302);
    expect(third.headers.location).toBe('/echo?x=1&y=%2F');
    const setCookie = (third.headers['set-cookie'] ?? [])[0] as string;
    expect(setCookie).toMatch(/^yac_ws=[A-Za-z0-9_-]{40,}; Path=\/; HttpOnly; SameSite=Lax$/);
    expect(setCookie).not.toMatch(/domain|secure/i);

    const last = await br.request(new URL(third.headers.location as string, ticketUrl).toString());
    expect(last.status).toBe(200);
    expect(echo(last.body).url).toBe('/echo?x=1&y=%2F');

    // only hashes are stored, the ticket is used, the gateway session hangs on the platform session
    const q = (sql: string, p: unknown[]) => world.ctx.deps.database.pool.query(sql, p);
    const tickets = await q('select token_hash, used_at from gateway_tickets where workspace_id = $1', [
      app.id,
    ]);
    expect(tickets.rows.some((r) => r.token_hash === ticket)).toBe(false);
    expect(tickets.rows.every((r) => r.used_at !== null)).toBe(true);
    const sessions = await q(
      `select g.session_id, s.user_id from gateway_sessions g join sessions s on s.id = g.session_id
        where g.workspace_id = $1`,
      [app.id],
    );
    expect(sessions.rows.length).toBeGreaterThan(0);
    expect(sessions.rows.every((r) => r.user_id === a.userId)).toBe(true);
  });

  it('is followed by a browser on its own (redirects and cookies), and again without a new handshake', async () => {
    const br = world.browser(a.client.cookie);
    const hops = await br.follow(`http://${app.host}/echo`);
    expect(hops.map((h) => h.status)).toEqual([302, 302, 302, 200]);
    expect(echo(hops[3]?.body as string).url).toBe('/echo');
    const again = await br.follow(`http://${app.host}/echo?again`);
    expect(again.map((h) => h.status)).toEqual([200]);
  });

  it('works with curl -L and a cookie jar', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'yac-curl-'));
    try {
      const jar = path.join(dir, 'jar.txt');
      await writeFile(jar, `localhost\tFALSE\t/\tFALSE\t0\tyac_session\t${a.client.cookie}\n`);
      const { stdout } = await promisify(execFile)('curl', [
        '-sS',
        '-L',
        '-b',
        jar,
        '-c',
        jar,
        '-w',
        '\n%{http_code} %{num_redirects}',
        `http://${app.host}/echo?via=curl`,
      ]);
      const lines = stdout.trimEnd().split('\n');
      expect(lines.pop()).toBe('200 3');
      expect(echo(lines.join('\n')).url).toBe('/echo?via=curl');
      expect(await readFile(jar, 'utf8')).toMatch(
        new RegExp(`#HttpOnly_${app.name}--${subA}\\.localhost\\tFALSE\\t/\\tFALSE\\t0\\tyac_ws\\t`),
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('sends a browser without a session to the login page, coming back to authorize', async () => {
    const hops = await world.browser().follow(`http://${app.host}/some/file?q=1`, 1);
    expect(hops.map((h) => h.status)).toEqual([302, 302]);
    const login = new URL(hops[1]?.headers.location as string);
    expect(`${login.origin}${login.pathname}`).toBe(`${world.portal}/login`);
    const next = login.searchParams.get('next') as string;
    expect(next.startsWith('/gateway/authorize?')).toBe(true);
    const back = new URL(next, world.portal);
    expect(back.searchParams.get('host')).toBe(app.host);
    expect(back.searchParams.get('path')).toBe('/some/file?q=1');
  });

  it('sends a user who must still set up the two-factor their company requires to the portal, no ticket', async () => {
    const c = await signupCompany(world.ctx);
    const { accounts } = world.ctx.deps.services;
    await accounts.setSignInPolicy(world.ctx.deps.database.db, c.companyId, { requireTwoFactor: true });
    const hops = await world.browser(c.client.cookie).follow(`http://${app.host}/`, 1);
    expect(hops.map((h) => h.status)).toEqual([302, 302]);
    expect(hops[1]?.headers.location).toBe(`${world.portal}/app`);
  });

  it('redirects every unauthenticated host of the right shape alike, existing or not', async () => {
    const br = world.browser();
    const missing = await br.request(`http://nothing--${subA}.${world.base}/`);
    const nocompany = await br.request(`http://app--no-such-company.${world.base}/`);
    expect(missing.status).toBe(302);
    expect(nocompany.status).toBe(302);
    expect(missing.headers.location).toContain(encodeURIComponent(`nothing--${subA}.${world.base}`));
  });
});

describe('who gets in', () => {
  const authorize = (br: Browser, host: string) =>
    br.request(`${world.portal}/gateway/authorize?host=${encodeURIComponent(host)}&path=%2F`);

  it("answers another company's user exactly as for a workspace that does not exist", async () => {
    const br = world.browser(b.client.cookie);
    const foreign = await authorize(br, app.host);
    const missing = await authorize(br, `nothing--${subA}.${world.base}`);
    const noCompany = await authorize(br, `app--no-such-company.${world.base}`);
    expect(foreign.status).toBe(404);
    expect(foreign.headers['content-type']).toContain('text/html');
    expect(foreign.body).toBe(missing.body);
    expect(foreign.body).toBe(noCompany.body);
    expect(foreign.body).not.toContain(subA);
    expect(foreign.body).not.toContain('app--');
    // and the owner of the missing one's company gets the same page
    expect((await authorize(world.browser(a.client.cookie), `nothing--${subA}.${world.base}`)).body).toBe(
      missing.body,
    );
  });

  it('keeps a member who does not own the workspace out', async () => {
    const m = await insertUser(world, a.companyId, 'member');
    const res = await authorize(world.browser(m.token), app.host);
    expect(res.status).toBe(404);
    await updateWorkspace(world, app.id, { sharedWithAdmins: true });
    try {
      expect((await authorize(world.browser(m.token), app.host)).status).toBe(404);
    } finally {
      await updateWorkspace(world, app.id, { sharedWithAdmins: false });
    }
  });

  it('lets an admin in only while the owner shares the workspace with admins', async () => {
    const admin = await insertUser(world, a.companyId, 'admin');
    expect((await authorize(world.browser(admin.token), app.host)).status).toBe(404);
    await updateWorkspace(world, app.id, { sharedWithAdmins: true });
    const br = world.browser(admin.token);
    const hops = await br.follow(`http://${app.host}/echo?admin`);
    expect(hops.at(-1)?.status).toBe(200);
    // unsharing ends the admin's access at the next validation, cookie or not
    await updateWorkspace(world, app.id, { sharedWithAdmins: false });
    const after = await br.request(`http://${app.host}/echo?after`);
    expect(after.status).toBe(302);
    expect(after.headers.location).toContain('/gateway/authorize?');
  });

  it('sends the company host to the portal: its sign-in, then its workspace list', async () => {
    const br = world.browser();
    const res = await br.request(`http://${subA}.${world.base}/anything?x=1`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe(`${world.portal}/app/workspaces`);
    // Whether a company exists is not told: any company-shaped name goes the same way.
    const none = await br.request(`http://no-such-company.${world.base}/`);
    expect(none.status).toBe(302);
    expect(none.headers.location).toBe(`${world.portal}/app/workspaces`);
  });

  it('refuses the host of an unknown shape under the base domain, and leaves the portal alone', async () => {
    const br = world.browser();
    const odd = await br.request(`http://two.labels.${world.base}/`);
    expect(odd.status).toBe(404);
    expect(odd.body).toContain('Workspace not found');
    const health = await br.request(`${world.portal}/healthz`);
    expect(health.status).toBe(200);
    expect(JSON.parse(health.body)).toEqual({ status: 'ok' });
  });
});

describe('tickets', () => {
  async function ticketFor(br: Browser, p = '/echo'): Promise<URL> {
    const res = await br.request(
      `${world.portal}/gateway/authorize?host=${encodeURIComponent(app.host)}&path=${encodeURIComponent(p)}`,
    );
    expect(res.status).toBe(302);
    return new URL(res.headers.location as string);
  }

  it('work once', async () => {
    const br = world.browser(a.client.cookie);
    const url = await ticketFor(br);
    expect((await new Browser().request(url.toString())).status).toBe(302);
    const again = await new Browser().request(url.toString());
    expect(again.status).toBe(403);
    expect(again.headers['set-cookie']).toBeUndefined();
    expect(again.body).toContain('Start over');
    expect(again.body).toContain(`${world.portal}/gateway/authorize?host=`);
  });

  it('expire after a minute', async () => {
    const url = await ticketFor(world.browser(a.client.cookie));
    clock.advance(61_000);
    const late = await new Browser().request(url.toString());
    expect(late.status).toBe(403);
    expect(late.headers['set-cookie']).toBeUndefined();
  });

  it("are good on their own workspace's host only", async () => {
    const other = await insertWorkspace(world, { companyId: a.companyId, ownerId: a.userId, name: 'other' });
    const url = await ticketFor(world.browser(a.client.cookie));
    const wrong = await new Browser().request(`http://${other.host}${url.pathname}${url.search}`);
    expect(wrong.status).toBe(403);
    // …and were not used up by the attempt
    expect((await new Browser().request(url.toString())).status).toBe(302);
  });

  it('refuse made-up and missing tickets', async () => {
    for (const q of ['t=not-a-real-ticket-at-all-0000000&path=%2F', 'path=%2F', 't=']) {
      const res = await new Browser().request(`http://${app.host}/__yac/ticket?${q}`);
      expect(res.status, q).toBe(403);
    }
  });
});

describe('open redirects', () => {
  it('are refused by authorize', async () => {
    const br = world.browser(a.client.cookie);
    for (const p of ['//evil.com', 'http://x', 'https://evil.com/', '/\\evil.com', '/\t/evil.com']) {
      const res = await br.request(
        `${world.portal}/gateway/authorize?host=${encodeURIComponent(app.host)}&path=${encodeURIComponent(p)}`,
      );
      expect(res.status, p).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
  });

  it('are refused by the ticket endpoint, which keeps the ticket for a proper use', async () => {
    const res = await world
      .browser(a.client.cookie)
      .request(`${world.portal}/gateway/authorize?host=${encodeURIComponent(app.host)}&path=%2F`);
    const url = new URL(res.headers.location as string);
    const t = url.searchParams.get('t') as string;
    for (const p of ['//evil.com', 'http://x']) {
      const bad = await new Browser().request(
        `http://${app.host}/__yac/ticket?t=${encodeURIComponent(t)}&path=${encodeURIComponent(p)}`,
      );
      expect(bad.status, p).toBe(400);
      expect(bad.headers.location).toBeUndefined();
    }
    const good = await new Browser().request(url.toString());
    expect(good.status).toBe(302);
    expect(good.headers.location).toBe('/');
  });

  it('never come out of a request for a protocol-relative path on the workspace host', async () => {
    const res = await new Browser().request(`http://${app.host}//evil.com/x`);
    expect(res.status).toBe(302);
    expect(new URL(res.headers.location as string).searchParams.get('path')).toBe('/');
  });

  it('refuse a host outside the base domain', async () => {
    const br = world.browser(a.client.cookie);
    for (const h of ['evil.com', `app--${subA}.evil.com`, `app--${subA}.${world.base}.evil.com`]) {
      const res = await br.request(
        `${world.portal}/gateway/authorize?host=${encodeURIComponent(h)}&path=%2F`,
      );
      expect(res.status, h).toBe(404);
    }
  });
});

describe('the gateway session', () => {
  it('ends with the platform session (logout), within the validation cache time', async () => {
    const { client } = await (async () => {
      const c = new Client(world.ctx.app);
      const res = await c.post('/api/v1/sessions', { email: a.email, password: a.password });
      expect(res.status).toBe(200);
      return { client: c };
    })();
    const br = world.browser(client.cookie);
    expect((await br.follow(`http://${app.host}/echo`)).at(-1)?.status).toBe(200);
    expect((await br.request(`http://${app.host}/echo`)).status).toBe(200);
    expect((await client.del('/api/v1/sessions/current')).status).toBe(200);
    // the cache may still answer for a few seconds…
    clock.advance(5_001);
    const after = await br.request(`http://${app.host}/echo`);
    expect(after.status).toBe(302);
    expect(after.headers.location).toContain('/gateway/authorize?');
    // …and a new handshake goes to the login page, the platform session being over
    const hops = await br.follow(`http://${app.host}/echo`, 1);
    expect(new URL(hops[1]?.headers.location as string).pathname).toBe('/login');
  });

  it("is not accepted on another workspace's host", async () => {
    const br = world.browser(a.client.cookie);
    expect((await br.follow(`http://${app.host}/echo`)).at(-1)?.status).toBe(200);
    const token = br.cookies.find((c) => c.name === 'yac_ws')?.value as string;
    const other = await insertWorkspace(world, { companyId: a.companyId, ownerId: a.userId, name: 'third' });
    world.sockets.set(other.id, sockets.sockets.up);
    const stranger = new Browser();
    stranger.setCookie(other.host, 'yac_ws', token);
    const res = await stranger.request(`http://${other.host}/echo`);
    expect(res.status).toBe(302);
  });
});
