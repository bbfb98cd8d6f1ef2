#!/usr/bin/env node
// `npm run bench:cold-start`: time from spawning `node scripts/start.mjs` until the portal answers (its
// first GET /readyz 200, then GET / 200), on a fresh DATA_DIR (initdb + migrations; for the compiled start
// also an empty bundle cache, so the first start compiles the server) and on the same DATA_DIR again
// (second start). Two ways side by side, interleaved run after run: the compiled bundle (`npm start`) and
// the baseline, the TypeScript sources through tsx (`scripts/start.mjs --from-sources`, what every start
// ran before), with a bare `node -e` HTTP server's spawn-to-first-200 as the floor.
// A benchmark, never a test: it prints medians and ratios; it fails only when it cannot run.
//
// Knobs (environment): BENCH_RUNS (3), BENCH_TARGET_MS (1500: the second start's target).
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { commit, freePort, probe, STRIPPED_ENV } from './lib/common.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Math.max(1, Number.parseInt(process.env.BENCH_RUNS ?? '', 10) || 3);
const POLL_MS = 10;
const READY_TIMEOUT_MS = 180_000;
const TARGET_MS = Number.parseInt(process.env.BENCH_TARGET_MS ?? '', 10) || 1500;
const BARE_SERVER =
  "require('node:http').createServer((q, s) => s.end('ok')).listen(+process.env.PORT, '127.0.0.1')";
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const ms = (n) => `${n.toFixed(0)} ms`;

