// Company single sign-on against a real OpenID provider (oidc-provider, started here): the owner sets it up
// (discovery is checked), proves an email domain by a mailed link, and people sign in with code + PKCE:
// existing users link, new ones of a verified domain join as members, and the gateway's handshake works
// with the session. Refused: a wrong state, a replayed callback, another browser, an address outside the
// verified domains, a user the IdP disabled; with SSO only, passwords open nothing but the owner's with
// two-factor.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, signupCompany } from '../../../test/harness.ts';
import { startTestIdp, type TestIdp } from '../../../test/oidc-idp.ts';
import { linkIn, tokenFrom } from '../../../test/smtp-sink.ts';
import { enrolTwoFactor, login } from '../accounts/accounts.test-helpers.ts';
import { type StandInWorld, startStandInWorld } from '../gateway/gateway-server.test-helpers.ts';
import { auditActions, join, nthMailTo, verifyEmail } from './team.test-helpers.ts';

let stand: StandInWorld;
let idp: TestIdp;
let idpClient: { clientId: string; clientSecret: string };
let owner: StandInWorld['owner'];
const PASSWORD = 'idp passphrase 123';

const ctx = () => stand.world.ctx;
const inject = (o: {
  method: 'GET' | 'POST';
  url: string;
  cookie?: string;
  payload?: object;
  language?: string;
}) =>
  ctx().app.inject({
    method: o.method,
    url: o.url,
    headers: {
      ...(o.cookie ? { cookie: o.cookie } : {}),
      ...(o.language ? { 'accept-language': o.language } : {}),
    },
    ...(o.payload ? { payload: o.payload } : {}),
  });

/** Start a sign-in for a work email: the IdP URL and the browser cookie it set. */
async function start(email: string) {
  const res = await inject({ method: 'POST', url: '/api/v1/sso/start', payload: { email } });
  expect(res.statusCode, res.body).toBe(200);
  const cookie = res.cookies.find((c) => c.name === 'yac_sso');
  expect(cookie?.httpOnly).toBe(true);
  return { url: res.json().url as string, cookie: `yac_sso=${cookie?.value}` };
}

/** Come back from the IdP with a callback URL: where the platform sends the browser, and its session. */
async function callback(url: string, cookie?: string, language?: string) {
  const u = new URL(url);
  const res = await inject({ method: 'GET', url: `${u.pathname}${u.search}`, cookie, language });
  expect(res.statusCode).toBe(302);
  const session = res.cookies.find((c) => c.name === 'yac_session' && c.value)?.value;
  return { location: res.headers.location as string, session };
}

/** The whole way through, as a browser would go. */
async function ssoSignIn(email: string, username: string, password = PASSWORD, language?: string) {
  const s = await start(email);
  const back = await idp.signIn(s.url, username, password);
  return { ...(await callback(back, s.cookie, language)), back, cookie: s.cookie };
}

async function me(session: string) {
  const res = await inject({ method: 'GET', url: '/api/v1/me', cookie: `yac_session=${session}` });
  return res.json() as {
    user: { id: string; email: string; role: string; locale: string };
    signedInWith: string;
  };
}

beforeAll(async () => {
  stand = await startStandInWorld('yac-sso-', 'app');
  owner = stand.owner;
  idp = await startTestIdp();
  idpClient = idp.registerClient([`${stand.world.portal}/api/v1/sso/callback`]);
  await verifyEmail(ctx(), owner.email);
});
afterAll(async () => {
  await idp?.close();
  await stand?.close();
});

