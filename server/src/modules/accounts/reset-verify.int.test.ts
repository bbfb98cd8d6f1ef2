import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { linkIn, tokenFrom } from '../../../test/smtp-sink.ts';
import { HOUR } from '../../platform/clock.ts';
import { auditOf, login, mailTo } from './accounts.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx.close());

const NEW_PASSWORD = 'brand new passphrase 77';

async function verifyToken(email: string): Promise<string> {
  return tokenFrom(linkIn(await mailTo(ctx, email, 'Confirm your email'), '/verify-email?token='));
}

async function requestReset(email: string): Promise<string> {
  const res = await new Client(ctx.app).post('/api/v1/password-resets', { email });
  expect(res.status).toBe(202);
  const mails = () => ctx.smtp.to(email).filter((m) => m.subject?.includes('Reset your'));
  const before = mails().length;
  await ctx.runJobs();
  await ctx.smtp.waitFor(() => mails().length > before);
  return tokenFrom(
    linkIn(mails().at(-1) as NonNullable<ReturnType<typeof mails>[number]>, '/reset-password?token='),
  );
}

const confirm = (token: string, password: string) =>
  new Client(ctx.app).post('/api/v1/password-resets/confirm', { token, password });

describe('email verification', () => {
  it('the link works once', async () => {
    const s = await signupCompany(ctx);
    const token = await verifyToken(s.email);
    const anon = new Client(ctx.app);
    expect((await anon.post('/api/v1/verify-email', { token })).status).toBe(200);
    const again = await anon.post('/api/v1/verify-email', { token });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('TOKEN_INVALID');
    expect(
      (await s.client.get<{ user: { emailVerified: boolean } }>('/api/v1/me')).body.user.emailVerified,
    ).toBe(true);
    expect((await auditOf(ctx, s.userId)).map((e) => e.action)).toContain('user.email_verified');
  });

  it('expires after 24 hours', async () => {
    const s = await signupCompany(ctx);
    const token = await verifyToken(s.email);
    ctx.fakeClock?.advance(24 * HOUR);
    const res = await new Client(ctx.app).post('/api/v1/verify-email', { token });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('TOKEN_INVALID');
    const fresh = await login(ctx, s.email, s.password);
    expect(
      (await fresh.client.get<{ user: { emailVerified: boolean } }>('/api/v1/me')).body.user.emailVerified,
    ).toBe(false);
  });

  it('is still valid just before 24 hours', async () => {
    const s = await signupCompany(ctx);
    const token = await verifyToken(s.email);
    ctx.fakeClock?.advance(24 * HOUR - 1000);
    expect((await new Client(ctx.app).post('/api/v1/verify-email', { token })).status).toBe(200);
  });

  it('a resent link replaces the old one; resending after verification is a conflict', async () => {
    const s = await signupCompany(ctx);
    const first = await verifyToken(s.email);
    expect((await s.client.post('/api/v1/me/verification-email')).status).toBe(200);
    await ctx.runJobs();
    await ctx.smtp.waitFor(
      () => ctx.smtp.to(s.email).filter((m) => m.subject?.includes('Confirm your email')).length === 2,
    );
    const second = tokenFrom(
      linkIn(
        ctx.smtp.to(s.email).filter((m) => m.subject?.includes('Confirm your email'))[1] as never,
        '/verify-email?token=',
      ),
    );
    expect(second).not.toBe(first);
    expect((await new Client(ctx.app).post('/api/v1/verify-email', { token: first })).status).toBe(400);
    expect((await new Client(ctx.app).post('/api/v1/verify-email', { token: second })).status).toBe(200);
    const again = await s.client.post('/api/v1/me/verification-email');
    expect(again.status).toBe(409);
  });

  it('a made-up token is TOKEN_INVALID, a too short one a field error', async () => {
    const made = await new Client(ctx.app).post('/api/v1/verify-email', { token: 'x'.repeat(43) });
    expect(made.status).toBe(400);
    expect(made.body.code).toBe('TOKEN_INVALID');
    const short = await new Client(ctx.app).post('/api/v1/verify-email', { token: 'abc' });
    expect(short.status).toBe(400);
    expect(short.body.code).toBe('VALIDATION_FAILED');
    expect(short.body.fields).toHaveProperty('token');
  });
});

