// `npm run bench:gateway-variants`: the gateway-throughput probe (docs/notes/gateway-throughput.md).
// Prototype data planes (bench/lib/raw-proxy.ts) against Debian's nginx on the same echo upstream (a
// node:http server on a unix socket, `/small` answers 2 bytes), interleaved rounds with the side order
// rotating, 16 keep-alive connections from a node:http closed loop (as bench:gateway). Every node variant
// does the same simulated cached access check per request (Host → workspace, yac_ws → session), strips
// platform cookies and Authorization, adds X-Forwarded-*; nginx does the Host map and headers only, and
// `nginx-auth` adds auth_request to a node auth server with the answer cached 5 s per Host+cookie.
// Prints req/s, p50, the CPU of the proxying processes per request (from /proc) and the ratios to nginx
// with the same number of workers. Sides with `x2` run 2 processes (node:cluster, round-robin; nginx 2
// workers). A benchmark, never a test; the product's gateway is not involved.
//
// Knobs: BENCH_SECONDS (3), BENCH_ROUNDS (3), BENCH_CONNECTIONS (16), BENCH_SIDES (comma list of sides).
import { type ChildProcess, fork } from 'node:child_process';
import cluster from 'node:cluster';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startUpstream } from '../server/src/modules/gateway/gateway.test-helpers.ts';
import { commit, freePort } from './lib/common.mjs';
import { percentile } from './lib/load.ts';
import { findNginx, type Nginx, nginxVersion, startNginx } from './lib/nginx.ts';
import { childPids, cpuMsOf } from './lib/platform.ts';
import { Access, authServer, frontServer, rawServer, rawUpServer } from './lib/raw-proxy.ts';

const int = (name: string, d: number) => {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : d;
};
const CONNECTIONS = int('BENCH_CONNECTIONS', 16);
const SECONDS = int('BENCH_SECONDS', 3);
const ROUNDS = int('BENCH_ROUNDS', 3);
const WARMUP_MS = 500;
const COOKIE = 'yac_ws=c0ffee0123456789abcdef; other=1';
const HOST_NAME = 'echo--acme.localhost';

const ALL_SIDES = [
  'nginx',
  'core',
  'agent',
  'rawup',
  'raw',
  'pin',
  'tunnel',
  'nginx-auth',
  'nginx-authvar',
  'nginx-x2',
  'core-x2',
  'raw-x2',
  'nginx-auth-x2',
];

// ------------------------------------------------------------------------------------- child roles

type Role = 'upstream' | 'core' | 'agent' | 'rawup' | 'raw' | 'pin' | 'tunnel' | 'auth';

function serverOf(role: Role, access: Access): http.Server | net.Server {
  switch (role) {
    case 'core':
      return frontServer(access, 'undici');
    case 'agent':
      return frontServer(access, 'agent');
    case 'rawup':
      return rawUpServer(access);
    case 'raw':
      return rawServer(access, 'check');
    case 'pin':
      return rawServer(access, 'pin');
    case 'tunnel':
      return rawServer(access, 'tunnel');
    default:
      return authServer(access);
  }
}

async function child(role: Role, arg: string, listen: string, workers: number): Promise<void> {
  if (role === 'upstream') {
    await startUpstream(arg);
    process.send?.({ ready: true });
    return;
  }
  if (workers > 1 && cluster.isPrimary) {
    let ready = 0;
    for (let i = 0; i < workers; i++)
      cluster.fork().on('message', () => {
        if (++ready === workers) process.send?.({ ready: true });
      });
    return;
  }
  const cookieValue = (COOKIE.split(';')[0] as string).slice('yac_ws='.length);
  const access = new Access({ [HOST_NAME]: arg }, cookieValue);
  const server = serverOf(role, access);
  const port = Number(listen);
  await new Promise<void>((r) =>
    Number.isFinite(port) ? server.listen(port, '127.0.0.1', () => r()) : server.listen(listen, () => r()),
  );
  process.send?.({ ready: true });
}