describe('setting up SSO', () => {
  it('is for the Enterprise plan, and for the owner', async () => {
    const res = await owner.client.put<{ code: string }>('/api/v1/sso/connection', {
      issuer: idp.issuer,
      ...idpClient,
    });
    expect(res.status).toBe(402);
    expect(res.body.code).toBe('FEATURE_NOT_IN_PLAN');
    await ctx().deps.database.pool.query("update companies set plan = 'enterprise' where id = $1", [
      owner.companyId,
    ]);
    const admin = await join(ctx(), owner.client, { role: 'admin' });
    expect(
      (await admin.client.put('/api/v1/sso/connection', { issuer: idp.issuer, ...idpClient })).status,
    ).toBe(403);
  });

  it('checks the issuer by its discovery document and keeps the secret sealed', async () => {
    const wrong = await owner.client.put<{ fields: Record<string, string> }>('/api/v1/sso/connection', {
      issuer: 'http://127.0.0.1:9/nothing',
      ...idpClient,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields.issuer).toMatch(/OpenID configuration could not be read/);
    const noSecret = await owner.client.put<{ fields: Record<string, string> }>('/api/v1/sso/connection', {
      issuer: idp.issuer,
      clientId: idpClient.clientId,
    });
    expect(noSecret.body.fields).toHaveProperty('clientSecret');
    const ok = await owner.client.put<{ sso: { issuer: string; redirectUri: string } }>(
      '/api/v1/sso/connection',
      {
        issuer: `${idp.issuer}/`,
        ...idpClient,
      },
    );
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    expect(ok.body.sso).toMatchObject({
      issuer: idp.issuer,
      redirectUri: `${stand.world.portal}/api/v1/sso/callback`,
    });
    expect(JSON.stringify(ok.body)).not.toContain(idpClient.clientSecret);
    const row = await ctx().deps.database.pool.query('select client_secret_sealed from sso_connections');
    expect(row.rows[0].client_secret_sealed).not.toContain(idpClient.clientSecret);
    // Changing the client id alone keeps the stored secret.
    const again = await owner.client.put('/api/v1/sso/connection', {
      issuer: idp.issuer,
      clientId: idpClient.clientId,
    });
    expect(again.status).toBe(200);
  });

  it('proves a domain by a link mailed into it, for one company only', async () => {
    const before = await start('someone@example.com').catch(() => null);
    expect(before).toBeNull();
    const added = await owner.client.post<{ domains: { domain: string; verifiedAt: string | null }[] }>(
      '/api/v1/sso/domains',
      { email: 'it@example.com' },
    );
    expect(added.status, JSON.stringify(added.body)).toBe(200);
    expect(added.body.domains).toEqual([
      expect.objectContaining({ domain: 'example.com', verifiedAt: null }),
    ]);
    const mail = await nthMailTo(ctx(), 'it@example.com', 'Confirm example.com');
    const token = tokenFrom(linkIn(mail, '/verify-domain?token='));
    const verified = await new Client(ctx().app).post('/api/v1/sso/domains/verify', { token });
    expect(verified.body).toMatchObject({ domain: 'example.com' });
    expect((await new Client(ctx().app).post('/api/v1/sso/domains/verify', { token })).status).toBe(400);
    // Another company cannot claim it now.
    const other = await signupCompany(ctx());
    await ctx().deps.database.pool.query("update companies set plan = 'enterprise' where id = $1", [
      other.companyId,
    ]);
    const taken = await other.client.post<{ code: string }>('/api/v1/sso/domains', {
      email: 'x@example.com',
    });
    expect(taken.status).toBe(409);
    const actions = (await auditActions(ctx(), owner.companyId)).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['company.sso_configured', 'company.domain_added', 'company.domain_verified']),
    );
  });
});

