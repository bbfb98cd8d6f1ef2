import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { THROTTLE_AFTER, throttleMs } from './accounts.service.ts';
import { auditOf, login, mailTo } from './accounts.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx.close());

const WRONG = 'definitely not it 99';

async function failTimes(email: string, n: number, ip = '10.9.8.7') {
  const answers = [];
  for (let i = 0; i < n; i++)
    answers.push((await login(ctx, email, WRONG, { ip, userAgent: 'Brute/1.0' })).res);
  return answers;
}

describe('failed sign-ins: slowed down per account and address, never a lockout', () => {
  it('slows down only the guessing address: the owner signs in from elsewhere at once', async () => {
    expect(THROTTLE_AFTER).toBe(5);
    const s = await signupCompany(ctx);
    const fails = await failTimes(s.email, 5);
    expect(fails.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);

    // The guessing address must wait, even with the right password…
    const waiting = (await login(ctx, s.email, s.password, { ip: '10.9.8.7' })).res;
    expect(waiting.status).toBe(429);
    expect(waiting.body.code).toBe('RATE_LIMITED');
    expect(waiting.body.message).toMatch(/try again in 30 s/);
    expect(waiting.raw.cookies.find((c) => c.name === 'yac_session')).toBeUndefined();
    // …while the owner, from another address, is not held back at all.
    const owner = await login(ctx, s.email, s.password, { ip: '192.0.2.10' });
    expect(owner.res.status).toBe(200);
    expect((await owner.client.get('/api/v1/me')).status).toBe(200);
  });

  it('makes the address wait twice as long after each further failure, at most 15 minutes', async () => {
    expect([4, 5, 6, 7, 9, 10, 20].map((n) => throttleMs(n) / 1000)).toEqual([0, 30, 60, 120, 480, 900, 900]);
    const s = await signupCompany(ctx);
    await failTimes(s.email, 5);
    ctx.fakeClock?.advance(30_000);
    expect((await failTimes(s.email, 1))[0]?.status).toBe(401); // the 6th: now 60 s
    ctx.fakeClock?.advance(59_000);
    expect((await failTimes(s.email, 1))[0]?.status).toBe(429);
    ctx.fakeClock?.advance(1_000);
    // Its wait over, the address signs in with the right password: the count starts again.
    expect((await login(ctx, s.email, s.password, { ip: '10.9.8.7' })).res.status).toBe(200);
    expect((await failTimes(s.email, 4)).map((r) => r.status)).toEqual([401, 401, 401, 401]);
  });

  it('tells the owner once, by mail and in the audit log, with the address', async () => {
    const s = await signupCompany(ctx);
    await failTimes(s.email, 5, '203.0.113.7');
    ctx.fakeClock?.advance(30_000);
    await failTimes(s.email, 1, '203.0.113.7');
    const mail = await mailTo(ctx, s.email, 'Security alert');
    expect(mail.text).toContain('5 times from one address');
    expect(mail.text).toContain('203.0.113.7');
    await ctx.runJobs();
    expect(ctx.smtp.to(s.email).filter((m) => m.subject?.includes('Security alert'))).toHaveLength(1);
    const events = await auditOf(ctx, s.userId);
    const throttled = events.filter((e) => e.action === 'user.login_throttled');
    expect(throttled).toHaveLength(1);
    expect(throttled[0]).toMatchObject({ ip: '203.0.113.7', user_agent: 'Brute/1.0' });
    expect(throttled[0]?.metadata).toEqual({ failures: 5, waitSeconds: 30 });
    expect(
      events
        .filter((e) => e.action === 'user.login_failed')
        .map((e) => e.metadata?.failures)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('records a failure for an unknown email without a company and without telling the caller', async () => {
    const email = `ghost-${Date.now()}@example.com`;
    const res = (await login(ctx, email, WRONG, { ip: '10.7.7.7', userAgent: 'Ghost/1.0' })).res;
    expect(res.status).toBe(401);
    const { rows } = await ctx.deps.database.pool.query(
      `select company_id, ip, user_agent, metadata from audit_events where action = 'user.login_failed' and metadata->>'email' = $1`,
      [email],
    );
    expect(rows).toEqual([
      {
        company_id: null,
        ip: '10.7.7.7',
        user_agent: 'Ghost/1.0',
        metadata: { email, reason: 'unknown_email' },
      },
    ]);
  });

  it('a password reset clears every address’s wait', async () => {
    const s = await signupCompany(ctx);
    await failTimes(s.email, 5);
    expect((await login(ctx, s.email, s.password, { ip: '10.9.8.7' })).res.status).toBe(429);
    const reset = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/password-resets',
      payload: { email: s.email },
    });
    expect(reset.statusCode).toBeLessThan(300);
    const link = (await mailTo(ctx, s.email, 'password')).text?.match(/token=([A-Za-z0-9_-]+)/)?.[1];
    const confirm = await ctx.app.inject({
      method: 'POST',
      url: '/api/v1/password-resets/confirm',
      payload: { token: link, password: 'a fresh passphrase 2026' },
    });
    expect(confirm.statusCode).toBeLessThan(300);
    expect((await login(ctx, s.email, 'a fresh passphrase 2026', { ip: '10.9.8.7' })).res.status).toBe(200);
  });
});
