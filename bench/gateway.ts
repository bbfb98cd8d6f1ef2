// `npx tsx bench/gateway.ts`: the gateway's proxy core against the upstream it fronts, side by side.
//
// Three processes: this one (the load generator), an upstream (node:http on a unix socket, with a
// WebSocket echo: the stand-in of gateway.test-helpers.ts) and a gateway (the proxy in a node:http
// server on a loopback port, routing by Host). Each scenario runs direct to the unix socket and
// through the gateway in interleaved rounds, so machine noise hits both alike, and prints requests/s,
// p50 and p99 and the ratio gateway/direct. A benchmark, never a test: it fails only when it cannot run.
//
// Knobs (environment): BENCH_CONNECTIONS (16), BENCH_SECONDS per scenario, side and round (3),
// BENCH_ROUNDS (2), BENCH_MAX_REQUESTS per scenario, side and round (200000).
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startUpstream } from '../server/src/modules/gateway/gateway.test-helpers.ts';
import { parseWorkspaceHost } from '../server/src/modules/gateway/host.ts';
import { createUpstreamProxy } from '../server/src/modules/gateway/proxy.ts';
import { type WsClient, wsConnect } from '../server/src/modules/gateway/websocket.test-helpers.ts';
import { merge, percentile, type RunResult } from './lib/load.ts';

const int = (name: string, dflt: number) => {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const CONNECTIONS = int('BENCH_CONNECTIONS', 16);
const SECONDS = int('BENCH_SECONDS', 3);
const ROUNDS = int('BENCH_ROUNDS', 2);
const MAX_REQUESTS = int('BENCH_MAX_REQUESTS', 200_000);
const WARMUP_MS = 500;

/** Where a side of the comparison sends its traffic. */
type Endpoint = { socketPath: string } | { port: number; host: string };

// ------------------------------------------------------------------------------------------ child roles

async function runUpstream(socketPath: string): Promise<void> {
  await startUpstream(socketPath);
  process.send?.({ ready: true });
}

async function runGateway(socketPath: string): Promise<void> {
  const proxy = createUpstreamProxy({
    platformCookieNames: ['yac_session'],
    platformCookiePrefixes: ['yac_'],
  });
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as AddressInfo).port;
  const base = `localhost:${port}`;
  const target = (req: http.IncomingMessage) =>
    parseWorkspaceHost(req.headers.host, base) ? { socketPath, key: 'bench' } : null;
  server.on('request', (req, res) => {
    const t = target(req);
    if (t) return void proxy.web(req, res, t);
    res.writeHead(404).end();
  });
  server.on('upgrade', (req, socket, head) => {
    const t = target(req);
    if (t) proxy.ws(req, socket, head, t);
    else socket.destroy();
  });
  process.send?.({ ready: true, port });
}

