import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { bearerClient, login } from './accounts.test-helpers.ts';

describe('per-IP rate limit on sign-in, signup and reset', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext({ env: { RATE_LIMIT_AUTH_PER_MINUTE: '3' } });
  });
  afterAll(() => ctx.close());

  it('the 4th login from one IP gets 429 RATE_LIMITED while another IP still passes', async () => {
    const s = await signupCompany(ctx);
    const ip = '198.51.100.1';
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await login(ctx, s.email, s.password, { ip })).res.status);
    expect(statuses).toEqual([200, 200, 200]);
    const fourth = (await login(ctx, s.email, s.password, { ip })).res;
    expect(fourth.status).toBe(429);
    expect(fourth.body.code).toBe('RATE_LIMITED');
    expect(typeof fourth.body.message).toBe('string');
    expect(fourth.raw.cookies.find((c) => c.name === 'yac_session')).toBeUndefined();
    expect((await login(ctx, s.email, s.password, { ip: '198.51.100.2' })).res.status).toBe(200);
  });

  it('limits password reset requests and signups per IP too', async () => {
    const reset = new Client(ctx.app, '198.51.100.3');
    const resets = [];
    for (let i = 0; i < 4; i++)
      resets.push((await reset.post('/api/v1/password-resets', { email: `r${i}@example.com` })).status);
    expect(resets).toEqual([202, 202, 202, 429]);
    expect(
      (await new Client(ctx.app, '198.51.100.4').post('/api/v1/password-resets', { email: 'r@example.com' }))
        .status,
    ).toBe(202);

    const signup = new Client(ctx.app, '198.51.100.5');
    const bodies = [0, 1, 2, 3].map((i) => ({
      companyName: `Limited ${i}`,
      fullName: 'Lim Ited',
      email: `limited-${i}-${Date.now()}@example.com`,
      password: 'a sturdy passphrase 42',
      acceptTerms: true,
    }));
    const signups = [];
    for (const b of bodies) signups.push((await signup.post('/api/v1/signup', b)).status);
    expect(signups).toEqual([201, 201, 201, 429]);
  });

  it('limits guessing the current password through a password change', async () => {
    const s = await signupCompany(ctx);
    const statuses = [];
    for (let i = 0; i < 4; i++) {
      statuses.push(
        (
          await s.client.post('/api/v1/me/password', {
            currentPassword: `guess ${i}`,
            newPassword: 'another sturdy one 5',
          })
        ).status,
      );
    }
    expect(statuses).toEqual([400, 400, 400, 429]);
  });

  it('wrong-password attempts count too', async () => {
    const ip = '198.51.100.6';
    const statuses = [];
    for (let i = 0; i < 4; i++)
      statuses.push((await login(ctx, 'who@example.com', 'whatever it is', { ip })).res.status);
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('bad input never gets a 500', () => {
  let ctx: TestContext;
  beforeAll(async () => {
    ctx = await createTestContext();
  });
  afterAll(() => ctx.close());

  const raw = (
    method: 'POST' | 'PATCH' | 'DELETE' | 'GET',
    url: string,
    payload: string | undefined,
    headers: Record<string, string>,
  ) => ctx.app.inject({ method, url, payload, headers });

  it('answers malformed JSON with 400', async () => {
    for (const body of ['{', '{"email":', 'nul', '{"email": "a@b.co",}', '\u0000']) {
      const res = await raw('POST', '/api/v1/sessions', body, { 'content-type': 'application/json' });
      expect(res.statusCode, body).toBe(400);
      expect(res.json().code).toBe('BAD_REQUEST');
    }
  });

  it('answers wrong types and shapes with 400 naming the field', async () => {
    const c = new Client(ctx.app);
    for (const [body, field] of [
      [{ email: 42, password: 'x' }, 'email'],
      [{ email: 'a@b.co', password: ['x'] }, 'password'],
      [{ email: 'a@b.co', password: 'x', remember: 'yes' }, 'remember'],
      [{ email: { $ne: null }, password: 'x' }, 'email'],
      [{ email: 'a@b.co' }, 'password'],
    ] as const) {
      const res = await c.post('/api/v1/sessions', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.fields, JSON.stringify(body)).toHaveProperty(field);
    }
    for (const body of [null, [], 'just a string', 7]) {
      const res = await raw('POST', '/api/v1/sessions', JSON.stringify(body), {
        'content-type': 'application/json',
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
  });

  it('answers huge strings with 400 or 413, never 500', async () => {
    const c = new Client(ctx.app);
    const big = 'a'.repeat(100_000);
    for (const [url, body] of [
      ['/api/v1/sessions', { email: `${big}@example.com`, password: 'x' }],
      ['/api/v1/sessions', { email: 'a@example.com', password: big }],
      ['/api/v1/password-resets', { email: `${big}@example.com` }],
      ['/api/v1/password-resets/confirm', { token: big, password: big }],
      ['/api/v1/verify-email', { token: big }],
    ] as const) {
      const res = await c.post(url, body);
      expect(res.status, url).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    const huge = await raw(
      'POST',
      '/api/v1/sessions',
      JSON.stringify({ email: 'a@b.co', password: 'x'.repeat(2_000_000) }),
      {
        'content-type': 'application/json',
      },
    );
    expect(huge.statusCode).toBe(413);
    expect(huge.json().code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('answers an unsupported content type with 415, a text body with 400', async () => {
    const xml = await raw('POST', '/api/v1/sessions', '<email/>', { 'content-type': 'application/xml' });
    expect(xml.statusCode).toBe(415);
    expect(xml.json().code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(
      (await raw('POST', '/api/v1/sessions', 'email=a', { 'content-type': 'text/plain' })).statusCode,
    ).toBe(400);
  });

  it('refuses NUL and other control characters in stored text with 400, not a database error', async () => {
    const s = await signupCompany(ctx);
    const cases: [string, string, Record<string, unknown>, string][] = [
      ['PATCH', '/api/v1/me', { fullName: 'Null\u0000Byte' }, 'fullName'],
      ['POST', '/api/v1/api-tokens', { name: 'tok\u0000en' }, 'name'],
    ];
    for (const [method, url, body, field] of cases) {
      const res = await s.client.request(method as 'POST', url, body);
      expect(res.status, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(res.body.fields).toHaveProperty(field);
    }
    const c = new Client(ctx.app);
    for (const [url, body] of [
      ['/api/v1/sessions', { email: 'a\u0000@example.com', password: 'p\u0000ss' }],
      ['/api/v1/sessions', { email: 'a@example.com', password: 'p\u0000ssword' }],
      ['/api/v1/password-resets', { email: 'a\u0000@example.com' }],
      [
        '/api/v1/password-resets/confirm',
        { token: 't\u0000'.repeat(10), password: 'p\u0000ssword-long-enough' },
      ],
      ['/api/v1/verify-email', { token: 't\u0000'.repeat(10) }],
    ] as const) {
      const res = await c.post(url, body);
      expect(res.status, `${url} ${JSON.stringify(body)}`).toBeLessThan(500);
    }
  });

  it('answers bad path parameters and odd credentials with 4xx', async () => {
    const s = await signupCompany(ctx);
    const long = (await s.client.del(`/api/v1/sessions/${'x'.repeat(500)}`)).status;
    expect(long >= 400 && long < 500).toBe(true);
    expect((await s.client.del('/api/v1/sessions/%00')).status).toBeLessThan(500);
    expect((await s.client.del('/api/v1/api-tokens/%00')).status).toBeLessThan(500);
    expect((await bearerClient(ctx, 'x'.repeat(10_000)).get('/api/v1/me')).status).toBe(401);
    const junk = new Client(ctx.app);
    junk.cookie = '%ZZ\u00e7';
    expect((await junk.get('/api/v1/me')).status).toBe(401);
    const csrfArray = await s.client.request(
      'PATCH',
      '/api/v1/me',
      { fullName: 'A', _csrf: 123 },
      { csrf: false },
    );
    expect(csrfArray.status).toBe(403);
    const twoTokens = await s.client.request(
      'PATCH',
      '/api/v1/me',
      `fullName=A&_csrf=${s.client.csrf}&_csrf=${s.client.csrf}`,
      { csrf: false, headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    );
    expect(twoTokens.status).toBe(403);
  });
});
