// The WebSocket leg of the gateway: a raw tunnel from the browser's upgraded socket to code-server's
// unix socket. The handshake's request is written by hand (filtered headers), its answer is read up
// to the end of its head (to drop platform cookies), and from then on bytes flow both ways untouched
// (frames, masking and permessage-deflate stay end to end between browser and code-server).

import type { OutgoingHttpHeaders } from 'node:http';
import net from 'node:net';
import type { Duplex } from 'node:stream';
import { classifyUpstreamError, failure, statusText, type UpstreamFailure } from './failure.ts';
import { type CookieFilter, filterSetCookie } from './headers.ts';

/** Options of openTunnel. */
export interface TunnelOptions {
  /** The browser's socket, as handed over by the http server's 'upgrade' event. */
  client: Duplex;
  /** Bytes the browser sent after its handshake, already read off the socket. */
  head: Buffer;
  socketPath: string;
  method: string;
  target: string;
  /** The handshake's headers as code-server gets them (Connection: Upgrade included). */
  headers: OutgoingHttpHeaders;
  isPlatformCookie: CookieFilter;
  /** Until code-server's answer to the handshake has arrived. */
  timeoutMs: number;
  failurePage: (f: UpstreamFailure) => string;
  /** code-server switched protocols: the tunnel is open. */
  onOpen: () => void;
  /** The browser sent data through the open tunnel. */
  onClientData: () => void;
  /** The handshake failed; the browser gets the failure page. */
  onFailure: (f: UpstreamFailure, err: unknown) => void;
  /** Both sockets are closed (called once, whatever happened). */
  onEnd: (opened: boolean) => void;
}

/** A tunnel in progress or open. */
export interface Tunnel {
  /** Tear both sides down now. */
  destroy(): void;
}

// code-server's handshake answers are a few hundred bytes; anything this long is not one.
const MAX_HEAD_BYTES = 64 * 1024;
// How long a side that was told to end may take to flush before it is cut.
const LINGER_MS = 5_000;

function requestHead(method: string, target: string, headers: OutgoingHttpHeaders): string {
  let s = `${method} ${target} HTTP/1.1\r\n`;
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) s += `${name}: ${v}\r\n`;
  }
  return `${s}\r\n`;
}

/** Half-close a socket so its pending bytes (a close frame, a failure page) still leave, then destroy it. */
function endThenDestroy(s: Duplex): void {
  if (s.destroyed) return;
  const cut = setTimeout(() => s.destroy(), LINGER_MS);
  cut.unref();
  s.once('close', () => clearTimeout(cut));
  s.end(() => s.destroy());
}

interface ResponseHead {
  status: number;
  /** The status line and header lines as they go to the browser, CRLF-terminated, blank line included. */
  text: string;
  contentLength: number | undefined;
}

/** Parse and filter code-server's answer head; null when it is not HTTP/1.x. */
function filterResponseHead(raw: string, isPlatformCookie: CookieFilter): ResponseHead | null {
  const lines = raw.split('\r\n');
  const statusLine = lines[0] ?? '';
  const m = /^HTTP\/1\.[01] (\d{3})(?: .*)?$/.exec(statusLine);
  if (!m) return null;
  const status = Number(m[1]);
  let text = `${statusLine}\r\n`;
  let contentLength: number | undefined;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(':');
    if (colon <= 0) return null;
    const name = line.slice(0, colon).trim().toLowerCase();
    let value: string | undefined = line.slice(colon + 1).trim();
    if (name === 'set-cookie') value = filterSetCookie(value, isPlatformCookie);
    // An answer other than 101 ends the exchange: the browser's connection closes after its body.
    if (status !== 101 && (name === 'connection' || name === 'keep-alive')) continue;
    if (status !== 101 && name === 'content-length') contentLength = Number(value);
    if (value !== undefined) text += `${name}: ${value}\r\n`;
  }
  if (status !== 101) text += 'connection: close\r\n';
  return { status, text: `${text}\r\n`, contentLength };
}

/** Open a tunnel from the browser's upgraded socket to the upstream's unix socket. */
export function openTunnel(o: TunnelOptions): Tunnel {
  const { client } = o;
  let state: 'handshake' | 'open' | 'done' = 'handshake';
  let opened = false;
  let closedSides = 0;
  if (client.destroyed) {
    o.onEnd(false);
    return { destroy() {} };
  }
  const up = net.connect({ path: o.socketPath });
  // An upgraded connection lives as long as the IDE tab: no idle timeout of the http server applies.
  if (client instanceof net.Socket) client.setTimeout(0);

  const destroyBoth = () => {
    client.destroy();
    up.destroy();
  };
  const fail = (f: UpstreamFailure, err: unknown) => {
    if (state !== 'handshake') return;
    state = 'done';
    clearTimeout(timer);
    up.destroy();
    o.onFailure(f, err);
    const body = o.failurePage(f);
    if (!client.writable) return void client.destroy();
    client.end(
      `HTTP/1.1 ${f.status} ${statusText(f.status)}\r\ncontent-type: text/html; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\ncache-control: no-store\r\nconnection: close\r\n\r\n${body}`,
    );
  };
  const timer = setTimeout(() => fail(failure('timeout'), new Error('handshake timeout')), o.timeoutMs);

  const sideClosed = (other: Duplex) => () => {
    if (state === 'handshake') {
      if (other === up) {
        // The browser left during the handshake: nobody to tell.
        state = 'done';
        clearTimeout(timer);
        up.destroy();
      } else fail(failure('reset'), new Error('upstream closed during the handshake'));
    }
    endThenDestroy(other);
    if (++closedSides === 2) {
      state = 'done';
      clearTimeout(timer);
      o.onEnd(opened);
    }
  };
  client.once('close', sideClosed(up));
  up.once('close', sideClosed(client));
  client.on('error', destroyBoth);
  up.on('error', (err) =>
    state === 'handshake' ? fail(classifyUpstreamError(err, false), err) : destroyBoth(),
  );

  const chunks: Buffer[] = [];
  let size = 0;
  const onHeadData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    const all = chunks.length === 1 ? chunk : Buffer.concat(chunks);
    const end = all.indexOf('\r\n\r\n');
    if (end < 0) {
      if (size > MAX_HEAD_BYTES) fail(failure('bad-response'), new Error('handshake answer too long'));
      return;
    }
    up.off('data', onHeadData);
    const head = filterResponseHead(all.subarray(0, end).toString('latin1'), o.isPlatformCookie);
    if (!head) return fail(failure('bad-response'), new Error('not an HTTP answer'));
    clearTimeout(timer);
    const rest = all.subarray(end + 4);
    client.write(head.text, 'latin1');
    if (head.status === 101) {
      state = 'open';
      opened = true;
      o.onOpen();
      if (rest.length) client.write(rest);
      client.on('data', o.onClientData);
      up.pipe(client);
      client.pipe(up);
      return;
    }
    // Refused (code-server answers 403 to a foreign Origin): pass the answer on, then close.
    state = 'done';
    let left = head.contentLength ?? Number.POSITIVE_INFINITY;
    const forward = (b: Buffer) => {
      if (left <= 0 && b.length) return;
      const part = b.length > left ? b.subarray(0, left) : b;
      left -= part.length;
      client.write(part);
      if (left <= 0) {
        up.destroy();
        endThenDestroy(client);
      }
    };
    if (rest.length || left === 0) forward(rest);
    up.on('data', forward);
  };
  up.on('data', onHeadData);

  up.write(requestHead(o.method, o.target, o.headers), 'latin1');
  if (o.head.length) up.write(o.head);

  return { destroy: destroyBoth };
}
