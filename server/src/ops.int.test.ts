import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../test/harness.ts';
import { buildApp } from './app.ts';
import { createDeps } from './deps.ts';
import { freePort } from './platform/db/embedded.ts';
import { startJobRunner } from './platform/jobs/index.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

/** Every route the app serves, from fastify's own route tree. */
function registeredRoutes(app: FastifyInstance): { method: string; url: string }[] {
  const routes: { method: string; url: string }[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const m = line.match(/^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?$/);
    if (!m) continue;
    const depth = (m[1] ?? '').length / 4;
    stack.length = depth;
    const url = (depth ? (stack[depth - 1] ?? '') : '') + (m[2] ?? '');
    stack[depth] = url;
    for (const method of m[3]?.split(', ') ?? []) routes.push({ method, url });
  }
  return routes;
}

describe('/readyz and /healthz', () => {
  it('ready when the database answers; jobs "not in this process" without a runner', async () => {
    const res = await ctx.app.inject({ url: '/readyz' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', jobs: 'not in this process' });
  });

  it('503 naming "database" when the database is unreachable, while /healthz and /metrics still answer', async () => {
    const port = await freePort(); // nothing listens there
    const deps = createDeps(ctx.config, ctx.deps.log, `postgres://postgres:x@127.0.0.1:${port}/nowhere`);
    const app = await buildApp(deps);
    try {
      const res = await app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', failing: ['database'] });
      expect((await app.inject({ url: '/healthz' })).statusCode).toBe(200);
      const metrics = await app.inject({ url: '/metrics' });
      expect(metrics.statusCode).toBe(200);
      expect(metrics.body).toContain('process_cpu_user_seconds_total');
    } finally {
      await app.close();
      await deps.database.close();
    }
  });

  it('503 naming "jobs" once this process\'s job runner has stopped', async () => {
    const runner = await startJobRunner({
      connectionString: ctx.database.url,
      jobs: ctx.deps.jobs,
      cron: [],
      concurrency: 1,
      log: ctx.deps.log,
    });
    const before = ctx.deps.jobRunnerHealthy;
    ctx.deps.jobRunnerHealthy = () => runner.healthy();
    try {
      const ok = await ctx.app.inject({ url: '/readyz' });
      expect(ok.statusCode).toBe(200);
      expect(ok.json()).toEqual({ status: 'ready', jobs: 'ok' });
      await runner.stop();
      const res = await ctx.app.inject({ url: '/readyz' });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toEqual({ status: 'unavailable', failing: ['jobs'] });
    } finally {
      ctx.deps.jobRunnerHealthy = before;
      await runner.stop();
    }
  });
});

describe('/metrics', () => {
  it('exposes process metrics, request durations by route and status, and the queue and outbox gauges', async () => {
    const anon = new Client(ctx.app);
    await anon.get('/healthz');
    await anon.get('/api/v1/me'); // 401
    await anon.get('/api/v1/no-such-route-7f3a'); // 404
    await signupCompany(ctx); // queues mail: jobs waiting, messages queued
    const res = await ctx.app.inject({ url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(/^process_cpu_user_seconds_total \d/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d/m);
    expect(text).toMatch(/^nodejs_heap_size_used_bytes \d/m);
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="GET",route="\/api\/v1\/me",status="401"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^http_request_duration_seconds_count\{method="POST",route="\/api\/v1\/signup",status="201"\} [1-9]/m,
    );
    expect(text).toMatch(
      /^http_request_duration_seconds_bucket\{le="0\.1",method="GET",route="\/healthz",status="200"\} \d/m,
    );
    // An unknown URL must not become a label value of its own (unbounded series).
    expect(text).not.toContain('no-such-route-7f3a');
    expect(text).toMatch(/^jobs_queued\{task="mail:send",state="waiting"\} [1-9]/m);
    expect(text).toMatch(/^mail_messages\{status="queued"\} [1-9]/m);
  });
});

describe('/api/openapi.json', () => {
  it('is an OpenAPI 3 document with the core routes, each operation with responses', async () => {
    const res = await ctx.app.inject({ url: '/api/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\.\d+\.\d+$/);
    expect(doc.info).toMatchObject({ title: expect.any(String), version: expect.any(String) });
    expect(doc.paths['/api/v1/signup']?.post).toBeTruthy();
    expect(doc.paths['/api/v1/sessions']?.post).toBeTruthy();
    expect(doc.paths['/api/v1/me']?.get).toBeTruthy();
    for (const [p, ops] of Object.entries<
      Record<string, { responses?: object; parameters?: { in: string; name: string }[] }>
    >(doc.paths)) {
      const pathParams = [...p.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      for (const [method, op] of Object.entries(ops)) {
        expect(Object.keys(op.responses ?? {}).length, `${method} ${p} has responses`).toBeGreaterThan(0);
        const declared = (op.parameters ?? [])
          .filter((x) => x.in === 'path')
          .map((x) => x.name)
          .sort();
        expect(declared, `${method} ${p} path parameters`).toEqual(pathParams);
      }
    }
    // Internal endpoints stay out of the public API description.
    expect(doc.paths['/metrics']).toBeUndefined();
    expect(doc.paths['/readyz']).toBeUndefined();
  });

  it('lists every registered /api/v1 route', async () => {
    const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    const routes = registeredRoutes(ctx.app).filter(
      (r) => r.url.startsWith('/api/v1/') && r.method !== 'HEAD',
    );
    expect(routes.length).toBeGreaterThanOrEqual(3);
    expect(routes).toContainEqual({ method: 'POST', url: '/api/v1/signup' });
    const missing = routes.filter(
      (r) => !doc.paths[r.url.replace(/:(\w+)/g, '{$1}')]?.[r.method.toLowerCase()],
    );
    expect(missing).toEqual([]);
  });
});

describe('x-request-id', () => {
  it('echoes a valid given id and generates one otherwise', async () => {
    const given = await ctx.app.inject({ url: '/healthz', headers: { 'x-request-id': 'lb-7Hq.2_x' } });
    expect(given.headers['x-request-id']).toBe('lb-7Hq.2_x');
    const generated = await ctx.app.inject({ url: '/healthz' });
    expect(generated.headers['x-request-id']).toMatch(/^req_[a-z0-9]{16}$/);
    for (const bad of ['has spaces', 'x'.repeat(65), '<script>', 'ünicode']) {
      const res = await ctx.app.inject({ url: '/healthz', headers: { 'x-request-id': bad } });
      expect(res.headers['x-request-id'], bad).toMatch(/^req_[a-z0-9]{16}$/);
    }
  });

  it('every error body carries the same request id as the header', async () => {
    const cases = [
      { method: 'GET' as const, url: '/api/v1/me', status: 401 },
      { method: 'GET' as const, url: '/api/v2/no-such-route', status: 404 },
      { method: 'POST' as const, url: '/api/v1/signup', status: 400, payload: { email: 'nope' } },
    ];
    for (const c of cases) {
      for (const headers of [{ 'x-request-id': 'trace-42' }, {}]) {
        const res = await ctx.app.inject({
          method: c.method,
          url: c.url,
          headers,
          ...(c.payload ? { payload: c.payload } : {}),
        });
        expect(res.statusCode, c.url).toBe(c.status);
        const id = res.headers['x-request-id'];
        expect(id).toBeTruthy();
        if ('x-request-id' in headers) expect(id).toBe('trace-42');
        expect(res.json().requestId, c.url).toBe(id);
      }
    }
  });

  it('jobs carry the id of the request that enqueued them', async () => {
    const res = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/signup',
      headers: { 'x-request-id': 'signup-trace-1' },
      payload: {
        companyName: 'Trace Co',
        fullName: 'Tracy',
        email: 'tracy@example.com',
        password: 'a sturdy passphrase 42',
        acceptTerms: true,
      },
    });
    expect(res.statusCode).toBe(201);
    const { rows } = await ctx.deps.database.pool.query(
      // The graphile_worker.jobs view has no payload column in 0.17; the table has.
      `select payload from graphile_worker._private_jobs where payload->>'__requestId' = 'signup-trace-1'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
  });
});