function startChild(role: Role, arg: string, listen: string, workers = 1): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const c = fork(process.argv[1] as string, ['--role', role, arg, listen, String(workers)], {
      stdio: 'inherit',
    });
    c.once('error', reject);
    c.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
    c.once('message', () => resolve(c));
  });
}

// -------------------------------------------------------------------------------------------- load

interface Result {
  requests: number;
  errors: number;
  ms: number;
  latencies: number[];
  cpuMs: number;
  /** CPU of the whole chain: proxy + upstream + this load generator. */
  totalCpuMs: number;
}

function get(agent: http.Agent, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      {
        host: '127.0.0.1',
        port,
        agent,
        path: '/small',
        headers: { host: `${HOST_NAME}:${port}`, cookie: COOKIE },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
  });
}

let upstreamPid = 0;

async function run(port: number, pids: () => number[]): Promise<Result> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });
  const loop = async (ms: number, r: Result | null) => {
    const deadline = performance.now() + ms;
    await Promise.all(
      Array.from({ length: CONNECTIONS }, async () => {
        while (performance.now() < deadline) {
          const t0 = performance.now();
          const status = await get(agent, port).catch(() => 0);
          if (!r) continue;
          r.requests++;
          r.latencies.push(performance.now() - t0);
          if (status !== 200) r.errors++;
        }
      }),
    );
  };
  try {
    await loop(WARMUP_MS, null);
    const r: Result = { requests: 0, errors: 0, ms: 0, latencies: [], cpuMs: 0, totalCpuMs: 0 };
    const ps = pids();
    const cpu0 = ps.reduce((s, p) => s + cpuMsOf(p), 0);
    const other0 = cpuMsOf(upstreamPid) + cpuMsOf(process.pid);
    const t0 = performance.now();
    await loop(SECONDS * 1000, r);
    r.ms = performance.now() - t0;
    r.cpuMs = ps.reduce((s, p) => s + cpuMsOf(p), 0) - cpu0;
    r.totalCpuMs = r.cpuMs + cpuMsOf(upstreamPid) + cpuMsOf(process.pid) - other0;
    return r;
  } finally {
    agent.destroy();
  }
}

// -------------------------------------------------------------------------------------------- main

