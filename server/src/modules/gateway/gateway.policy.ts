// Pure decisions of the gateway: who may open a workspace, which redirect targets are safe, which
// language a page speaks, and the gateway cookie with the CSRF token derived from it.
import { createHmac } from 'node:crypto';

/** The gateway's cookie on a workspace host (host-only, HttpOnly): a random token, stored hashed. */
export const GATEWAY_COOKIE = 'yac_ws';
/** Where a browser redeems its ticket on the workspace host. */
export const TICKET_PATH = '/__yac/ticket';
/** Where the Start button of a stopped workspace posts to. */
export const START_PATH = '/__yac/start';
/** Where a progress page's refresh waits for the workspace's next change (a long poll without script). */
export const WAIT_PATH = '/__yac/wait';
/** Paths under this prefix belong to the gateway, never to code-server. */
export const GATEWAY_PATH_PREFIX = '/__yac/';
/** The portal route that checks access and issues tickets. */
export const AUTHORIZE_PATH = '/gateway/authorize';
/** The form field of the Start button's CSRF token. */
export const START_CSRF_FIELD = '_csrf';

/** The base domain workspaces live under (BASE_DOMAIN, else `localhost:<PORT>`). */
export { baseDomainOf as gatewayBaseDomain } from '../workspaces/hosts.ts';
/** Who may open a workspace's IDE: the workspaces module's rule (its owner; admins when shared). */
export { canOpen as canOpenWorkspace } from '../workspaces/workspaces.service.ts';

const MAX_PATH = 8192;

/**
 * A path to send a browser to on the same host, or null: it must start with one `/` (never `//` or
 * `/\`, which browsers read as another host) and hold only printable ASCII without backslashes
 * (browsers strip tabs and newlines, so `/\t/evil.com` would become `//evil.com`).
 */
export function safeRelativePath(p: string | null | undefined): string | null {
  if (typeof p !== 'string' || p.length === 0 || p.length > MAX_PATH) return null;
  if (p[0] !== '/' || p[1] === '/' || p[1] === '\\') return null;
  // Printable ASCII only: what a browser sends is percent-encoded, and a header value must stay valid.
  if (/[^\x21-\x7e]|\\/.test(p)) return null;
  // Belt and braces: resolved against a host, it must stay on that host.
  try {
    if (new URL(p, 'http://h.invalid').host !== 'h.invalid') return null;
  } catch {
    return null;
  }
  return p;
}

export { type Locale, pickLocale } from '../../platform/http/locale.ts';

/** The values of one cookie in a Cookie header (a browser may send the same name twice). */
export function readCookies(header: string | string[] | undefined, name: string): string[] {
  if (!header) return [];
  const out: string[] = [];
  for (const part of (Array.isArray(header) ? header.join('; ') : header).split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const value = part.slice(eq + 1).trim();
    if (value) out.push(value);
  }
  return out;
}

/**
 * The CSRF token of the Start form: an HMAC keyed by the (HttpOnly, secret) cookie token, so it needs
 * no server secret, works in every gateway process, and only a page served to that cookie knows it.
 */
export function startCsrfToken(cookieToken: string, workspaceId: string): string {
  return createHmac('sha256', cookieToken).update(`yac-gateway-start:${workspaceId}`).digest('base64url');
}
