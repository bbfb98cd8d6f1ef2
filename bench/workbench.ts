// `npm run bench:workbench`: how long a person waits for a USABLE VS Code, in a real browser, through the
// gateway and through Debian's nginx proxying the same code-server socket.
//
// The platform runs as `npm start` runs it (process driver, embedded PostgreSQL on a temporary DATA_DIR);
// Playwright drives Debian's /usr/bin/chromium (headless, never a downloaded browser). nginx listens on
// a port of its own and proxies every host to a symlink the bench points at the workspace's socket.
// In each round, for each side (the order alternates between rounds), on a fresh Blank workspace:
//   create  POST /api/v1/workspaces → usable. Through the gateway the browser opens the workspace host at
//           once (its progress page waits); nginx has nothing to show before the IDE runs, so its browser
//           opens the IDE when the API says `running`
//   open    a fresh browser context opens the running IDE: navigation → usable
//   reload  the same context reloads: navigation → usable (cached assets)
//   start   stop, then POST /api/v1/workspaces/:id/start → usable (as for create)
// "shell" is `.monaco-workbench` drawn; "usable" is the explorer listing the project's README.md.
// Medians of BENCH_RUNS rounds and the ratio gateway ÷ nginx. Every workspace is deleted at the end.
// Needs nginx (Debian: `apt-get install -y nginx`; BENCH_NGINX=<binary> otherwise) and Chromium
// (`apt-get install -y chromium`; BENCH_CHROMIUM=<binary>).
import { existsSync } from 'node:fs';
import { mkdtemp, rm, symlink, unlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type Browser as Chromium, chromium, type Page } from 'playwright';
import { createRuntimeDriver } from '../server/src/modules/workspaces/drivers/registry.ts';
import { ideRuntimePaths } from '../server/src/platform/ide-runtime.ts';
import { randomAlnum } from '../server/src/platform/ids.ts';
import { Browser, signUp } from './lib/browser.ts';
import { commit, freePort } from './lib/common.mjs';
import { findNginx, type Nginx, nginxVersion, startNginx } from './lib/nginx.ts';
import { type Platform, ROOT, startPlatform } from './lib/platform.ts';
import { median, sec, sleep } from './lib/stats.ts';
import { type WorkspaceRow, workspacesApi } from './lib/workspaces.ts';

const RUNS = Math.max(1, Number.parseInt(process.env.BENCH_RUNS ?? '', 10) || 3);
const CHROMIUM = process.env.BENCH_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = 120_000;
const SIDES = ['gateway', 'nginx'] as const;
type Side = (typeof SIDES)[number];
const METRICS = ['create', 'open', 'reload', 'start'] as const;
type Metric = (typeof METRICS)[number];
/** Shell and usable times of one measurement (ms from its start). */
interface Times {
  shell: number;
  usable: number;
}

/** BENCH_DETAIL=1: what the page fetched (resource timing), to see where a side loses time. */
async function detail(page: Page, label: string): Promise<void> {
  if (process.env.BENCH_DETAIL !== '1') return;
  const d = await page.evaluate(() => {
    const rs = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
    const ttfb = rs.map((r) => r.responseStart - r.requestStart).sort((a, b) => a - b);
    return {
      n: rs.length,
      cached: rs.filter((r) => r.transferSize === 0).length,
      bytes: rs.reduce((n, r) => n + r.transferSize, 0),
      decoded: rs.reduce((n, r) => n + r.decodedBodySize, 0),
      ttfbMed: ttfb[Math.floor(ttfb.length / 2)] ?? 0,
      ttfbP90: ttfb[Math.floor(ttfb.length * 0.9)] ?? 0,
      lastEnd: Math.max(0, ...rs.map((r) => r.responseEnd)),
      slow: rs
        .map((r) => ({
          u: r.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 90),
          ms: r.responseEnd - r.startTime,
        }))
        .sort((a, b) => b.ms - a.ms)
        .slice(0, 4),
    };
  });
  console.log(
    `    ${label}: ${d.n} requests (${d.cached} from cache), ${(d.bytes / 1e6).toFixed(2)} MB on the wire for ${(d.decoded / 1e6).toFixed(2)} MB, TTFB median ${d.ttfbMed.toFixed(0)} ms, p90 ${d.ttfbP90.toFixed(0)} ms, last resource at ${d.lastEnd.toFixed(0)} ms; slowest: ${d.slow.map((x) => `${x.u} ${x.ms.toFixed(0)}`).join(', ')}`,
  );
}

/**
 * BENCH_DETAIL=1: the page's navigations (document requests and their answers) and the workspace's states
 * as the API shows them, in ms from `t0`: where a create or start spends its time before the IDE loads.
 */
