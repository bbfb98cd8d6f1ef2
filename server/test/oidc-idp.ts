import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Adapter, AdapterPayload, Configuration, InteractionResults } from 'oidc-provider';

/** A user of the test IdP, as given to `addUser`. */
export interface TestIdpUser {
  username: string;
  password: string;
  email: string;
  emailVerified?: boolean;
  name?: string;
}

/** A running in-process OpenID Connect provider for integration and E2E tests. */
export interface TestIdp {
  issuer: string;
  registerClient(redirectUris: string[]): { clientId: string; clientSecret: string };
  addUser(user: TestIdpUser): { sub: string };
  disableUser(username: string): void;
  enableUser(username: string): void;
  signIn(authorizationUrl: string, username: string, password: string): Promise<string>;
  close(): Promise<void>;
}

// oidc-provider 9 prints "Unsupported runtime" on import under Node 20 (it targets Node 22 LTS, but only
// uses APIs Node 20.20 has). Import it lazily, once, with that one line filtered out of the test output.
let loading: Promise<typeof import('oidc-provider')> | undefined;
function loadOidcProvider() {
  loading ??= (async () => {
    const warn = console.warn;
    console.warn = (...args: unknown[]) => {
      if (!String(args[0]).includes('Unsupported runtime')) warn(...args);
    };
    try {
      return await import('oidc-provider');
    } finally {
      console.warn = warn;
    }
  })();
  return loading;
}

/**
 * Per-IdP in-memory storage for every provider model. The `Client` model doubles as the client registry:
 * oidc-provider asks the adapter for any client id it has no static entry for, so clients registered after
 * start are found. Copies go in and out so provider-side mutation never aliases the stored record.
 */
function memoryAdapter() {
  const entries = new Map<string, { payload: AdapterPayload; expiresAt: number }>();
  const findBy = (model: string, field: 'uid' | 'userCode', value: string) => {
    for (const [key, e] of entries)
      if (key.startsWith(`${model}:`) && e.payload[field] === value && e.expiresAt > Date.now())
        return structuredClone(e.payload);
  };
  class MemoryAdapter implements Adapter {
    readonly model: string;
    constructor(model: string) {
      this.model = model;
    }
    async upsert(id: string, payload: AdapterPayload, expiresIn?: number) {
      const expiresAt = expiresIn ? Date.now() + expiresIn * 1000 : Number.POSITIVE_INFINITY;
      entries.set(`${this.model}:${id}`, { payload: structuredClone(payload), expiresAt });
    }
    async find(id: string) {
      const e = entries.get(`${this.model}:${id}`);
      return e && e.expiresAt > Date.now() ? structuredClone(e.payload) : undefined;
    }
    async findByUid(uid: string) {
      return findBy(this.model, 'uid', uid);
    }
    async findByUserCode(userCode: string) {
      return findBy(this.model, 'userCode', userCode);
    }
    async consume(id: string) {
      const e = entries.get(`${this.model}:${id}`);
      if (e) e.payload.consumed = Math.floor(Date.now() / 1000);
    }
    async destroy(id: string) {
      entries.delete(`${this.model}:${id}`);
    }
    async revokeByGrantId(grantId: string) {
      for (const [key, e] of entries) if (e.payload.grantId === grantId) entries.delete(key);
    }
  }
  return { Adapter: MemoryAdapter, entries };
}

const esc = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function loginPage(uid: string, error?: string, username = ''): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Test IdP</title></head><body>
<h1>Test IdP</h1>${error ? `<p role="alert" class="error">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}/login">
<label>Username <input name="username" autocomplete="username" value="${esc(username)}" required autofocus></label>
<label>Password <input name="password" type="password" autocomplete="current-password" required></label>
<button type="submit">Sign in</button></form></body></html>`;
}

