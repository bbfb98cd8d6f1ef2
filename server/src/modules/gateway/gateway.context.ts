// What the gateway handler's parts share: the services it was built with and what is derived from the
// portal's address once (the cookie's name, the scheme, the portal's authorize link).
import type { IncomingMessage } from 'node:http';
import { hostCookie } from '../../platform/http/auth.ts';
import type { Logger } from '../../platform/logger.ts';
import type { GatewayAccessService } from './gateway.access.ts';
import { AUTHORIZE_PATH, GATEWAY_COOKIE, type Locale, pickLocale } from './gateway.policy.ts';
import type { ChangeWaiters } from './gateway.wait.ts';
import type { GatewayWorkspaces } from './gateway.workspaces.ts';
import type { UpstreamProxy } from './proxy.ts';

/** Options of createGatewayHandler. */
export interface GatewayHandlerOptions {
  access: GatewayAccessService;
  workspaces: GatewayWorkspaces;
  proxy: UpstreamProxy;
  log: Logger;
  /** `<workspace>--<company>.<baseDomain>`. */
  baseDomain: string;
  /** The portal's origin (PUBLIC_URL, no trailing slash). */
  publicUrl: string;
  /** Mark the gateway cookie Secure (PUBLIC_URL is https). */
  secureCookies: boolean;
  /** Woken by workspace changes: progress pages wait on them (without, they refresh every 2 s). */
  waiters?: ChangeWaiters;
}

/** The options and what is derived from them once. */
export interface HandlerContext extends GatewayHandlerOptions {
  /** `yac_ws`, or `__Host-yac_ws` on https: code in a workspace (the same site) cannot toss one onto another host. */
  gatewayCookie: string;
  /** The scheme browsers use for workspace hosts. */
  scheme: 'http' | 'https';
  /** The portal's access check for a host and path (where a request without a good cookie goes). */
  authorizeUrl(hostName: string, path: string): string;
}

/** Derive the handler's context from its options. */
export function handlerContext(o: GatewayHandlerOptions): HandlerContext {
  return {
    ...o,
    gatewayCookie: hostCookie(GATEWAY_COOKIE, o.secureCookies),
    scheme: new URL(o.publicUrl).protocol === 'https:' ? 'https' : 'http',
    authorizeUrl: (hostName, path) =>
      `${o.publicUrl}${AUTHORIZE_PATH}?host=${encodeURIComponent(hostName)}&path=${encodeURIComponent(path)}`,
  };
}

/** The language of the gateway's pages for a request before sign-in (the browser's). */
export function localeOf(req: IncomingMessage): Locale {
  return pickLocale(req.headers['accept-language']);
}
