// `npm run bench:gateway`: the workspace gateway against direct access and against nginx, side by side.
//
// Processes: this one (the load generator); an echo upstream (node:http on a unix socket with a WebSocket
// echo: the stand-in of code-server from gateway.test-helpers.ts); the REAL platform server
// (bench/lib/gateway-server.ts: main.ts's assembly with attachGateway and an embedded PostgreSQL of its
// own, no job runner) holding a workspace, created through the API, whose IDE is the echo server; the
// gateway's proxy core alone (createUpstreamProxy in a bare node:http server routing by Host, no access
// check: what this bench measured before); and Debian's nginx as a reverse proxy to the same socket. When
// the IDE runtime is installed, a second workspace runs a real code-server (the process driver) and its
// GET /healthz is a second HTTP case.
//
// The bench signs a company up through the API and follows the redirect handshake (workspace host →
// portal /gateway/authorize → /__yac/ticket) with a cookie jar; every request through the gateway then
// carries the yac_ws cookie it got. Sides: direct (the unix socket), core, gateway and nginx (loopback
// TCP). Rounds are interleaved and the order of the sides rotates, so machine noise hits all alike; it
// prints requests/s, p50, p99, the CPU each proxy process spent per request (from /proc: steadier than
// requests/s on a shared machine) and the ratios gateway/direct and gateway/nginx. Before those runs
// (while the server's heap has not grown under load): the memory of BENCH_IDLE_WS idle WebSockets held
// open through the gateway (RSS and heap of the server process after GC, before and after), and
// through nginx (RSS of its workers) for reference.
// A benchmark, never a test: it fails only when it cannot run.
//
// Knobs (environment): BENCH_CONNECTIONS (16), BENCH_SECONDS per scenario, side and round (3),
// BENCH_ROUNDS (3), BENCH_MAX_REQUESTS per run (200000), BENCH_IDLE_WS (2000), BENCH_CODE_SERVER
// (0 skips the code-server case), BENCH_NGINX_WORKERS (1), BENCH_NGINX (the nginx binary), IDE_CACHE_DIR, BENCH_PROFILE_DIR (a CPU
// profile of the server, written when it stops).
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { startFront, startUpstream } from '../server/src/modules/gateway/gateway.test-helpers.ts';
import { createUpstreamProxy } from '../server/src/modules/gateway/proxy.ts';
import { type WsClient, wsConnect } from '../server/src/modules/gateway/websocket.test-helpers.ts';
import { ideRuntimePaths } from '../server/src/platform/ide-runtime.ts';
import { Browser, signUp, sql } from './lib/browser.ts';
import { commit, freePort } from './lib/common.mjs';
import { merge, percentile, type RunResult } from './lib/load.ts';
import { findNginx, type Nginx, nginxVersion, startNginx } from './lib/nginx.ts';
import { cpuMsOf, openFilesLimit, type Platform, rssOf, startPlatform } from './lib/platform.ts';

const int = (name: string, dflt: number) => {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v >= 0 ? v : dflt;
};
const CONNECTIONS = Math.max(1, int('BENCH_CONNECTIONS', 16));
const SECONDS = Math.max(1, int('BENCH_SECONDS', 3));
const ROUNDS = Math.max(1, int('BENCH_ROUNDS', 3));
const MAX_REQUESTS = Math.max(1, int('BENCH_MAX_REQUESTS', 200_000));
const IDLE_WS = int('BENCH_IDLE_WS', 2000);
const NGINX_WORKERS = Math.max(1, int('BENCH_NGINX_WORKERS', 1));
const WARMUP_MS = 500;
const SERVER_ENTRY = fileURLToPath(new URL('./lib/gateway-server.ts', import.meta.url));

