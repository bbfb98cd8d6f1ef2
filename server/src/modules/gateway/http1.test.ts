// The fast path's request framing against node's own parser (llhttp, byte by byte): for every input,
// either the fast path refuses it (node's server then answers it) or both read the same message — same
// method, target, headers, and the same offset where the head and the message end. A corpus of valid
// and smuggling-shaped requests, every split of pipelined requests, and a seeded fuzz of mutations.
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seeded } from '../../../test/seeded.ts';
import { ChunkedFramer } from './http1.chunked.ts';
import { MAX_HEAD, parseRequestHead, parseResponseHead } from './http1.ts';
import { nodeParse } from './llhttp.test-helpers.ts';

type Verdict = 'fast' | 'refused' | 'partial';

/** Compare the fast path's reading of `b` with llhttp's; returns the fast path's verdict. */
function differential(b: Buffer): Verdict {
  const ours = parseRequestHead(b);
  const node = nodeParse(b);
  if (ours === null) {
    // Not complete for us: node must not have read a whole head either.
    expect(node.messages.length).toBe(0);
    return 'partial';
  }
  if ('refused' in ours) return 'refused';
  const m = node.messages[0];
  expect(
    m,
    `node read no message where the fast path read one: ${JSON.stringify(b.toString('latin1'))} ${node.error}`,
  ).toBeDefined();
  if (!m) return 'fast';
  const total = ours.end + ours.bodyLength;
  if (node.error !== null) expect(node.errorAt).toBeGreaterThanOrEqual(total);
  expect(m.headEnd).toBe(ours.end);
  expect(m.method).toBe(ours.method);
  expect(m.url).toBe(ours.target);
  expect(m.upgrade).toBe(false);
  const nodeHeaders: string[] = [];
  for (let i = 0; i < m.headers.length; i += 2)
    nodeHeaders.push(`${(m.headers[i] as string).toLowerCase()}: ${(m.headers[i + 1] as string).trim()}`);
  expect(nodeHeaders).toEqual(ours.names.map((n, i) => `${n}: ${ours.values[i]}`));
  expect(m.end).toBe(b.length >= total ? total : -1);
  // Where llhttp would close the connection after this message, the fast path does too (it may close
  // where llhttp would not, e.g. `Connection: close<TAB>`: closing is the safe side).
  if (!m.keepAlive) expect(ours.close, JSON.stringify(b.toString('latin1'))).toBe(true);
  return 'fast';
}

const crlf = (lines: string[], body = '') => Buffer.from(`${lines.join('\r\n')}\r\n\r\n${body}`, 'latin1');
const get = (...headers: string[]) => crlf(['GET /a?b=1 HTTP/1.1', 'Host: w--c.localhost', ...headers]);
const post = (body: string, ...headers: string[]) =>
  crlf(['POST /up HTTP/1.1', 'Host: w--c.localhost', ...headers], body);

