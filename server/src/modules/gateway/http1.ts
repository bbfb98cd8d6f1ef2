// Strict HTTP/1.1 framing for the gateway's fast path (fast-path.ts), on byte offsets: request heads
// (RFC 9112 §2–§6) and response heads (chunked bodies: http1.chunked.ts). Strict on purpose: a request
// the fast path could read differently from node's llhttp (and so from code-server behind it) is
// refused, and node's own HTTP server gets the connection and answers it. Refused, among others: Transfer-Encoding in a request (no
// browser sends a chunked body over HTTP/1.1, and it spares us a second body parser on the public edge),
// Content-Length twice or not plain digits, obs-fold, a bare CR or LF, control characters, a space or
// any non-token byte in a name, heads over MAX_HEAD, absolute-form or asterisk targets, HTTP/1.0,
// Expect, Upgrade. The differential tests (http1.test.ts) hold it to llhttp's framing byte for byte.

/** Longest request head the fast path reads (node's default limit is 16 KiB: longer ones go to node). */
export const MAX_HEAD = 16 * 1024;
/** Longest response head accepted from code-server. */
export const MAX_RESPONSE_HEAD = 64 * 1024;
/** Most header lines in a head the fast path reads. */
export const MAX_HEADERS = 100;

/** A request head the fast path may forward. */
export interface RequestHead {
  method: string;
  /** The request target, origin-form (`/path?query`). */
  target: string;
  /** Header names (lowercase) and their values (OWS trimmed, latin1), in order. */
  names: string[];
  values: string[];
  /** Offset just past the head's empty line. */
  end: number;
  /** The Host header's value. */
  host: string;
  /** Every Cookie header joined with `; ` (as node does), or undefined. */
  cookie: string | undefined;
  /** The body's length (Content-Length; 0 without one). */
  bodyLength: number;
  /** The client asked to close the connection after this exchange. */
  close: boolean;
  /** The names listed in Connection (lowercase). */
  connection: string[];
}

/** Methods the fast path forwards (any other goes to node's server). */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH']);

const CR = 13;
const LF = 10;
const SP = 32;
const HT = 9;
const COLON = 58;
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');

