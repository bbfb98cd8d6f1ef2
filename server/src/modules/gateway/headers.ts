// Header rewriting of the gateway, pure: what a request carries to code-server and what a response
// carries back to the browser. The proxy (proxy.ts) applies these to HTTP and WebSocket traffic alike.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from 'node:http';
import { util as undiciUtil } from 'undici';

/** Headers that describe one connection, never the message (RFC 9110 §7.6.1), plus the legacy ones. */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** Request headers the gateway never passes on besides the hop-by-hop ones. */
const REQUEST_DROP = new Set([
  // Answered by the gateway's own server already (node sends the 100 Continue itself).
  'expect',
  // Only the gateway may say who the client is: set again from what it saw.
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
]);

/** Decides whether a cookie name belongs to the platform (and so must never cross the gateway). */
export type CookieFilter = (name: string) => boolean;

/** A filter for exact names and name prefixes, both compared case-insensitively. */
export function platformCookieFilter(names: readonly string[], prefixes: readonly string[]): CookieFilter {
  const exact = new Set(names.map((n) => n.toLowerCase()));
  const pre = prefixes.map((p) => p.toLowerCase()).filter((p) => p.length > 0);
  return (name) => {
    const n = name.trim().toLowerCase();
    return exact.has(n) || pre.some((p) => n.startsWith(p));
  };
}

/** The names listed in a Connection header (lowercase): they are hop-by-hop too (RFC 9110 §7.6.1). */
export function connectionTokens(value: string | string[] | undefined): string[] {
  if (value === undefined) return NO_TOKENS;
  const all = Array.isArray(value) ? value.join(',') : value;
  // The usual value is one token (`keep-alive`, `close`): no split, no array of pieces.
  if (all.indexOf(',') < 0) {
    const t = all.trim().toLowerCase();
    return t === 'keep-alive' ? KEEP_ALIVE : t.length > 0 ? [t] : NO_TOKENS;
  }
  const out: string[] = [];
  for (const part of all.split(',')) {
    const t = part.trim().toLowerCase();
    if (t.length > 0) out.push(t);
  }
  return out;
}
const NO_TOKENS: string[] = [];
const KEEP_ALIVE = ['keep-alive'];

function isHopByHop(name: string, listed: readonly string[]): boolean {
  return HOP_BY_HOP.has(name) || name.startsWith('proxy-') || (listed.length > 0 && listed.includes(name));
}

/**
 * Whether a request header (lowercase name) stays at the gateway: hop-by-hop, listed in Connection,
 * one the gateway sets itself (X-Forwarded-*), or one the caller drops (`authorization`). The one rule
 * of both the proxy (node's request objects) and the fast path (raw header lines).
 */
export function dropsRequestHeader(
  name: string,
  listed: readonly string[],
  drop: ReadonlySet<string> | undefined,
): boolean {
  return isHopByHop(name, listed) || REQUEST_DROP.has(name) || (drop?.has(name) ?? false);
}

/** Whether a response header (lowercase name) stays at the gateway: hop-by-hop or listed in Connection. */
export function dropsResponseHeader(name: string, listed: readonly string[]): boolean {
  return isHopByHop(name, listed);
}

/** The Cookie header without the platform's cookies; undefined when nothing is left. */
export function filterCookieHeader(value: string, isPlatform: CookieFilter): string | undefined {
  const kept: string[] = [];
  for (const part of value.split(';')) {
    const pair = part.trim();
    if (!pair) continue;
    const eq = pair.indexOf('=');
    // A nameless cookie (`Set-Cookie: token`) travels as its bare value: judge that value as a name.
    if (isPlatform(eq < 0 ? pair : pair.slice(0, eq))) continue;
    kept.push(pair);
  }
  return kept.length ? kept.join('; ') : undefined;
}

/**
 * One Set-Cookie value as the gateway lets it through, or undefined to drop it: a platform name is
 * dropped, and any Domain attribute is removed so the cookie stays on the workspace's own host (a
 * workspace must not plant cookies on the portal or on other workspaces under the same base domain).
 */
export function filterSetCookie(value: string, isPlatform: CookieFilter): string | undefined {
  const parts = value.split(';');
  const first = parts[0] ?? '';
  const eq = first.indexOf('=');
  if (isPlatform(eq < 0 ? first : first.slice(0, eq))) return undefined;
  const kept = [first.trim()];
  for (const attr of parts.slice(1)) {
    const a = attr.trim();
    if (!a || /^domain\s*(=|$)/i.test(a)) continue;
    kept.push(a);
  }
  return kept.join('; ');
}

/** Who asked, as the gateway saw it, to tell code-server in X-Forwarded-*. */
export interface ForwardedInfo {
  /** The client's address (the gateway's peer); omitted from X-Forwarded-For when unknown. */
  clientIp: string | undefined;
  /** The scheme the browser used. */
  proto: 'http' | 'https';
  /** The Host the browser asked for. */
  host: string | undefined;
  /** Earlier hops' X-Forwarded-For to append to, only when the gateway trusts the proxy in front of it. */
  priorFor?: string | undefined;
}

