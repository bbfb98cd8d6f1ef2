import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tokenScopeOf } from '../src/platform/http/auth.ts';
import { Client, createTestContext, signupCompany, type TestContext } from './harness.ts';

/**
 * Walks every route the server registers and calls it as another company, with the first
 * company's resource ids: anything tenant-scoped must answer 404 (as for a missing resource),
 * and nothing of the first company may appear in any answer. A new route with a path parameter
 * fails this test until a provider below says which of company A's ids to put there.
 */
let ctx: TestContext;
let a: Awaited<ReturnType<typeof signupCompany>>;
let b: Awaited<ReturnType<typeof signupCompany>>;
const secretsOfA: string[] = [];
const idsOfA: Record<string, string> = {};
let tokenOfB = '';

beforeAll(async () => {
  ctx = await createTestContext();
  a = await signupCompany(ctx);
  b = await signupCompany(ctx);
  const q = (sql: string, params: unknown[]) => ctx.deps.database.pool.query(sql, params);
  const token = await a.client.post<{ id: string }>('/api/v1/api-tokens', { name: 'ci' });
  idsOfA.apiToken = token.body.id;
  tokenOfB = (
    await b.client.post<{ token: string }>('/api/v1/api-tokens', {
      name: 'walk',
      scopes: ['read', 'workspaces', 'team', 'billing'],
    })
  ).body.token;
  idsOfA.session = (await q('select id from sessions where user_id = $1 limit 1', [a.userId])).rows[0].id;
  idsOfA.owner = a.userId;
  // A member and an open invite of company A, written directly so this test does not depend on the invite flow.
  const now = new Date();
  await q(
    `insert into users (id, company_id, email, full_name, password_hash, locale, role, workspace_quota, created_at, updated_at)
     values ('usr_memberofcompanya00', $1, 'member-a@example.com', 'Member A', 'x', 'en', 'member', 0, $2, $2)`,
    [a.companyId, now],
  );
  idsOfA.member = 'usr_memberofcompanya00';
  await q(
    `insert into invites (id, company_id, email, role, workspace_quota, token_hash, invited_by, created_at, last_sent_at, expires_at)
     values ('ivt_inviteofcompanya00', $1, 'invitee-a@example.com', 'member', 0, 'hash-a', $2, $3, $3, $4)`,
    [a.companyId, a.userId, now, new Date(now.getTime() + 86_400_000)],
  );
  idsOfA.invite = 'ivt_inviteofcompanya00';
  // A workspace, a company template and an uploaded .vsix of company A.
  await q('update users set email_verified_at = now() where id = $1', [a.userId]);
  const tpl = await a.client.post<{ id: string }>('/api/v1/templates', {
    name: 'A template of company A',
    steps: [{ type: 'files', files: [{ path: 'README.md', content: 'a' }] }],
  });
  idsOfA.template = tpl.body.id;
  const ws = await a.client.post<{ id: string }>('/api/v1/workspaces', {
    name: 'secret-ws-a',
    templateId: tpl.body.id,
  });
  idsOfA.workspace = ws.body.id;
  await q(
    `insert into template_assets (id, company_id, file_name, extension_id, version, sha256, size, created_at)
     values ('asset_ofcompanya000000', $1, 'a.vsix', 'acme.secret', '1.0.0', 'x', 1, $2)`,
    [a.companyId, now],
  );
  idsOfA.asset = 'asset_ofcompanya000000';
  await q(
    `insert into company_domains (id, company_id, domain, verified_at, created_at)
     values ('dom_ofcompanya00000000', $1, 'secret-domain-a.example', $2, $2)`,
    [a.companyId, now],
  );
  idsOfA.domain = 'dom_ofcompanya00000000';
  // A paid order and its invoice of company A.
  await q(
    `insert into orders (id, company_id, merchant_oid, kind, plan, period, currency, usd_net_minor, net_minor,
       vat_minor, amount_minor, vat_rate_bp, try_rate, usd_try_rate, fx_date, period_start, period_end, status,
       test_mode, user_ip, email, created_at, expires_at)
     values ('ord_ofcompanya00000000', $1, 'ORDOFCOMPANYA00000000', 'subscribe', 'team', 'monthly', 'TRY', 9900,
       481000, 96200, 577200, 2000, 48.5, 48.5, '2026-09-18', $2, $2, 'paid', true, '1.1.1.1', $3, $2, $2)`,
    [a.companyId, now, a.email],
  );
  idsOfA.order = 'ord_ofcompanya00000000';
  await q(
    `insert into invoices (id, number, kind, company_id, order_id, issued_at, currency, net_minor, vat_minor,
       total_minor, vat_rate_bp, try_rate, try_total_minor, seller, buyer, lines)
     values ('inv_ofcompanya00000000', 'YAC2026999999999', 'invoice', $1, 'ord_ofcompanya00000000', $2, 'TRY',
       481000, 96200, 577200, 2000, 1, 577200, '{}', '{"legalName":"Secret Buyer A"}', '[]')`,
    [a.companyId, now],
  );
  idsOfA.invoice = 'inv_ofcompanya00000000';
  const company = (await q('select subdomain from companies where id = $1', [a.companyId])).rows[0];
  secretsOfA.push(
    a.companyId,
    a.userId,
    a.email,
    company.subdomain,
    ...Object.values(idsOfA),
    'member-a@example.com',
    'invitee-a@example.com',
    'secret-ws-a',
    'A template of company A',
    'acme.secret',
    'YAC2026999999999',
    'Secret Buyer A',
    'secret-domain-a.example',
  );
});
afterAll(() => ctx.close());