describe('signing in with SSO', () => {
  it('links an existing user (the owner), whose session opens the workspace through the gateway', async () => {
    idp.addUser({ username: 'owner', password: PASSWORD, email: owner.email, name: 'The Owner' });
    const out = await ssoSignIn(owner.email, 'owner');
    expect(out.location).toBe(`${stand.world.portal}/app`);
    expect(out.session).toBeTruthy();
    const who = await me(out.session as string);
    expect(who.user.id).toBe(owner.userId);
    expect(who.signedInWith).toBe('sso');
    const hops = await stand.world.browser(out.session).follow(`http://${stand.ws.host}/echo`);
    expect(hops.map((h) => h.status)).toEqual([302, 302, 302, 200]);
    const actions = (await auditActions(ctx(), owner.companyId)).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.sso_linked', 'user.sso_login']));
    // The second time it is the same identity, no new link.
    const second = await ssoSignIn(owner.email, 'owner');
    expect((await me(second.session as string)).user.id).toBe(owner.userId);
  });

  it('lets a new person of a verified domain join as a member, just in time', async () => {
    idp.addUser({ username: 'dev', password: PASSWORD, email: 'dev@example.com', name: 'Dev Person' });
    const out = await ssoSignIn('dev@example.com', 'dev', PASSWORD, 'tr-TR,tr;q=0.9,en;q=0.5');
    const who = await me(out.session as string);
    // In the language of the browser they came with.
    expect(who.user).toMatchObject({ email: 'dev@example.com', role: 'member', locale: 'tr' });
    const members = await owner.client.get<{
      members: { email: string; fullName: string; emailVerified: boolean }[];
    }>('/api/v1/members');
    expect(members.body.members).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ email: 'dev@example.com', fullName: 'Dev Person', emailVerified: true }),
      ]),
    );
  });

  it('refuses an address outside the verified domains, and an unverified one', async () => {
    idp.addUser({ username: 'outsider', password: PASSWORD, email: 'someone@elsewhere.test' });
    const out = await ssoSignIn('dev@example.com', 'outsider');
    expect(out.location).toBe(`${stand.world.portal}/login?sso_error=domain`);
    expect(out.session).toBeUndefined();
    idp.addUser({
      username: 'unverified',
      password: PASSWORD,
      email: 'new@example.com',
      emailVerified: false,
    });
    expect((await ssoSignIn('dev@example.com', 'unverified')).location).toMatch(
      /sso_error=email_unverified$/,
    );
  });

  it('refuses a wrong state, a replayed callback and a callback in another browser', async () => {
    const s = await start('dev@example.com');
    const back = new URL(await idp.signIn(s.url, 'dev', PASSWORD));
    expect(back.searchParams.get('code')).toBeTruthy();
    const forged = new URL(back);
    forged.searchParams.set('state', 'made-up-state');
    expect((await callback(forged.toString(), s.cookie)).location).toMatch(/sso_error=expired$/);
    expect((await callback(back.toString())).location).toMatch(/sso_error=expired$/);
    // The other browser's try spent the sign-in: the right browser cannot use it after that either.
    expect((await callback(back.toString(), s.cookie)).location).toMatch(/sso_error=expired$/);

    const fresh = await ssoSignIn('dev@example.com', 'dev');
    expect(fresh.session).toBeTruthy();
    const replay = await callback(fresh.back, fresh.cookie);
    expect(replay.location).toMatch(/sso_error=expired$/);
    expect(replay.session).toBeUndefined();
  });

  it('refuses a user the IdP disabled: their next sign-in fails', async () => {
    idp.addUser({ username: 'leaver', password: PASSWORD, email: 'leaver@example.com' });
    expect((await ssoSignIn('leaver@example.com', 'leaver')).session).toBeTruthy();
    idp.disableUser('leaver');
    const out = await ssoSignIn('leaver@example.com', 'leaver');
    expect(out.location).toMatch(/sso_error=idp$/);
    expect(out.session).toBeUndefined();
    // The owner sees why in the audit log.
    const refused = (await auditActions(ctx(), owner.companyId)).filter(
      (e) => e.action === 'user.login_failed',
    );
    expect(refused.map((e) => e.metadata?.reason)).toEqual(
      expect.arrayContaining(['sso_idp', 'sso_domain', 'sso_expired', 'sso_email_unverified']),
    );
  });

  it('finds no SSO for a domain nobody verified', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/v1/sso/start',
      payload: { email: 'a@nowhere.test' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().fields).toHaveProperty('email');
    // A code the portal words in its own language (the message is English).
    expect(res.json().fieldCodes).toEqual({ email: 'sso_unavailable' });
  });
});

describe('SSO only', () => {
  it('needs the owner to keep two-factor, then refuses passwords but the owner’s', async () => {
    const member = await join(ctx(), owner.client);
    const early = await owner.client.patch<{ fields: Record<string, string> }>('/api/v1/sign-in-policy', {
      ssoOnly: true,
    });
    expect(early.status).toBe(400);
    expect(early.body.fields.ssoOnly).toMatch(/two-factor/);
    await enrolTwoFactor(ctx(), owner.client);
    const on = await owner.client.patch('/api/v1/sign-in-policy', { ssoOnly: true });
    expect(on.body).toMatchObject({ ssoOnly: true });

    const refused = await login(ctx(), member.email, member.password);
    expect(refused.res.status).toBe(403);
    expect(refused.res.body).toMatchObject({ code: 'SSO_REQUIRED' });
    const breakGlass = await login(ctx(), owner.email, owner.password);
    expect(breakGlass.res.body).toMatchObject({ twoFactorRequired: true });
    // The owner cannot drop the two-factor that keeps the way in open.
    const drop = await owner.client.post('/api/v1/me/two-factor/disable', { password: owner.password });
    expect(drop.status).toBe(403);
    // Removing SSO lets passwords in again.
    const removed = await owner.client.del<{ ssoOnly: boolean; sso: null }>('/api/v1/sso/connection');
    expect(removed.body).toMatchObject({ ssoOnly: false, sso: null });
    expect((await login(ctx(), member.email, member.password)).res.status).toBe(200);
  });
});
