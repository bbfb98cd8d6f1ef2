import type { ApiTokenScope, Role } from '@youarecoder/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { safeEqual } from '../ids.ts';
import { AppError } from './errors.ts';

/** Who is making a request, and how they proved it. */
export interface Principal {
  userId: string;
  companyId: string;
  email: string;
  role: Role;
  locale: 'en' | 'tr';
  emailVerified: boolean;
  /** Set when authenticated by session cookie. */
  sessionId: string | null;
  csrfToken: string | null;
  /** Set when authenticated by API token. */
  tokenId: string | null;
  /** The token's scopes (null for a session: its user may do all their role allows). */
  scopes?: readonly ApiTokenScope[] | null;
  /** How the session signed in (absent for a token and for the gateway's own sessions). */
  signedInWith?: 'password' | 'sso';
  /**
   * The company requires two-factor and this user has not set it up (an SSO session is exempt: its IdP
   * decides how people prove who they are). Only routes marked `beforeTwoFactor` answer.
   */
  twoFactorSetupNeeded?: boolean;
}

/**
 * The scope an API token needs for a route (by its registered pattern), or `account` for what tokens may
 * never do (tokens, sessions, the password, the operators' pages, anything not listed). Billing needs
 * `billing` for reads too.
 */
export function tokenScopeOf(method: string, route: string): ApiTokenScope | 'account' {
  const area = route.split('/')[3] ?? '';
  if (area === 'billing') return 'billing';
  if (SAFE_METHODS.has(method)) return TOKEN_READABLE.has(area) ? 'read' : 'account';
  if (area === 'workspaces' || area === 'templates') return 'workspaces';
  if (area === 'members' || area === 'invites' || area === 'company') return 'team';
  return 'account';
}

/** Resolves a request's credentials (cookie or bearer token) to a principal, or null. */
export type Authenticator = (request: FastifyRequest) => Promise<Principal | null>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** Reachable without signing in (signup, login, reset, invite lookup, health). */
    public?: boolean;
    /** Reachable by a user who must still set up a company-required two-factor (enrolment, me, sign-out). */
    beforeTwoFactor?: boolean;
  }
}

/** Name of the session cookie (on https with the `__Host-` prefix: see hostCookie). */
export const SESSION_COOKIE = 'yac_session';

/**
 * A platform cookie's name as browsers see it: `__Host-<name>` on https. Browsers take such a cookie only
 * from its own host, Secure, with Path=/ and no Domain, so a page on a workspace host (the same site as the
 * portal) can neither set nor shadow it; a `<name>` cookie such a page set for the parent domain is not
 * read. On plain http (development) browsers refuse the prefix: the bare name.
 */
export function hostCookie(name: string, secure: boolean): string {
  return secure ? `__Host-${name}` : name;
}
/** Header carrying the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
/** Form field carrying the CSRF token (for plain HTML forms). */
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The areas (`/api/v1/<area>/…`) a token with `read` may GET. */
const TOKEN_READABLE = new Set([
  'workspaces',
  'templates',
  'members',
  'invites',
  'company',
  'audit-events',
  'me',
]);

/**
 * Where a browser may send state changes from: a request whose `Sec-Fetch-Site` says another site or
 * origin (a workspace host is the same *site* as the portal, so SameSite=Lax cookies do go along) is
 * refused; without that header, an `Origin` other than the portal's is. Exported for tests.
 */
export function crossOrigin(request: FastifyRequest, portalOrigin: string): string | null {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site === 'same-origin' ? null : `Sec-Fetch-Site: ${site}`;
  const origin = request.headers.origin;
  if (typeof origin === 'string' && origin !== portalOrigin) return `Origin: ${origin.slice(0, 200)}`;
  return null;
}