/** Options of upstreamRequestHeaders. */
export interface RequestHeaderOptions {
  isPlatformCookie: CookieFilter;
  forwarded: ForwardedInfo;
  /** Keep `Connection: Upgrade` and `Upgrade` (the WebSocket handshake). */
  upgrade?: boolean;
  /** Further request headers to drop (lowercase names), e.g. `authorization`. */
  drop?: ReadonlySet<string>;
}

/**
 * The headers a browser's request carries on to code-server: hop-by-hop headers and the platform's
 * cookies removed, Host and Origin untouched, X-Forwarded-For/Proto/Host set by the gateway.
 */
export function upstreamRequestHeaders(
  incoming: IncomingHttpHeaders,
  o: RequestHeaderOptions,
): OutgoingHttpHeaders {
  const listed = connectionTokens(incoming.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name of Object.keys(incoming)) {
    const value = incoming[name];
    if (value === undefined || dropsRequestHeader(name, listed, o.drop)) continue;
    if (name === 'cookie') {
      const cookie = filterCookieHeader(Array.isArray(value) ? value.join('; ') : value, o.isPlatformCookie);
      if (cookie !== undefined) out.cookie = cookie;
      continue;
    }
    out[name] = value;
  }
  if (o.upgrade) {
    out.connection = 'Upgrade';
    out.upgrade = incoming.upgrade;
  }
  const f = o.forwarded;
  const forwardedFor = forwardedForValue(f);
  if (forwardedFor) out['x-forwarded-for'] = forwardedFor;
  out['x-forwarded-proto'] = f.proto;
  if (f.host) out['x-forwarded-host'] = f.host;
  return out;
}

/** The X-Forwarded-For the gateway sends (undefined: none): the trusted earlier hops, then the client. */
export function forwardedForValue(f: ForwardedInfo): string | undefined {
  return f.priorFor ? (f.clientIp ? `${f.priorFor}, ${f.clientIp}` : f.priorFor) : f.clientIp;
}

/** The headers of code-server's answer as the browser gets them (hop-by-hop and platform cookies removed). */
export function downstreamResponseHeaders(
  incoming: IncomingHttpHeaders,
  isPlatformCookie: CookieFilter,
): OutgoingHttpHeaders {
  const listed = connectionTokens(incoming.connection);
  const out: OutgoingHttpHeaders = {};
  for (const name of Object.keys(incoming)) {
    const value = incoming[name];
    if (value === undefined || dropsResponseHeader(name, listed)) continue;
    if (name === 'set-cookie') {
      const cookies = filterSetCookies(value, isPlatformCookie);
      if (cookies.length) out[name] = cookies;
      continue;
    }
    out[name] = value;
  }
  return out;
}

/** Every Set-Cookie value the gateway lets through (see filterSetCookie). */
export function filterSetCookies(value: string | string[], isPlatformCookie: CookieFilter): string[] {
  const out: string[] = [];
  for (const c of Array.isArray(value) ? value : [value]) {
    const kept = filterSetCookie(c, isPlatformCookie);
    if (kept !== undefined) out.push(kept);
  }
  return out;
}

// Duplicates of these are dropped (the first one counts), as node's own HTTP parser does; set-cookie is
// kept as a list, cookie joined with `; `, any other header joined with `, `.
const SINGLE_VALUED = new Set([
  'age',
  'authorization',
  'content-length',
  'content-type',
  'etag',
  'expires',
  'from',
  'host',
  'if-modified-since',
  'if-unmodified-since',
  'last-modified',
  'location',
  'max-forwards',
  'proxy-authorization',
  'referer',
  'retry-after',
  'server',
  'user-agent',
]);

/**
 * Raw header lines (name, value, name, value… as undici reports them, bytes or strings) as node's
 * IncomingMessage.headers would hold them: lowercase names, duplicates folded the same way, values
 * read as latin1 (each byte one character, so they go out again unchanged).
 */
export function headersFromRaw(raw: readonly (Buffer | string)[]): IncomingHttpHeaders {
  const out: Record<string, string | string[]> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const n = raw[i] as Buffer | string;
    const v = raw[i + 1] as Buffer | string;
    // undici's lookup gives the lowercase name of a well-known header without making a string of it.
    const name = undiciUtil.headerNameToString(n);
    const value = typeof v === 'string' ? v : v.toString('latin1');
    // `typeof`, not `=== undefined`: a header named like an Object method (`constructor`) is new too.
    const prev = out[name];
    if (name === 'set-cookie') {
      if (Array.isArray(prev)) prev.push(value);
      else out[name] = [value];
    } else if (typeof prev !== 'string') out[name] = value;
    else if (!SINGLE_VALUED.has(name)) out[name] = `${prev}${name === 'cookie' ? '; ' : ', '}${value}`;
  }
  return out as IncomingHttpHeaders;
}
