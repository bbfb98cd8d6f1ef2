import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { DAY } from '../../platform/clock.ts';
import { hashSecret } from '../../platform/ids.ts';
import { auditOf, bearerClient, login } from './accounts.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx.close());

type Created = {
  id: string;
  name: string;
  prefix: string;
  token: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
};
type Listed = { tokens: Record<string, unknown>[] };

describe('API tokens', () => {
  it('POST /api-tokens shows the secret once; only its hash is stored', async () => {
    const s = await signupCompany(ctx);
    const res = await s.client.post<Created>('/api/v1/api-tokens', { name: 'CI deploy' });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^yac_[A-Za-z0-9_-]{30,}$/);
    expect(res.body.token.startsWith(res.body.prefix)).toBe(true);
    expect(res.body).toMatchObject({ name: 'CI deploy', expiresAt: null, lastUsedAt: null });

    const { rows } = await ctx.deps.database.pool.query('select * from api_tokens where id = $1', [
      res.body.id,
    ]);
    expect(rows).toHaveLength(1);
    const row = rows[0] as Record<string, unknown>;
    expect(row.token_hash).toBe(hashSecret(res.body.token));
    // The secret appears in no column.
    for (const v of Object.values(row)) expect(String(v)).not.toContain(res.body.token.slice(4));

    const list = await s.client.get<Listed>('/api/v1/api-tokens');
    expect(list.status).toBe(200);
    expect(list.body.tokens).toHaveLength(1);
    expect(Object.keys(list.body.tokens[0] as object).sort()).toEqual([
      'createdAt',
      'expiresAt',
      'id',
      'lastUsedAt',
      'name',
      'prefix',
      'scopes',
    ]);
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);

    expect((await auditOf(ctx, s.userId)).map((e) => e.action)).toContain('api_token.created');
  });

  it('a Bearer request acts as the user and needs no CSRF header', async () => {
    const s = await signupCompany(ctx);
    const { token } = (await s.client.post<Created>('/api/v1/api-tokens', { name: 'script' })).body;
    const api = bearerClient(ctx, token);
    const me = await api.get<{ user: { id: string }; auth: string; csrfToken: string | null }>('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ user: { id: s.userId }, auth: 'token', csrfToken: null });

    // The account itself is managed signed in, never by a token.
    const patch = await api.patch('/api/v1/me', { fullName: 'Renamed By Script' });
    expect(patch.status).toBe(403);

    const listed = await s.client.get<{ tokens: { lastUsedAt: string | null }[] }>('/api/v1/api-tokens');
    expect(listed.body.tokens[0]?.lastUsedAt).toBe(ctx.clock.now().toISOString());
  });

  it('accepts the scheme name in any case', async () => {
    const s = await signupCompany(ctx);
    const { token } = (await s.client.post<Created>('/api/v1/api-tokens', { name: 'curl' })).body;
    for (const scheme of ['bearer', 'BEARER', 'Bearer']) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: '/api/v1/me',
        headers: { authorization: `${scheme}  ${token}` },
      });
      expect(res.statusCode, scheme).toBe(200);
    }
    const basic = await ctx.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Basic ${token}` },
    });
    expect(basic.statusCode).toBe(401);
  });

  it('a token cannot sign out a session, and a wrong or malformed bearer is 401', async () => {
    const s = await signupCompany(ctx);
    const { token } = (await s.client.post<Created>('/api/v1/api-tokens', { name: 'x' })).body;
    expect((await bearerClient(ctx, token).del('/api/v1/sessions/current')).status).toBe(403);
    for (const bad of [`${token}x`, 'yac_nope', ' ']) {
      const res = await bearerClient(ctx, bad).get('/api/v1/me');
      expect(res.status).toBe(401);
      expect(res.body.code).toBe('UNAUTHENTICATED');
    }
  });

  it('revoking a token makes it answer 401 and drops it from the list', async () => {
    const s = await signupCompany(ctx);
    const t = (await s.client.post<Created>('/api/v1/api-tokens', { name: 'to revoke' })).body;
    const api = bearerClient(ctx, t.token);
    expect((await api.get('/api/v1/me')).status).toBe(200);
    expect((await s.client.del(`/api/v1/api-tokens/${t.id}`)).status).toBe(200);
    expect((await api.get('/api/v1/me')).status).toBe(401);
    expect((await s.client.get<Listed>('/api/v1/api-tokens')).body.tokens).toHaveLength(0);
    expect((await s.client.del(`/api/v1/api-tokens/${t.id}`)).status).toBe(404);
    expect((await auditOf(ctx, s.userId)).map((e) => e.action)).toContain('api_token.revoked');
  });

  it('honours expiresInDays: valid until then, 401 and unlisted after', async () => {
    const s = await signupCompany(ctx);
    const t = (await s.client.post<Created>('/api/v1/api-tokens', { name: 'week', expiresInDays: 7 })).body;
    expect(t.expiresAt).toBe(new Date(ctx.clock.now().getTime() + 7 * DAY).toISOString());
    const api = bearerClient(ctx, t.token);
    ctx.fakeClock?.advance(7 * DAY - 1000);
    expect((await api.get('/api/v1/me')).status).toBe(200);
    ctx.fakeClock?.advance(1000);
    expect((await api.get('/api/v1/me')).status).toBe(401);
    // The signup session has ended too by now: sign in again to look at the list.
    const { client } = await login(ctx, s.email, s.password);
    expect((await client.get<Listed>('/api/v1/api-tokens')).body.tokens).toHaveLength(0);
  });

  it('refuses a bad name or lifetime with field errors', async () => {
    const s = await signupCompany(ctx);
    for (const [body, field] of [
      [{ name: '' }, 'name'],
      [{ name: '   ' }, 'name'],
      [{ name: 'x'.repeat(81) }, 'name'],
      [{ name: 'ok', expiresInDays: 0 }, 'expiresInDays'],
      [{ name: 'ok', expiresInDays: 1.5 }, 'expiresInDays'],
      [{ name: 'ok', expiresInDays: '7' }, 'expiresInDays'],
    ] as const) {
      const res = await s.client.post('/api/v1/api-tokens', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(Object.keys(res.body.fields as object), JSON.stringify(body)).toContain(field);
    }
  });

  it("another user's token id answers 404 and the token keeps working", async () => {
    const a = await signupCompany(ctx);
    const b = await signupCompany(ctx);
    const t = (await b.client.post<Created>('/api/v1/api-tokens', { name: 'b' })).body;
    expect((await a.client.del(`/api/v1/api-tokens/${t.id}`)).status).toBe(404);
    expect((await bearerClient(ctx, t.token).get('/api/v1/me')).status).toBe(200);
    expect((await a.client.get<Listed>('/api/v1/api-tokens')).body.tokens).toHaveLength(0);
  });
});

describe('API token scopes', () => {
  const make = async (s: Awaited<ReturnType<typeof signupCompany>>, scopes?: string[]) => {
    const res = await s.client.post<Created & { scopes: string[] }>('/api/v1/api-tokens', {
      name: `scoped ${scopes?.join('+') ?? 'default'}`,
      ...(scopes ? { scopes } : {}),
    });
    expect(res.status, JSON.stringify(res.body)).toBe(201);
    return res.body;
  };

  it('reads only, by default; each scope opens its own area and no other', async () => {
    const s = await signupCompany(ctx);
    const read = await make(s);
    expect(read.scopes).toEqual(['read']);
    const r = bearerClient(ctx, read.token);
    expect((await r.get('/api/v1/workspaces')).status).toBe(200);
    expect((await r.get('/api/v1/members')).status).toBe(200);
    const noWs = await r.post<{ code: string; message: string }>('/api/v1/workspaces', { name: 'x' });
    expect([noWs.status, noWs.body.code]).toEqual([403, 'FORBIDDEN']);
    expect(noWs.body.message).toMatch(/lacks the `workspaces` scope/);
    expect((await r.get('/api/v1/billing/subscription')).status).toBe(403);

    const ws = bearerClient(ctx, (await make(s, ['workspaces'])).token);
    // Past the scope check: the body is then validated (400), nothing else stands in the way.
    expect((await ws.post('/api/v1/workspaces', { name: 'x' })).status).toBe(400);
    expect((await ws.get('/api/v1/workspaces')).status).toBe(403); // reading needs `read`
    expect((await ws.post('/api/v1/invites', { email: 'x@example.com', role: 'member' })).status).toBe(403);

    const billing = bearerClient(ctx, (await make(s, ['billing'])).token);
    expect((await billing.get('/api/v1/billing/subscription')).status).toBe(200);

    const team = bearerClient(ctx, (await make(s, ['team', 'read'])).token);
    expect((await team.post('/api/v1/invites', { email: 'nope' })).status).toBe(400);
  });

  it('never lets a token mint tokens, manage sessions or the account, whatever its scopes', async () => {
    const s = await signupCompany(ctx);
    const all = bearerClient(ctx, (await make(s, ['read', 'workspaces', 'team', 'billing'])).token);
    for (const [method, url, body] of [
      ['POST', '/api/v1/api-tokens', { name: 'broader', scopes: ['billing'] }],
      ['GET', '/api/v1/api-tokens', undefined],
      ['GET', '/api/v1/sessions', undefined],
      ['PATCH', '/api/v1/me', { fullName: 'x' }],
      ['POST', '/api/v1/me/password', { currentPassword: s.password, newPassword: 'another long one 77' }],
    ] as const) {
      const res = await all.request(method, url, body);
      expect([method, url, res.status]).toEqual([method, url, 403]);
    }
  });

  it('refuses unknown scopes and an empty list with field errors', async () => {
    const s = await signupCompany(ctx);
    for (const scopes of [[], ['admin'], ['read', 'root']]) {
      const res = await s.client.post<{ fields: Record<string, string> }>('/api/v1/api-tokens', {
        name: 'bad',
        scopes,
      });
      expect([JSON.stringify(scopes), res.status]).toEqual([JSON.stringify(scopes), 400]);
      expect(Object.keys(res.body.fields).some((f) => f.startsWith('scopes'))).toBe(true);
    }
  });
});
