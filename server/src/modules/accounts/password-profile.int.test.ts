import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { auditOf, bearerClient, login, mailTo } from './accounts.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx.close());

const NEXT = 'another sturdy passphrase 9';

describe('POST /api/v1/me/password', () => {
  it('needs the current password', async () => {
    const s = await signupCompany(ctx);
    const res = await s.client.post('/api/v1/me/password', {
      currentPassword: 'not my password',
      newPassword: NEXT,
    });
    expect(res.status).toBe(400);
    expect(res.body.fields).toHaveProperty('currentPassword');
    expect((await login(ctx, s.email, NEXT)).res.status).toBe(401);
    expect((await login(ctx, s.email, s.password)).res.status).toBe(200);
  });

  it('ends the other sessions and keeps the current one; the new password works, the old does not', async () => {
    const s = await signupCompany(ctx);
    const other = (await login(ctx, s.email, s.password, { remember: true })).client;
    const res = await s.client.post('/api/v1/me/password', {
      currentPassword: s.password,
      newPassword: NEXT,
    });
    expect(res.status).toBe(200);
    expect((await s.client.get('/api/v1/me')).status).toBe(200);
    expect((await other.get('/api/v1/me')).status).toBe(401);
    expect((await login(ctx, s.email, s.password)).res.status).toBe(401);
    expect((await login(ctx, s.email, NEXT)).res.status).toBe(200);

    const changed = (await auditOf(ctx, s.userId)).find((e) => e.action === 'user.password_changed');
    expect(changed?.metadata).toEqual({ otherSessionsRevoked: 1, tokensRevoked: 0 });
    const alert = await mailTo(ctx, s.email, 'Security alert');
    expect(alert.text).toContain('password of your account was changed');
  });

  it('refuses a weak, common or too short new password with a field error and changes nothing', async () => {
    const s = await signupCompany(ctx);
    for (const weak of ['password123', 'zzzzzzzzzzzz', 'short']) {
      const res = await s.client.post('/api/v1/me/password', {
        currentPassword: s.password,
        newPassword: weak,
      });
      expect(res.status, weak).toBe(400);
      expect(res.body.fields, weak).toHaveProperty('newPassword');
    }
    expect((await login(ctx, s.email, s.password)).res.status).toBe(200);
  });

  it('is refused to an API token; a change made signed in revokes every API token', async () => {
    const s = await signupCompany(ctx);
    const { token } = (await s.client.post<{ token: string }>('/api/v1/api-tokens', { name: 'cli' })).body;
    const api = bearerClient(ctx, token);
    expect(
      (await api.post('/api/v1/me/password', { currentPassword: s.password, newPassword: NEXT })).status,
    ).toBe(403);
    expect((await api.get('/api/v1/me')).status).toBe(200);
    expect(
      (await s.client.post('/api/v1/me/password', { currentPassword: s.password, newPassword: NEXT })).status,
    ).toBe(200);
    // Made with the old password, the token may be what leaked: it ends with it.
    expect((await api.get('/api/v1/me')).status).toBe(401);
    expect((await s.client.get<{ tokens: unknown[] }>('/api/v1/api-tokens')).body.tokens).toEqual([]);
  });
});

describe('PATCH /api/v1/me', () => {
  it('changes name and locale and audits the diff', async () => {
    const s = await signupCompany(ctx);
    const before = (await s.client.get<{ user: { fullName: string; locale: string } }>('/api/v1/me')).body
      .user;
    const res = await s.client.patch('/api/v1/me', { fullName: '  Zeynep Çelik  ', locale: 'tr' });
    expect(res.status).toBe(200);
    const after = (await s.client.get<{ user: { fullName: string; locale: string } }>('/api/v1/me')).body
      .user;
    expect(after).toMatchObject({ fullName: 'Zeynep Çelik', locale: 'tr' });

    const ev = (await auditOf(ctx, s.userId)).find((e) => e.action === 'user.profile_updated');
    expect(ev?.diff).toEqual({
      fullName: { from: before.fullName, to: 'Zeynep Çelik' },
      locale: { from: before.locale, to: 'tr' },
    });
    expect(ev).toMatchObject({ actor_user_id: s.userId, target_id: s.userId, ip: '127.0.0.1' });
  });

  it('records only what changed, and nothing when nothing changed', async () => {
    const s = await signupCompany(ctx);
    expect((await s.client.patch('/api/v1/me', { locale: 'en' })).status).toBe(200);
    expect((await auditOf(ctx, s.userId)).filter((e) => e.action === 'user.profile_updated')).toHaveLength(0);
    await s.client.patch('/api/v1/me', { locale: 'tr' });
    const events = (await auditOf(ctx, s.userId)).filter((e) => e.action === 'user.profile_updated');
    expect(events.map((e) => e.diff)).toEqual([{ locale: { from: 'en', to: 'tr' } }]);
  });

  it('refuses an empty patch, an unknown locale and a blank name with 400', async () => {
    const s = await signupCompany(ctx);
    for (const [body, field] of [
      [{}, 'body'],
      [{ locale: 'de' }, 'locale'],
      [{ fullName: '   ' }, 'fullName'],
      [{ fullName: 'x'.repeat(121) }, 'fullName'],
    ] as const) {
      const res = await s.client.patch('/api/v1/me', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.fields, JSON.stringify(body)).toHaveProperty(field);
    }
  });

  it('needs a sign-in', async () => {
    const s = await signupCompany(ctx);
    s.client.cookie = undefined;
    const res = await s.client.patch('/api/v1/me', { fullName: 'Anon' });
    expect(res.status).toBe(401);
  });
});
