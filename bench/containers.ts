// `npm run bench:containers`: workspaces in containers against workspaces as processes, side by side.
//
// Two drivers in this process, each on a temporary DATA_DIR of its own: `process` (the baseline) and
// `container` (a podman pod per workspace). Rounds alternate which driver goes first, so machine noise
// hits both alike. It measures:
//   start    driver.start() of a stopped workspace → the first byte of code-server's workbench page over
//            its unix socket (what the gateway waits for); and the same from create() (a new workspace)
//   memory   of one idle workspace after BENCH_IDLE_SECONDS: every host process it costs (code-server and
//            its children; for a container also conmon, slirp4netns, the pod's init and sleep), resident
//            memory (PSS where the kernel gives it, so shared pages are not counted twice)
//   gateway  requests/s through the gateway's proxy core (loopback TCP → the workspace's unix socket) of
//            GET /healthz and of the workbench page, BENCH_CONNECTIONS at once
// and prints each ratio container/process. Every workspace is destroyed at the end.
// A benchmark, never a test: it fails only when it cannot run.
//
// Knobs (environment): BENCH_RUNS (5), BENCH_SECONDS per load run (3), BENCH_CONNECTIONS (16),
// BENCH_IDLE_SECONDS (10), IDE_CACHE_DIR.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startFront } from '../server/src/modules/gateway/gateway.test-helpers.ts';
import { createUpstreamProxy } from '../server/src/modules/gateway/proxy.ts';
import {
  allProcesses,
  argv,
  workspaceProcesses,
} from '../server/src/modules/workspaces/drivers/common/procfs.ts';
import { podman } from '../server/src/modules/workspaces/drivers/container/podman.ts';
import { containerSupport } from '../server/src/modules/workspaces/drivers/container/support.ts';
import { createRuntimeDriver } from '../server/src/modules/workspaces/drivers/registry.ts';
import type { RuntimeDriver } from '../server/src/modules/workspaces/runtime.ts';
import { defaultIdeCacheDir, ideRuntimePaths } from '../server/src/platform/ide-runtime.ts';
import { randomAlnum } from '../server/src/platform/ids.ts';
import { commit } from './lib/common.mjs';
import { merge, type RunResult, runClosedLoop } from './lib/load.ts';
import { median, sleep } from './lib/stats.ts';

const int = (name: string, dflt: number) => {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v > 0 ? v : dflt;
};
const RUNS = int('BENCH_RUNS', 5);
const SECONDS = int('BENCH_SECONDS', 3);
const CONNECTIONS = int('BENCH_CONNECTIONS', 16);
const IDLE_SECONDS = int('BENCH_IDLE_SECONDS', 10);
const WORKBENCH = 'vscode-workbench-web-configuration';

const mib = (b: number) => `${(b / 1024 ** 2).toFixed(1)} MiB`;

/** GET over a unix socket, following code-server's redirect to its folder; the body. */
function socketGet(
  socketPath: string,
  urlPath: string,
): Promise<{ status: number; location?: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      { socketPath, path: urlPath, headers: { host: 'localhost' }, agent: false },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          body += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body }));
      },
    );
    req.on('error', reject);
  });
}

/** The path of the workbench page (code-server redirects / to its folder). */
async function workbenchPath(socketPath: string): Promise<string> {
  const r = await socketGet(socketPath, '/');
  if (r.status >= 300 && r.status < 400 && r.location) {
    const u = new URL(r.location, 'http://x/');
    return u.pathname + u.search;
  }
  return '/';
}

/** Start (create first when `fresh`) and wait for the workbench's first bytes; milliseconds. */
async function timeStart(d: RuntimeDriver, id: string, fresh: boolean): Promise<number> {
  const t = performance.now();
  if (fresh) await d.create({ id, name: 'bench' });
  const ins = await d.start(id);
  const socket = ins.socketPath as string;
  const page = await workbenchPath(socket);
  for (;;) {
    const r = await socketGet(socket, page);
    if (r.body.includes(WORKBENCH)) return performance.now() - t;
    await sleep(10);
  }
}