/** Start a real oidc-provider on 127.0.0.1 (port 0 = any free port) with its own login page. */
export async function startTestIdp(opts: { port?: number } = {}): Promise<TestIdp> {
  const { default: Provider, interactionPolicy } = await loadOidcProvider();
  const users = new Map<string, TestIdpUser & { sub: string; disabled: boolean }>();
  const bySub = (sub: string) => [...users.values()].find((u) => u.sub === sub);
  const store = memoryAdapter();
  const setDisabled = (username: string, disabled: boolean) => {
    const u = users.get(username);
    if (!u) throw new Error(`no test IdP user ${username}`);
    u.disabled = disabled;
  };

  // Listen before building the provider: the issuer must carry the real port, and port 0 avoids the
  // pick-then-bind race of a separate free-port probe.
  let handle: http.RequestListener = (_req, res) => res.writeHead(503).end();
  const server = http.createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', resolve);
  });
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  // A session for a user disabled since sign-in must not skip the login form.
  const policy = interactionPolicy.base();
  const disabled = new interactionPolicy.Check('account_disabled', 'The account is disabled', (ctx) =>
    Boolean(ctx.oidc.session?.accountId && !ctx.oidc.account),
  );
  policy.get('login')?.checks.add(disabled);

  const signingKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  const configuration: Configuration = {
    adapter: store.Adapter,
    jwks: { keys: [{ ...signingKey, kid: randomUUID(), alg: 'RS256', use: 'sig' }] },
    cookies: { keys: [randomBytes(32).toString('base64url'), randomBytes(32).toString('base64url')] },
    features: { devInteractions: { enabled: false } },
    interactions: { policy, url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    responseTypes: ['code'],
    pkce: { required: () => true },
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    // RPs should be able to read the scope claims from the ID token alone, without a userinfo call.
    conformIdTokenClaims: false,
    findAccount: (_ctx, sub) => {
      const u = bySub(sub);
      if (!u || u.disabled) return undefined; // also stops an existing grant from minting tokens
      return {
        accountId: u.sub,
        claims: () => ({
          sub: u.sub,
          email: u.email,
          email_verified: u.emailVerified ?? true,
          ...(u.name === undefined ? {} : { name: u.name }),
        }),
      };
    },
    // Explicit values keep the provider from printing "you SHOULD change" notices for each default.
    // (Authorization codes keep the provider's 60 s, which prints nothing.)
    ttl: { AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    clientBasedCORS: () => false,
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = `<!doctype html><title>Test IdP error</title><pre role="alert">${esc(JSON.stringify(out))}</pre>`;
    },
  };
  const provider = new Provider(issuer, configuration);
  provider.on('server_error', (_ctx, err) => console.error('[test-idp] server_error', err));
  const providerHandler = provider.callback();

  async function interaction(req: IncomingMessage, res: ServerResponse, uid: string, login: boolean) {
    const details = await provider.interactionDetails(req, res);
    if (details.uid !== uid) return void res.writeHead(400).end('interaction mismatch');
    const html = { 'content-type': 'text/html; charset=utf-8' };
    const page = (status: number, error?: string, user?: string) =>
      res.writeHead(status, html).end(loginPage(uid, error, user));
    const finish = (result: InteractionResults, mergeWithLastSubmission = false) =>
      provider.interactionFinished(req, res, result, { mergeWithLastSubmission });
    const { prompt } = details;

    if (login && req.method === 'POST' && prompt.name === 'login') {
      let body = '';
      for await (const chunk of req.setEncoding('utf8')) body += chunk;
      const form = new URLSearchParams(body);
      const user = users.get(form.get('username') ?? '');
      if (!user || user.password !== form.get('password'))
        return page(401, 'Invalid username or password.', form.get('username') ?? '');
      // Ending with access_denied (not a form error) lets the relying party see the refusal.
      if (user.disabled)
        return finish({ error: 'access_denied', error_description: 'The account is disabled.' });
      return finish({ login: { accountId: user.sub } });
    }
    if (!login && req.method === 'GET' && prompt.name === 'login') return page(200);

    // Consent is implicit: grant whatever the provider reports as missing and go straight back.
    if (!login && req.method === 'GET' && prompt.name === 'consent') {
      const accountId = details.session?.accountId;
      if (!accountId || bySub(accountId)?.disabled !== false)
        return finish({ error: 'access_denied', error_description: 'The account is disabled.' });
      const grant =
        (details.grantId && (await provider.Grant.find(details.grantId))) ||
        new provider.Grant({ accountId, clientId: String(details.params.client_id) });
      const missing = prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      return finish({ consent: { grantId: await grant.save() } }, true);
    }
    res.writeHead(400).end(`unexpected ${req.method} for prompt ${prompt.name}`);
  }

  handle = (req, res) => {
    const m = /^\/interaction\/([\w-]+)(\/login)?$/.exec(new URL(req.url ?? '/', issuer).pathname);
    if (!m?.[1]) return void providerHandler(req, res);
    interaction(req, res, m[1], Boolean(m[2])).catch((err: Error) => {
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain' });
      res.end(`Test IdP: ${err.message}`);
    });
  };

  return {
    issuer,
    registerClient(redirectUris) {
      for (const uri of redirectUris) new URL(uri); // fail here, not at the first authorization request
      const clientId = `client-${randomUUID()}`;
      const clientSecret = randomBytes(32).toString('base64url');
      store.entries.set(`Client:${clientId}`, {
        expiresAt: Number.POSITIVE_INFINITY,
        payload: { client_id: clientId, client_secret: clientSecret, redirect_uris: redirectUris },
      });
      return { clientId, clientSecret };
    },
    addUser(user) {
      if (users.has(user.username)) throw new Error(`test IdP user ${user.username} exists`);
      const sub = randomUUID();
      users.set(user.username, { ...user, sub, disabled: false });
      return { sub };
    },
    disableUser: (username) => setDisabled(username, true),
    enableUser: (username) => setDisabled(username, false),
    signIn: (authorizationUrl, username, password) => signIn(issuer, authorizationUrl, username, password),
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections(); // fetch keeps connections alive, which would hold close() open
      });
    },
  };
}

