// Two-factor sign-in with TOTP, as an authenticator app would answer it (codes made by the `otpauth`
// library from the key the enrolment shows): enrolment confirmed by a code, a second step at sign-in,
// codes accepted once, recovery codes once each, turning it off with the password; all audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { auditOf, enrolTwoFactor, totpAt } from './accounts.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx?.close());

const codeAt = totpAt;

async function signIn(email: string, password: string) {
  const client = new Client(ctx.app);
  const res = await client.post<{ csrfToken?: string; twoFactorRequired?: boolean; challenge?: string }>(
    '/api/v1/sessions',
    { email, password },
  );
  return { client, res };
}

async function enrolled() {
  const s = await signupCompany(ctx);
  return { ...s, ...(await enrolTwoFactor(ctx, s.client)) };
}

describe('two-factor sign-in (TOTP)', () => {
  it('enrols with a key and QR code, confirmed by a code; a wrong code changes nothing', async () => {
    const s = await signupCompany(ctx);
    expect((await s.client.get('/api/v1/me/two-factor')).body).toEqual({
      enabled: false,
      enabledAt: null,
      recoveryCodesLeft: 0,
    });
    const setup = await s.client.post<{ secret: string; otpauthUrl: string; qrDataUrl: string }>(
      '/api/v1/me/two-factor/setup',
    );
    expect(setup.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.body.otpauthUrl).toMatch(/^otpauth:\/\/totp\/YouAreCoder:.*secret=[A-Z2-7]+/);
    expect(setup.body.qrDataUrl).toMatch(/^data:image\/png;base64,/);
    const wrong = await s.client.post<{ fields: Record<string, string> }>('/api/v1/me/two-factor/enable', {
      code: '000000',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toHaveProperty('code');
    expect((await s.client.get<{ enabled: boolean }>('/api/v1/me/two-factor')).body.enabled).toBe(false);

    const on = await s.client.post<{ recoveryCodes: string[] }>('/api/v1/me/two-factor/enable', {
      code: codeAt(setup.body.secret, ctx.clock.now()),
    });
    expect(on.body.recoveryCodes).toHaveLength(10);
    expect(new Set(on.body.recoveryCodes).size).toBe(10);
    for (const c of on.body.recoveryCodes) expect(c).toMatch(/^[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4}$/);
    expect((await s.client.get('/api/v1/me/two-factor')).body).toMatchObject({
      enabled: true,
      recoveryCodesLeft: 10,
    });
    // Only hashes are kept.
    const stored = await ctx.deps.database.pool.query(
      'select code_hash from recovery_codes where user_id = $1',
      [s.userId],
    );
    for (const row of stored.rows) expect(on.body.recoveryCodes).not.toContain(row.code_hash);
  });

  it('asks for a code after the password, opens the session only with a right one, never twice', async () => {
    const u = await enrolled();
    ctx.fakeClock?.advance(60_000);
    const first = await signIn(u.email, u.password);
    expect(first.res.status).toBe(200);
    expect(first.res.body).toMatchObject({ twoFactorRequired: true });
    expect(first.res.body.csrfToken).toBeUndefined();
    expect(first.res.raw.cookies.find((c) => c.name === 'yac_session')).toBeUndefined();
    const challenge = first.res.body.challenge as string;

    const bad = await first.client.post('/api/v1/sessions/two-factor', { challenge, code: '123456' });
    expect([bad.status, bad.body.code]).toEqual([401, 'INVALID_CREDENTIALS']);
    const code = codeAt(u.secret, ctx.clock.now());
    const good = await first.client.post<{ csrfToken: string }>('/api/v1/sessions/two-factor', {
      challenge,
      code,
    });
    expect(good.status).toBe(200);
    expect((await first.client.get('/api/v1/me')).status).toBe(200);

    // The same code again (a replay), even on a fresh challenge: refused.
    const again = await signIn(u.email, u.password);
    const replay = await again.client.post('/api/v1/sessions/two-factor', {
      challenge: again.res.body.challenge,
      code,
    });
    expect(replay.status).toBe(401);
    // A used challenge is spent.
    ctx.fakeClock?.advance(30_000);
    expect(
      (
        await first.client.post('/api/v1/sessions/two-factor', {
          challenge,
          code: codeAt(u.secret, ctx.clock.now()),
        })
      ).status,
    ).toBe(401);
  });

  it('spends a challenge after 5 wrong codes, and after 5 minutes', async () => {
    const u = await enrolled();
    const a = await signIn(u.email, u.password);
    for (let i = 0; i < 5; i++)
      await a.client.post('/api/v1/sessions/two-factor', { challenge: a.res.body.challenge, code: '111111' });
    ctx.fakeClock?.advance(30_000);
    const late = await a.client.post('/api/v1/sessions/two-factor', {
      challenge: a.res.body.challenge,
      code: codeAt(u.secret, ctx.clock.now()),
    });
    expect(late.status).toBe(401);

    const b = await signIn(u.email, u.password);
    ctx.fakeClock?.advance(5 * 60_000 + 1000);
    const expired = await b.client.post('/api/v1/sessions/two-factor', {
      challenge: b.res.body.challenge,
      code: codeAt(u.secret, ctx.clock.now()),
    });
    expect(expired.status).toBe(401);
  });

  it('takes each recovery code once (typed in any case, with or without dashes)', async () => {
    const u = await enrolled();
    const code = u.recoveryCodes[0] as string;
    const a = await signIn(u.email, u.password);
    const ok = await a.client.post('/api/v1/sessions/two-factor', {
      challenge: a.res.body.challenge,
      recoveryCode: ` ${code.replace(/-/g, '').toUpperCase()} `,
    });
    expect(ok.status).toBe(200);
    const b = await signIn(u.email, u.password);
    const twice = await b.client.post('/api/v1/sessions/two-factor', {
      challenge: b.res.body.challenge,
      recoveryCode: code,
    });
    expect(twice.status).toBe(401);
    expect((await a.client.get('/api/v1/me/two-factor')).body).toMatchObject({ recoveryCodesLeft: 9 });
    const actions = (await auditOf(ctx, u.userId)).map((e) => e.action);
    expect(actions).toContain('user.2fa_enabled');
    expect(actions).toContain('user.2fa_recovery_used');
  });

  it('turns off only with the password; sign-in is then one step again', async () => {
    const u = await enrolled();
    const wrong = await u.client.post('/api/v1/me/two-factor/disable', { password: 'not the password 1' });
    expect(wrong.status).toBe(400);
    expect((await u.client.get<{ enabled: boolean }>('/api/v1/me/two-factor')).body.enabled).toBe(true);
    expect((await u.client.post('/api/v1/me/two-factor/disable', { password: u.password })).status).toBe(200);
    const plain = await signIn(u.email, u.password);
    expect(typeof plain.res.body.csrfToken).toBe('string');
    expect((await auditOf(ctx, u.userId)).map((e) => e.action)).toContain('user.2fa_disabled');
  });
});
