// node's own HTTP parser (llhttp, as node's HTTP server and client run it, default strictness) for the
// differential tests of the fast path's framing: it is fed one byte at a time, so the exact offset where
// each message ends is known.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const common = require('node:_http_common') as {
  HTTPParser: ParserClass;
  methods: string[];
};

interface ParserInstance {
  initialize(type: number, resource: object): void;
  execute(b: Buffer): number | Error;
  finish(): number | Error | undefined;
  [k: number]: unknown;
}
interface ParserClass {
  new (): ParserInstance;
  REQUEST: number;
  RESPONSE: number;
  kOnHeadersComplete: number;
  kOnBody: number;
  kOnMessageComplete: number;
}

/** One message as llhttp read it. */
export interface NodeMessage {
  method?: string;
  url?: string;
  status?: number;
  /** Raw header lines: name, value, name, value… */
  headers: string[];
  /** Offset just past the head. */
  headEnd: number;
  /** Offset just past the whole message (-1: not complete in the bytes given). */
  end: number;
  /** Body bytes as llhttp delivered them (chunked framing removed). */
  body: Buffer;
  upgrade: boolean;
  keepAlive: boolean;
}

/** What llhttp makes of some bytes: the messages it read, and its error (if it refused) with where. */
export interface NodeParse {
  messages: NodeMessage[];
  error: string | null;
  errorAt: number;
}

const { HTTPParser } = common;

/**
 * Parse `b` as requests (or responses) byte by byte. `headResponses`: for responses, the requests were
 * HEAD (no body).
 */
export function nodeParse(
  b: Buffer,
  kind: 'request' | 'response' = 'request',
  headResponses = false,
): NodeParse {
  const p = new HTTPParser();
  p.initialize(kind === 'request' ? HTTPParser.REQUEST : HTTPParser.RESPONSE, {});
  const messages: NodeMessage[] = [];
  let at = 0;
  let cur: NodeMessage | null = null;
  let bodies: Buffer[] = [];
  p[HTTPParser.kOnHeadersComplete] = (
    _major: number,
    _minor: number,
    headers: string[],
    method: number | undefined,
    url: string | undefined,
    status: number | undefined,
    _msg: string | undefined,
    upgrade: boolean,
    keepAlive: boolean,
  ) => {
    cur = {
      method: method === undefined ? undefined : common.methods[method],
      url,
      status,
      headers,
      headEnd: at,
      end: -1,
      body: Buffer.alloc(0),
      upgrade,
      keepAlive,
    };
    bodies = [];
    messages.push(cur);
    return kind === 'response' && headResponses ? 1 : 0;
  };
  p[HTTPParser.kOnBody] = (chunk: Buffer) => {
    bodies.push(Buffer.from(chunk));
  };
  p[HTTPParser.kOnMessageComplete] = () => {
    if (cur) {
      cur.end = at;
      cur.body = Buffer.concat(bodies);
    }
  };
  for (let i = 0; i < b.length; i++) {
    at = i + 1;
    const r = p.execute(b.subarray(i, i + 1));
    if (typeof r !== 'number') {
      const e = r as Error & { code?: string };
      return { messages, error: e.code ?? e.message, errorAt: i };
    }
    // An upgrade stops the parser: what follows is not HTTP.
    if ((messages.at(-1) as NodeMessage | undefined)?.upgrade) break;
  }
  return { messages, error: null, errorAt: -1 };
}

/** One answer read by llhttp from a connection. */
export interface ReadResponse {
  status: number;
  /** Header names lowercase; repeated ones as several entries. */
  headers: Array<[string, string]>;
  body: Buffer;
  keepAlive: boolean;
}

/**
 * Reads the answers of a raw client connection with node's parser, as they come. `expect(method)`
 * before each request tells it which answers are to HEAD (they have no body).
 */
export class ResponseReader {
  readonly responses: ReadResponse[] = [];
  error: string | null = null;
  ended = false;
  private readonly p = new HTTPParser();
  private readonly methods: string[] = [];
  private cur: ReadResponse | null = null;
  private bodies: Buffer[] = [];
  private waiters: Array<() => void> = [];

  constructor(socket: {
    on(e: 'data', f: (b: Buffer) => void): unknown;
    on(e: 'close', f: () => void): unknown;
  }) {
    const p = this.p;
    p.initialize(HTTPParser.RESPONSE, {});
    p[HTTPParser.kOnHeadersComplete] = (
      _a: number,
      _b: number,
      headers: string[],
      _m: unknown,
      _u: unknown,
      status: number,
      _s: string,
      _up: boolean,
      keepAlive: boolean,
    ) => {
      const h: Array<[string, string]> = [];
      for (let i = 0; i < headers.length; i += 2)
        h.push([(headers[i] as string).toLowerCase(), headers[i + 1] as string]);
      this.cur = { status, headers: h, body: Buffer.alloc(0), keepAlive };
      this.bodies = [];
      const head = this.methods[this.responses.length] === 'HEAD';
      return head || status === 101 ? 1 : 0;
    };
    p[HTTPParser.kOnBody] = (chunk: Buffer) => {
      this.bodies.push(Buffer.from(chunk));
    };
    p[HTTPParser.kOnMessageComplete] = () => {
      if (!this.cur) return;
      this.cur.body = Buffer.concat(this.bodies);
      this.responses.push(this.cur);
      this.cur = null;
      this.wake();
    };
    socket.on('data', (b: Buffer) => {
      if (this.error) return;
      const r = p.execute(b);
      if (typeof r !== 'number') this.error = (r as Error & { code?: string }).code ?? 'error';
      this.wake();
    });
    socket.on('close', () => {
      this.ended = true;
      // A close-delimited answer ends here.
      if (!this.error) p.finish();
      this.wake();
    });
  }

  /** Note the method of the next request sent. */
  expect(method: string): void {
    this.methods.push(method);
  }

  /** Wait until n answers were read (or the connection closed, or timeoutMs passed). */
  async wait(n: number, timeoutMs = 10_000): Promise<ReadResponse[]> {
    const t0 = Date.now();
    while (this.responses.length < n && !this.ended && !this.error && Date.now() - t0 < timeoutMs)
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    return this.responses;
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }
}