/** Where a side sends its traffic: a unix socket, or a loopback port with a Host (and a cookie). */
type Endpoint = { socketPath: string } | { port: number; host: string; cookie?: string };
const SIDES = ['direct', 'core', 'gateway', 'gateway-slow', 'nginx'] as const;
type Side = (typeof SIDES)[number];
const SIDE_LABEL: Record<Side, string> = {
  direct: 'direct (unix socket)',
  core: 'proxy core only',
  gateway: 'gateway (full server)',
  'gateway-slow': 'gateway, fast path off',
  nginx: `nginx (${NGINX_WORKERS} worker${NGINX_WORKERS > 1 ? 's' : ''})`,
};

// ------------------------------------------------------------------------------------------ child roles

async function runUpstream(socketPath: string): Promise<void> {
  await startUpstream(socketPath);
  process.send?.({ ready: true });
}

/** The proxy core alone, routing `<name>--….localhost:<port>` to routes[name] (the old bench's gateway). */
async function runCore(routes: Record<string, string>): Promise<void> {
  const proxy = createUpstreamProxy({
    platformCookieNames: ['yac_session', 'yac_ws'],
    platformCookiePrefixes: ['yac_'],
  });
  const front = await startFront(proxy, routes);
  process.send?.({ ready: true, port: front.port });
}

