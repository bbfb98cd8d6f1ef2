import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { linkIn } from '../../../test/smtp-sink.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const base = {
  companyName: 'Şirket Ağı',
  fullName: 'Ayşe Yılmaz',
  email: 'ayse@example.com',
  password: 'a sturdy passphrase 42',
  acceptTerms: true,
};

describe('POST /api/v1/signup', () => {
  it('creates the company, its owner and a session, and derives the subdomain from the name', async () => {
    const c = new Client(ctx.app);
    const res = await c.post<{
      company: { id: string; subdomain: string };
      user: { id: string; email: string };
      csrfToken: string;
    }>('/api/v1/signup', base);
    expect(res.status).toBe(201);
    expect(res.body.company.subdomain).toBe('sirket-agi');
    expect(res.body.company.id).toMatch(/^cmp_[a-z0-9]{20}$/);
    expect(res.body.user.email).toBe('ayse@example.com');
    expect(res.body.csrfToken).toBeTruthy();
    const cookie = res.raw.cookies.find((k) => k.name === 'yac_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');
    expect(cookie?.secure).toBeFalsy();

    const me = await c.get<{
      user: { role: string; emailVerified: boolean; workspaceQuota: number };
      company: { workspaceLimit: number; url: string };
    }>('/api/v1/me');
    expect(me.status).toBe(200);
    // The company's address, on the dashboard: its sign-in and workspace list on the workspaces' domain.
    expect(me.body.company.url).toBe(`http://sirket-agi.localhost:${ctx.config.PORT}/`);
    expect(me.body.user.role).toBe('owner');
    expect(me.body.user.emailVerified).toBe(false);
    expect(me.body.user.workspaceQuota).toBe(me.body.company.workspaceLimit);

    const terms = await ctx.deps.database.pool.query(
      'select version, ip from terms_acceptances where user_id = $1',
      [res.body.user.id],
    );
    expect(terms.rows).toEqual([{ version: ctx.config.TERMS_VERSION, ip: '127.0.0.1' }]);
    const audit = await ctx.deps.database.pool.query(
      'select action from audit_events where company_id = $1 order by action',
      [res.body.company.id],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['company.created', 'user.signup']);
  });

  it('sends the verification mail through SMTP, and the link verifies once', async () => {
    const s = await signupCompany(ctx);
    await ctx.runJobs();
    const mail = await ctx.smtp.waitFor(
      (m) => m.subject?.includes('Confirm your email') === true && JSON.stringify(m.to).includes(s.email),
    );
    const link = linkIn(mail, '/verify-email?token=');
    expect(link.startsWith('http://localhost:8080/verify-email?token=')).toBe(true);
    const token = new URL(link).searchParams.get('token');
    const anon = new Client(ctx.app);
    expect((await anon.post('/api/v1/verify-email', { token })).status).toBe(200);
    const again = await anon.post('/api/v1/verify-email', { token });
    expect(again.status).toBe(400);
    expect(again.body.code).toBe('TOKEN_INVALID');
    const me = await s.client.get<{ user: { emailVerified: boolean } }>('/api/v1/me');
    expect(me.body.user.emailVerified).toBe(true);
  });

  it('names every bad field at once', async () => {
    const res = await new Client(ctx.app).post('/api/v1/signup', {
      companyName: '',
      email: 'nope',
      password: 'short',
      acceptTerms: false,
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(res.body.fields as object).sort()).toEqual([
      'acceptTerms',
      'companyName',
      'email',
      'fullName',
      'password',
    ]);
    // Empty is "required", not a length the person never typed.
    expect((res.body.fields as Record<string, string>).companyName).toBe('is required');
    expect((res.body.fieldParams as Record<string, unknown>).companyName).toMatchObject({ minimum: 1 });
  });

  it('refuses an owner email longer than PayTR accepts (100 characters), saying why', async () => {
    const at = (n: number) => `${'a'.repeat(n - '@example.com'.length)}@example.com`;
    const body = (email: string) => ({
      companyName: 'Long Mail Ltd',
      fullName: 'Lena Long',
      email,
      password: 'a sturdy passphrase 42',
      acceptTerms: true,
    });
    const long = await new Client(ctx.app).post('/api/v1/signup', body(at(101)));
    expect(long.status).toBe(400);
    expect((long.body.fields as Record<string, string>).email).toMatch(/at most 100 characters.*PayTR/);
    // 100 is fine.
    const tag = `l${Date.now().toString(36)}`;
    const rest = 100 - tag.length - 1 - '.com'.length;
    const email100 = `${tag}@${'d'.repeat(Math.ceil(rest / 2) - 1)}.${'e'.repeat(Math.floor(rest / 2))}.com`;
    expect(email100).toHaveLength(100);
    const ok = await new Client(ctx.app).post('/api/v1/signup', body(email100));
    expect([ok.status, JSON.stringify(ok.body.fields ?? {})]).toEqual([201, '{}']);
  });

  it('refuses reserved, malformed and common choices with a field error', async () => {
    const c = new Client(ctx.app);
    for (const [over, field] of [
      [{ subdomain: 'admin' }, 'subdomain'],
      [{ subdomain: 'a--b' }, 'subdomain'],
      [{ subdomain: 'Bad_Name' }, 'subdomain'],
      [{ subdomain: 'ok-name-1', password: 'password123' }, 'password'],
    ] as const) {
      const res = await c.post('/api/v1/signup', { ...base, email: 'x@example.com', ...over });
      expect(res.status, JSON.stringify(over)).toBe(400);
      expect((res.body.fields as Record<string, string>)[field]).toBeTruthy();
    }
  });

  it('concurrent signups for one subdomain: exactly one wins, the other gets a clear 409', async () => {
    const results = await Promise.all(
      [1, 2, 3].map((i) =>
        new Client(ctx.app).post('/api/v1/signup', {
          ...base,
          subdomain: 'race-co',
          email: `race${i}@example.com`,
        }),
      ),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409]);
    const loser = results.find((r) => r.status === 409);
    if (!loser) throw new Error('no loser');
    expect(loser.body.code).toBe('SUBDOMAIN_TAKEN');
    expect((loser.body.fields as Record<string, string>).subdomain).toBe('is already taken');
    const n = await ctx.deps.database.pool.query(
      `select count(*)::int as n from companies where subdomain = 'race-co'`,
    );
    expect(n.rows[0].n).toBe(1);
    // The losers left nothing behind.
    const users = await ctx.deps.database.pool.query(
      `select count(*)::int as n from users where email like 'race%'`,
    );
    expect(users.rows[0].n).toBe(1);
  });

  it('an email already registered gets 409 EMAIL_TAKEN', async () => {
    const s = await signupCompany(ctx);
    const res = await new Client(ctx.app).post('/api/v1/signup', {
      ...base,
      subdomain: 'another-co',
      email: s.email.toUpperCase(),
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
  });
});