function trace(page: Page, t0: number, status?: () => Promise<string>): () => void {
  if (process.env.BENCH_DETAIL !== '1') return () => undefined;
  const events: string[] = [];
  const at = () => (performance.now() - t0).toFixed(0).padStart(5);
  const short = (u: string) =>
    u
      .replace(/^https?:\/\/[^/]+/, '')
      .replace(/([?&]t=)[^&]+/, '$1…')
      .slice(0, 70);
  page.on('request', (r) => {
    if (r.resourceType() === 'document') events.push(`${at()} → ${r.method()} ${short(r.url())}`);
  });
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document') events.push(`${at()} ← ${r.status()} ${short(r.url())}`);
  });
  let last = '';
  let polling = !!status;
  void (async () => {
    while (polling && status) {
      const s = await status().catch(() => 'error');
      if (s !== last) events.push(`${at()}   api: ${s}`);
      last = s;
      await sleep(25);
    }
  })();
  return () => {
    polling = false;
    for (const e of events) console.log(`      ${e}`);
  };
}

/** Wait, from `t0`, for the shell and then for the explorer to list README.md. */
async function usable(page: Page, t0: number): Promise<Times> {
  await page.waitForSelector('.monaco-workbench', { timeout: TIMEOUT_MS });
  const shell = performance.now() - t0;
  await page.waitForSelector('.explorer-folders-view .monaco-list-row[aria-label*="README.md"]', {
    timeout: TIMEOUT_MS,
  });
  return { shell, usable: performance.now() - t0 };
}