const CORPUS: Array<[string, Buffer, Verdict]> = [
  ['plain GET', get(), 'fast'],
  ['GET with cookies', get('Cookie: a=1; yac_ws=abc', 'Cookie: b=2', 'Accept: */*'), 'fast'],
  ['OWS around a value', get('X-A: \t v v \t'), 'fast'],
  ['empty value', get('X-Empty:'), 'fast'],
  ['obs-text in a value', get('X-Name: caf\xe9'), 'fast'],
  ['POST with a body', post('hello', 'Content-Length: 5'), 'fast'],
  ['POST with Content-Length: 0', post('', 'Content-Length: 0'), 'fast'],
  ['POST with its body not all here', post('hel', 'Content-Length: 5'), 'fast'],
  ['GET with a body', crlf(['GET / HTTP/1.1', 'Host: h', 'Content-Length: 2'], 'ab'), 'fast'],
  ['HEAD', crlf(['HEAD / HTTP/1.1', 'Host: h']), 'fast'],
  ['DELETE, OPTIONS, PUT, PATCH', crlf(['PATCH /x HTTP/1.1', 'Host: h', 'Content-Length: 1'], 'x'), 'fast'],
  ['Connection: close', get('Connection: close'), 'fast'],
  ['Connection: keep-alive, x-a', get('Connection: keep-alive, X-A', 'X-A: 1'), 'fast'],
  ['Content-Length with leading zeros', post('ab', 'Content-Length: 002'), 'fast'],
  ['pipelined', Buffer.concat([post('abc', 'Content-Length: 3'), get()]), 'fast'],
  ['CL and TE', post('0\r\n\r\n', 'Content-Length: 5', 'Transfer-Encoding: chunked'), 'refused'],
  ['TE and CL', post('0\r\n\r\n', 'Transfer-Encoding: chunked', 'Content-Length: 5'), 'refused'],
  ['TE chunked', post('3\r\nabc\r\n0\r\n\r\n', 'Transfer-Encoding: chunked'), 'refused'],
  ['TE chunked, identity', post('0\r\n\r\n', 'Transfer-Encoding: chunked, identity'), 'refused'],
  ['TE xchunked', post('0\r\n\r\n', 'Transfer-Encoding: xchunked'), 'refused'],
  ['TE twice', post('0\r\n\r\n', 'Transfer-Encoding: chunked', 'Transfer-Encoding: chunked'), 'refused'],
  ['duplicate CL, same', post('abc', 'Content-Length: 3', 'Content-Length: 3'), 'refused'],
  ['duplicate CL, differing', post('abc', 'Content-Length: 3', 'Content-Length: 4'), 'refused'],
  ['CL list', post('abc', 'Content-Length: 3, 3'), 'refused'],
  ['CL with a sign', post('abc', 'Content-Length: +3'), 'refused'],
  ['CL negative', post('abc', 'Content-Length: -3'), 'refused'],
  ['CL hex', post('abc', 'Content-Length: 0x3'), 'refused'],
  ['CL with an inner space', post('abc', 'Content-Length: 3 3'), 'refused'],
  ['CL empty', post('abc', 'Content-Length:'), 'refused'],
  ['CL huge', post('abc', 'Content-Length: 99999999999999999999'), 'refused'],
  ['space before the colon', get('Cookie : yac_ws=x'), 'refused'],
  ['tab before the colon', get('Cookie\t: yac_ws=x'), 'refused'],
  ['space before the CL colon', post('abc', 'Content-Length : 3'), 'refused'],
  ['obs-fold', get('X-A: 1', ' folded'), 'refused'],
  ['obs-fold of CL', post('abc', 'Content-Length:', ' 3'), 'refused'],
  ['bare LF line ends', Buffer.from('GET / HTTP/1.1\nHost: h\n\n'), 'refused'],
  ['one bare LF', Buffer.from('GET / HTTP/1.1\r\nHost: h\nX: 1\r\n\r\n'), 'refused'],
  ['bare CR in a value', Buffer.from('GET / HTTP/1.1\r\nHost: h\r\nX: a\rb\r\n\r\n'), 'refused'],
  ['NUL in a value', get('X: a\x00b'), 'refused'],
  ['NUL in a name', get('X\x00Y: a'), 'refused'],
  ['DEL in a value', get('X: a\x7fb'), 'refused'],
  ['control byte in a value', get('X: a\x01b'), 'refused'],
  ['non-token name', get('X(y): a'), 'refused'],
  ['empty name', get(': a'), 'refused'],
  ['a head over the limit', get(`X-Long: ${'a'.repeat(MAX_HEAD)}`), 'refused'],
  ['absolute-form', crlf(['GET http://evil.example/ HTTP/1.1', 'Host: w--c.localhost']), 'refused'],
  ['asterisk-form', crlf(['OPTIONS * HTTP/1.1', 'Host: h']), 'refused'],
  ['CONNECT', crlf(['CONNECT evil:443 HTTP/1.1', 'Host: evil:443']), 'refused'],
  ['HTTP/1.0', crlf(['GET / HTTP/1.0', 'Host: h']), 'refused'],
  ['HTTP/1.2', crlf(['GET / HTTP/1.2', 'Host: h']), 'refused'],
  ['lowercase method', crlf(['get / HTTP/1.1', 'Host: h']), 'refused'],
  ['unknown method', crlf(['PROPFIND / HTTP/1.1', 'Host: h']), 'refused'],
  ['two spaces in the request line', crlf(['GET  / HTTP/1.1', 'Host: h']), 'refused'],
  ['tab in the request line', crlf(['GET\t/ HTTP/1.1', 'Host: h']), 'refused'],
  ['space in the target', crlf(['GET /a b HTTP/1.1', 'Host: h']), 'refused'],
  ['empty line first', Buffer.concat([Buffer.from('\r\n'), get()]), 'refused'],
  ['Expect', post('abc', 'Content-Length: 3', 'Expect: 100-continue'), 'refused'],
  ['WebSocket upgrade', get('Connection: Upgrade', 'Upgrade: websocket'), 'refused'],
  ['Connection: upgrade alone', get('Connection: upgrade'), 'refused'],
  ['no Host', crlf(['GET / HTTP/1.1', 'Accept: */*']), 'refused'],
  ['two Hosts', get('Host: other--evil.localhost'), 'refused'],
  ['too many headers', get(...Array.from({ length: 120 }, (_, i) => `X-${i}: 1`)), 'refused'],
  ['partial head', Buffer.from('GET / HTTP/1.1\r\nHost: h\r\n'), 'partial'],
];