function startChild(role: string, socketPath: string): Promise<{ child: ChildProcess; port?: number }> {
  return new Promise((resolve, reject) => {
    // fork keeps process.execArgv: the tsx loader this file runs under
    const child = fork(process.argv[1] as string, ['--role', role, socketPath], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
    child.once('message', (m: { port?: number }) => resolve({ child, port: m.port }));
  });
}

// ---------------------------------------------------------------------------------------- load loops

function get(agent: http.Agent, to: Endpoint, urlPath: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const where = 'socketPath' in to ? { socketPath: to.socketPath } : { host: '127.0.0.1', port: to.port };
    const headers = 'host' in to ? { host: to.host } : { host: 'localhost' };
    const req = http.get({ ...where, agent, path: urlPath, headers }, (res) => {
      res.on('data', () => {});
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

/** A closed loop: each of CONNECTIONS workers sends its next operation when the previous one is done. */
async function closedLoop(
  op: (worker: number) => Promise<boolean>,
  record: boolean,
  ms: number,
  limit: number,
) {
  const result: RunResult = { requests: 0, errors: 0, unexpected: {}, elapsedMs: 0, latencies: [] };
  const start = performance.now();
  const deadline = start + ms;
  let sent = 0;
  await Promise.all(
    Array.from({ length: CONNECTIONS }, async (_, w) => {
      while (performance.now() < deadline && sent < limit) {
        sent++;
        const t0 = performance.now();
        const ok = await op(w).catch(() => false);
        if (!record) continue;
        result.requests++;
        result.latencies.push(performance.now() - t0);
        if (!ok) result.errors++;
      }
    }),
  );
  result.elapsedMs = performance.now() - start;
  return result;
}

async function httpRun(to: Endpoint, urlPath: string): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });
  try {
    const op = async () => (await get(agent, to, urlPath)) === 200;
    await closedLoop(op, false, WARMUP_MS, Number.MAX_SAFE_INTEGER);
    return await closedLoop(op, true, SECONDS * 1000, MAX_REQUESTS);
  } finally {
    agent.destroy();
  }
}

async function wsRun(to: Endpoint): Promise<RunResult> {
  const clients: WsClient[] = await Promise.all(
    Array.from({ length: CONNECTIONS }, () =>
      wsConnect('socketPath' in to ? to : { port: to.port }, '/ws', 'host' in to ? { host: to.host } : {}),
    ),
  );
  try {
    const op = async (w: number) => {
      const c = clients[w] as WsClient;
      c.send('ping');
      return (await c.receive()) === 'ping';
    };
    await closedLoop(op, false, WARMUP_MS, Number.MAX_SAFE_INTEGER);
    return await closedLoop(op, true, SECONDS * 1000, MAX_REQUESTS);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

// --------------------------------------------------------------------------------------------- report

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const rps = (r: RunResult) => r.requests / (r.elapsedMs / 1000);

function report(name: string, direct: RunResult, gateway: RunResult): void {
  const row = (label: string, r: RunResult) =>
    `  ${label.padEnd(8)} ${fmt(rps(r), 0).padStart(8)} req/s   p50 ${fmt(percentile(r.latencies, 50), 2).padStart(6)} ms` +
    `   p99 ${fmt(percentile(r.latencies, 99), 2).padStart(6)} ms   errors ${r.errors}`;
  console.log(`\n${name}`);
  console.log(row('direct', direct));
  console.log(row('gateway', gateway));
  console.log(
    `  ratio    gateway/direct: ${fmt(rps(gateway) / rps(direct), 2)}x req/s, ` +
      `${fmt(percentile(gateway.latencies, 50) / percentile(direct.latencies, 50), 2)}x p50, ` +
      `${fmt(percentile(gateway.latencies, 99) / percentile(direct.latencies, 99), 2)}x p99`,
  );
}

async function main(): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'yac-bench-gw-'));
  const socketPath = path.join(dir, 'up.sock');
  const children: ChildProcess[] = [];
  try {
    children.push((await startChild('upstream', socketPath)).child);
    const gw = await startChild('gateway', socketPath);
    children.push(gw.child);
    const direct: Endpoint = { socketPath };
    const gateway: Endpoint = { port: gw.port as number, host: `bench--acme.localhost:${gw.port}` };
    console.log(
      `gateway bench: ${CONNECTIONS} connections, ${SECONDS} s per side and round, ${ROUNDS} rounds, ` +
        `${os.cpus().length} CPUs, node ${process.version}, transport node:http Agent (keep-alive)`,
    );

    const scenarios: Array<[string, (to: Endpoint) => Promise<RunResult>]> = [
      ['HTTP GET, 2-byte answer', (to) => httpRun(to, '/small')],
      ['HTTP GET, 64 KiB answer', (to) => httpRun(to, '/big?n=65536')],
      ['WebSocket echo round trip', (to) => wsRun(to)],
    ];
    for (const [name, run] of scenarios) {
      const d: RunResult[] = [];
      const g: RunResult[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        // alternate which side goes first
        if (round % 2 === 0) {
          d.push(await run(direct));
          g.push(await run(gateway));
        } else {
          g.push(await run(gateway));
          d.push(await run(direct));
        }
      }
      report(name, merge(d), merge(g));
    }
  } finally {
    for (const c of children) {
      c.removeAllListeners('exit');
      c.kill('SIGTERM');
    }
    await rm(dir, { recursive: true, force: true });
  }
}

const roleAt = process.argv.indexOf('--role');
if (roleAt >= 0) {
  const role = process.argv[roleAt + 1];
  const socketPath = process.argv[roleAt + 2] as string;
  process.on('disconnect', () => process.exit(0));
  await (role === 'upstream' ? runUpstream(socketPath) : runGateway(socketPath));
} else {
  await main();
}
