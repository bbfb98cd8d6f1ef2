// `npm run bench:workspace-start`: how long a user waits for the IDE, through the real platform.
//
// The platform runs as `npm start` runs it (`tsx server/src/main.ts`: API, job runner and gateway in one
// process, embedded PostgreSQL on a fresh temporary DATA_DIR, the process driver, code-server from the
// IDE runtime). The bench signs a company up through the API and, in each run, times:
//   create  POST /api/v1/workspaces (Blank template) → the first byte of code-server's workbench page
//           through the gateway (the handshake followed with a cookie jar: workspace host → portal
//           /gateway/authorize → /__yac/ticket → the yac_ws cookie; then the workspace host is polled
//           until code-server's HTML arrives instead of the gateway's progress page)
//   start   POST /api/v1/workspaces/:id/start of the same workspace, stopped → the same first byte
// against a baseline run side by side: the process driver alone (createRuntimeDriver('process'), in
// this process, on a DATA_DIR of its own): driver.start() of a freshly created workspace, and the first
// byte of the workbench page asked directly on its unix socket. Medians of BENCH_RUNS runs, after one
// untimed warm-up start of code-server (the first start of the day reads code-server from disk).
// Every workspace is deleted (API) or destroyed (driver) at the end, with its Linux user and files.
// A benchmark, never a test: it fails only when it cannot run.
//
// Knobs (environment): BENCH_RUNS (5), BENCH_POLL_MS (25), IDE_CACHE_DIR (the IDE runtime).

import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createRuntimeDriver } from '../server/src/modules/workspaces/drivers/registry.ts';
import type { RuntimeDriver } from '../server/src/modules/workspaces/runtime.ts';
import { ideRuntimePaths } from '../server/src/platform/ide-runtime.ts';
import { randomAlnum } from '../server/src/platform/ids.ts';
import { Browser, signUp } from './lib/browser.ts';
import { commit } from './lib/common.mjs';
import { type Platform, startPlatform } from './lib/platform.ts';