describe('the request head parser against llhttp', () => {
  for (const [name, bytes, verdict] of CORPUS)
    it(`${name}: ${verdict}`, () => {
      expect(differential(bytes)).toBe(verdict);
    });

  it('reads pipelined requests split at every byte offset as one unsplit', () => {
    const two = Buffer.concat([post('abcd', 'Content-Length: 4', 'Cookie: yac_ws=t'), get('X: 1')]);
    const whole = parseRequestHead(two);
    if (!whole || 'refused' in whole) throw new Error('not fast');
    for (let k = 0; k <= two.length; k++) {
      const part = parseRequestHead(two.subarray(0, k));
      if (k < whole.end) expect(part).toBeNull();
      else expect(part).toEqual(whole);
      // The second message, from where the first ends, once all of it is here.
      const next = parseRequestHead(two.subarray(0, k), whole.end + whole.bodyLength);
      if (k < two.length) expect(next === null || 'refused' in (next ?? {})).toBe(next === null);
      else expect(next && !('refused' in next) && next.names).toEqual(['host', 'x']);
    }
  });

  it('agrees with llhttp on thousands of mutated requests (seeded fuzz)', () => {
    const mutate = mutator(Number(process.env.FUZZ_SEED ?? 0x5eed));
    const counts = { fast: 0, refused: 0, partial: 0 };
    for (let n = 0; n < Number(process.env.FUZZ_RUNS ?? 4000); n++) counts[differential(mutate())]++;
    // The fuzz must reach both outcomes, or it proves nothing.
    expect(counts.fast).toBeGreaterThan(200);
    expect(counts.refused).toBeGreaterThan(200);
  });
});