describe('password reset', () => {
  it('answers 202 the same for a known and an unknown email, and mails only the known one', async () => {
    const s = await signupCompany(ctx);
    const unknown = `nobody-${Date.now()}@example.com`;
    const a = await new Client(ctx.app).post('/api/v1/password-resets', { email: s.email });
    const b = await new Client(ctx.app).post('/api/v1/password-resets', { email: unknown });
    expect(a.status).toBe(202);
    expect(b.status).toBe(202);
    expect(b.body).toEqual(a.body);
    await mailTo(ctx, s.email, 'Reset your');
    expect(ctx.smtp.to(unknown)).toHaveLength(0);
  });

  it('the link sets a new password once, ends every session, and the old password stops working', async () => {
    const s = await signupCompany(ctx);
    const other = (await login(ctx, s.email, s.password, { remember: true })).client;
    const token = await requestReset(s.email);
    const res = await confirm(token, NEW_PASSWORD);
    expect(res.status).toBe(200);

    expect((await s.client.get('/api/v1/me')).status).toBe(401);
    expect((await other.get('/api/v1/me')).status).toBe(401);
    const { rows } = await ctx.deps.database.pool.query(
      'select count(*)::int as n from sessions where user_id = $1 and revoked_at is null',
      [s.userId],
    );
    expect(rows[0].n).toBe(0);

    expect((await login(ctx, s.email, s.password)).res.status).toBe(401);
    expect((await login(ctx, s.email, NEW_PASSWORD)).res.status).toBe(200);

    const reuse = await confirm(token, 'yet another passphrase 1');
    expect(reuse.status).toBe(400);
    expect(reuse.body.code).toBe('TOKEN_INVALID');
    expect((await login(ctx, s.email, NEW_PASSWORD)).res.status).toBe(200);

    const actions = (await auditOf(ctx, s.userId)).map((e) => e.action);
    expect(actions).toContain('user.password_reset_requested');
    expect(actions).toContain('user.password_reset');
    const alert = await mailTo(ctx, s.email, 'Security alert');
    expect(alert.text).toContain('reset');
  });

  it('expires after 1 hour', async () => {
    const s = await signupCompany(ctx);
    const token = await requestReset(s.email);
    ctx.fakeClock?.advance(HOUR);
    const res = await confirm(token, NEW_PASSWORD);
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('TOKEN_INVALID');
    expect((await login(ctx, s.email, s.password)).res.status).toBe(200);
  });

  it('refuses a weak or common password with a field error without using up the link', async () => {
    const s = await signupCompany(ctx);
    const token = await requestReset(s.email);
    for (const weak of ['password123', 'aaaaaaaaaaaa', `${s.email.split('@')[0]}-2024!`]) {
      const res = await confirm(token, weak);
      expect(res.status, weak).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.fields, weak).toHaveProperty('password');
    }
    const short = await confirm(token, 'short');
    expect(short.status).toBe(400);
    expect(short.body.fields).toHaveProperty('password');
    // The link still works after all that.
    expect((await confirm(token, NEW_PASSWORD)).status).toBe(200);
    expect((await login(ctx, s.email, NEW_PASSWORD)).res.status).toBe(200);
  });

  it('a newer link replaces the older one', async () => {
    const s = await signupCompany(ctx);
    const first = await requestReset(s.email);
    const second = await requestReset(s.email);
    expect((await confirm(first, NEW_PASSWORD)).status).toBe(400);
    expect((await confirm(second, NEW_PASSWORD)).status).toBe(200);
  });

  it('lifts the wait of an address that failed too often', async () => {
    const s = await signupCompany(ctx);
    for (let i = 0; i < 5; i++) await login(ctx, s.email, 'wrong wrong wrong 1');
    expect((await login(ctx, s.email, s.password)).res.status).toBe(429);
    const token = await requestReset(s.email);
    expect((await confirm(token, NEW_PASSWORD)).status).toBe(200);
    expect((await login(ctx, s.email, NEW_PASSWORD)).res.status).toBe(200);
  });
});