const int = (name: string, dflt: number) => {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const RUNS = int('BENCH_RUNS', 5);
const POLL_MS = int('BENCH_POLL_MS', 25);
const TIMEOUT_MS = 180_000;
/** What tells code-server's workbench page from the gateway's own pages. */
const WORKBENCH = 'vscode-workbench-web-configuration';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(0)} ms` : '-');
const sleep = (t: number) => new Promise((r) => setTimeout(r, t));

// ---------------------------------------------------------------------------------------- the baseline

/** GET on a unix socket; resolves at the end with the time the head arrived. */
function socketGet(socketPath: string, urlPath: string) {
  return new Promise<{ status: number; location?: string; body: string; firstByteAt: number }>(
    (resolve, reject) => {
      const req = http.get({ socketPath, path: urlPath, headers: { host: 'localhost' } }, (res) => {
        const firstByteAt = performance.now();
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, location: res.headers.location, body, firstByteAt }),
        );
        res.on('error', reject);
      });
      req.on('error', reject);
    },
  );
}

interface Bare {
  createMs: number;
  startMs: number;
  /** start() and then the workbench page asked on the socket (code-server's redirect followed). */
  firstByteMs: number;
}

/** The process driver alone: create, start (timed), the workbench page on the socket, destroy. */
async function bareStart(driver: RuntimeDriver): Promise<Bare> {
  const id = `ws_bench${randomAlnum(12).toLowerCase()}`;
  try {
    let t0 = performance.now();
    await driver.create({ id, name: 'bare' });
    const createMs = performance.now() - t0;
    t0 = performance.now();
    const started = await driver.start(id);
    const startMs = performance.now() - t0;
    if (!started.socketPath)
      throw new Error(`driver.start(${id}) gave no socket: ${JSON.stringify(started)}`);
    // code-server answers / with a redirect to its folder: followed, as a browser would.
    let res = await socketGet(started.socketPath, '/');
    for (let hops = 0; res.status >= 300 && res.status < 400 && res.location && hops < 5; hops++) {
      const next = new URL(res.location, 'http://localhost/');
      res = await socketGet(started.socketPath, `${next.pathname}${next.search}`);
    }
    if (res.status !== 200 || !res.body.includes(WORKBENCH))
      throw new Error(`code-server answered ${res.status} without the workbench: ${res.body.slice(0, 200)}`);
    return { createMs, startMs, firstByteMs: res.firstByteAt - t0 };
  } finally {
    await driver.destroy(id, { graceMs: 2_000 });
  }
}

// ------------------------------------------------------------------------------------- the platform

interface Timed {
  /**
   * From the API call to the first byte of the workbench page, for a browser that waits ON the
   * workspace host (it was opened at once and polls, as the gateway's progress page does by itself).
   */
  hostMs: number;
  /**
   * The same for a browser that opens the workspace host only once the API says `running` (the
   * portal's Open button): a fresh cookie jar holding the platform session alone, handshake included.
   */
  portalMs: number;
  /** From the API call to the `running` transition the platform recorded (the server's clock is ours). */
  runningMs: number;
  /** Polls of the workspace host by the waiting browser (each follows redirects). */
  polls: number;
  /** Polls answered 502 (the gateway's cached view still named the socket of the stopped IDE). */
  badGateway: number;
  /** Time spent in each recorded status before `running`. */
  phases: Record<string, number>;
}

interface WorkspaceRow {
  id: string;
  status: string;
  statusReason: string | null;
  url: string;
}

async function main(): Promise<void> {
  const ide = ideRuntimePaths(process.env.IDE_CACHE_DIR || undefined);
  if (!ide.installed)
    throw new Error(
      `The IDE runtime (Node ${ide.versions.node}, code-server ${ide.versions.codeServer}) is not installed in ${ide.cacheDir}: run \`npm run setup:ide\` (as root: IDE_CACHE_DIR=/var/cache/youarecoder/ide), or point IDE_CACHE_DIR at it.`,
    );
  console.log(
    `bench:workspace-start — ${new Date().toISOString()} — commit ${commit()} — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}, code-server ${ide.versions.codeServer} (${ide.cacheDir}), ${process.getuid?.() === 0 ? 'root: each workspace runs as a Linux user of its own' : 'not root: workspaces share the bench user'}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `${RUNS} runs (baseline, create, stop + start, delete in each), after one untimed warm-up start; the workspace host is polled every ${POLL_MS} ms.`,
  );

  const bareDir = await mkdtemp(path.join(os.tmpdir(), 'yac-bench-ws-'));
  const bare = createRuntimeDriver('process', { dataDir: bareDir, ide, startTimeoutMs: 120_000 });
  let platform: Platform | undefined;
  const made = new Set<string>();
  const browser = new Browser();
  let portal = '';

  const api = async <T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'DELETE',
    p: string,
    body?: unknown,
  ) => browser.api<T>(portal, method, p, body);
  const getWs = async (id: string) => api<WorkspaceRow>('GET', `/api/v1/workspaces/${id}`);
  const waitFor = async (id: string, done: (status: number, ws: WorkspaceRow) => boolean, what: string) => {
    const end = Date.now() + TIMEOUT_MS;
    for (;;) {
      const r = await getWs(id);
      if (done(r.status, r.body)) return r.body;
      if (r.status === 200 && r.body.status === 'failed')
        throw new Error(`${id} failed while waiting for ${what}: ${r.body.statusReason}`);
      if (Date.now() > end) throw new Error(`${id}: no ${what} within ${TIMEOUT_MS} ms (${r.body.status})`);
      await sleep(100);
    }
  };
  const remove = async (id: string) => {
    const r = await api('DELETE', `/api/v1/workspaces/${id}`);
    if (r.status !== 202 && r.status !== 404) throw new Error(`delete ${id}: ${r.status}`);
    await waitFor(id, (status) => status === 404, 'deletion');
    made.delete(id);
  };

  /** The workbench page through the gateway, or null while the gateway answers 503 (progress) or 502. */
  const workbench = async (b: Browser, url: string, t0: number) => {
    const hops = await b.follow(url, 10, 30_000);
    const last = hops.at(-1);
    if (last?.status === 200 && last.body.includes(WORKBENCH)) return { at: last.firstByteAt, status: 200 };
    // 503: the gateway's progress page. 502: its cached view of the workspace (up to 5 s old) still
    // named the socket of the IDE that was stopped; it forgets it on that failure. Both mean: not yet.
    if (last?.status === 502 || last?.status === 503) return { at: Number.NaN, status: last.status };
    throw new Error(
      `${url}: ${hops.map((h) => `${h.status} ${h.url}`).join(' → ')}\n${last?.body.slice(-300)} (${(performance.now() - t0).toFixed(0)} ms after the call)`,
    );
  };

  /**
   * Make the API call (it returns the workspace), then time the workbench's first byte two ways at once:
   * a browser polling the workspace host from the start, and one that waits for `running` in the API.
   */
  const timeToWorkbench = async (
    call: () => Promise<WorkspaceRow>,
  ): Promise<Timed & { ws: WorkspaceRow }> => {
    const wall0 = Date.now();
    const t0 = performance.now();
    const ws = await call();
    const late = () => {
      if (performance.now() - t0 > TIMEOUT_MS)
        throw new Error(`${ws.url}: no workbench within ${TIMEOUT_MS} ms`);
    };
    let polls = 0;
    let badGateway = 0;
    const onHost = async () => {
      for (;;) {
        polls++;
        const r = await workbench(browser, ws.url, t0);
        if (r.status === 200) return r.at - t0;
        if (r.status === 502) badGateway++;
        late();
        await sleep(POLL_MS);
      }
    };
    const viaPortal = async () => {
      for (;;) {
        const r = await getWs(ws.id);
        if (r.body.status === 'running') break;
        if (r.body.status === 'failed') throw new Error(`${ws.id} failed: ${r.body.statusReason}`);
        late();
        await sleep(POLL_MS);
      }
      const fresh = new Browser();
      const portalHost = new URL(portal).host;
      fresh.setCookie(portalHost, 'yac_session', browser.cookie(portalHost, 'yac_session') ?? '');
      for (;;) {
        const r = await workbench(fresh, ws.url, t0);
        if (r.status === 200) return r.at - t0;
        late();
        await sleep(POLL_MS);
      }
    };
    const [hostMs, portalMs] = await Promise.all([onHost(), viaPortal()]);
    const logs = await api<{ transitions: Array<{ to: string; at: string }> }>(
      'GET',
      `/api/v1/workspaces/${ws.id}/logs`,
    );
    // The transitions this call caused.
    const ts = logs.body.transitions
      .map((t) => ({ to: t.to, at: Date.parse(t.at) }))
      .filter((t) => t.at >= wall0 - 1)
      .sort((x, y) => x.at - y.at);
    const running = ts.find((t) => t.to === 'running');
    const phases: Record<string, number> = {};
    ts.forEach((t, i) => {
      const next = ts[i + 1];
      if (next && t.to !== 'running') phases[t.to] = (phases[t.to] ?? 0) + (next.at - t.at);
    });
    return {
      ws,
      hostMs,
      portalMs,
      runningMs: running ? running.at - wall0 : Number.NaN,
      polls,
      badGateway,
      phases,
    };
  };

  const onSignal = async () => {
    await cleanup();
    process.exit(130);
  };
  const cleanup = async () => {
    if (platform) {
      for (const id of [...made]) await remove(id).catch((err) => console.error(`cleanup ${id}: ${err}`));
      // Whatever the API could not delete: the platform's own driver state, destroyed directly.
      const leftover = createRuntimeDriver('process', { dataDir: platform.dataDir, ide });
      for (const w of await leftover.list().catch(() => []))
        await leftover.destroy(w.id, { graceMs: 1_000 }).catch(() => undefined);
      await platform.stop().catch(() => undefined);
      platform = undefined;
    }
    for (const w of await bare.list().catch(() => []))
      await bare.destroy(w.id, { graceMs: 1_000 }).catch(() => undefined);
    await rm(bareDir, { recursive: true, force: true });
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results = { bare: [] as Bare[], create: [] as Timed[], start: [] as Timed[] };
  try {
    let t0 = performance.now();
    platform = await startPlatform(
      { IDE_AUTO_INSTALL: '0', IDE_CACHE_DIR: ide.cacheDir, RATE_LIMIT_AUTH_PER_MINUTE: '1000' },
      180_000,
    );
    portal = `http://localhost:${platform.port}`;
    console.log(
      `platform (tsx server/src/main.ts) ready on :${platform.port} in ${ms(performance.now() - t0)} (DATA_DIR ${platform.dataDir})`,
    );
    const company = await signUp(browser, portal, platform.databaseUrl());
    console.log(`company ${company.subdomain} signed up through the API`);

    t0 = performance.now();
    const warm = await bareStart(bare);
    console.log(
      `warm-up (untimed): driver create ${ms(warm.createMs)}, start ${ms(warm.startMs)}, first byte ${ms(warm.firstByteMs)} (${ms(performance.now() - t0)} with destroy)`,
    );

    // The platform's first workspace is untimed too (the job runner's and the converger's first run).
    t0 = performance.now();
    const first = await timeToWorkbench(async () => {
      const r = await api<WorkspaceRow>('POST', '/api/v1/workspaces', {
        name: `warm-${randomAlnum(4).toLowerCase()}`,
        templateId: 'tpl_blank',
      });
      if (r.status !== 202) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
      made.add(r.body.id);
      return r.body;
    });
    await remove(first.ws.id);
    console.log(
      `warm-up (untimed): a workspace through the platform, running at ${ms(first.runningMs)}, workbench ${ms(first.portalMs)} (${ms(performance.now() - t0)} with delete)`,
    );

    for (let i = 1; i <= RUNS; i++) {
      const b = await bareStart(bare);
      results.bare.push(b);

      const name = `run-${i}-${randomAlnum(4).toLowerCase()}`;
      const created = await timeToWorkbench(async () => {
        const r = await api<WorkspaceRow>('POST', '/api/v1/workspaces', { name, templateId: 'tpl_blank' });
        if (r.status !== 202) throw new Error(`create: ${r.status} ${JSON.stringify(r.body)}`);
        made.add(r.body.id);
        return r.body;
      });
      results.create.push(created);
      const id = created.ws.id;

      const stop = await api('POST', `/api/v1/workspaces/${id}/stop`);
      if (stop.status !== 202) throw new Error(`stop: ${stop.status} ${JSON.stringify(stop.body)}`);
      await waitFor(id, (status, w) => status === 200 && w.status === 'stopped', 'stop');
      const started = await timeToWorkbench(async () => {
        const r = await api<WorkspaceRow>('POST', `/api/v1/workspaces/${id}/start`);
        if (r.status !== 202) throw new Error(`start: ${r.status} ${JSON.stringify(r.body)}`);
        return { ...r.body, url: created.ws.url };
      });
      results.start.push(started);
      await remove(id);
      const phases = (t: Timed) =>
        Object.entries(t.phases)
          .map(([k, v]) => `${k} ${ms(v)}`)
          .join(', ');
      const line = (t: Timed) =>
        `running at ${ms(t.runningMs)} (${phases(t)}); workbench opened then ${ms(t.portalMs)}, waiting on the host ${ms(t.hostMs)} (${t.polls} polls${t.badGateway ? `, ${t.badGateway} answered 502` : ''})`;
      console.log(
        `  run ${i}: driver.start() ${ms(b.startMs)}, + workbench on the socket ${ms(b.firstByteMs)}\n` +
          `         create: ${line(created)}\n         start:  ${line(started)}`,
      );
    }

    const mb = median(results.bare.map((r) => r.startMs));
    const med = (list: Timed[], k: 'runningMs' | 'portalMs' | 'hostMs') => median(list.map((t) => t[k]));
    const rows: Array<[string, number]> = [
      [
        'driver.create() of a fresh workspace (not in the baseline)',
        median(results.bare.map((r) => r.createMs)),
      ],
      ['driver.start() alone (baseline)', mb],
      ['driver.start() + workbench first byte on the socket', median(results.bare.map((r) => r.firstByteMs))],
      ['POST /workspaces (Blank) → status running', med(results.create, 'runningMs')],
      ['  → workbench first byte, opened when running (portal)', med(results.create, 'portalMs')],
      ['  → workbench first byte, waiting on the workspace host', med(results.create, 'hostMs')],
      ['POST /workspaces/:id/start (stopped) → status running', med(results.start, 'runningMs')],
      ['  → workbench first byte, opened when running (portal)', med(results.start, 'portalMs')],
      ['  → workbench first byte, waiting on the workspace host', med(results.start, 'hostMs')],
    ];
    console.log('');
    console.log(`${'what (medians)'.padEnd(64)}${'median'.padStart(10)}${'÷ driver.start()'.padStart(18)}`);
    for (const [label, v] of rows)
      console.log(`${label.padEnd(64)}${ms(v).padStart(10)}${`${(v / mb).toFixed(2)}×`.padStart(18)}`);
    const medPhase = (list: Timed[]) => {
      const keys = [...new Set(list.flatMap((t) => Object.keys(t.phases)))];
      return keys.map((k) => `${k} ${ms(median(list.map((t) => t.phases[k] ?? 0)))}`).join(', ');
    };
    console.log(
      `\nwhere the time goes before running (medians of the recorded transitions): create: ${medPhase(results.create)}; start: ${medPhase(results.start)}.`,
    );
    const bad = [...results.create, ...results.start].reduce((n, t) => n + t.badGateway, 0);
    const extra = (list: Timed[]) => median(list.map((t) => t.hostMs - t.portalMs));
    console.log(
      `Waiting on the workspace host took ${ms(extra(results.create))} (create) and ${ms(extra(results.start))} (start) longer than opening it once running (medians).` +
        (Math.max(extra(results.create), extra(results.start)) > 1_000
          ? " The gateway reuses a cookie's validation, workspace status and socket included, for 5 s, and nothing" +
            ' tells it the workspace became running: a browser already on the host (the progress page refreshes' +
            ' itself) gets the IDE only when that cached view runs out.'
          : '') +
        (bad
          ? ` ${bad} polls after a stop + start got the gateway's 502 page: its cached view still named the stopped IDE's socket.`
          : ''),
    );
  } catch (err) {
    await sleep(500);
    if (platform) console.error(`the platform's last output:\n${platform.output()}`);
    throw err;
  } finally {
    await cleanup();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
