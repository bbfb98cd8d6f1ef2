import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { DAY } from '../../platform/clock.ts';
import { auditOf, login } from './accounts.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx.close());

describe('POST /api/v1/sessions (sign in)', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie, not Secure on http, and records the login', async () => {
    const s = await signupCompany(ctx);
    const { client, res } = await login(ctx, s.email, s.password, {
      ip: '10.1.2.3',
      userAgent: 'TestAgent/1.0',
    });
    expect(res.status).toBe(200);
    expect(typeof res.body.csrfToken).toBe('string');
    const cookie = res.raw.cookies.find((c) => c.name === 'yac_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.path).toBe('/');
    expect(cookie?.secure).toBeFalsy();
    expect((await client.get('/api/v1/me')).status).toBe(200);

    const events = await auditOf(ctx, s.userId);
    const ev = events.find((e) => e.action === 'user.login');
    expect(ev).toMatchObject({
      company_id: s.companyId,
      actor_user_id: s.userId,
      ip: '10.1.2.3',
      user_agent: 'TestAgent/1.0',
    });
  });

  it('accepts the email in any case and with spaces around it', async () => {
    const s = await signupCompany(ctx);
    const { res } = await login(ctx, `  ${s.email.toUpperCase()} `, s.password);
    expect(res.status).toBe(200);
  });

  it('answers a wrong password and an unknown email identically', async () => {
    const s = await signupCompany(ctx);
    const wrong = (await login(ctx, s.email, 'not the password at all')).res;
    const unknown = (await login(ctx, `nobody-${Date.now()}@example.com`, 'not the password at all')).res;
    expect(wrong.status).toBe(401);
    expect(unknown.status).toBe(wrong.status);
    expect(unknown.body.code).toBe('INVALID_CREDENTIALS');
    expect(unknown.body.code).toBe(wrong.body.code);
    expect(unknown.body.message).toBe(wrong.body.message);
    expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(wrong.body).sort());
    expect(wrong.raw.cookies.find((c) => c.name === 'yac_session')).toBeUndefined();
  });

  it('remember=true gives a persistent cookie lasting the remember period; otherwise a browser-session cookie', async () => {
    const s = await signupCompany(ctx);
    const now = ctx.clock.now().getTime();
    const remembered = (await login(ctx, s.email, s.password, { remember: true })).res.raw.cookies.find(
      (c) => c.name === 'yac_session',
    );
    expect(remembered?.expires).toBeInstanceOf(Date);
    // Cookie dates have whole seconds.
    const lifetime = (remembered?.expires?.getTime() ?? 0) - now;
    expect(Math.abs(lifetime - ctx.config.SESSION_REMEMBER_DAYS * DAY)).toBeLessThanOrEqual(1000);

    for (const remember of [false, undefined]) {
      const c = (await login(ctx, s.email, s.password, { remember })).res.raw.cookies.find(
        (k) => k.name === 'yac_session',
      );
      expect(c?.value).toBeTruthy();
      expect(c?.expires).toBeUndefined();
      expect(c?.maxAge).toBeUndefined();
    }
  });

  it('a short session ends on the server after SESSION_TTL_HOURS even if the browser keeps the cookie', async () => {
    const s = await signupCompany(ctx);
    const { client } = await login(ctx, s.email, s.password);
    ctx.fakeClock?.advance(ctx.config.SESSION_TTL_HOURS * 3_600_000 + 1000);
    expect((await client.get('/api/v1/me')).status).toBe(401);
  });
});

describe('Secure cookie on https', () => {
  it('marks the cookie Secure, with the __Host- prefix, when PUBLIC_URL is https', async () => {
    const https = await createTestContext({ env: { PUBLIC_URL: 'https://yac.example' } });
    try {
      const s = await signupCompany(https);
      const { res } = await login(https, s.email, s.password);
      expect(res.status).toBe(200);
      const cookie = res.raw.cookies.find((c) => c.name === '__Host-yac_session');
      expect(cookie?.secure).toBe(true);
      expect(cookie?.httpOnly).toBe(true);
    } finally {
      await https.close();
    }
  });
});

