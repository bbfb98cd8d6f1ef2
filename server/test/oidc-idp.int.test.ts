import * as client from 'openid-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp, type TestIdp } from './oidc-idp.ts';

// Never requested: signIn stops at the redirect to it, the way a browser would hand it to the platform.
const REDIRECT_URI = 'http://127.0.0.1:9/auth/oidc/callback';
const ALICE = { username: 'alice', password: 'correct horse', email: 'alice@example.test', name: 'Alice A' };

let idp: TestIdp;
let config: client.Configuration;
let aliceSub: string;
let clientId: string;
let clientSecret: string;

/** Start an authorization request the way the platform will: PKCE S256, state and nonce. */
async function begin(cfg = config) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const nonce = client.randomNonce();
  const url = client.buildAuthorizationUrl(cfg, {
    redirect_uri: REDIRECT_URI,
    scope: 'openid email profile',
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return {
    url: url.href,
    checks: { pkceCodeVerifier: verifier, expectedState: state, expectedNonce: nonce },
  };
}

beforeAll(async () => {
  idp = await startTestIdp();
  ({ clientId, clientSecret } = idp.registerClient([REDIRECT_URI]));
  aliceSub = idp.addUser(ALICE).sub;
  // Plain http issuer: openid-client refuses it unless allowInsecureRequests runs on the configuration.
  config = await client.discovery(new URL(idp.issuer), clientId, clientSecret, undefined, {
    execute: [client.allowInsecureRequests],
  });
});

afterAll(async () => {
  await idp?.close();
});

describe('test OIDC IdP', () => {
  it('serves discovery that openid-client accepts', () => {
    const meta = config.serverMetadata();
    expect(meta.issuer).toBe(idp.issuer);
    expect(meta.code_challenge_methods_supported).toEqual(['S256']);
    expect(meta.response_types_supported).toEqual(['code']);
    expect(config.clientMetadata().client_id).toBe(clientId);
  });

  it('completes code + PKCE and puts the email claims in the ID token', async () => {
    const { url, checks } = await begin();
    const callback = new URL(await idp.signIn(url, ALICE.username, ALICE.password));
    expect(callback.searchParams.get('code')).toBeTruthy();
    expect(callback.searchParams.get('state')).toBe(checks.expectedState);

    const tokens = await client.authorizationCodeGrant(config, callback, checks);
    expect(tokens.claims()).toMatchObject({
      iss: idp.issuer,
      aud: clientId,
      sub: aliceSub,
      nonce: checks.expectedNonce,
      email: ALICE.email,
      email_verified: true,
      name: ALICE.name,
    });
    const info = await client.fetchUserInfo(config, tokens.access_token, aliceSub);
    expect(info.email).toBe(ALICE.email);
  });

  it('accepts client_secret_basic as well as client_secret_post', async () => {
    const basic = await client.discovery(
      new URL(idp.issuer),
      clientId,
      clientSecret,
      client.ClientSecretBasic(clientSecret),
      { execute: [client.allowInsecureRequests] },
    );
    const { url, checks } = await begin(basic);
    const callback = new URL(await idp.signIn(url, ALICE.username, ALICE.password));
    expect((await client.authorizationCodeGrant(basic, callback, checks)).claims()?.sub).toBe(aliceSub);
  });

  it('lets openid-client reject a callback with the wrong state', async () => {
    const { url, checks } = await begin();
    const callback = new URL(await idp.signIn(url, ALICE.username, ALICE.password));
    await expect(
      client.authorizationCodeGrant(config, callback, { ...checks, expectedState: client.randomState() }),
    ).rejects.toMatchObject({
      code: 'OAUTH_INVALID_RESPONSE',
      cause: { message: expect.stringMatching(/"state"/) },
    });
  });

  it('refuses to redeem the same code twice', async () => {
    const { url, checks } = await begin();
    const callback = new URL(await idp.signIn(url, ALICE.username, ALICE.password));
    await client.authorizationCodeGrant(config, callback, checks);
    await expect(client.authorizationCodeGrant(config, callback, checks)).rejects.toMatchObject({
      error: 'invalid_grant',
    });
  });

  it('refuses a PKCE verifier that does not match the challenge', async () => {
    const { url, checks } = await begin();
    const callback = new URL(await idp.signIn(url, ALICE.username, ALICE.password));
    await expect(
      client.authorizationCodeGrant(config, callback, {
        ...checks,
        pkceCodeVerifier: client.randomPKCECodeVerifier(),
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('keeps a disabled user out, and a code issued before disabling cannot be redeemed', async () => {
    const bob = { username: 'bob', password: 'pw-bob', email: 'bob@example.test' };
    const bobSub = idp.addUser(bob).sub;
    const early = await begin();
    const earlyCallback = new URL(await idp.signIn(early.url, bob.username, bob.password));

    idp.disableUser(bob.username);
    const { url, checks } = await begin();
    const callback = new URL(await idp.signIn(url, bob.username, bob.password));
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.has('code')).toBe(false);
    await expect(client.authorizationCodeGrant(config, callback, checks)).rejects.toMatchObject({
      error: 'access_denied',
    });
    await expect(client.authorizationCodeGrant(config, earlyCallback, early.checks)).rejects.toMatchObject({
      error: 'invalid_grant',
    });

    idp.enableUser(bob.username);
    const again = await begin();
    const ok = new URL(await idp.signIn(again.url, bob.username, bob.password));
    const tokens = await client.authorizationCodeGrant(config, ok, again.checks);
    expect(tokens.claims()).toMatchObject({ sub: bobSub, email: bob.email, email_verified: true });
  });

  it('shows the login form again, with an error, for a wrong password', async () => {
    const { url } = await begin();
    await expect(idp.signIn(url, ALICE.username, 'wrong')).rejects.toThrow(/Invalid username or password/);

    // The same by hand, to see the page a browser gets.
    const start = await fetch(url, { redirect: 'manual' });
    const cookie = start.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const formUrl = new URL(start.headers.get('location') ?? '', idp.issuer);
    const form = await fetch(formUrl, { headers: { cookie } });
    const formHtml = await form.text();
    expect(formHtml).toContain('<title>Test IdP</title>');
    expect(formHtml).toMatch(/<button type="submit">Sign in<\/button>/);

    const retry = await fetch(new URL(`${formUrl.pathname}/login`, idp.issuer), {
      method: 'POST',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ username: ALICE.username, password: 'wrong' }),
      redirect: 'manual',
    });
    expect(retry.status).toBe(401);
    const retryHtml = await retry.text();
    expect(retryHtml).toContain('Invalid username or password.');
    expect(retryHtml).toContain('name="password"');
    expect(retryHtml).toContain(`value="${ALICE.username}"`);
  });
});