/** Which of company A's ids goes into each parameterised route. */
const PROVIDERS: Record<string, () => string> = {
  '/api/v1/sessions/:id': () => idsOfA.session as string,
  '/api/v1/api-tokens/:id': () => idsOfA.apiToken as string,
  '/api/v1/members/:id': () => idsOfA.member as string,
  '/api/v1/invites/:id': () => idsOfA.invite as string,
  '/api/v1/invites/:id/resend': () => idsOfA.invite as string,
  '/api/v1/workspaces/:id': () => idsOfA.workspace as string,
  '/api/v1/workspaces/:id/start': () => idsOfA.workspace as string,
  '/api/v1/workspaces/:id/stop': () => idsOfA.workspace as string,
  '/api/v1/workspaces/:id/restart': () => idsOfA.workspace as string,
  '/api/v1/workspaces/:id/logs': () => idsOfA.workspace as string,
  '/api/v1/workspaces/:id/events': () => idsOfA.workspace as string,
  '/api/v1/workspaces/:id/metrics': () => idsOfA.workspace as string,
  '/api/v1/templates/:id': () => idsOfA.template as string,
  '/api/v1/templates/assets/:id': () => idsOfA.asset as string,
  '/api/v1/billing/orders/:id': () => idsOfA.order as string,
  '/api/v1/billing/orders/:id/refund-request': () => idsOfA.order as string,
  '/api/v1/admin/companies/:id/vat-exemption': () => a.companyId,
  '/api/v1/admin/refund-requests/:id/decline': () => idsOfA.order as string,
  '/api/v1/billing/invoices/:id/pdf': () => idsOfA.invoice as string,
  '/api/v1/admin/orders/:id/refund': () => idsOfA.order as string,
  '/api/v1/admin/orders/:id/evidence': () => idsOfA.order as string,
  '/api/v1/admin/callbacks/:id/review': () => idsOfA.order as string,
  '/api/v1/admin/reconciliation/discrepancies/:id/resolve': () => idsOfA.order as string,
  '/api/v1/sso/domains/:id': () => idsOfA.domain as string,
};

/**
 * A valid body or query for parameterised routes that validate more than the id, so the request
 * reaches the tenant check (a 400 from validation would prove nothing).
 */
const VALID_INPUT: Record<string, { query?: string; body?: unknown }> = {
  'PATCH /api/v1/members/:id': { body: { role: 'admin', workspaceQuota: 1 } },
  'DELETE /api/v1/members/:id': { query: '?resources=transfer' },
  'PATCH /api/v1/workspaces/:id': { body: { idleTimeoutMinutes: 30 } },
  'GET /api/v1/workspaces/:id/metrics': { query: '?range=24h' },
  'PUT /api/v1/templates/:id': { body: { name: 'Taken over', steps: [] } },
  'POST /api/v1/admin/orders/:id/refund': { body: { reason: 'walk' } },
  'POST /api/v1/admin/callbacks/:id/review': { body: { note: 'walk' } },
  'POST /api/v1/admin/companies/:id/vat-exemption': { body: { decision: 'confirm', note: 'walk' } },
  'POST /api/v1/admin/refund-requests/:id/decline': { body: { note: 'walk' } },
  'POST /api/v1/billing/orders/:id/refund-request': { body: {} },
  'POST /api/v1/admin/reconciliation/discrepancies/:id/resolve': { body: { note: 'walk' } },
};

