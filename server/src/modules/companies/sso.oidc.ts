import * as oidc from 'openid-client';

/** A company's client at its IdP, as the flow needs it. */
export interface OidcClientSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** What the platform asks of an OpenID provider; `openid-client` does the protocol (discovery, PKCE, tokens). */
export interface OidcRelyingParty {
  /** Read the IdP's discovery document: the issuer it names itself by; throws with a reason a person can act on. */
  check(settings: OidcClientSettings): Promise<string>;
  /** Where to send the browser: code flow with PKCE (S256), a state and a nonce. */
  authorizationUrl(
    settings: OidcClientSettings,
    p: { redirectUri: string; state: string; nonce: string; codeVerifier: string },
  ): Promise<string>;
  /** Trade the callback's code for tokens, checking state, nonce, PKCE and the ID token; its claims. */
  exchange(
    settings: OidcClientSettings,
    callbackUrl: URL,
    checks: { state: string; nonce: string; codeVerifier: string },
  ): Promise<OidcClaims>;
}

/** The ID token claims the platform uses. */
export interface OidcClaims {
  sub: string;
  email?: string;
  emailVerified: boolean;
  name?: string;
}

/** Fresh secrets for one sign-in: state, nonce and PKCE verifier. */
export function newSignInSecrets() {
  return {
    state: oidc.randomState(),
    nonce: oidc.randomNonce(),
    codeVerifier: oidc.randomPKCECodeVerifier(),
  };
}

// Discovery costs a round trip to the IdP; a sign-in reuses what was read for a few minutes.
const DISCOVERY_TTL_MS = 5 * 60_000;

/** The relying party on `openid-client`; plain-http issuers only when `allowHttp` (a local IdP). */
export function createOidcRelyingParty(o: { allowHttp: boolean }): OidcRelyingParty {
  const cache = new Map<string, { at: number; config: Promise<oidc.Configuration> }>();
  const discover = (s: OidcClientSettings, fresh = false): Promise<oidc.Configuration> => {
    const key = JSON.stringify([s.issuer, s.clientId, s.clientSecret]);
    const hit = cache.get(key);
    if (hit && !fresh && Date.now() - hit.at < DISCOVERY_TTL_MS) return hit.config;
    const config = oidc.discovery(new URL(s.issuer), s.clientId, s.clientSecret, undefined, {
      ...(o.allowHttp && s.issuer.startsWith('http:') ? { execute: [oidc.allowInsecureRequests] } : {}),
      timeout: 10,
    });
    cache.set(key, { at: Date.now(), config });
    // A failure is not kept: the next sign-in asks again.
    config.catch(() => cache.delete(key));
    if (cache.size > 500) cache.delete(cache.keys().next().value as string);
    return config;
  };
  return {
    async check(s) {
      if (!o.allowHttp && !s.issuer.startsWith('https:'))
        throw new Error('the issuer must be an https:// URL');
      try {
        return (await discover(s, true)).serverMetadata().issuer;
      } catch (err) {
        throw new Error(`its OpenID configuration could not be read: ${describe(err)}`);
      }
    },
    async authorizationUrl(s, p) {
      const config = await discover(s);
      return oidc
        .buildAuthorizationUrl(config, {
          redirect_uri: p.redirectUri,
          scope: 'openid email profile',
          state: p.state,
          nonce: p.nonce,
          code_challenge: await oidc.calculatePKCECodeChallenge(p.codeVerifier),
          code_challenge_method: 'S256',
        })
        .toString();
    },
    async exchange(s, callbackUrl, checks) {
      const config = await discover(s);
      const tokens = await oidc.authorizationCodeGrant(config, callbackUrl, {
        expectedState: checks.state,
        expectedNonce: checks.nonce,
        pkceCodeVerifier: checks.codeVerifier,
        idTokenExpected: true,
      });
      const claims = tokens.claims();
      if (!claims) throw new Error('the IdP sent no ID token');
      return {
        sub: claims.sub,
        email: typeof claims.email === 'string' ? claims.email : undefined,
        emailVerified: claims.email_verified === true,
        name: typeof claims.name === 'string' ? claims.name : undefined,
      };
    },
  };
}

/** A short reason from openid-client's or fetch's error. */
export function describe(err: unknown): string {
  const e = err as {
    message?: string;
    error?: string;
    error_description?: string;
    cause?: { message?: string };
  };
  const text = e.error_description ?? e.error ?? e.message ?? String(err);
  const cause = e.cause?.message && !text.includes(e.cause.message) ? ` (${e.cause.message})` : '';
  return `${text}${cause}`.slice(0, 300);
}