describe('sign out and session management', () => {
  it('DELETE /sessions/current revokes the session: the old cookie then gets 401', async () => {
    const s = await signupCompany(ctx);
    const { client } = await login(ctx, s.email, s.password);
    const oldCookie = client.cookie;
    const out = await client.del('/api/v1/sessions/current');
    expect(out.status).toBe(200);
    expect(out.raw.cookies.find((c) => c.name === 'yac_session')?.value).toBe('');

    const replay = new Client(ctx.app);
    replay.cookie = oldCookie;
    const me = await replay.get('/api/v1/me');
    expect(me.status).toBe(401);
    expect(me.body.code).toBe('UNAUTHENTICATED');
    expect((await auditOf(ctx, s.userId)).map((e) => e.action)).toContain('user.logout');
  });

  it('GET /sessions lists live sessions with the current one flagged; DELETE /sessions/:id ends another', async () => {
    const s = await signupCompany(ctx);
    const a = (await login(ctx, s.email, s.password, { ip: '10.0.0.1', userAgent: 'Laptop' })).client;
    const b = (await login(ctx, s.email, s.password, { ip: '10.0.0.2', userAgent: 'Phone' })).client;

    type List = { sessions: { id: string; current: boolean; ip: string | null; userAgent: string | null }[] };
    const list = await a.get<List>('/api/v1/sessions');
    expect(list.status).toBe(200);
    // The signup session plus the two logins.
    expect(list.body.sessions).toHaveLength(3);
    const current = list.body.sessions.filter((x) => x.current);
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ ip: '10.0.0.1', userAgent: 'Laptop' });
    const phone = list.body.sessions.find((x) => x.userAgent === 'Phone');
    expect(phone?.current).toBe(false);
    expect(JSON.stringify(list.body)).not.toMatch(/token|csrf/i);

    expect((await a.del(`/api/v1/sessions/${phone?.id}`)).status).toBe(200);
    expect((await b.get('/api/v1/me')).status).toBe(401);
    expect((await a.get('/api/v1/me')).status).toBe(200);
    const after = await a.get<List>('/api/v1/sessions');
    expect(after.body.sessions.map((x) => x.id)).not.toContain(phone?.id);

    // Revoking it again, or a made-up id, is a 404.
    expect((await a.del(`/api/v1/sessions/${phone?.id}`)).status).toBe(404);
    expect((await a.del('/api/v1/sessions/ses_doesnotexist')).status).toBe(404);
  });

  it("another user's session answers 404 and stays alive", async () => {
    const mine = await signupCompany(ctx);
    const theirs = await signupCompany(ctx);
    const other = (await login(ctx, theirs.email, theirs.password)).client;
    const ids = (await other.get<{ sessions: { id: string }[] }>('/api/v1/sessions')).body.sessions.map(
      (x) => x.id,
    );
    for (const id of ids) {
      const res = await mine.client.del(`/api/v1/sessions/${id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    expect((await other.get('/api/v1/me')).status).toBe(200);
  });
});

describe('CSRF protection of cookie sessions', () => {
  it('refuses a mutating request without the x-csrf-token header with 403 CSRF_FAILED', async () => {
    const s = await signupCompany(ctx);
    const res = await s.client.request(
      'PATCH',
      '/api/v1/me',
      { fullName: 'Changed Without Token' },
      { csrf: false },
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('CSRF_FAILED');
    const me = await s.client.get<{ user: { fullName: string } }>('/api/v1/me');
    expect(me.body.user.fullName).not.toBe('Changed Without Token');
  });

  it('refuses a wrong token, and another session’s token', async () => {
    const s = await signupCompany(ctx);
    const other = (await login(ctx, s.email, s.password)).client;
    for (const token of ['wrong-token', other.csrf as string]) {
      const res = await s.client.request(
        'PATCH',
        '/api/v1/me',
        { fullName: 'X' },
        { csrf: false, headers: { 'x-csrf-token': token } },
      );
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('CSRF_FAILED');
    }
  });

  it('refuses before looking at the body: a bad body without a token is still 403, not 400', async () => {
    const s = await signupCompany(ctx);
    const res = await s.client.request('PATCH', '/api/v1/me', { fullName: 42 }, { csrf: false });
    expect(res.status).toBe(403);
  });

  it('accepts the _csrf field of an application/x-www-form-urlencoded body', async () => {
    const s = await signupCompany(ctx);
    const form = (fields: Record<string, string>) =>
      s.client.request('PATCH', '/api/v1/me', new URLSearchParams(fields).toString(), {
        csrf: false,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
    expect((await form({ fullName: 'Form Name' })).status).toBe(403);
    expect((await form({ fullName: 'Form Name', _csrf: 'nope' })).status).toBe(403);
    const ok = await form({ fullName: 'Form Name', _csrf: s.client.csrf as string });
    expect(ok.status).toBe(200);
    const me = await s.client.get<{ user: { fullName: string } }>('/api/v1/me');
    expect(me.body.user.fullName).toBe('Form Name');
  });

  it('needs no CSRF token for safe methods, nor for sign-in itself', async () => {
    const s = await signupCompany(ctx);
    expect((await s.client.get('/api/v1/sessions')).status).toBe(200);
    const fresh = new Client(ctx.app);
    expect(
      (
        await fresh.request(
          'POST',
          '/api/v1/sessions',
          { email: s.email, password: s.password },
          { csrf: false },
        )
      ).status,
    ).toBe(200);
  });
});