function fill(url: string): string | null {
  if (!url.includes(':')) return url;
  const provider = PROVIDERS[url];
  return provider ? url.replace(/:[A-Za-z]+/g, provider()) : null;
}

describe('tenant isolation across every route', () => {
  it('has a provider for every parameterised, authenticated route', () => {
    const missing = ctx.app.routeTable
      .filter((r) => !r.public && r.url.startsWith('/api/v1/') && r.url.includes(':'))
      .filter((r) => fill(r.url) === null)
      .map((r) => `${r.method} ${r.url}`);
    expect(missing).toEqual([]);
  });

  for (const auth of ['session', 'token'] as const) {
    it(`company B (${auth}) gets 404 for company A's resources and never sees A's data`, async () => {
      const client = new Client(ctx.app);
      if (auth === 'session') {
        client.cookie = b.client.cookie;
        client.csrf = b.client.csrf;
      } else {
        client.bearer = tokenOfB;
      }
      const routes = ctx.app.routeTable.filter((r) => r.url.startsWith('/api/v1/') && !r.public);
      expect(routes.length).toBeGreaterThan(10);
      const problems: string[] = [];
      // Destructive routes without parameters (sign out) go last so the walk keeps its session.
      const ordered = [...routes].sort(
        (x, y) => Number(x.url === '/api/v1/sessions/current') - Number(y.url === '/api/v1/sessions/current'),
      );
      for (const r of ordered) {
        const url = fill(r.url);
        if (!url) continue;
        const input = VALID_INPUT[`${r.method} ${r.url}`];
        const res = await client.request(
          r.method as 'GET',
          url + (input?.query ?? ''),
          input?.body ?? (r.method === 'GET' || r.method === 'DELETE' ? undefined : {}),
        );
        const text = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
        if (res.status >= 500) problems.push(`${r.method} ${r.url}: ${res.status}`);
        // What tokens may never do is refused before anything is looked up: 403, which tells nothing of A.
        const refusedToTokens =
          auth === 'token' && tokenScopeOf(r.method, r.url) === 'account' && res.status === 403;
        if (r.url.includes(':') && res.status !== 404 && !refusedToTokens) {
          problems.push(`${r.method} ${r.url}: expected 404, got ${res.status} ${text.slice(0, 200)}`);
        }
        for (const s of secretsOfA) if (text.includes(s)) problems.push(`${r.method} ${r.url}: leaks ${s}`);
      }
      expect(problems).toEqual([]);
    });
  }

  it("company A's resources are untouched after the walk", async () => {
    const q = (sql: string, params: unknown[]) => ctx.deps.database.pool.query(sql, params);
    expect(
      (await q('select revoked_at from sessions where id = $1', [idsOfA.session])).rows[0].revoked_at,
    ).toBeNull();
    expect(
      (await q('select revoked_at from api_tokens where id = $1', [idsOfA.apiToken])).rows[0].revoked_at,
    ).toBeNull();
    expect(
      (await q('select role, workspace_quota from users where id = $1', [idsOfA.member])).rows[0],
    ).toEqual({ role: 'member', workspace_quota: 0 });
    expect(
      (await q('select revoked_at from invites where id = $1', [idsOfA.invite])).rows[0].revoked_at,
    ).toBeNull();
    expect((await a.client.get('/api/v1/me')).status).toBe(200);
    expect(
      (
        await q('select status, desired, idle_timeout_minutes from workspaces where id = $1', [
          idsOfA.workspace,
        ])
      ).rows[0],
    ).toEqual({ status: 'pending', desired: 'running', idle_timeout_minutes: 60 });
    expect(
      (await q('select name from workspace_templates where id = $1', [idsOfA.template])).rows[0].name,
    ).toBe('A template of company A');
    expect(
      (await q('select count(*)::int as n from template_assets where id = $1', [idsOfA.asset])).rows[0].n,
    ).toBe(1);
  });
});