/** tchar (RFC 9110 §5.6.2): the bytes a header name may hold. */
const TCHAR = new Uint8Array(256);
for (const ch of "!#$%&'*+-.^_`|~") TCHAR[ch.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;
/** The bytes a header value may hold besides its OWS: VCHAR and obs-text (no DEL, no other control). */
export const VALUE = new Uint8Array(256);
VALUE[HT] = 1;
for (let c = 0x20; c <= 0x7e; c++) VALUE[c] = 1;
for (let c = 0x80; c <= 0xff; c++) VALUE[c] = 1;
/** The bytes of an origin-form target (printable ASCII without space). */
const TARGET = new Uint8Array(256);
for (let c = 0x21; c <= 0x7e; c++) TARGET[c] = 1;

/** A head the fast path does not take: why (for tests and logs). */
export type Refusal = { refused: string };
const refuse = (refused: string): Refusal => ({ refused });

/** The raw header lines of a head: names lowercase, values trimmed; or a refusal. */
interface Lines {
  names: string[];
  values: string[];
}

/**
 * Parse header lines of a head read as latin1 (one character per byte, so the byte tables apply), from
 * `i` (just past the start line's CRLF) to `stop` (the start of the head's final CRLF). Every line
 * must be `token ":" OWS value OWS CRLF` with no other byte. (One string per head and slices of it:
 * a Buffer#toString per name and value costs several times more.)
 */
function parseLines(s: string, i: number, stop: number): Lines | Refusal {
  const names: string[] = [];
  const values: string[] = [];
  while (i < stop) {
    if (names.length >= MAX_HEADERS) return refuse('too many headers');
    const nameStart = i;
    while (i < stop && TCHAR[s.charCodeAt(i)] === 1) i++;
    if (i === nameStart) {
      const c = s.charCodeAt(i);
      return refuse(c === SP || c === HT ? 'obs-fold' : 'bad header name');
    }
    if (s.charCodeAt(i) !== COLON) return refuse('bad header name');
    const name = s.slice(nameStart, i).toLowerCase();
    i++;
    while (i < stop && (s.charCodeAt(i) === SP || s.charCodeAt(i) === HT)) i++;
    const valueStart = i;
    let valueEnd = i;
    for (;;) {
      const c = s.charCodeAt(i);
      if (c === CR) break;
      if (VALUE[c] !== 1) return refuse('bad header value');
      i++;
      if (c !== SP && c !== HT) valueEnd = i;
    }
    // Lines end in CRLF: `stop` itself is a CR, and every CR is checked to be followed by LF.
    if (s.charCodeAt(i + 1) !== LF) return refuse('bare CR');
    // llhttp takes no whitespace after a Content-Length's digits.
    if (i !== valueEnd && name === 'content-length') return refuse('bad content-length');
    names.push(name);
    values.push(s.slice(valueStart, valueEnd));
    i += 2;
  }
  return { names, values };
}

/** Where a head ends (just past CRLFCRLF), -1 when more bytes are needed, or a refusal. */
function headEnd(b: Buffer, start: number, max: number): number | Refusal {
  const at = b.indexOf(CRLFCRLF, start);
  if (at < 0) {
    // An LF without its CR would make the head end elsewhere for node (or never, here): refuse at once.
    for (let i = b.indexOf(LF, start); i >= 0; i = b.indexOf(LF, i + 1))
      if (i === start || b[i - 1] !== CR) return refuse('bare LF');
    return b.length - start > max ? refuse('head too long') : -1;
  }
  if (at + 4 - start > max) return refuse('head too long');
  return at + 4;
}

/** The comma-separated tokens of a value, lowercase, empty ones dropped. */
export function tokens(value: string): string[] {
  if (value.indexOf(',') < 0) {
    const t = value.trim().toLowerCase();
    return t ? [t] : [];
  }
  const out: string[] = [];
  for (const part of value.split(',')) {
    const t = part.trim().toLowerCase();
    if (t) out.push(t);
  }
  return out;
}

/**
 * The request head at `start` of `b`: null when it is not complete yet, a Refusal when the fast path
 * must leave it to node's server, else the parsed head. Its framing (where the message ends) is
 * `end + bodyLength`.
 */
export function parseRequestHead(b: Buffer, start = 0): RequestHead | Refusal | null {
  // A request starts with its method: node skips empty lines before it, the fast path does not.
  if (b.length > start && !isUpper(b[start] as number)) return refuse('no method');
  const end = headEnd(b, start, MAX_HEAD);
  if (typeof end !== 'number') return end;
  if (end < 0) return null;
  const s = b.toString('latin1', start, end);
  // Request line: METHOD SP origin-form SP HTTP/1.1 CRLF, every byte checked.
  let i = 0;
  while (isUpper(s.charCodeAt(i)) && i < 16) i++;
  if (s.charCodeAt(i) !== SP) return refuse('bad method');
  const method = s.slice(0, i);
  if (!METHODS.has(method)) return refuse('method not fast');
  const targetStart = ++i;
  if (s.charCodeAt(i) !== 0x2f) return refuse('not origin-form');
  while (TARGET[s.charCodeAt(i)] === 1) i++;
  if (s.charCodeAt(i) !== SP) return refuse('bad target');
  const target = s.slice(targetStart, i);
  if (!s.startsWith('HTTP/1.1\r\n', i + 1)) return refuse('not HTTP/1.1');
  const lines = parseLines(s, i + 11, s.length - 2);
  if ('refused' in lines) return lines;
  const { names, values } = lines;
  let host: string | undefined;
  let cookie: string | undefined;
  let length: string | undefined;
  let connection: string[] = [];
  for (let k = 0; k < names.length; k++) {
    const v = values[k] as string;
    switch (names[k]) {
      case 'host':
        if (host !== undefined) return refuse('duplicate host');
        host = v;
        break;
      case 'cookie':
        cookie = cookie === undefined ? v : `${cookie}; ${v}`;
        break;
      case 'content-length':
        if (length !== undefined) return refuse('duplicate content-length');
        if (!/^[0-9]{1,15}$/.test(v)) return refuse('bad content-length');
        length = v;
        break;
      case 'transfer-encoding':
        return refuse('transfer-encoding');
      case 'expect':
        return refuse('expect');
      case 'upgrade':
        return refuse('upgrade');
      case 'connection':
        connection = connection.concat(tokens(v));
        break;
    }
  }
  if (host === undefined || host === '') return refuse('no host');
  if (connection.includes('upgrade')) return refuse('upgrade');
  return {
    method,
    target,
    names,
    values,
    end,
    host,
    cookie,
    bodyLength: length === undefined ? 0 : Number(length),
    close: connection.includes('close'),
    connection,
  };
}

/** How a response body ends. */
export type ResponseFraming =
  | { kind: 'none' }
  | { kind: 'length'; length: number }
  | { kind: 'chunked' }
  | { kind: 'close' };

const NO_BODY: ResponseFraming = Object.freeze({ kind: 'none' });
const CHUNKED: ResponseFraming = Object.freeze({ kind: 'chunked' });
const UNTIL_CLOSE: ResponseFraming = Object.freeze({ kind: 'close' });

/** A response head of code-server's. */
export interface ResponseHead {
  status: number;
  /** The status line without its CRLF. */
  statusLine: string;
  names: string[];
  values: string[];
  end: number;
  framing: ResponseFraming;
  /** Code-server will close the connection after this response. */
  close: boolean;
  connection: string[];
}

/**
 * The response head at `start` (the answer to a `method` request): null when incomplete, a Refusal when
 * its framing is unclear (the gateway answers 502 or cuts the answer), else the head with its framing
 * (RFC 9112 §6.3).
 */
export function parseResponseHead(b: Buffer, start: number, method: string): ResponseHead | Refusal | null {
  const end = headEnd(b, start, MAX_RESPONSE_HEAD);
  if (typeof end !== 'number') return end;
  if (end < 0) return null;
  const s = b.toString('latin1', start, end);
  if (!s.startsWith('HTTP/1.1 ')) return refuse('not HTTP/1.1');
  const d0 = s.charCodeAt(9) - 0x30;
  const d1 = s.charCodeAt(10) - 0x30;
  const d2 = s.charCodeAt(11) - 0x30;
  if (!(d0 >= 1 && d0 <= 9 && d1 >= 0 && d1 <= 9 && d2 >= 0 && d2 <= 9)) return refuse('bad status');
  const status = d0 * 100 + d1 * 10 + d2;
  const lineEnd = s.indexOf('\r');
  if (lineEnd > 12 && s.charCodeAt(12) !== SP) return refuse('bad status line');
  for (let i = 12; i < lineEnd; i++) if (VALUE[s.charCodeAt(i)] !== 1) return refuse('bad reason');
  const lines = parseLines(s, lineEnd + 2, s.length - 2);
  if ('refused' in lines) return lines;
  const { names, values } = lines;
  let length: string | undefined;
  let te: string[] | undefined;
  let connection: string[] = [];
  for (let k = 0; k < names.length; k++) {
    const v = values[k] as string;
    const n = names[k];
    if (n === 'content-length') {
      if (length !== undefined && length !== v) return refuse('conflicting content-length');
      if (!/^[0-9]{1,15}$/.test(v)) return refuse('bad content-length');
      length = v;
    } else if (n === 'transfer-encoding') te = (te ?? []).concat(tokens(v));
    else if (n === 'connection') connection = connection.concat(tokens(v));
  }
  let framing: ResponseFraming;
  if (method === 'HEAD' || status < 200 || status === 204 || status === 304) framing = NO_BODY;
  else if (te !== undefined) {
    if (length !== undefined) return refuse('content-length with transfer-encoding');
    // Only plain chunked is relayed: a coding before it would be read differently by some clients.
    if (te.length !== 1 || te[0] !== 'chunked') return refuse('transfer-encoding not chunked');
    framing = CHUNKED;
  } else if (length !== undefined) framing = { kind: 'length', length: Number(length) };
  else framing = UNTIL_CLOSE;
  const close = connection.includes('close');
  return { status, statusLine: s.slice(0, lineEnd), names, values, end, framing, close, connection };
}

function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}
