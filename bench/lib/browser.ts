// The gateway tests' browser in miniature (server/src/modules/gateway/browser.test-helpers.ts: a host-only
// cookie jar, requests to any `*.localhost` name on 127.0.0.1, redirects followed, the time to the first
// byte of each answer) with a 30 s answer timeout, and the portal's JSON API with the session cookie and
// CSRF token, as the portal's web app sends them.
import type http from 'node:http';
import pg from 'pg';
import { Browser as TestBrowser } from '../../server/src/modules/gateway/browser.test-helpers.ts';

export class Browser extends TestBrowser {
  /** The portal's CSRF token, from the last JSON answer that carried one. */
  csrf?: string;

  constructor() {
    super({ timeoutMs: 30_000 });
  }

  /** A JSON call to the portal's API, with the session cookie (from the jar) and the CSRF token. */
  async api<T = Record<string, unknown>>(
    portal: string,
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const headers: http.OutgoingHttpHeaders = {};
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const hop = await this.request(`${portal}${path}`, { method, headers, body: payload });
    let parsed: unknown = hop.body;
    if (String(hop.headers['content-type'] ?? '').includes('json')) parsed = JSON.parse(hop.body);
    const token = (parsed as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof token === 'string') this.csrf = token;
    return { status: hop.status, body: parsed as T };
  }
}

/** A company signed up through the portal's API, its owner signed in on `browser`. */
export interface SignedUp {
  companyId: string;
  subdomain: string;
  userId: string;
}

/**
 * Sign a company up through `POST /api/v1/signup` (the owner's session lands in the browser's jar) and
 * mark the owner's email verified in the database (creating workspaces needs it; the tests do the same).
 */
export async function signUp(browser: Browser, portal: string, databaseUrl: string): Promise<SignedUp> {
  const tag = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e6).toString(36)}`;
  const res = await browser.api<{ company: { id: string; subdomain: string }; user: { id: string } }>(
    portal,
    'POST',
    '/api/v1/signup',
    {
      companyName: `Bench ${tag}`,
      subdomain: `bench-${tag}`,
      fullName: `Bench Owner ${tag}`,
      email: `bench-${tag}@example.com`,
      password: 'bench passphrase 2026',
      acceptTerms: true,
    },
  );
  if (res.status !== 201) throw new Error(`signup: ${res.status} ${JSON.stringify(res.body)}`);
  if (!browser.cookie(new URL(portal).host, 'yac_session')) throw new Error('signup set no yac_session');
  await sql(databaseUrl, 'update users set email_verified_at = now() where id = $1', [res.body.user.id]);
  return { companyId: res.body.company.id, subdomain: res.body.company.subdomain, userId: res.body.user.id };
}

/** Run one statement on the platform's database. */
export async function sql(
  databaseUrl: string,
  text: string,
  params: unknown[] = [],
): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await client.query(text, params);
  } finally {
    await client.end();
  }
}