/**
 * Resolve the principal on every request (onRequest), then in preValidation, once form bodies are
 * parsed: /api/v1 routes not marked public need a principal, and cookie-authenticated mutating
 * requests need the session's CSRF token and must come from the portal's own origin. Bearer-token
 * requests carry no ambient authority, so they need neither.
 *
 * Both decisions go by the route that matched (`routeOptions.url`, its registered pattern), never by the
 * raw URL: the router decodes and normalises paths (`/api/v%31/…` reaches `/api/v1/…`), so a check on the
 * raw URL can be walked around.
 */
export function installAuth(app: FastifyInstance, authenticate: Authenticator, portalOrigin: string): void {
  app.decorateRequest('principal', null);
  const isApi = (request: FastifyRequest) => request.routeOptions.url?.startsWith('/api/') === true;
  app.addHook('onRequest', async (request) => {
    // Static files and health checks need no identity; skip the session lookup for them.
    if (isApi(request)) request.principal = await authenticate(request);
  });
  // Before validation: the body schema strips unknown keys such as _csrf, and a stranger should get
  // 401/403 rather than learn the body rules from 400s.
  app.addHook('preValidation', async (request) => {
    const isPublic = request.routeOptions.config?.public === true;
    // An unknown path answers 404 to everyone; 401 would hint that something is there.
    if (isPublic || request.is404 || !request.routeOptions.url?.startsWith('/api/v1/')) return;
    const p = request.principal;
    if (!p) throw new AppError('UNAUTHENTICATED', 'Sign in first: this needs a session or an API token.');
    if (p.twoFactorSetupNeeded && request.routeOptions.config?.beforeTwoFactor !== true)
      throw new AppError(
        'TWO_FACTOR_REQUIRED',
        'Your company requires two-factor sign-in: set it up on your Account page (Two-factor sign-in) first.',
      );
    if (p.tokenId) {
      const needed = tokenScopeOf(request.method, request.routeOptions.url ?? '');
      if (needed === 'account')
        throw new AppError(
          'FORBIDDEN',
          'API tokens cannot do this (tokens, sessions, the password and the account are managed signed in).',
        );
      if (!p.scopes?.includes(needed))
        throw new AppError('FORBIDDEN', `This API token lacks the \`${needed}\` scope this needs.`);
    }
    if (p.sessionId && !SAFE_METHODS.has(request.method)) {
      const foreign = crossOrigin(request, portalOrigin);
      if (foreign)
        throw new AppError(
          'CSRF_FAILED',
          `Refused: a change to your account must come from the portal's own pages (${foreign}).`,
        );
      const sent: unknown =
        request.headers[CSRF_HEADER] ??
        (request.body as Record<string, unknown> | null | undefined)?.[CSRF_FIELD];
      if (typeof sent !== 'string' || !p.csrfToken || !safeEqual(sent, p.csrfToken)) {
        throw new AppError('CSRF_FAILED', `Missing or wrong ${CSRF_HEADER} header for this session.`);
      }
    }
  });
}

/** The principal of an authenticated route (the preValidation hook guarantees it). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('UNAUTHENTICATED', 'Sign in first.');
  return request.principal;
}

/** Throw FORBIDDEN unless the principal has one of these roles. */
export function requireRole(p: Principal, ...roles: Role[]): void {
  if (!roles.includes(p.role)) {
    throw new AppError('FORBIDDEN', `This needs the ${roles.join(' or ')} role; you are ${p.role}.`);
  }
}

/** Throw EMAIL_NOT_VERIFIED for an unverified user. */
export function requireVerified(p: Principal): void {
  if (!p.emailVerified) {
    throw new AppError('EMAIL_NOT_VERIFIED', 'Verify your email address first: follow the link we sent you.');
  }
}

/** Request metadata stored with audit events and sessions. */
export interface RequestMeta {
  ip: string | null;
  userAgent: string | null;
  requestId: string;
}

/** Pull audit metadata from a request. */
export function requestMeta(request: FastifyRequest): RequestMeta {
  return {
    ip: request.ip ?? null,
    userAgent: (request.headers['user-agent'] as string | undefined)?.slice(0, 400) ?? null,
    requestId: String(request.id),
  };
}