/** Spawn a command, poll urlPath until 200 (then `also`, once), SIGTERM it and wait for its exit. */
async function timeToFirst200(args, env, urlPath, dataDir, also) {
  const port = await freePort();
  const base = { ...process.env };
  for (const k of STRIPPED_ENV) delete base[k];
  let tail = '';
  const t0 = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: { ...base, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = (b) => {
    tail = (tail + b.toString('utf8')).slice(-4000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exit;
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    }),
  );
  let readyMs;
  while (performance.now() - t0 < READY_TIMEOUT_MS && !exit) {
    if ((await probe(port, urlPath)) === 200) {
      if (also && (await probe(port, also)) !== 200) continue;
      readyMs = performance.now() - t0;
      break;
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  const pidFile = dataDir && path.join(dataDir, 'pg', 'postmaster.pid');
  const postmaster =
    pidFile && existsSync(pidFile) ? Number.parseInt(readFileSync(pidFile, 'utf8').split('\n')[0], 10) : 0;
  const s0 = performance.now();
  if (!exit) child.kill('SIGTERM');
  const hard = setTimeout(() => exit || child.kill('SIGKILL'), 30_000);
  await exited;
  clearTimeout(hard);
  const stopMs = performance.now() - s0;
  // A clean stop leaves no PostgreSQL behind; if one is left, it is ours: end it and say so.
  let orphan = false;
  if (postmaster > 0 && alive(postmaster)) {
    for (let i = 0; i < 40 && alive(postmaster); i++) await new Promise((r) => setTimeout(r, 50));
    if (alive(postmaster)) {
      orphan = true;
      process.kill(postmaster, 'SIGINT');
      for (let i = 0; i < 100 && alive(postmaster); i++) await new Promise((r) => setTimeout(r, 50));
      if (alive(postmaster)) process.kill(postmaster, 'SIGKILL');
    }
  }
  if (readyMs === undefined)
    throw new Error(
      `${args.join(' ')} never answered 200 on ${urlPath} (exit ${JSON.stringify(exit)}):\n${tail}`,
    );
  return { readyMs, stopMs, exit, orphan };
}

const bare = () => timeToFirst200(['-e', BARE_SERVER], {}, '/');

/**
 * One start of the platform on `dataDir`. `compiled`: `npm start` (the bundle in `bundleDir`, built on its
 * first use); otherwise the baseline, the sources through tsx.
 */
function platform(dataDir, compiled, bundleDir) {
  return timeToFirst200(
    [path.join(ROOT, 'scripts/start.mjs'), ...(compiled ? [] : ['--from-sources'])],
    {
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      // Never time (nor do, in a shared tree) a portal rebuild: starts only.
      YAC_PORTAL_BUILD: '0',
      ...(compiled ? { YAC_SERVER_BUNDLE_DIR: bundleDir } : {}),
    },
    '/readyz',
    dataDir,
    '/',
  );
}

async function main() {
  console.log(
    `bench:cold-start — ${new Date().toISOString()} — commit ${commit()} — ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `${RUNS} runs each, interleaved (bare node, tsx first + second, compiled first + second); ready = GET /readyz 200 and then GET / 200, polled every ${POLL_MS} ms; one untimed warm-up start of each first.`,
  );
  if (!existsSync(path.join(ROOT, 'web/dist/index.html')))
    console.log('note: web/dist is missing (run `npm run build`): GET / is then not the portal.');

  const dirs = [];
  const tmp = async (where = os.tmpdir(), prefix = 'yac-cold-') => {
    const d = await mkdtemp(path.join(where, prefix));
    dirs.push(d);
    return d;
  };
  // Bundles must live inside the repository (node resolves the packages they import from there).
  const bundleRoot = path.join(ROOT, 'node_modules/.cache/youarecoder');
  await mkdir(bundleRoot, { recursive: true });
  const cleanup = async () => {
    for (const d of dirs) await rm(d, { recursive: true, force: true }).catch(() => {});
  };
  const onSignal = async () => {
    await cleanup();
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results = { bare: [], tsxFresh: [], tsxExisting: [], fresh: [], existing: [] };
  const problems = [];
  const check = (label, r) => {
    if (r.exit.code !== 0) problems.push(`${label}: exit ${r.exit.code ?? r.exit.signal} after SIGTERM`);
    if (r.orphan) problems.push(`${label}: PostgreSQL was left running after exit (ended by the bench)`);
  };
  try {
    for (const compiled of [false, true]) {
      const warm = await tmp();
      check('warm-up', await platform(warm, compiled, await tmp(bundleRoot, 'bench-')));
      await rm(warm, { recursive: true, force: true });
    }
    for (let i = 1; i <= RUNS; i++) {
      const b = await bare();
      results.bare.push(b.readyMs);
      const line = [`bare node ${ms(b.readyMs)}`];
      // Which way goes first alternates, so neither always meets the other's leftovers.
      for (const compiled of i % 2 ? [false, true] : [true, false]) {
        const dir = await tmp();
        const bundleDir = await tmp(bundleRoot, 'bench-');
        const f = await platform(dir, compiled, bundleDir);
        check(`run ${i} ${compiled ? 'compiled' : 'tsx'} first`, f);
        const e = await platform(dir, compiled, bundleDir);
        check(`run ${i} ${compiled ? 'compiled' : 'tsx'} second`, e);
        (compiled ? results.fresh : results.tsxFresh).push(f.readyMs);
        (compiled ? results.existing : results.tsxExisting).push(e.readyMs);
        await rm(dir, { recursive: true, force: true });
        await rm(bundleDir, { recursive: true, force: true });
        line.push(`${compiled ? 'compiled' : 'tsx'} first ${ms(f.readyMs)}, second ${ms(e.readyMs)}`);
      }
      console.log(`  run ${i}: ${line.join('; ')}`);
    }
  } finally {
    await cleanup();
  }

  const m = Object.fromEntries(Object.entries(results).map(([k, v]) => [k, median(v)]));
  const row = (label, v, base) =>
    console.log(
      `${label.padEnd(58)}${ms(v).padStart(10)}${`${(v / m.bare).toFixed(1)}×`.padStart(12)}${(base ? `${(v / base).toFixed(2)}×` : '').padStart(14)}`,
    );
  console.log('');
  console.log(`${'start'.padEnd(58)}${'median'.padStart(10)}${'÷ bare'.padStart(12)}${'÷ tsx'.padStart(14)}`);
  row('bare `node -e` HTTP server (floor)', m.bare);
  row('tsx from sources (baseline), first: fresh DATA_DIR', m.tsxFresh);
  row('tsx from sources (baseline), second: existing DATA_DIR', m.tsxExisting);
  row('compiled (`npm start`), first: build + fresh DATA_DIR', m.fresh, m.tsxFresh);
  row('compiled (`npm start`), second: existing DATA_DIR', m.existing, m.tsxExisting);
  console.log(
    `\nSecond start ${ms(m.existing)} against the target of ${ms(TARGET_MS)}: ${m.existing <= TARGET_MS ? 'holds' : 'MISSED'} (load average now ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; on a loaded machine every start is slower).`,
  );
  if (problems.length) console.log(`\nProblems seen:\n  ${problems.join('\n  ')}`);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
