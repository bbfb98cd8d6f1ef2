import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../test/harness.ts';

let ctx: TestContext;
const token = 'metrics-secret-0123456789';
beforeAll(async () => {
  ctx = await createTestContext({ env: { METRICS_TOKEN: token } });
});
afterAll(() => ctx.close());

it('with METRICS_TOKEN set, /metrics needs it as a bearer token', async () => {
  const without = await ctx.app.inject({ method: 'GET', url: '/metrics' });
  expect(without.statusCode).toBe(401);
  expect(without.json().code).toBe('UNAUTHENTICATED');
  const wrong = await ctx.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: 'Bearer nope' },
  });
  expect(wrong.statusCode).toBe(401);
  const right = await ctx.app.inject({
    method: 'GET',
    url: '/metrics',
    headers: { authorization: `Bearer ${token}` },
  });
  expect(right.statusCode).toBe(200);
  expect(right.body).toContain('process_cpu_user_seconds_total');
});