async function main(): Promise<void> {
  const ide = ideRuntimePaths(process.env.IDE_CACHE_DIR || undefined);
  if (!ide.installed)
    throw new Error(`The IDE runtime is not in ${ide.cacheDir}: run \`npm run setup:ide\`.`);
  const nginxBin = findNginx();
  if (!nginxBin) throw new Error('nginx not found: `apt-get install -y nginx` (Debian), or set BENCH_NGINX.');
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: \`apt-get install -y chromium\`, or set BENCH_CHROMIUM.`);
  console.log(
    `bench:workbench — ${new Date().toISOString()} — commit ${commit()} — ${os.cpus().length} cores, node ${process.version}, code-server ${ide.versions.codeServer}, ${nginxVersion(nginxBin)}, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${RUNS} rounds, sides interleaved`,
  );

  const dir = await mkdtemp(path.join(os.tmpdir(), 'yac-bench-wb-'));
  const link = path.join(dir, 'cs.sock');
  let platform: Platform | undefined;
  let nginx: Nginx | undefined;
  let browser: Chromium | undefined;
  const made = new Set<string>();
  const api = new Browser();
  let portal = '';
  const { call, waitStatus, removeAll } = workspacesApi(api, () => portal, {
    timeoutMs: TIMEOUT_MS,
    pollMs: 25,
  });
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    browser = undefined;
    if (platform) {
      // Through the API, then whatever it could not delete with the platform's driver directly.
      await removeAll(made, { name: 'process', dataDir: platform.dataDir, ide });
      await platform.stop().catch(() => undefined);
      platform = undefined;
    }
    await nginx?.stop().catch(() => undefined);
    nginx = undefined;
    await rm(dir, { recursive: true, force: true });
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results: Record<Side, Record<Metric, Times[]>> = {
    gateway: { create: [], open: [], reload: [], start: [] },
    nginx: { create: [], open: [], reload: [], start: [] },
  };
  try {
    platform = await startPlatform(
      {
        IDE_AUTO_INSTALL: '0',
        IDE_CACHE_DIR: ide.cacheDir,
        WORKSPACE_DRIVER: 'process',
        RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      },
      180_000,
      // BENCH_PROFILE_DIR: the platform (one node process) writes a CPU profile there when it stops.
      process.env.BENCH_PROFILE_DIR
        ? {
            entry: path.join(ROOT, 'server/src/main.ts'),
            nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE_DIR}`],
          }
        : {},
    );
    portal = `http://localhost:${platform.port}`;
    const driver = createRuntimeDriver('process', { dataDir: platform.dataDir, ide });
    const nginxPort = await freePort();
    nginx = await startNginx(nginxBin, {
      dir: path.join(dir, 'nginx'),
      port: nginxPort,
      upstreams: { cs: link },
      defaultUpstream: 'cs',
      workers: 1,
      connections: 256,
    });
    await signUp(api, portal, platform.databaseUrl());
    const session = api.cookie(new URL(portal).host, 'yac_session') ?? '';
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    const b = browser;
    const context = async () => {
      const c = await b.newContext();
      await c.addCookies([{ name: 'yac_session', value: session, domain: 'localhost', path: '/' }]);
      return c;
    };
    /** Where a side's browser opens a workspace: the gateway's host, or nginx's port (the link re-pointed). */
    const urlOf = async (side: Side, ws: WorkspaceRow) => {
      if (side === 'gateway') return ws.url;
      await unlink(link).catch(() => undefined);
      await symlink(driver.socketPath(ws.id), link);
      return `http://${new URL(ws.url).hostname}:${nginxPort}/`;
    };
    /** Run `act` (an API call) and time a browser to usable: at once through the gateway, once running via nginx. */
    const timed = async (side: Side, ws: WorkspaceRow, act: () => Promise<void>) => {
      const c = await context();
      const page = await c.newPage();
      const t0 = performance.now();
      const show = trace(
        page,
        t0,
        async () => (await call('GET', `/api/v1/workspaces/${ws.id}`)).body.status,
      );
      await act();
      if (side === 'nginx') await waitStatus(ws.id, (s, w) => s === 200 && w.status === 'running');
      await page.goto(await urlOf(side, ws), { timeout: TIMEOUT_MS, waitUntil: 'commit' });
      const t = await usable(page, t0);
      if (process.env.BENCH_DETAIL === '1') console.log(`    ${side} start:`);
      show();
      await c.close();
      return t;
    };

    for (let i = 1; i <= RUNS; i++) {
      const order = i % 2 ? SIDES : ([...SIDES].reverse() as Side[]);
      for (const side of order) {
        const r = results[side];
        // create → usable
        const c = await context();
        let page = await c.newPage();
        let t0 = performance.now();
        let show: () => void = () => undefined;
        const made1 = await call('POST', '/api/v1/workspaces', {
          name: `wb-${i}-${side.slice(0, 2)}-${randomAlnum(4).toLowerCase()}`,
          templateId: 'tpl_blank',
        });
        if (made1.status !== 202) throw new Error(`create: ${made1.status} ${JSON.stringify(made1.body)}`);
        const ws = made1.body;
        made.add(ws.id);
        show = trace(page, t0, async () => (await call('GET', `/api/v1/workspaces/${ws.id}`)).body.status);
        if (side === 'nginx') await waitStatus(ws.id, (s, w) => s === 200 && w.status === 'running');
        await page.goto(await urlOf(side, ws), { timeout: TIMEOUT_MS, waitUntil: 'commit' });
        r.create.push(await usable(page, t0));
        if (process.env.BENCH_DETAIL === '1') console.log(`    ${side} create:`);
        show();
        await c.close();
        // open (fresh context) and reload (same context)
        const o = await context();
        page = await o.newPage();
        t0 = performance.now();
        await page.goto(await urlOf(side, ws), { timeout: TIMEOUT_MS, waitUntil: 'commit' });
        r.open.push(await usable(page, t0));
        await detail(page, `${side} open`);
        await sleep(500);
        t0 = performance.now();
        await page.reload({ timeout: TIMEOUT_MS, waitUntil: 'commit' });
        r.reload.push(await usable(page, t0));
        await detail(page, `${side} reload`);
        await o.close();
        // stop, then start → usable
        const stop = await call('POST', `/api/v1/workspaces/${ws.id}/stop`);
        if (stop.status !== 202) throw new Error(`stop: ${stop.status}`);
        await waitStatus(ws.id, (s, w) => s === 200 && w.status === 'stopped');
        r.start.push(
          await timed(side, ws, async () => {
            const s = await call('POST', `/api/v1/workspaces/${ws.id}/start`);
            if (s.status !== 202) throw new Error(`start: ${s.status} ${JSON.stringify(s.body)}`);
          }),
        );
        await call('DELETE', `/api/v1/workspaces/${ws.id}`);
        await waitStatus(ws.id, (s) => s === 404);
        made.delete(ws.id);
        const last = (m: Metric) => r[m].at(-1) as Times;
        console.log(
          `  round ${i} ${side.padEnd(7)} ${METRICS.map((m) => `${m} ${sec(last(m).shell)}/${sec(last(m).usable)}`).join('  ')}  (shell/usable)`,
        );
      }
    }

    console.log(
      `\n${'medians (from the action to …)'.padEnd(34)}${'gateway'.padStart(10)}${'nginx'.padStart(10)}${'ratio'.padStart(8)}`,
    );
    for (const m of METRICS)
      for (const k of ['shell', 'usable'] as const) {
        const g = median(results.gateway[m].map((t) => t[k]));
        const n = median(results.nginx[m].map((t) => t[k]));
        console.log(
          `${`${m} → ${k}`.padEnd(34)}${sec(g).padStart(10)}${sec(n).padStart(10)}${`${(g / n).toFixed(2)}×`.padStart(8)}`,
        );
      }
    console.log(
      '\ncreate and start: the gateway browser waits on the workspace host from the API call; nginx opens the IDE once the API says running.',
    );
  } catch (err) {
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
