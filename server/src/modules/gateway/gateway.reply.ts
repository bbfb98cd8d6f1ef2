// How the gateway answers by itself on node's raw request (its pages, redirects, refused upgrades),
// without leaving an unread body to block the connection.
import { type IncomingMessage, type ServerResponse, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { GatewayPage } from './gateway.pages.ts';

/** Headers of every page of the gateway: no script, no framing, nothing cached. */
export const PAGE_HEADERS: Readonly<Record<string, string>> = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'content-security-policy':
    "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  // same-origin, not no-referrer: with no-referrer browsers send `Origin: null` on the Start form's
  // POST, which the gateway (rightly) refuses as a foreign origin.
  'referrer-policy': 'same-origin',
  'x-frame-options': 'DENY',
};

/** The largest form the gateway reads (the Start button's). */
export const MAX_FORM_BYTES = 4096;

/** Answer a request the gateway handles itself; a body it did not read is dropped with the connection. */
export function finish(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  headers: Record<string, string>,
  body = '',
): void {
  if (res.headersSent || res.destroyed) return void res.destroy();
  const hasBody =
    req.headers['transfer-encoding'] !== undefined ||
    (req.headers['content-length'] !== undefined && req.headers['content-length'] !== '0');
  const out: Record<string, string> = { ...headers, 'content-length': String(Buffer.byteLength(body)) };
  if (hasBody && !req.readableEnded) {
    // Unread, it would block the connection's next request.
    req.resume();
    out.connection = 'close';
  }
  res.writeHead(status, out);
  res.end(req.method === 'HEAD' ? undefined : body);
}

/** Answer with one of the gateway's pages. */
export function page(
  req: IncomingMessage,
  res: ServerResponse,
  p: GatewayPage,
  extra: Record<string, string> = {},
): void {
  finish(req, res, p.status, { ...PAGE_HEADERS, ...extra }, p.html);
}

/** Answer with a redirect (never cached). */
export function redirect(
  req: IncomingMessage,
  res: ServerResponse,
  location: string,
  status = 302,
  extra: Record<string, string> = {},
): void {
  finish(req, res, status, { location, 'cache-control': 'no-store', ...extra });
}

/** Read a small urlencoded form; null when it is too large or the request fails. */
export function readForm(req: IncomingMessage): Promise<URLSearchParams | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_FORM_BYTES) return void resolve(null);
      chunks.push(c);
    });
    req.on('end', () => resolve(new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', () => resolve(null));
  });
}

/** Refuse a WebSocket upgrade with a bodiless status and close the socket. */
export function refuseUpgrade(socket: Duplex, status: number): void {
  if (socket.destroyed) return;
  socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
  setTimeout(() => socket.destroy(), 1000).unref();
}
