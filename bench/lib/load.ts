// A small closed-loop HTTP load generator: N keep-alive connections, each sending its next request
// as soon as the previous answer arrives, for a fixed time and at most a fixed number of requests.
import http from 'node:http';
import { performance } from 'node:perf_hooks';

/** One HTTP request of a scenario. */
export interface RequestSpec {
  method: 'GET' | 'POST';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

/** What a run measured. */
export interface RunResult {
  requests: number;
  errors: number;
  /** Status codes other than the expected one, with counts. */
  unexpected: Record<string, number>;
  elapsedMs: number;
  /** Latency of every completed request, in milliseconds. */
  latencies: number[];
}

/** Options of a run. */
export interface RunOptions {
  port: number;
  connections: number;
  durationMs: number;
  maxRequests: number;
  warmupMs: number;
  expectStatus: number;
  /** Called once, after the warm-up, right before the measured phase starts. */
  onMeasureStart?: () => void;
  /** The i-th request of the run (i counts from 0 across all connections). */
  next: (i: number) => RequestSpec;
}

/** Send one request on the agent; resolves with the status once the whole body has arrived. */
export function send(
  agent: http.Agent,
  port: number,
  spec: RequestSpec,
  timeoutMs = 10_000,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...spec.headers };
    if (spec.body !== undefined) {
      headers['content-type'] ??= 'application/json';
      headers['content-length'] = Buffer.byteLength(spec.body);
    }
    const req = http.request(
      { agent, host: '127.0.0.1', port, method: spec.method, path: spec.path, headers, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(spec.body);
  });
}

/** Run the closed loop: a warm-up that is not recorded, then the measured phase. */
export async function runClosedLoop(o: RunOptions): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections, maxFreeSockets: o.connections });
  let i = 0;
  const result: RunResult = { requests: 0, errors: 0, unexpected: {}, elapsedMs: 0, latencies: [] };

  const loop = async (deadline: number, record: boolean, limit: number) => {
    while (performance.now() < deadline && i < limit) {
      const spec = o.next(i++);
      const t0 = performance.now();
      try {
        const res = await send(agent, o.port, spec);
        const ms = performance.now() - t0;
        if (!record) continue;
        result.requests++;
        result.latencies.push(ms);
        if (res.status !== o.expectStatus) {
          result.errors++;
          result.unexpected[res.status] = (result.unexpected[res.status] ?? 0) + 1;
        }
      } catch (err) {
        if (record) {
          result.errors++;
          const key = (err as Error).message.slice(0, 60);
          result.unexpected[key] = (result.unexpected[key] ?? 0) + 1;
        }
        await new Promise((r) => setTimeout(r, 10)); // a refused connection must not spin the loop
      }
    }
  };

  try {
    if (o.warmupMs > 0) {
      const until = performance.now() + o.warmupMs;
      await Promise.all(
        Array.from({ length: o.connections }, () => loop(until, false, Number.MAX_SAFE_INTEGER)),
      );
    }
    o.onMeasureStart?.();
    const start = performance.now();
    const limit = i + o.maxRequests;
    await Promise.all(Array.from({ length: o.connections }, () => loop(start + o.durationMs, true, limit)));
    result.elapsedMs = performance.now() - start;
    return result;
  } finally {
    agent.destroy();
  }
}

/** Several runs of one scenario as one: requests and time add up, latencies are pooled. */
export function merge(runs: RunResult[]): RunResult {
  const out: RunResult = { requests: 0, errors: 0, unexpected: {}, elapsedMs: 0, latencies: [] };
  for (const r of runs) {
    out.requests += r.requests;
    out.errors += r.errors;
    out.elapsedMs += r.elapsedMs;
    for (const l of r.latencies) out.latencies.push(l);
    for (const [k, v] of Object.entries(r.unexpected)) out.unexpected[k] = (out.unexpected[k] ?? 0) + v;
  }
  return out;
}

/** The p-th percentile (0..100) of the values, nearest-rank. */
export function percentile(values: number[], p: number): number {
  if (!values.length) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