function startChild(role: string, arg: string): Promise<{ child: ChildProcess; port?: number }> {
  return new Promise((resolve, reject) => {
    // fork keeps process.execArgv: the tsx loader this file runs under
    const child = fork(process.argv[1] as string, ['--role', role, arg], { stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
    child.once('message', (m: { port?: number }) => resolve({ child, port: m.port }));
  });
}

/** Requests to the server child over IPC (see bench/lib/gateway-server.ts). */
function rpcTo(child: ChildProcess) {
  let seq = 0;
  const pending = new Map<number, { resolve: (v: never) => void; reject: (e: Error) => void }>();
  child.on('message', (m: { seq?: number; ok?: boolean; error?: string }) => {
    const p = m.seq === undefined ? undefined : pending.get(m.seq);
    if (!p || m.seq === undefined) return;
    pending.delete(m.seq);
    if (m.ok) p.resolve(m as never);
    else p.reject(new Error(m.error));
  });
  return <T>(msg: Record<string, unknown>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const s = ++seq;
      pending.set(s, { resolve: resolve as (v: never) => void, reject });
      child.send({ ...msg, seq: s });
    });
}

// ---------------------------------------------------------------------------------------- load loops

function get(agent: http.Agent, to: Endpoint, urlPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const where = 'socketPath' in to ? { socketPath: to.socketPath } : { host: '127.0.0.1', port: to.port };
    const headers: http.OutgoingHttpHeaders =
      'host' in to ? { host: to.host, ...(to.cookie ? { cookie: to.cookie } : {}) } : { host: 'localhost' };
    const req = http.get({ ...where, agent, path: urlPath, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        if (body.length < 256) body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
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

/** Called between the warm-up and the measured phase (where the CPU counters are read). */
type OnMeasure = () => void;

async function httpRun(to: Endpoint, urlPath: string, onMeasure: OnMeasure): Promise<RunResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });
  try {
    const op = async () => (await get(agent, to, urlPath)).status === 200;
    await closedLoop(op, false, WARMUP_MS, Number.MAX_SAFE_INTEGER);
    onMeasure();
    return await closedLoop(op, true, SECONDS * 1000, MAX_REQUESTS);
  } finally {
    agent.destroy();
  }
}

function wsOpen(to: Endpoint, urlPath: string): Promise<WsClient> {
  return wsConnect(
    'socketPath' in to ? to : { port: to.port },
    urlPath,
    'host' in to ? { host: to.host, ...(to.cookie ? { cookie: to.cookie } : {}) } : {},
  );
}

async function wsRun(to: Endpoint, onMeasure: OnMeasure): Promise<RunResult> {
  const clients: WsClient[] = await Promise.all(Array.from({ length: CONNECTIONS }, () => wsOpen(to, '/ws')));
  try {
    if (clients.some((c) => c.status !== 101))
      throw new Error(`WebSocket refused: ${clients.map((c) => c.status).join(',')}`);
    const op = async (w: number) => {
      const c = clients[w] as WsClient;
      c.send('ping');
      return (await c.receive()) === 'ping';
    };
    await closedLoop(op, false, WARMUP_MS, Number.MAX_SAFE_INTEGER);
    onMeasure();
    return await closedLoop(op, true, SECONDS * 1000, MAX_REQUESTS);
  } finally {
    await Promise.all(clients.map((c) => c.close()));
  }
}

// --------------------------------------------------------------------------------------------- report

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const rps = (r: RunResult) => r.requests / (r.elapsedMs / 1000);
const mib = (bytes: number) => `${fmt(bytes / 1024 / 1024, 1)} MiB`;
const kib = (bytes: number) => `${fmt(bytes / 1024, 1)} KiB`;

interface Measured {
  run: RunResult;
  /** CPU of the proxying process(es) during the measured phases, in ms (NaN for direct). */
  cpuMs: number;
}

interface Row {
  scenario: string;
  side: Side;
  m: Measured;
}

function report(name: string, results: Partial<Record<Side, Measured>>, rows: Row[]): void {
  console.log(`\n${name}`);
  console.log(
    `  ${'side'.padEnd(24)}${'requests'.padStart(9)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'errors'.padStart(8)}${'proxy CPU ms/req'.padStart(18)}`,
  );
  for (const side of SIDES) {
    const m = results[side];
    if (!m) continue;
    rows.push({ scenario: name, side, m });
    const r = m.run;
    console.log(
      `  ${SIDE_LABEL[side].padEnd(24)}${String(r.requests).padStart(9)}${fmt(rps(r), 0).padStart(9)}${fmt(percentile(r.latencies, 50), 2).padStart(9)}${fmt(percentile(r.latencies, 99), 2).padStart(9)}${String(r.errors).padStart(8)}${fmt(m.cpuMs / r.requests, 3).padStart(18)}`,
    );
  }
  const ratio = (a: Side, b: Side) => {
    const x = results[a]?.run;
    const y = results[b]?.run;
    if (!x || !y) return `${a}/${b}: -`;
    return (
      `${a}/${b}: ${fmt(rps(x) / rps(y), 2)}× req/s, ` +
      `${fmt(percentile(x.latencies, 50) / percentile(y.latencies, 50), 2)}× p50, ` +
      `${fmt(percentile(x.latencies, 99) / percentile(y.latencies, 99), 2)}× p99`
    );
  };
  console.log(`  ${ratio('gateway', 'direct')}`);
  console.log(`  ${ratio('gateway', 'nginx')}`);
  console.log(`  ${ratio('gateway-slow', 'nginx')}`);
  console.log(`  ${ratio('core', 'direct')}`);
  const cpu = (s: Side) => {
    const m = results[s];
    return m ? m.cpuMs / m.run.requests : Number.NaN;
  };
  console.log(
    `  proxy CPU per request: gateway/nginx ${fmt(cpu('gateway') / cpu('nginx'), 2)}×, gateway/core ${fmt(cpu('gateway') / cpu('core'), 2)}×, fast path off/nginx ${fmt(cpu('gateway-slow') / cpu('nginx'), 2)}×`,
  );
}

// ------------------------------------------------------------------------------------- idle WebSockets

/** Open `n` WebSockets to `to`, `batch` handshakes at a time; all must answer 101. */
async function openMany(to: Endpoint, n: number, batch = 50): Promise<WsClient[]> {
  const out: WsClient[] = [];
  while (out.length < n) {
    const k = Math.min(batch, n - out.length);
    const opened = await Promise.all(Array.from({ length: k }, () => wsOpen(to, '/ws')));
    out.push(...opened);
    const bad = opened.find((c) => c.status !== 101);
    if (bad) {
      for (const c of out) c.socket.destroy();
      throw new Error(`WebSocket ${out.length} answered ${bad.status}: ${bad.body.slice(0, 200)}`);
    }
  }
  // Every one still works (one message on a sample of them).
  for (const c of out.filter((_, i) => i % Math.max(1, Math.floor(n / 20)) === 0)) {
    c.send('alive');
    if ((await c.receive()) !== 'alive') throw new Error('an idle WebSocket did not echo');
  }
  return out;
}

async function closeMany(clients: WsClient[]): Promise<void> {
  for (const c of clients) c.socket.destroy();
  await new Promise((r) => setTimeout(r, 1_000));
}

const settle = () => new Promise((r) => setTimeout(r, 1_000));

// ----------------------------------------------------------------------------------------------- main

interface MemoryUsage {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  arrayBuffers: number;
}

async function main(): Promise<void> {
  const nginxBin = findNginx();
  if (!nginxBin)
    throw new Error('nginx is not installed (apt-get install -y nginx), or set BENCH_NGINX to its binary');
  const ide = ideRuntimePaths(process.env.IDE_CACHE_DIR || undefined);
  const withCodeServer = process.env.BENCH_CODE_SERVER !== '0' && ide.installed;
  console.log(
    `bench:gateway — ${new Date().toISOString()} — commit ${commit()} — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}, ${nginxVersion(nginxBin)}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `closed loop: ${CONNECTIONS} keep-alive connections (node:http Agent; WebSockets: ${CONNECTIONS} sockets), ${SECONDS} s per side and round after ${WARMUP_MS} ms of warm-up, ${ROUNDS} interleaved rounds (side order rotates); the load generator shares the machine.`,
  );
  if (!withCodeServer)
    console.log(
      process.env.BENCH_CODE_SERVER === '0'
        ? 'code-server case skipped (BENCH_CODE_SERVER=0).'
        : `code-server case skipped: the IDE runtime is not installed in ${ide.cacheDir} (npm run setup:ide).`,
    );

  const dir = await mkdtemp(path.join(os.tmpdir(), 'yac-bench-gw-'));
  const echoSocket = path.join(dir, 'up.sock');
  const children: ChildProcess[] = [];
  let platform: Platform | undefined;
  let nginx: Nginx | undefined;
  const cleanup = async () => {
    for (const c of children) {
      c.removeAllListeners('exit');
      c.kill('SIGTERM');
    }
    await nginx?.stop().catch(() => {});
    await platform?.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  const onSignal = async () => {
    await cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    children.push((await startChild('upstream', echoSocket)).child);

    // ---- the real server, a company, its workspaces, the handshake
    let t0 = performance.now();
    platform = await startPlatform({ IDE_AUTO_INSTALL: '0' }, 180_000, {
      entry: SERVER_ENTRY,
      // BENCH_PROFILE_DIR: the server writes a CPU profile there when it stops (as bench:workbench's).
      nodeArgs: [
        '--expose-gc',
        ...(process.env.BENCH_PROFILE_DIR
          ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`]
          : []),
      ],
      ipc: true,
    });
    const server = platform;
    const serverPid = server.child.pid as number;
    const rpc = rpcTo(server.child);
    const portal = `http://localhost:${server.port}`;
    const dbUrl = server.databaseUrl();
    console.log(
      `server (bench/lib/gateway-server.ts: main.ts's assembly with attachGateway, embedded PostgreSQL) ready on :${server.port} in ${fmt(performance.now() - t0, 0)} ms`,
    );
    const browser = new Browser();
    const company = await signUp(browser, portal, dbUrl);
    const create = async (name: string) => {
      const res = await browser.api<{ id: string; url: string }>(portal, 'POST', '/api/v1/workspaces', {
        name,
        templateId: 'tpl_blank',
      });
      if (res.status !== 202) throw new Error(`create ${name}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    };
    // No job runner here: the row stays as the API made it until the bench says the IDE runs.
    const markRunning = (id: string) =>
      sql(dbUrl, "update workspaces set status = 'running', status_reason = null where id = $1", [id]);
    const handshake = async (url: string, expect: (body: string) => boolean) => {
      const hops = await browser.follow(url);
      const last = hops.at(-1);
      const host = new URL(url).host;
      const cookie = browser.cookie(host, 'yac_ws');
      if (last?.status !== 200 || !expect(last.body) || !cookie)
        throw new Error(
          `handshake for ${url}: ${hops.map((h) => `${h.status} ${h.url}`).join(' → ')}\n${last?.body.slice(0, 300)}`,
        );
      return { host, cookie: `yac_ws=${cookie}`, hops: hops.length };
    };

    const echo = await create('echo');
    await rpc({ op: 'route', id: echo.id, socketPath: echoSocket });
    await markRunning(echo.id);
    const echoUrl = new URL(echo.url);
    const echoGw = await handshake(`${echoUrl.origin}/small`, (b) => b === 'ok');
    console.log(
      `company ${company.subdomain} signed up; workspace "echo" created through the API (IDE: the echo server); handshake ${echoGw.hops} hops → yac_ws cookie`,
    );

    let ideSocket: string | undefined;
    let ideGw: { host: string; cookie: string } | undefined;
    if (withCodeServer) {
      t0 = performance.now();
      const ws = await create('ide');
      const started = await rpc<{ socketPath: string }>({ op: 'start-ide', id: ws.id, name: 'ide' });
      ideSocket = started.socketPath;
      await markRunning(ws.id);
      ideGw = await handshake(`${new URL(ws.url).origin}/healthz`, (b) => b.includes('"status"'));
      console.log(
        `workspace "ide" created; code-server ${ide.versions.codeServer} started by the process driver in ${fmt(performance.now() - t0, 0)} ms`,
      );
    }

    // ---- the proxy core alone, and nginx
    const routes: Record<string, string> = { echo: echoSocket, ...(ideSocket ? { ide: ideSocket } : {}) };
    const core = await startChild('core', JSON.stringify(routes));
    children.push(core.child);
    const corePort = core.port as number;
    const nginxPort = await freePort();
    nginx = await startNginx(nginxBin, {
      dir: path.join(dir, 'nginx'),
      port: nginxPort,
      upstreams: routes,
      defaultUpstream: 'echo',
      workers: NGINX_WORKERS,
      connections: Math.max(IDLE_WS, 4 * CONNECTIONS) + 64,
    });
    const ng = nginx;
    // The same server past its fast path (bench/lib/gateway-server.ts): the fast path off, interleaved.
    const slowPort = (await rpc<{ port: number }>({ op: 'slow-port' })).port;
    const endpoints = (name: 'echo' | 'ide', socketPath: string, gw: { host: string; cookie: string }) =>
      ({
        direct: { socketPath },
        core: { port: corePort, host: `${name}--bench.localhost:${corePort}` },
        gateway: { port: server.port, host: gw.host, cookie: gw.cookie },
        'gateway-slow': { port: slowPort, host: gw.host, cookie: gw.cookie },
        nginx: { port: nginxPort, host: `${name}--bench.localhost:${nginxPort}` },
      }) satisfies Record<Side, Endpoint>;
    const echoTo = endpoints('echo', echoSocket, echoGw);
    const ideTo = ideSocket && ideGw ? endpoints('ide', ideSocket, ideGw) : undefined;
    const cpuOf: Record<Side, () => number> = {
      direct: () => Number.NaN,
      core: () => cpuMsOf(core.child.pid as number),
      gateway: () => cpuMsOf(serverPid),
      'gateway-slow': () => cpuMsOf(serverPid),
      nginx: () => ng.workers().reduce((s, p) => s + cpuMsOf(p), 0),
    };

    // Every side answers as expected before anything is timed.
    for (const side of SIDES) {
      const agent = new http.Agent({ keepAlive: false });
      const r = await get(agent, echoTo[side], '/small');
      if (r.status !== 200 || r.body !== 'ok') throw new Error(`${side}: GET /small → ${r.status} ${r.body}`);
      if (ideTo) {
        const c = await get(agent, ideTo[side], '/healthz');
        if (c.status !== 200) throw new Error(`${side}: code-server GET /healthz → ${c.status} ${c.body}`);
      }
    }

    // ---- memory of idle WebSockets, first: the heap has not grown under load yet, so RSS shows the cost too
    if (IDLE_WS > 0) {
      // Per process: this one holds n client sockets, the server 2n (browser side + upstream), the echo
      // server n; nginx sizes its own limit from the config.
      const limits = [openFilesLimit('self'), openFilesLimit(serverPid)];
      const fit = Math.floor((Math.min(...limits.filter(Number.isFinite)) - 256) / 2);
      let n = IDLE_WS;
      if (Number.isFinite(fit) && fit < n) {
        n = Math.max(0, fit);
        console.log(
          `\nThe open-files limit (ulimit -n: ${limits.join(', ')}) fits ${n} idle WebSockets, not ${IDLE_WS}: measuring ${n}. Raise it with \`ulimit -n 16384\` before the bench.`,
        );
      }
      console.log(
        `\nMemory of ${n} idle WebSockets (after GC; the server and nginx measured alone; before the throughput runs):`,
      );
      const mem = async () => (await rpc<{ memory: MemoryUsage }>({ op: 'memory', gc: true })).memory;
      const gwTo = echoTo.gateway;
      await settle();
      const before = await mem();
      t0 = performance.now();
      const held = await openMany(gwTo, n);
      const openMs = performance.now() - t0;
      await settle();
      const stats = await rpc<{ stats: Array<{ socketPath: string; webSockets: number }> }>({ op: 'stats' });
      const tunnels = stats.stats.find((s) => s.socketPath === echoSocket)?.webSockets ?? 0;
      const during = await mem();
      await closeMany(held);
      const after = await mem();
      const per = (k: keyof MemoryUsage) => (during[k] - before[k]) / n;
      console.log(
        `  gateway: opened ${n} in ${fmt(openMs, 0)} ms through the handshake-issued cookie; the proxy reports ${tunnels} open tunnels`,
      );
      console.log(
        `  ${'server process'.padEnd(16)}${'before'.padStart(12)}${`with ${n}`.padStart(12)}${'closed again'.padStart(14)}${'per WebSocket'.padStart(16)}`,
      );
      for (const k of ['rss', 'heapUsed', 'heapTotal', 'external', 'arrayBuffers'] as const)
        console.log(
          `  ${k.padEnd(16)}${mib(before[k]).padStart(12)}${mib(during[k]).padStart(12)}${mib(after[k]).padStart(14)}${kib(per(k)).padStart(16)}`,
        );

      const nginxRss = () => ng.workers().reduce((s, p) => s + rssOf(p), 0);
      await settle();
      const nBefore = nginxRss();
      const viaNginx = await openMany(echoTo.nginx, n);
      await settle();
      const nDuring = nginxRss();
      await closeMany(viaNginx);
      const nAfter = nginxRss();
      console.log(
        `  nginx workers RSS: ${mib(nBefore)} → ${mib(nDuring)} with ${n} (${kib((nDuring - nBefore) / n)} per WebSocket) → ${mib(nAfter)} closed again`,
      );
      console.log(
        `  ratio of RSS per WebSocket, gateway/nginx: ${fmt(per('rss') / ((nDuring - nBefore) / n), 2)}×` +
          " (heapUsed is the gateway's steadier figure: RSS grows only when the heap needs more pages;" +
          ' kernel socket buffers count in neither)',
      );
    }

    const scenarios: Array<[string, (side: Side, onMeasure: OnMeasure) => Promise<RunResult>]> = [
      ['HTTP GET, 2-byte answer (echo server)', (s, m) => httpRun(echoTo[s], '/small', m)],
      ['HTTP GET, 64 KiB answer (echo server)', (s, m) => httpRun(echoTo[s], '/big?n=65536', m)],
      ['WebSocket echo round trip (echo server)', (s, m) => wsRun(echoTo[s], m)],
    ];
    if (ideTo)
      scenarios.push([
        'HTTP GET /healthz, 38-byte JSON (real code-server)',
        (s, m) => httpRun(ideTo[s], '/healthz', m),
      ]);

    const rows: Row[] = [];
    for (const [name, run] of scenarios) {
      const runs: Record<Side, RunResult[]> = {
        direct: [],
        core: [],
        gateway: [],
        'gateway-slow': [],
        nginx: [],
      };
      const cpu: Record<Side, number> = { direct: 0, core: 0, gateway: 0, 'gateway-slow': 0, nginx: 0 };
      for (let round = 0; round < ROUNDS; round++) {
        const order = SIDES.map((_, i) => SIDES[(i + round) % SIDES.length] as Side);
        for (const side of order) {
          let before = Number.NaN;
          runs[side].push(
            await run(side, () => {
              before = cpuOf[side]();
            }),
          );
          cpu[side] += cpuOf[side]() - before;
        }
      }
      const results = Object.fromEntries(
        SIDES.map((s) => [s, { run: merge(runs[s]), cpuMs: cpu[s] }]),
      ) as Record<Side, Measured>;
      report(name, results, rows);
    }
    console.log(
      "\nproxy CPU: the proxying process's own CPU time (from /proc, 10 ms ticks) over the measured phases; nginx: its workers'; direct has no proxy.",
    );

    // ---- summary table
    console.log('\nSummary (req/s; ratios of req/s, p50 and p99):');
    console.log(
      `${'scenario'.padEnd(52)}${'direct'.padStart(8)}${'core'.padStart(8)}${'gateway'.padStart(9)}${'gw-slow'.padStart(9)}${'nginx'.padStart(8)}${'gw/direct rps p50 p99'.padStart(24)}${'gw/nginx rps p50 p99'.padStart(24)}${'slow/nginx rps'.padStart(16)}`,
    );
    for (const [name] of scenarios) {
      const by = (s: Side) => rows.find((r) => r.scenario === name && r.side === s)?.m.run as RunResult;
      const three = (a: RunResult, b: RunResult) =>
        `${fmt(rps(a) / rps(b), 2)} ${fmt(percentile(a.latencies, 50) / percentile(b.latencies, 50), 2)} ${fmt(percentile(a.latencies, 99) / percentile(b.latencies, 99), 2)}`;
      console.log(
        `${name.padEnd(52)}${fmt(rps(by('direct')), 0).padStart(8)}${fmt(rps(by('core')), 0).padStart(8)}${fmt(rps(by('gateway')), 0).padStart(9)}${fmt(rps(by('gateway-slow')), 0).padStart(9)}${fmt(rps(by('nginx')), 0).padStart(8)}${three(by('gateway'), by('direct')).padStart(24)}${three(by('gateway'), by('nginx')).padStart(24)}${fmt(rps(by('gateway-slow')) / rps(by('nginx')), 2).padStart(16)}`,
      );
    }
    const fast = (await rpc<{ fast: { requests: number; handedOff: number } | null }>({ op: 'stats' })).fast;
    console.log(
      fast
        ? `\nGateway fast path (GATEWAY_FAST_PATH on): ${fast.requests} requests forwarded by it, ${fast.handedOff} connections of its port handed to node's HTTP server (handshakes, WebSockets, cache misses).`
        : '\nGateway fast path: off (GATEWAY_FAST_PATH=0): both gateway sides are the same path.',
    );
    if (rows.some((r) => r.m.run.errors > 0))
      console.log('Some operations failed (see the errors column): those numbers are not trustworthy.');
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

const roleAt = process.argv.indexOf('--role');
if (roleAt >= 0) {
  const role = process.argv[roleAt + 1];
  const arg = process.argv[roleAt + 2] as string;
  process.on('disconnect', () => process.exit(0));
  await (role === 'upstream' ? runUpstream(arg) : runCore(JSON.parse(arg)));
} else {
  await main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
