import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { MINUTE } from '../../platform/clock.ts';
import { LOCKOUT_MS, LOCKOUT_THRESHOLD } from './accounts.service.ts';
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

describe('account lockout', () => {
  it('locks after 5 failures for 30 minutes: the right password is refused until then, then works', async () => {
    expect(LOCKOUT_THRESHOLD).toBe(5);
    expect(LOCKOUT_MS).toBe(30 * MINUTE);
    const s = await signupCompany(ctx);
    const fails = await failTimes(s.email, 5);
    expect(fails.map((r) => r.status)).toEqual([401, 401, 401, 401, 401]);

    const locked = (await login(ctx, s.email, s.password)).res;
    expect(locked.status).toBe(401);
    expect(locked.body.code).toBe('INVALID_CREDENTIALS');
    // The locked answer is the same as a wrong password, so it does not confirm the account exists.
    expect(locked.body.message).toBe(fails[0]?.body.message);
    expect(locked.raw.cookies.find((c) => c.name === 'yac_session')).toBeUndefined();

    ctx.fakeClock?.advance(30 * MINUTE - 1000);
    expect((await login(ctx, s.email, s.password)).res.status).toBe(401);

    ctx.fakeClock?.advance(1000);
    const ok = await login(ctx, s.email, s.password);
    expect(ok.res.status).toBe(200);
    expect((await ok.client.get('/api/v1/me')).status).toBe(200);
  });

  it('4 failures do not lock, and a success resets the count', async () => {
    const s = await signupCompany(ctx);
    await failTimes(s.email, 4);
    expect((await login(ctx, s.email, s.password)).res.status).toBe(200);
    // Four more after the reset: still under the threshold.
    await failTimes(s.email, 4);
    expect((await login(ctx, s.email, s.password)).res.status).toBe(200);
    expect((await auditOf(ctx, s.userId)).map((e) => e.action)).not.toContain('user.locked');
  });

  it('emails a security alert through SMTP when the account locks', async () => {
    const s = await signupCompany(ctx);
    await failTimes(s.email, 5, '203.0.113.7');
    const mail = await mailTo(ctx, s.email, 'Security alert');
    expect(mail.text).toContain('locked for 30 minutes');
    expect(mail.text).toContain('203.0.113.7');
    // Exactly one alert for one lock.
    await ctx.runJobs();
    expect(ctx.smtp.to(s.email).filter((m) => m.subject?.includes('Security alert'))).toHaveLength(1);
  });

  it('records user.login_failed, user.locked and user.login with ip and user agent', async () => {
    const s = await signupCompany(ctx);
    await failTimes(s.email, 5);
    await login(ctx, s.email, s.password, { ip: '10.9.8.7', userAgent: 'Brute/1.0' }); // refused: locked
    ctx.fakeClock?.advance(LOCKOUT_MS);
    await login(ctx, s.email, s.password, { ip: '10.9.8.8', userAgent: 'Real/2.0' });

    const events = (await auditOf(ctx, s.userId)).filter(
      (e) => e.action !== 'user.signup' && e.action !== 'company.created',
    );
    const count = (action: string) => events.filter((e) => e.action === action).length;
    expect(events).toHaveLength(8);
    expect([count('user.login_failed'), count('user.locked'), count('user.login')]).toEqual([6, 1, 1]);
    const brute = events.filter((e) => e.action !== 'user.login');
    for (const e of brute) {
      expect(e).toMatchObject({
        company_id: s.companyId,
        target_id: s.userId,
        ip: '10.9.8.7',
        user_agent: 'Brute/1.0',
      });
    }
    const reasons = brute
      .map((e) => e.metadata?.reason)
      .filter(Boolean)
      .sort();
    expect(reasons).toEqual([
      'bad_password',
      'bad_password',
      'bad_password',
      'bad_password',
      'bad_password',
      'locked',
    ]);
    expect(
      brute
        .map((e) => e.metadata?.failures)
        .filter(Boolean)
        .sort(),
    ).toEqual([1, 2, 3, 4, 5]);
    expect(events.find((e) => e.action === 'user.locked')?.metadata).toEqual({ minutes: 30 });
    expect(events.find((e) => e.action === 'user.login')).toMatchObject({
      actor_user_id: s.userId,
      ip: '10.9.8.8',
      user_agent: 'Real/2.0',
    });
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

  it('failures while locked do not extend the lock', async () => {
    const s = await signupCompany(ctx);
    await failTimes(s.email, 5);
    ctx.fakeClock?.advance(20 * MINUTE);
    await failTimes(s.email, 3);
    ctx.fakeClock?.advance(10 * MINUTE);
    expect((await login(ctx, s.email, s.password)).res.status).toBe(200);
  });
});