/** Resident memory of a process: PSS when the kernel gives it (shared pages split), else RSS. */
function memoryOf(pid: number): number {
  try {
    const m = /^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8'));
    if (m) return Number(m[1]) * 1024;
  } catch {
    // no smaps_rollup: fall back to RSS
  }
  try {
    const m = /^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** The live processes of the host with their arguments and cgroups (the drivers' own /proc reader). */
async function processes() {
  const live = (await allProcesses()).filter((p) => !p.zombie);
  return Promise.all(
    live.map(async (p) => {
      let cgroup = '';
      try {
        cgroup = readFileSync(`/proc/${p.pid}/cgroup`, 'utf8');
      } catch {
        // gone meanwhile
      }
      return { ...p, args: ((await argv(p.pid)) ?? []).join(' '), cgroup };
    }),
  );
}

/** Every host process one workspace costs, and their memory. */
async function workspaceMemory(driver: 'process' | 'container', id: string, dataDir: string) {
  const all = await processes();
  let mine: typeof all;
  if (driver === 'process') {
    // code-server's process group and every descendant, as the process driver counts them.
    const sock = path.join(dataDir, 'workspaces', id, 'sock', 'cs.sock');
    const root = all.find((p) => p.args.includes(sock));
    const ids = new Set(root ? workspaceProcesses(all, { pgrp: root.pgrp }).map((p) => p.pid) : []);
    mine = all.filter((p) => ids.has(p.pid));
  } else {
    // The pod's cgroup (its init, sleep, code-server and children), the conmon of each of its containers
    // and exec sessions, and the slirp4netns of its network namespace.
    const pod = `yac-${id.slice(3)}`;
    const [podId = '', infraId = ''] = (
      await podman(['pod', 'inspect', pod, '--format', '{{.ID}} {{.InfraContainerID}}'])
    ).stdout
      .trim()
      .split(' ');
    const netns = (
      await podman(['container', 'inspect', infraId, '--format', '{{.NetworkSettings.SandboxKey}}'])
    ).stdout.trim();
    const containerIds = (
      await podman(['pod', 'inspect', pod, '--format', '{{range .Containers}}{{.ID}} {{end}}'])
    ).stdout
      .trim()
      .split(' ')
      .filter(Boolean);
    mine = all.filter(
      (p) =>
        (podId && p.cgroup.includes(podId)) ||
        (p.args.startsWith('/usr/bin/conmon') && containerIds.some((c) => p.args.includes(c))) ||
        (netns !== '' && p.args.includes('slirp4netns') && p.args.includes(netns)),
    );
  }
  return { count: mine.length, bytes: mine.reduce((n, p) => n + memoryOf(p.pid), 0) };
}

/** Requests per second through the gateway's proxy core to each workspace, interleaved rounds. */
async function throughput(
  sockets: Record<'process' | 'container', string>,
  paths: Record<'process' | 'container', string>,
  which: 'healthz' | 'workbench',
): Promise<Record<'process' | 'container', RunResult>> {
  const proxy = createUpstreamProxy({ timeoutMs: 30_000 });
  const front = await startFront(proxy, { proc: sockets.process, ctr: sockets.container });
  const runs: Record<'process' | 'container', RunResult[]> = { process: [], container: [] };
  try {
    for (let round = 0; round < 3; round++) {
      const order: ('process' | 'container')[] =
        round % 2 ? ['container', 'process'] : ['process', 'container'];
      for (const side of order) {
        const host = `${side === 'process' ? 'proc' : 'ctr'}--bench.${front.base}`;
        const p = which === 'healthz' ? '/healthz' : paths[side];
        runs[side].push(
          await runClosedLoop({
            port: front.port,
            connections: CONNECTIONS,
            durationMs: SECONDS * 1000,
            maxRequests: 200_000,
            warmupMs: 500,
            expectStatus: 200,
            next: () => ({ method: 'GET', path: p, headers: { host } }),
          }),
        );
      }
    }
  } finally {
    await front.close();
  }
  return { process: merge(runs.process), container: merge(runs.container) };
}

async function main() {
  const ide = ideRuntimePaths(process.env.IDE_CACHE_DIR || defaultIdeCacheDir());
  if (!ide.installed)
    throw new Error(`the IDE runtime is not installed in ${ide.cacheDir}: npm run setup:ide`);
  const problem = containerSupport();
  if (problem) throw new Error(`container workspaces cannot run here: ${problem}`);
  const dirs = {
    process: await mkdtemp(path.join(os.tmpdir(), 'yac-bench-p-')),
    container: await mkdtemp(path.join(os.tmpdir(), 'yac-bench-c-')),
  };
  const drivers: Record<'process' | 'container', RuntimeDriver> = {
    process: createRuntimeDriver('process', { dataDir: dirs.process, ide, startTimeoutMs: 120_000 }),
    container: createRuntimeDriver('container', { dataDir: dirs.container, ide, startTimeoutMs: 120_000 }),
  };
  const made: { side: 'process' | 'container'; id: string }[] = [];
  const newId = (side: 'process' | 'container') => {
    const id = `ws_${randomAlnum(20)}`;
    made.push({ side, id });
    return id;
  };
  const sides = ['process', 'container'] as const;
  try {
    console.log(`bench:containers — commit ${commit()}, ${os.cpus().length} CPUs, ${RUNS} runs per side`);
    // Warm-up: code-server read from disk once, the image's layers and podman's pause image in cache.
    for (const side of sides) {
      const id = newId(side);
      await timeStart(drivers[side], id, true);
      await drivers[side].destroy(id);
    }

    const created: Record<(typeof sides)[number], number[]> = { process: [], container: [] };
    const started: Record<(typeof sides)[number], number[]> = { process: [], container: [] };
    const keep: Record<(typeof sides)[number], string> = { process: '', container: '' };
    for (let run = 0; run < RUNS; run++) {
      const order = run % 2 ? [...sides].reverse() : [...sides];
      for (const side of order) {
        const d = drivers[side];
        const id = newId(side);
        created[side].push(await timeStart(d, id, true));
        await d.stop(id);
        started[side].push(await timeStart(d, id, false));
        if (run === RUNS - 1) keep[side] = id;
        else await d.destroy(id);
      }
    }
    const row = (label: string, v: Record<(typeof sides)[number], number[]>) => {
      const p = median(v.process);
      const c = median(v.container);
      console.log(
        `${label.padEnd(34)} process ${p.toFixed(0).padStart(5)} ms   container ${c.toFixed(0).padStart(5)} ms   ratio ${(c / p).toFixed(2)}×`,
      );
    };
    console.log('\ntime to the workbench page (median)');
    row('start of a stopped workspace', started);
    row('create and start a new workspace', created);

    await sleep(IDLE_SECONDS * 1000);
    console.log(
      `\nmemory of one idle workspace (after ${IDLE_SECONDS} s; PSS of every host process it costs)`,
    );
    const mem = {
      process: await workspaceMemory('process', keep.process, dirs.process),
      container: await workspaceMemory('container', keep.container, dirs.container),
    };
    const stats = {
      process: await drivers.process.stats(keep.process),
      container: await drivers.container.stats(keep.container),
    };
    for (const side of sides)
      console.log(
        `${side.padEnd(10)} ${mib(mem[side].bytes).padStart(10)} in ${mem[side].count} processes   (driver's own figure: ${mib(stats[side]?.memoryBytes ?? 0)})`,
      );
    console.log(`ratio container/process ${(mem.container.bytes / mem.process.bytes).toFixed(2)}×`);

    const sockets = {
      process: drivers.process.socketPath(keep.process),
      container: drivers.container.socketPath(keep.container),
    };
    const paths = {
      process: await workbenchPath(sockets.process),
      container: await workbenchPath(sockets.container),
    };
    for (const which of ['healthz', 'workbench'] as const) {
      const r = await throughput(sockets, paths, which);
      const rps = (x: RunResult) => (x.requests / x.elapsedMs) * 1000;
      const errors = r.process.errors + r.container.errors;
      console.log(
        `\ngateway throughput, GET ${which === 'healthz' ? '/healthz' : 'the workbench page'} (${CONNECTIONS} connections): process ${rps(r.process).toFixed(0)}/s   container ${rps(r.container).toFixed(0)}/s   ratio ${(rps(r.container) / rps(r.process)).toFixed(2)}×${errors ? `   errors ${errors}` : ''}`,
      );
    }
  } finally {
    for (const { side, id } of made)
      await drivers[side].destroy(id, { graceMs: 1000 }).catch(() => undefined);
    await rm(dirs.process, { recursive: true, force: true });
    await rm(dirs.container, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(`bench:containers failed: ${err instanceof Error ? err.stack : err}`);
    process.exit(1);
  },
);
