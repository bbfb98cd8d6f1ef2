// Cross-site request forgery, tried on every state-changing route of the API as the route table lists it
// (a route added later is covered too): with only the session cookie, through the path as registered and
// through encoded, doubled-slash and mixed-case spellings of it, and from another origin of the same site
// (a workspace host beside the portal) even with the token. Each must be refused before the route's own
// code runs: 403 CSRF_FAILED, or 404 "No route" where the spelling matches no route at all.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';

let ctx: TestContext;
let owner: Awaited<ReturnType<typeof signupCompany>>;
beforeAll(async () => {
  ctx = await createTestContext();
  owner = await signupCompany(ctx);
});
afterAll(() => ctx?.close());

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A concrete path of a route pattern: each `:param` a plausible id. */
const concrete = (pattern: string) => pattern.replace(/:[A-Za-z]+/g, 'x_aaaaaaaaaaaa');

/** Spellings of `/api/v1/<rest>` that a router may decode or normalise to the same route. */
function spellings(path: string): string[] {
  const rest = path.slice('/api/v1'.length);
  return [
    path,
    `/api/v%31${rest}`,
    `/api/%761${rest}`,
    `/api/%76%31${rest}`,
    `/api//v1${rest}`,
    `/api/v1/${rest}`,
    `//api/v1${rest}`,
    `/API/V1${rest}`,
    `/api/V1${rest}`,
    `/Api/v1${rest}`,
    `/api/v1${rest.toUpperCase()}`,
    `/api/./v1${rest}`,
    `/api/x/../v1${rest}`,
    `/api/v1${rest}?x=1`,
    `/api/v1${rest}#frag`,
  ];
}

type Answer = { status: number; code?: string; message?: string };

async function send(method: string, url: string, headers: Record<string, string>, form = false) {
  const res = await ctx.app.inject({
    method: method as 'POST',
    url,
    headers: {
      cookie: `yac_session=${owner.client.cookie}`,
      ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      ...headers,
    },
    ...(method === 'DELETE' ? {} : { payload: form ? 'name=pwned&templateId=tpl_blank' : {} }),
  });
  const body = (() => {
    try {
      return res.json() as Answer;
    } catch {
      return {} as Answer;
    }
  })();
  return { status: res.statusCode, code: body.code, message: body.message };
}

/** Refused before the route's code: CSRF_FAILED, or no such route. */
function refused(a: Answer): boolean {
  return (
    (a.status === 403 && a.code === 'CSRF_FAILED') ||
    (a.status === 404 && a.code === 'NOT_FOUND' && /^No route /.test(a.message ?? ''))
  );
}

describe('CSRF on every state-changing route', () => {
  it('lists the routes it tries (the route table is the source)', () => {
    const routes = ctx.app.routeTable.filter(
      (r) => MUTATING.has(r.method) && r.url.startsWith('/api/v1/') && !r.public,
    );
    expect(routes.length).toBeGreaterThan(30);
    expect(routes.map((r) => `${r.method} ${r.url}`)).toContain('POST /api/v1/workspaces/:id/stop');
  });

  it('refuses each one with only the session cookie, however its path is spelled', async () => {
    const wrong: string[] = [];
    for (const r of ctx.app.routeTable) {
      if (!MUTATING.has(r.method) || !r.url.startsWith('/api/v1/') || r.public) continue;
      for (const url of spellings(concrete(r.url))) {
        for (const form of r.method === 'DELETE' ? [false] : [false, true]) {
          const a = await send(r.method, url, {}, form);
          if (!refused(a)) wrong.push(`${r.method} ${url}${form ? ' (form)' : ''} → ${a.status} ${a.code}`);
        }
      }
    }
    expect(wrong).toEqual([]);
  });

  it('refuses a request from another origin even with the token; the portal’s own gets through', async () => {
    const token = owner.client.csrf as string;
    const path = '/api/v1/workspaces';
    const body = { name: 'x' }; // invalid on purpose: 400 means the request got past the CSRF check
    const go = (headers: Record<string, string>) =>
      ctx.app.inject({
        method: 'POST',
        url: path,
        headers: { cookie: `yac_session=${owner.client.cookie}`, 'x-csrf-token': token, ...headers },
        payload: body,
      });
    const foreign: Record<string, string>[] = [
      { 'sec-fetch-site': 'same-site' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'none' },
      { origin: 'http://web--other.localhost:8080' },
      { origin: 'null' },
    ];
    for (const headers of foreign) {
      const res = await go(headers);
      expect([JSON.stringify(headers), res.statusCode, res.json().code]).toEqual([
        JSON.stringify(headers),
        403,
        'CSRF_FAILED',
      ]);
    }
    const portal = new URL(ctx.deps.config.publicUrl).origin;
    const own: Record<string, string>[] = [{ 'sec-fetch-site': 'same-origin' }, { origin: portal }, {}];
    for (const headers of own) expect((await go(headers)).statusCode).toBe(400);
  });

  it('lets a bearer token through from anywhere (no ambient authority to forge)', async () => {
    const made = await owner.client.post<{ token: string }>('/api/v1/api-tokens', {
      name: 'ci',
      scopes: ['workspaces'],
    });
    expect(made.status).toBe(201);
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/workspaces',
      headers: { authorization: `Bearer ${made.body.token}`, 'sec-fetch-site': 'cross-site' },
      payload: { name: 'x' },
    });
    expect(res.statusCode).toBe(400);
  });
});
