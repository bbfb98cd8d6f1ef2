import { PLANS } from '@youarecoder/contract/plans';
import { MINUTE } from '../../platform/clock.ts';
import { uniqueViolation } from '../../platform/db/client.ts';
import type { RequestMeta } from '../../platform/http/auth.ts';
import { AppError, invalid } from '../../platform/http/errors.ts';
import { hashSecret } from '../../platform/ids.ts';
import { domainOf, type SignInDeps, SSO_CALLBACK_PATH } from './sign-in.service.ts';
import { describe, newSignInSecrets } from './sso.oidc.ts';
import * as repo from './sso.repo.ts';

/** How long a sign-in may take at the IdP. */
const SIGN_IN_TTL_MS = 10 * MINUTE;

/** Why an SSO sign-in did not end in a session; the portal words each (Login page, `sso_error`). */
export type SsoFailure =
  | 'expired' // unknown, used or expired state, or another browser's
  | 'idp' // the IdP refused (a disabled account, a cancelled sign-in)
  | 'exchange' // the code, the PKCE check or the ID token did not hold
  | 'email_unverified'
  | 'domain' // the address is outside the company's verified domains
  | 'other_company' // the address belongs to a user of another company
  | 'unavailable'; // SSO was removed or the plan lost it meanwhile

/** A refused SSO sign-in, with the reason the portal shows. */
export class SsoError extends Error {
  constructor(
    readonly reason: SsoFailure,
    detail: string,
  ) {
    super(detail);
  }
}

