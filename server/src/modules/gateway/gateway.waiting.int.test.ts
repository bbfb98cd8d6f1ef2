// A browser that waits on a workspace host while the workspace starts: the platform's change events
// (NOTIFY on commit) must reach the gateway's cached view at once, and the progress page must lead to
// the IDE as soon as it runs, not at its next timed refresh nor the cache's expiry.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, StandInWorld } from './gateway-server.test-helpers.ts';
import { startStandInWorld } from './gateway-server.test-helpers.ts';

let stand: StandInWorld;

beforeAll(async () => {
  stand = await startStandInWorld('yac-gww-', 'waits');
});

afterAll(async () => {
  await stand?.close();
});

/** Write a state as the platform does: the row and its NOTIFY in one transaction (delivered on commit). */
async function setStatus(status: string, up: boolean): Promise<void> {
  const { world, ws, sockets } = stand;
  if (up) world.sockets.set(ws.id, sockets.sockets.up);
  else world.sockets.delete(ws.id);
  const db = world.ctx.deps.database.db;
  await db.transaction(async (tx) => {
    await tx.execute(sql`update workspaces set status = ${status} where id = ${ws.id}`);
    await world.ctx.deps.events.notify(tx, { id: ws.id, kind: 'workspace' });
  });
}

/** A browser of the owner that holds the workspace host's cookie. */
async function signedIn(): Promise<Browser> {
  const { world, owner, ws } = stand;
  const br = world.browser(owner.client.cookie);
  const hops = await br.follow(`http://${ws.host}/small`);
  expect(hops.at(-1)?.status).toBe(200);
  return br;
}

/** Follow a page's `<meta http-equiv="refresh">` the way Chromium does: wait its delay, then load its URL. */
async function followRefresh(br: Browser, pageUrl: string, html: string) {
  const m = /<meta http-equiv="refresh" content="(\d+)(?:;\s*url=([^"]*))?">/.exec(html);
  expect(m, 'the progress page refreshes itself').not.toBeNull();
  const [, seconds = '0', target] = m as RegExpExecArray;
  await new Promise((r) => setTimeout(r, Number(seconds) * 1000));
  const next = target ? new URL(target.replace(/&(#38|amp);/g, '&'), pageUrl).toString() : pageUrl;
  return br.follow(next, 10, 30_000);
}

describe('a workspace that starts while a browser waits', () => {
  it('is proxied to on the next request after its change event, not after the cache expires', async () => {
    const br = await signedIn();
    const url = `http://${stand.ws.host}/small`;
    await setStatus('starting', false);
    // The gateway's view: starting (the cookie's validation is cached; the fake clock never expires it).
    await until(async () => (await br.request(url)).status === 503);
    await setStatus('running', true);
    await until(async () => (await br.request(url)).status === 200);
  });

  it('leads from the progress page to the IDE as soon as it runs', async () => {
    const br = await signedIn();
    const url = `http://${stand.ws.host}/echo?x=1`;
    await setStatus('starting', false);
    await until(async () => (await br.request(url)).status === 503);
    const progress = await br.request(url);
    expect(progress.status).toBe(503);
    const started = performance.now() + 300;
    const starting = setTimeout(() => void setStatus('running', true), 300);
    try {
      const hops = await followRefresh(br, url, progress.body);
      const last = hops.at(-1);
      expect(last?.status).toBe(200);
      expect(new URL(last?.url ?? '').pathname + new URL(last?.url ?? '').search).toBe('/echo?x=1');
      // Chromium's own refresh of the old page took 2 s; the IDE is now there within moments of running.
      expect(performance.now() - started).toBeLessThan(700);
    } finally {
      clearTimeout(starting);
    }
  });

  it('wakes a waiting browser on any change and answers a stale wait at once', async () => {
    const br = await signedIn();
    const url = `http://${stand.ws.host}/small`;
    await setStatus('starting', false);
    await until(async () => (await br.request(url)).status === 503);
    const progress = await br.request(url);
    // Stopped meanwhile: the wait ends on that event with the stopped page (its Start button).
    const stopping = setTimeout(() => void setStatus('stopped', false), 200);
    const t0 = performance.now();
    const hops = await followRefresh(br, url, progress.body);
    clearTimeout(stopping);
    expect(hops.at(-1)?.status).toBe(503);
    expect(hops.at(-1)?.body).toContain('__yac/start');
    expect(performance.now() - t0).toBeLessThan(1500);
    await setStatus('running', true);
  });
});

/** Poll `check` every 20 ms for up to 1.5 s (a NOTIFY arrives in milliseconds). */
async function until(check: () => Promise<boolean>): Promise<void> {
  const end = performance.now() + 1500;
  while (!(await check())) {
    if (performance.now() > end) throw new Error('condition not met within 1.5 s');
    await new Promise((r) => setTimeout(r, 20));
  }
}
