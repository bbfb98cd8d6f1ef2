// The heads of the fast path's exchanges (fast-path.ts): the request head code-server gets and the answer's
// head the browser gets, built from raw header lines by the rules the proxy applies to node's header
// objects (headers.ts), so both paths share them.
import {
  dropsRequestHeader,
  dropsResponseHeader,
  filterCookieHeader,
  filterSetCookie,
  forwardedForValue,
} from './headers.ts';
import type { RequestHead, ResponseHead } from './http1.ts';
import type { RawProxyHooks } from './proxy.ts';

/** Bodies up to this size go out in one buffer with their head (one write, one system call). */
export const JOIN_MAX = 16 * 1024;

/** A head (latin1: one byte per character) and the body bytes after it, as one buffer. */
export function joined(head: string, body: Buffer): Buffer {
  const out = Buffer.allocUnsafe(head.length + body.length);
  out.write(head, 0, 'latin1');
  body.copy(out, head.length);
  return out;
}

/** The request head code-server gets: the shared rules of headers.ts applied to raw lines. */
export function requestHead(
  r: RequestHead,
  h: Pick<RawProxyHooks, 'drop' | 'isPlatformCookie' | 'trustForwardedFor'>,
  clientIp: string | undefined,
  proto: 'http' | 'https',
): string {
  let s = `${r.method} ${r.target} HTTP/1.1\r\n`;
  let prior: string | undefined;
  const { names, values, connection } = r;
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as string;
    if (name === 'cookie') continue;
    if (name === 'x-forwarded-for' && h.trustForwardedFor)
      prior = prior === undefined ? values[k] : `${prior}, ${values[k]}`;
    if (dropsRequestHeader(name, connection, h.drop)) continue;
    s += `${name}: ${values[k]}\r\n`;
  }
  if (r.cookie !== undefined) {
    const cookie = filterCookieHeader(r.cookie, h.isPlatformCookie);
    if (cookie !== undefined) s += `cookie: ${cookie}\r\n`;
  }
  const xff = forwardedForValue({ clientIp, proto, host: r.host, priorFor: prior });
  if (xff) s += `x-forwarded-for: ${xff}\r\n`;
  return `${s}x-forwarded-proto: ${proto}\r\nx-forwarded-host: ${r.host}\r\n\r\n`;
}

/** The answer's head the browser gets: hop-by-hop headers and platform cookies dropped, framing kept. */
export function responseHead(
  head: ResponseHead,
  h: Pick<RawProxyHooks, 'isPlatformCookie'>,
  close: boolean,
): string {
  let s = `${head.statusLine}\r\n`;
  const { names, values, connection } = head;
  for (let k = 0; k < names.length; k++) {
    const name = names[k] as string;
    // The body is relayed with its own framing, so its Transfer-Encoding stays.
    if (name !== 'transfer-encoding' && dropsResponseHeader(name, connection)) continue;
    let v = values[k] as string;
    if (name === 'set-cookie') {
      const kept = filterSetCookie(v, h.isPlatformCookie);
      if (kept === undefined) continue;
      v = kept;
    }
    s += `${name}: ${v}\r\n`;
  }
  return `${s}${close ? 'connection: close\r\n' : ''}\r\n`;
}