/** A path of the portal to return to, or null (absolute and protocol-relative URLs are refused). */
function safeNext(raw: string | undefined): string | null {
  if (!raw?.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return null;
  return raw.slice(0, 1000);
}

/**
 * Sign-in through a company's OpenID provider: start (find the company by a work email's verified domain or
 * by its subdomain, send the browser to the IdP with state, nonce and PKCE) and the callback (check all of
 * them through openid-client, then find, link or create the user and open a session).
 */
export function createSsoFlow(deps: SignInDeps) {
  const { db, ids, clock, config, audit, accounts, secrets, oidc, log } = deps;
  const redirectUri = `${config.publicUrl}${SSO_CALLBACK_PATH}`;

  async function settingsOf(companyId: string) {
    const connection = await repo.findConnection(db, companyId);
    const clientSecret = connection ? secrets.open(connection.clientSecretSealed) : null;
    if (!connection || clientSecret === null) return null;
    return { issuer: connection.issuer, clientId: connection.clientId, clientSecret };
  }

  const flow = {
    /**
     * Where the browser goes to sign in, for a work email (its domain verified by a company with SSO) or a
     * company's subdomain. `browser` is the secret of the cookie this browser gets: the callback must come
     * back to the same browser.
     */
    async startSso(
      input: { email?: string; company?: string; next?: string },
      browser: string,
    ): Promise<{ url: string }> {
      let companyId: string | undefined;
      let plan: keyof typeof PLANS | undefined;
      if (input.email) {
        const found = await repo.companyOfVerifiedDomain(db, domainOf(input.email));
        companyId = found?.companyId;
        plan = found?.plan;
      } else if (input.company) {
        const found = await repo.companyBySubdomain(db, input.company.trim().toLowerCase());
        companyId = found?.id;
        plan = found?.plan;
      }
      const settings = companyId && plan && PLANS[plan].sso ? await settingsOf(companyId) : null;
      if (!companyId || !settings)
        throw invalid(
          { [input.email ? 'email' : 'company']: 'has no single sign-on here' },
          input.email
            ? `No company has single sign-on set up for ${domainOf(input.email)}: sign in with your password, or ask your owner.`
            : 'This company has no single sign-on set up.',
          { [input.email ? 'email' : 'company']: 'sso_unavailable' },
        );
      const s = newSignInSecrets();
      let url: string;
      try {
        url = await oidc.authorizationUrl(settings, { redirectUri, ...s });
      } catch (err) {
        log.warn({ err, companyId, issuer: settings.issuer }, 'SSO: the identity provider is unreachable');
        throw new AppError(
          'UNAVAILABLE',
          `Your company's identity provider did not answer (${describe(err)}); try again in a moment.`,
        );
      }
      const now = clock.now();
      await repo.insertLogin(db, {
        id: ids.id('ssl'),
        stateHash: hashSecret(s.state),
        browserHash: hashSecret(browser),
        companyId,
        nonce: s.nonce,
        codeVerifier: s.codeVerifier,
        next: safeNext(input.next),
        createdAt: now,
        expiresAt: new Date(now.getTime() + SIGN_IN_TTL_MS),
      });
      return { url };
    },

    /**
     * The IdP sent the browser back. The sign-in is spent whatever happens next (a replayed callback finds
     * nothing), and must be this browser's. Then openid-client checks the code with the PKCE verifier, the
     * state and the ID token's nonce, issuer, audience and signature.
     */
    async finishSso(
      callbackUrl: URL,
      browser: string | undefined,
      meta: RequestMeta,
      /** The browser's language: a person joining now gets their portal and mail in it. */
      prefs: { locale: 'en' | 'tr' } = { locale: 'en' },
    ) {
      const state = callbackUrl.searchParams.get('state');
      const login = state ? await repo.takeLogin(db, hashSecret(state), clock.now()) : undefined;
      if (!state || !login) throw new SsoError('expired', 'unknown, used or expired state');
      try {
        if (!browser || login.browserHash !== hashSecret(browser))
          throw new SsoError('expired', 'the sign-in was started in another browser');
        return await finish(callbackUrl, state, login, meta, prefs.locale);
      } catch (err) {
        // The company's owner sees refused SSO sign-ins in the audit log, with the reason.
        if (err instanceof SsoError)
          await audit.record(db, {
            companyId: login.companyId,
            actor: null,
            action: 'user.login_failed',
            metadata: { reason: `sso_${err.reason}`, detail: err.message.slice(0, 300) },
            meta,
          });
        throw err;
      }
    },

    /** Forget finished and expired sign-ins (daily). */
    cleanupSso: () => repo.deleteOldLogins(db, clock.now()),
  };
  return flow;

  async function finish(
    callbackUrl: URL,
    state: string,
    login: NonNullable<Awaited<ReturnType<typeof repo.takeLogin>>>,
    meta: RequestMeta,
    locale: 'en' | 'tr',
  ) {
    const idpError = callbackUrl.searchParams.get('error');
    if (idpError)
      throw new SsoError('idp', `${idpError}: ${callbackUrl.searchParams.get('error_description') ?? ''}`);
    const settings = await settingsOf(login.companyId);
    if (!settings) throw new SsoError('unavailable', 'the SSO connection is gone');
    let claims: Awaited<ReturnType<typeof oidc.exchange>>;
    try {
      claims = await oidc.exchange(settings, callbackUrl, {
        state,
        nonce: login.nonce,
        codeVerifier: login.codeVerifier,
      });
    } catch (err) {
      throw new SsoError('exchange', describe(err));
    }
    const companyId = login.companyId;
    const now = clock.now();
    try {
      return await db.transaction(async (tx) => {
        let identity = await repo.findIdentity(tx, settings.issuer, claims.sub);
        let user = identity ? await accounts.findUser(tx, companyId, identity.userId) : undefined;
        if (identity && !user)
          throw new SsoError('other_company', 'the identity is linked to another company');
        let action: 'user.sso_login' | 'user.sso_linked' | 'user.sso_joined' = 'user.sso_login';
        if (!user) {
          // A first sign-in: the IdP must vouch for an address in one of the company's verified domains.
          const email = claims.email?.trim().toLowerCase();
          if (!email || !claims.emailVerified)
            throw new SsoError('email_unverified', 'the IdP sent no verified email address');
          const verified = await repo.companyOfVerifiedDomain(tx, domainOf(email));
          if (verified?.companyId !== companyId)
            throw new SsoError('domain', `${domainOf(email)} is not a verified domain of the company`);
          const existing = await accounts.findUserByEmail(tx, email);
          if (existing && existing.companyId !== companyId)
            throw new SsoError('other_company', 'the address belongs to a user of another company');
          if (existing) {
            user = existing;
            action = 'user.sso_linked';
          } else {
            const userId = await accounts.createUser(
              tx,
              {
                companyId,
                email,
                fullName: (claims.name ?? email.slice(0, email.indexOf('@'))).slice(0, 120),
                password: '',
                // No password: one can be set through "Forgot password" where passwords are allowed.
                passwordHash: '!sso',
                role: 'member',
                workspaceQuota: 0,
                locale,
                emailVerified: true,
              },
              meta,
            );
            user = await accounts.findUser(tx, companyId, userId);
            action = 'user.sso_joined';
          }
          if (!user) throw new SsoError('other_company', 'the user vanished');
          identity = {
            id: ids.id('sid'),
            userId: user.id,
            companyId,
            issuer: settings.issuer,
            subject: claims.sub,
            createdAt: now,
            lastLoginAt: now,
          };
          await repo.insertIdentity(tx, identity);
        } else if (identity) {
          await repo.touchIdentity(tx, identity.id, now);
        }
        await accounts.updateUser(tx, user.id, { lastLoginAt: now });
        const session = await accounts.createSession(tx, user, false, meta, 'sso');
        const actor = { userId: user.id, email: user.email };
        if (action !== 'user.sso_login')
          await audit.record(tx, {
            companyId,
            actor,
            action,
            target: { type: 'user', id: user.id },
            metadata: { issuer: settings.issuer },
            meta,
          });
        await audit.record(tx, {
          companyId,
          actor,
          action: 'user.sso_login',
          target: { type: 'user', id: user.id },
          metadata: { issuer: settings.issuer },
          meta,
        });
        return { session, next: login.next };
      });
    } catch (err) {
      // Two first sign-ins of one person at once: the other one linked or created them.
      if (uniqueViolation(err)) throw new SsoError('expired', 'a concurrent sign-in of the same person');
      throw err;
    }
  }
}
