// A browser in miniature for the tests and the benches that go through the gateway: a host-only cookie
// jar (keyed by host name, ports ignored, as browsers do), requests to any `*.localhost` name on 127.0.0.1,
// redirects followed, and the time to the first byte of each answer.
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { readAll } from './gateway.test-helpers.ts';

/** One answer the browser got. */
export interface Hop {
  url: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
  /** performance.now() when the status line and headers had arrived (the answer's first byte). */
  firstByteAt: number;
}

/** Options of one request. */
export interface RequestOptions {
  method?: string;
  headers?: http.OutgoingHttpHeaders;
  body?: string;
  /** Give up on a request that gets no answer this long (default: the browser's own, else never). */
  timeoutMs?: number;
}

interface StoredCookie {
  name: string;
  value: string;
  /** The host name it came from (host-only: the gateway and the portal never set a Domain). */
  host: string;
}

/** The host name of a `host[:port]`, as the jar keys cookies. */
function hostName(host: string): string {
  return (host.split(':')[0] as string).toLowerCase();
}

export class Browser {
  readonly cookies: StoredCookie[] = [];

  /** `timeoutMs`: how long a request may wait for its answer unless it says otherwise. */
  constructor(private readonly defaults: { timeoutMs?: number } = {}) {}

  /** Put a cookie in the jar, as if `host` had set it (an empty value removes it). */
  setCookie(host: string, name: string, value: string): void {
    const h = hostName(host);
    const i = this.cookies.findIndex((c) => c.host === h && c.name === name);
    if (i >= 0) this.cookies.splice(i, 1);
    if (value) this.cookies.push({ name, value, host: h });
  }

  /** A cookie the jar holds for a host. */
  cookie(host: string, name: string): string | undefined {
    const h = hostName(host);
    return this.cookies.find((c) => c.host === h && c.name === name)?.value;
  }

  /** The Cookie header the jar sends to a host. */
  cookieHeader(host: string): string | undefined {
    const h = hostName(host);
    const list = this.cookies.filter((c) => c.host === h).map((c) => `${c.name}=${c.value}`);
    return list.length ? list.join('; ') : undefined;
  }

  /** One request, no redirect followed; Set-Cookie goes into the jar. */
  request(url: string, o: RequestOptions = {}): Promise<Hop> {
    const u = new URL(url);
    const cookie = this.cookieHeader(u.host);
    const timeoutMs = o.timeoutMs ?? this.defaults.timeoutMs;
    return new Promise((resolve, reject) => {
      const req = http.request(
        {
          host: '127.0.0.1',
          port: Number(u.port || 80),
          method: o.method ?? 'GET',
          path: `${u.pathname}${u.search}`,
          agent: false,
          ...(timeoutMs === undefined ? {} : { timeout: timeoutMs }),
          headers: { host: u.host, ...(cookie ? { cookie } : {}), ...o.headers },
        },
        (res) => {
          const firstByteAt = performance.now();
          for (const sc of res.headers['set-cookie'] ?? []) {
            const [pair = ''] = sc.split(';');
            const eq = pair.indexOf('=');
            const expired = /;\s*(max-age=0|expires=thu, 01 jan 1970)/i.test(sc);
            this.setCookie(u.host, pair.slice(0, eq).trim(), expired ? '' : pair.slice(eq + 1).trim());
          }
          readAll(res).then(
            (body) => resolve({ url, status: res.statusCode ?? 0, headers: res.headers, body, firstByteAt }),
            reject,
          );
        },
      );
      req.on('timeout', () => req.destroy(new Error(`${url}: no answer within ${timeoutMs} ms`)));
      req.on('error', reject);
      req.end(o.body);
    });
  }

  /** GET and follow at most `max` redirects, as a browser would; returns every hop (the last may be a redirect). */
  async follow(url: string, max = 10, timeoutMs?: number): Promise<Hop[]> {
    const hops: Hop[] = [];
    let next = url;
    for (;;) {
      const hop = await this.request(next, { timeoutMs });
      hops.push(hop);
      const loc = hop.headers.location;
      if (hop.status < 300 || hop.status >= 400 || !loc || hops.length > max) return hops;
      next = new URL(loc, next).toString();
    }
  }
}