describe('response framing against llhttp', () => {
  const cases: Array<[string, string, string]> = [
    ['length', 'GET', 'HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc'],
    ['chunked', 'GET', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'],
    [
      'chunked with extensions and trailers',
      'GET',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=1\r\nabc\r\na\r\n0123456789\r\n0\r\nX-Sum: 1\r\n\r\n',
    ],
    ['204', 'GET', 'HTTP/1.1 204 No Content\r\nX: 1\r\n\r\n'],
    ['304 with a length', 'GET', 'HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n'],
    ['HEAD with a length', 'HEAD', 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n'],
    ['empty reason', 'GET', 'HTTP/1.1 200 \r\nContent-Length: 1\r\n\r\nx'],
  ];
  for (const [name, method, text] of cases)
    it(`ends where llhttp ends it: ${name}`, () => {
      const b = Buffer.from(`${text}NEXT`, 'latin1');
      const node = nodeParse(b, 'response', method === 'HEAD');
      const head = parseResponseHead(b, 0, method);
      if (!head || 'refused' in head) throw new Error(`refused: ${JSON.stringify(head)}`);
      const m = node.messages[0];
      expect(m?.headEnd).toBe(head.end);
      let end = head.end;
      if (head.framing.kind === 'length') end += head.framing.length;
      if (head.framing.kind === 'chunked') {
        const f = new ChunkedFramer();
        // Byte by byte, as a body may come in any pieces.
        for (let i = head.end; i < b.length && !f.done; i++) end = f.consume(b.subarray(0, i + 1), i);
        expect(f.done).toBe(true);
      }
      expect(end).toBe(m?.end);
      expect(end).toBe(b.length - 4);
    });

  it('refuses the ambiguous ones', () => {
    const refused = (t: string) => {
      const r = parseResponseHead(Buffer.from(t, 'latin1'), 0, 'GET');
      return r !== null && 'refused' in r;
    };
    expect(refused('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n')).toBe(true);
    expect(refused('HTTP/1.1 200 OK\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\n')).toBe(true);
    expect(refused('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n')).toBe(true);
    expect(refused('HTTP/1.1 200 OK\r\nX: a\r\n b\r\n\r\n')).toBe(true);
    expect(refused('HTTP/1.0 200 OK\r\n\r\n')).toBe(true);
    expect(refused('HTTP/1.1 20 OK\r\n\r\n')).toBe(true);
    expect(refused('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\n')).toBe(false);
  });

  it('throws on broken chunked framing rather than guess', () => {
    for (const body of ['3\r\nabcd\r\n', 'x\r\n', '3\nabc\r\n', '3\r\nabc\r\n0\r\nX: 1\n'])
      expect(() => new ChunkedFramer().consume(Buffer.from(body), 0), body).toThrow();
  });
});

/** Seeded mutations of the corpus's fast requests: bytes replaced, inserted, deleted, lines doubled. */
function mutator(seed: number): () => Buffer {
  const rand = seeded(seed);
  const seeds = CORPUS.filter(([, , v]) => v === 'fast').map(([, b]) => b);
  const alphabet = [13, 10, 32, 9, 0, 58, 44, 59, 97, 65, 48, 49, 45, 43, 127, 128, 255, 47, 42];
  return () => {
    let b = Buffer.from(seeds[Math.floor(rand() * seeds.length)] as Buffer);
    const edits = 1 + Math.floor(rand() * 3);
    for (let e = 0; e < edits; e++) {
      const at = Math.floor(rand() * b.length);
      const byte = alphabet[Math.floor(rand() * alphabet.length)] as number;
      const op = rand();
      if (op < 0.4) b[at] = byte;
      else if (op < 0.7) b = Buffer.concat([b.subarray(0, at), Buffer.from([byte]), b.subarray(at)]);
      else if (op < 0.85) b = Buffer.concat([b.subarray(0, at), b.subarray(at + 1)]);
      else {
        // Duplicate a line (a second Host, Content-Length, Transfer-Encoding…).
        const s = b.indexOf('\r\n', at);
        const start = b.lastIndexOf('\r\n', at);
        if (s > 0 && start >= 0 && s > start)
          b = Buffer.concat([b.subarray(0, s), b.subarray(start, s), b.subarray(s)]);
      }
    }
    return b;
  };
}

describe("the byte-by-byte llhttp of these tests is node's HTTP server's", () => {
  // What a real node:http server (default options) makes of each corpus entry: the requests it hands to
  // its listener, in order, and whether it answered 400. nodeParse must tell the same, or the
  // differential tests above would compare against something node's server is not.
  let server: http.Server;
  let port = 0;
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('latin1');
        // In a header, so an answer to HEAD tells it too.
        res.setHeader('x-seen', encodeURIComponent(JSON.stringify([req.method, req.url, body])));
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as net.AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  /** Send the bytes, half-close, read all: the listener's answers in order, and whether a 400 came. */
  const ask = (b: Buffer) =>
    new Promise<{ seen: string[]; refused: boolean }>((resolve, reject) => {
      const c = net.connect(port, '127.0.0.1');
      const got: Buffer[] = [];
      c.on('data', (d: Buffer) => got.push(d));
      c.on('error', reject);
      c.on('close', () => {
        const text = Buffer.concat(got).toString('latin1');
        resolve({
          seen: [...text.matchAll(/x-seen: ([^\r]*)/g)].map((m) => decodeURIComponent(m[1] as string)),
          refused: text.includes('HTTP/1.1 400') || text.includes('HTTP/1.1 431'),
        });
      });
      c.end(b);
    });

  for (const [name, bytes, verdict] of CORPUS)
    it(name, async () => {
      const real = await ask(bytes);
      const parsed = nodeParse(bytes);
      const read = parsed.messages
        .filter((m) => m.end >= 0)
        .map((m) => JSON.stringify([m.method, m.url, m.body.toString('latin1')]));
      // What the fast path takes, the server reads exactly so. Elsewhere the server may stop sooner by
      // rules of its own (a missing Host, CONNECT), never read something else.
      if (verdict === 'fast') expect(real.seen).toEqual(read);
      else expect(read.slice(0, real.seen.length)).toEqual(real.seen);
      // Where the byte-by-byte parser refused, the server refused too.
      if (parsed.error !== null) expect(real.refused).toBe(true);
    });

  it('reads what the fast path takes of 400 mutated requests as the fast path does', async () => {
    const mutate = mutator(0xfeed);
    let fast = 0;
    for (let n = 0; n < 400; n++) {
      const b = mutate();
      const ours = parseRequestHead(b);
      if (!ours || 'refused' in ours) continue;
      const total = ours.end + ours.bodyLength;
      if (b.length < total) continue;
      fast++;
      // Exactly the message the fast path framed, alone: node's server reads that one request, whole.
      const real = await ask(b.subarray(0, total));
      const body = b.toString('latin1', ours.end, total);
      expect(real.seen, JSON.stringify(b.toString('latin1'))).toEqual([
        JSON.stringify([ours.method, ours.target, body]),
      ]);
      expect(real.refused).toBe(false);
    }
    expect(fast).toBeGreaterThan(50);
  });
});
