import type { Role } from '@youarecoder/contract';
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
  }
}

/** Name of the session cookie. */
export const SESSION_COOKIE = 'yac_session';
/** Header carrying the CSRF token. */
export const CSRF_HEADER = 'x-csrf-token';
/** Form field carrying the CSRF token (for plain HTML forms). */
export const CSRF_FIELD = '_csrf';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolve the principal on every request (onRequest), then in preValidation, once form bodies are
 * parsed: /api/v1 routes not marked public need a principal, and cookie-authenticated mutating
 * requests need the session's CSRF token. Bearer-token requests carry no ambient authority, so
 * they need no CSRF token.
 */
export function installAuth(app: FastifyInstance, authenticate: Authenticator): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    // Static files and health checks need no identity; skip the session lookup for them.
    if (request.url.startsWith('/api/')) request.principal = await authenticate(request);
  });
  // Before validation: the body schema strips unknown keys such as _csrf, and a stranger should get
  // 401/403 rather than learn the body rules from 400s.
  app.addHook('preValidation', async (request) => {
    const isPublic = request.routeOptions.config?.public === true;
    // An unknown path answers 404 to everyone; 401 would hint that something is there.
    if (isPublic || request.is404 || !request.url.startsWith('/api/v1/')) return;
    const p = request.principal;
    if (!p) throw new AppError('UNAUTHENTICATED', 'Sign in first: this needs a session or an API token.');
    if (p.sessionId && !SAFE_METHODS.has(request.method)) {
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