/** Browserless sign-in: follow redirects by hand with a per-call cookie jar and POST the real login form. */
async function signIn(issuer: string, authorizationUrl: string, username: string, password: string) {
  const redirectUri = new URL(authorizationUrl).searchParams.get('redirect_uri');
  const done = (url: URL) => (redirectUri ? url.href.startsWith(redirectUri) : url.origin !== issuer);
  // Keyed by name and path: the provider sets and clears same-named cookies on different paths.
  const jar = new Map<string, { name: string; value: string; path: string }>();
  const cookieHeader = (url: URL) =>
    [...jar.values()]
      .filter((c) => url.pathname === c.path || url.pathname.startsWith(c.path.replace(/\/?$/, '/')))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');

  let url = new URL(authorizationUrl);
  let post: string | undefined;
  for (let hop = 0; hop < 20; hop++) {
    const headers: Record<string, string> = { cookie: cookieHeader(url) };
    if (post) headers['content-type'] = 'application/x-www-form-urlencoded';
    const res = await fetch(url, { method: post ? 'POST' : 'GET', body: post, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';').map((s) => s.trim());
      const name = pair.slice(0, pair.indexOf('='));
      const value = pair.slice(pair.indexOf('=') + 1);
      const path = attrs.find((a) => /^path=/i.test(a))?.slice(5) || '/';
      const expires = attrs.find((a) => /^expires=/i.test(a))?.slice(8);
      if (!value || (expires && Date.parse(expires) <= Date.now())) jar.delete(`${name};${path}`);
      else jar.set(`${name};${path}`, { name, value, path });
    }
    const location = res.headers.get('location');
    if (location) {
      await res.body?.cancel();
      url = new URL(location, url);
      if (done(url)) return url.href;
      post = undefined;
      continue;
    }
    const html = await res.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(html)?.[1];
    if (post || !action) {
      const why = /role="alert"[^>]*>([^<]*)</.exec(html)?.[1] ?? html.slice(0, 300);
      throw new Error(`test IdP sign-in stopped at ${url.pathname} (HTTP ${res.status}): ${why}`);
    }
    url = new URL(action.replaceAll('&#38;', '&'), url);
    post = new URLSearchParams({ username, password }).toString();
  }
  throw new Error('test IdP sign-in: too many redirects');
}