/** nginx with auth_request to the node auth server (unix socket), its answer cached 5 s per Host+cookie. */
/** viaVariable: no upstream block per workspace; the socket comes from the auth answer (no keep-alive to it). */
async function startNginxAuth(
  bin: string,
  dir: string,
  port: number,
  upstream: string,
  auth: string,
  workers: number,
  viaVariable = false,
): Promise<Nginx> {
  // reuse startNginx's process handling with a configuration of our own: write it, then start
  const n = await startNginx(bin, {
    dir,
    port,
    upstreams: { echo: upstream },
    defaultUpstream: 'echo',
    workers,
    connections: CONNECTIONS,
  });
  await n.stop();
  const q = (p: string) => JSON.stringify(path.join(dir, p));
  const conf = `user root root;
worker_processes ${workers};
pid ${q('nginx.pid')};
error_log ${q('error.log')} warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${q('tmp/body')};
  proxy_temp_path ${q('tmp/proxy')};
  fastcgi_temp_path ${q('tmp/fastcgi')};
  uwsgi_temp_path ${q('tmp/uwsgi')};
  scgi_temp_path ${q('tmp/scgi')};
  keepalive_requests 1000000;
  proxy_cache_path ${q('authcache')} levels=1 keys_zone=yacauth:1m max_size=10m inactive=60s;
  map $http_upgrade $connection_upgrade { default upgrade; '' ''; }
  # platform cookies never reach code-server: drop every yac_* pair from Cookie
  map $http_cookie $yac_cookie {
    default $http_cookie;
    "~^(?<a>.*?)(?:;\\s*)?yac_[a-z_]+=[^;]*;?\\s*(?<b>.*)$" "$a$b";
  }
  upstream echo { server unix:${upstream}; keepalive 64; keepalive_requests 1000000; }
  upstream yacauth { server unix:${auth}; keepalive 16; keepalive_requests 1000000; }
  server {
    listen 127.0.0.1:${port} default_server;
    location = /__yac_auth {
      internal;
      proxy_pass http://yacauth;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_pass_request_body off;
      proxy_set_header Content-Length "";
      proxy_set_header X-Original-Host $http_host;
      proxy_set_header Cookie $http_cookie;
      proxy_cache yacauth;
      proxy_cache_key "$http_host|$cookie_yac_ws";
      proxy_cache_valid 204 401 5s;
    }
    location @signin { return 302 http://portal.localhost/gateway/authorize; }
    location / {
      auth_request /__yac_auth;
      error_page 401 = @signin;
${viaVariable ? '      auth_request_set $yac_socket $upstream_http_x_yac_socket;\n      proxy_pass http://unix:$yac_socket:;' : '      proxy_pass http://echo;'}
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header Cookie $yac_cookie;
      proxy_set_header Authorization "";
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header X-Forwarded-For $remote_addr;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_set_header X-Forwarded-Host $http_host;
      proxy_read_timeout 1h;
    }
  }
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), conf);
  await mkdir(path.join(dir, 'authcache'), { recursive: true });
  return startNginxWith(bin, dir, port);
}

async function startNginxWith(bin: string, dir: string, port: number): Promise<Nginx> {
  const { spawn, execFileSync } = await import('node:child_process');
  const conf = path.join(dir, 'nginx.conf');
  const args = ['-p', dir, '-c', conf, '-e', path.join(dir, 'error.log')];
  execFileSync(bin, [...args, '-t', '-q']);
  const c = spawn(bin, [...args, '-g', 'daemon off;'], { stdio: 'inherit' });
  const exit = new Promise<void>((r) => c.once('exit', () => r()));
  for (let i = 0; i < 100; i++) {
    await new Promise((r) => setTimeout(r, 50));
    if (childPids(c.pid as number).length) break;
  }
  return {
    port,
    child: c,
    workers: () => childPids(c.pid as number),
    stop: async () => {
      c.kill('SIGQUIT');
      const t = setTimeout(() => c.kill('SIGKILL'), 5000);
      await exit;
      clearTimeout(t);
    },
  };
}

async function main(): Promise<void> {
  const bin = findNginx();
  if (!bin) throw new Error('nginx is not installed (apt-get install -y nginx)');
  const sides = (process.env.BENCH_SIDES ?? ALL_SIDES.join(','))
    .split(',')
    .filter((s) => ALL_SIDES.includes(s));
  const load0 = os.loadavg();
  console.log(
    `gateway-variants — ${new Date().toISOString()} — commit ${commit()} — ${os.cpus().length} cores, node ${process.version}, ${nginxVersion(bin)}, load average ${load0.map((l) => l.toFixed(2)).join(' ')}`,
  );
  console.log(
    `${CONNECTIONS} keep-alive connections, ${SECONDS} s per side and round after ${WARMUP_MS} ms warm-up, ${ROUNDS} rounds, sides: ${sides.join(' ')}`,
  );
  const dir = await mkdtemp(path.join(os.tmpdir(), 'yac-gw-variants-'));
  const up = path.join(dir, 'up.sock');
  const authSock = path.join(dir, 'auth.sock');
  const children: ChildProcess[] = [];
  const nginxes: Nginx[] = [];
  const cleanup = async () => {
    for (const c of children) {
      c.removeAllListeners('exit');
      c.kill('SIGTERM');
    }
    for (const n of nginxes) await n.stop().catch(() => {});
    await rm(dir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    const upChild = await startChild('upstream', up, '-');
    children.push(upChild);
    upstreamPid = upChild.pid as number;
    const needAuth = sides.some((s) => s.startsWith('nginx-auth'));
    let authChild: ChildProcess | null = null;
    if (needAuth) {
      authChild = await startChild('auth', up, authSock);
      children.push(authChild);
    }
    const endpoints: Record<string, { port: number; pids: () => number[] }> = {};
    for (const side of sides) {
      const port = await freePort();
      const x2 = side.endsWith('-x2');
      const base = x2 ? side.slice(0, -3) : side;
      const workers = x2 ? 2 : 1;
      if (base.startsWith('nginx')) {
        const d = path.join(dir, side);
        const n =
          base === 'nginx'
            ? await startNginx(bin, {
                dir: d,
                port,
                upstreams: { echo: up },
                defaultUpstream: 'echo',
                workers,
                connections: CONNECTIONS,
              })
            : await startNginxAuth(bin, d, port, up, authSock, workers, base === 'nginx-authvar');
        nginxes.push(n);
        const ac = authChild;
        endpoints[side] = {
          port,
          pids: () => [...n.workers(), ...(base !== 'nginx' && ac ? [ac.pid as number] : [])],
        };
      } else {
        const c = await startChild(base as Role, up, String(port), workers);
        children.push(c);
        const pid = c.pid as number;
        endpoints[side] = { port, pids: () => [pid, ...childPids(pid)] };
      }
    }
    const all: Record<string, Result[]> = Object.fromEntries(sides.map((s) => [s, []]));
    for (let round = 0; round < ROUNDS; round++) {
      const order = sides.map((_, i) => sides[(i + round) % sides.length] as string);
      for (const side of order) {
        const e = endpoints[side] as { port: number; pids: () => number[] };
        (all[side] as Result[]).push(await run(e.port, e.pids));
      }
      process.stdout.write(`round ${round + 1}/${ROUNDS} done, load ${os.loadavg()[0]?.toFixed(2)}\n`);
    }
    const rps = (rs: Result[]) =>
      rs.reduce((s, r) => s + r.requests, 0) / (rs.reduce((s, r) => s + r.ms, 0) / 1000);
    const cpu = (rs: Result[]) =>
      rs.reduce((s, r) => s + r.cpuMs, 0) / rs.reduce((s, r) => s + r.requests, 0);
    const total = (rs: Result[]) =>
      rs.reduce((s, r) => s + r.totalCpuMs, 0) / rs.reduce((s, r) => s + r.requests, 0);
    /** Median over rounds of this side's req/s ÷ the reference nginx's in the same round. */
    const roundRatio = (side: string, ref: string) => {
      const a = all[side] as Result[];
      const b = all[ref];
      if (!b) return Number.NaN;
      const rs = a
        .map((r, i) => r.requests / r.ms / ((b[i] as Result).requests / (b[i] as Result).ms || Number.NaN))
        .sort((x, y) => x - y);
      return rs[Math.floor(rs.length / 2)] as number;
    };
    console.log(
      `\n${'side'.padEnd(15)}${'req/s'.padStart(9)}${'p50 ms'.padStart(8)}${'errors'.padStart(8)}${'CPU ms/req'.padStart(12)}${'÷nginx req/s'.padStart(14)}${'median/round'.padStart(14)}${'÷nginx CPU'.padStart(12)}${'all CPU ms/req'.padStart(16)}`,
    );
    for (const side of sides) {
      const rs = all[side] as Result[];
      const ref = side.endsWith('-x2') ? 'nginx-x2' : 'nginx';
      const refRs = all[ref];
      const lat = rs.flatMap((r) => r.latencies);
      console.log(
        `${side.padEnd(15)}${rps(rs).toFixed(0).padStart(9)}${percentile(lat, 50).toFixed(2).padStart(8)}${String(rs.reduce((s, r) => s + r.errors, 0)).padStart(8)}${cpu(rs).toFixed(4).padStart(12)}${(refRs ? rps(rs) / rps(refRs) : Number.NaN).toFixed(2).padStart(14)}${roundRatio(side, ref).toFixed(2).padStart(14)}${(refRs ? cpu(rs) / cpu(refRs) : Number.NaN).toFixed(2).padStart(12)}${total(rs).toFixed(4).padStart(16)}`,
      );
    }
    console.log(
      `load average at the end ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
  } finally {
    await cleanup();
  }
}

const ri = process.argv.indexOf('--role');
if (ri >= 0) {
  const [role, arg, listen, workers] = process.argv.slice(ri + 1);
  child(role as Role, arg as string, listen as string, Number(workers ?? 1)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else if (cluster.isPrimary) {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
