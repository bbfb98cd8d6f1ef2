// A browser in miniature for the benches that go through the gateway: a host-only cookie jar (keyed by
// host name, ports ignored, as browsers do), requests to any `*.localhost` name on 127.0.0.1, redirects
// followed, the time to the first byte of each answer; and the portal's JSON API with the session
// cookie and CSRF token, as the portal's web app sends them.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

/** One answer the browser got. */
export interface Hop {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** performance.now() when the status line and headers had arrived (the answer's first byte). */
  firstByteAt: number;
}

/** Options of one request. */
export interface RequestOptions {
  method?: string;
  headers?: http.OutgoingHttpHeaders;
  body?: string;
  timeoutMs?: number;
}

export class Browser {
  /** host name (no port) → cookie name → value. */
  private readonly jar = new Map<string, Map<string, string>>();
  /** The portal's CSRF token, from the last JSON answer that carried one. */
  csrf?: string;

  private static hostName(host: string): string {
    return (host.split(':')[0] as string).toLowerCase();
  }

  /** Put a cookie in the jar as if `host` had set it (an empty value removes it). */
  setCookie(host: string, name: string, value: string): void {
    const h = Browser.hostName(host);
    const m = this.jar.get(h) ?? new Map<string, string>();
    if (value) m.set(name, value);
    else m.delete(name);
    this.jar.set(h, m);
  }

  /** A cookie the jar holds for a host. */
  cookie(host: string, name: string): string | undefined {
    return this.jar.get(Browser.hostName(host))?.get(name);
  }

  /** The Cookie header the jar sends to a host. */
  cookieHeader(host: string): string | undefined {
    const m = this.jar.get(Browser.hostName(host));
    if (!m?.size) return undefined;
    return [...m].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  /** One request, no redirect followed; Set-Cookie goes into the jar. */
  request(url: string, o: RequestOptions = {}): Promise<Hop> {
    const u = new URL(url);
    const cookie = this.cookieHeader(u.host);
    const timeoutMs = o.timeoutMs ?? 30_000;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: Number(u.port || 80),
          method: o.method ?? 'GET',
          path: `${u.pathname}${u.search}`,
          agent: false,
          timeout: timeoutMs,
          headers: { host: u.host, ...(cookie ? { cookie } : {}), ...o.headers },
        },
        (res) => {
          const firstByteAt = performance.now();
          for (const sc of res.headers['set-cookie'] ?? []) {
            const [pair = ''] = sc.split(';');
            const eq = pair.indexOf('=');
            const expired = /;\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(sc);
            this.setCookie(u.host, pair.slice(0, eq).trim(), expired ? '' : pair.slice(eq + 1).trim());
          }
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () =>
            resolve({
              url,
              status: res.statusCode ?? 0,
              headers: res.headers,
              body: Buffer.concat(chunks).toString('utf8'),
              firstByteAt,
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(o.body);
    });
  }

  /** GET and follow at most `max` redirects, as a browser would; returns every hop. */
  async follow(url: string, max = 10, timeoutMs?: number): Promise<Hop[]> {
    const hops: Hop[] = [];
    let next = url;
    for (;;) {
      const hop = await this.request(next, { timeoutMs });
      hops.push(hop);
      const loc = hop.headers.location;
      if (hop.status < 300 || hop.status >= 400 || !loc || hops.length > max) return hops;
      next = new URL(loc, next).toString();
    }
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
