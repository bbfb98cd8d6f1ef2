// `npm run bench:terminal`: how long after VS Code's workbench appears its first terminal shows a prompt,
// in a real browser, through the gateway, on a fresh Blank workspace (the first minute of a new workspace).
//
// The platform runs as `npm start` runs it (BENCH_DRIVER: `auto` by default, so containers as root with
// podman, else processes; embedded PostgreSQL on a temporary DATA_DIR). Playwright drives Debian's
// /usr/bin/chromium (headless). In each round a new workspace is created; once it runs, a fresh browser
// opens it and, from the moment `.monaco-workbench` is drawn:
//   keys      the status bar is clicked and Ctrl+` pressed (keys reach the workbench)
//   trust     the "Trust Folder" dialog, when VS Code asks (clicked at once: a person needs longer)
//   tab       the terminal's tab names its shell (`bash`: the shell process runs)
//   prompt    the terminal shows `$` (the shell reads input)
// The stage times come with what the workspace's own logs say (code-server's pty host: when it was
// asked for the shell and when the shell's first output came). Medians of BENCH_RUNS rounds.
// Every workspace is deleted at the end.
import { existsSync } from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { type Browser as Chromium, chromium, type Page } from 'playwright';
import {
  chooseRuntimeDriver,
  createRuntimeDriver,
} from '../server/src/modules/workspaces/drivers/registry.ts';
import { ideRuntimePaths } from '../server/src/platform/ide-runtime.ts';
import { randomAlnum } from '../server/src/platform/ids.ts';
import { Browser, signUp } from './lib/browser.ts';
import { commit } from './lib/common.mjs';
import { type Platform, startPlatform } from './lib/platform.ts';
import { median, sec } from './lib/stats.ts';
import { workspacesApi } from './lib/workspaces.ts';

const RUNS = Math.max(1, Number.parseInt(process.env.BENCH_RUNS ?? '', 10) || 3);
const CHROMIUM = process.env.BENCH_CHROMIUM || '/usr/bin/chromium';
const TIMEOUT_MS = 120_000;
const STAGES = ['keys', 'trust', 'tab', 'prompt'] as const;
/**
 * BENCH_VARIANTS (comma-separated, default `platform`): user settings to compare, each on its own
 * company template (Blank's README, then a settings step with these), interleaved round by round.
 * `platform` is the official Blank template with nothing but the platform's own settings.
 */
const VARIANTS: Record<string, Record<string, unknown> | null> = {
  platform: null,
  'no-shell-integration': { 'terminal.integrated.shellIntegration.enabled': false },
  'no-git': { 'git.enabled': false },
  'no-persistent-sessions': { 'terminal.integrated.enablePersistentSessions': false },
  // The platform's settings before bench/terminal.ts: VS Code rewrote settings.json at the first start.
  'issue-filed': { 'extensions.autoUpdate': false, 'extensions.ignoreRecommendations': false },
  'no-suggest': { 'terminal.integrated.suggest.enabled': false },
  'no-readme': { 'workbench.startupEditor': 'none' },
  'bash-only': {
    'terminal.integrated.profiles.linux': { bash: { path: 'bash', icon: 'terminal-bash' } },
    'terminal.integrated.defaultProfile.linux': 'bash',
  },
  // VS Code merges an object setting with its default: the other four default profiles go only when nulled.
  'one-profile': {
    'terminal.integrated.profiles.linux': { zsh: null, fish: null, tmux: null, pwsh: null },
    'terminal.integrated.defaultProfile.linux': 'bash',
  },
  lean: {
    'terminal.integrated.profiles.linux': { zsh: null, fish: null, tmux: null, pwsh: null },
    'terminal.integrated.defaultProfile.linux': 'bash',
    'terminal.integrated.shellIntegration.enabled': false,
    'terminal.integrated.enablePersistentSessions': false,
    'terminal.integrated.suggest.enabled': false,
    'git.enabled': false,
    'workbench.startupEditor': 'none',
  },
};
const CHOSEN = (process.env.BENCH_VARIANTS || 'platform').split(',').map((v) => v.trim());
for (const v of CHOSEN)
  if (!(v in VARIANTS)) throw new Error(`unknown variant ${v}; known: ${Object.keys(VARIANTS).join(', ')}`);
type Stage = (typeof STAGES)[number];

/** From the workbench drawn to the terminal's prompt, stage by stage (ms from the workbench). */
async function firstTerminal(page: Page): Promise<Record<Stage | 'pageWorkbench' | 't0', number>> {
  await page.waitForSelector('.monaco-workbench', { timeout: TIMEOUT_MS });
  const t0 = performance.now();
  const at: Record<Stage | 'pageWorkbench' | 't0', number> = {
    t0,
    keys: Number.NaN,
    trust: Number.NaN,
    tab: Number.NaN,
    prompt: Number.NaN,
    pageWorkbench: await page.evaluate(() => performance.now()),
  };
  const trust = page.getByRole('button', { name: 'Trust Folder & Continue' });
  const shell = page.locator('.single-terminal-tab').filter({ hasText: 'bash' });
  // The status bar, not the editor: the README's preview is a webview frame that keeps keys to itself.
  await page
    .locator('.monaco-workbench .part.statusbar')
    .click({ position: { x: 400, y: 5 }, timeout: TIMEOUT_MS });
  await page.keyboard.press('Control+Backquote');
  at.keys = performance.now() - t0;
  await trust.or(shell).first().waitFor({ timeout: TIMEOUT_MS });
  if (await trust.isVisible()) {
    at.trust = performance.now() - t0;
    await trust.click();
  }
  await shell.waitFor({ timeout: TIMEOUT_MS });
  at.tab = performance.now() - t0;
  await page
    .locator('.terminal-wrapper.active .xterm-rows')
    .first()
    .filter({ hasText: '$' })
    .waitFor({ timeout: TIMEOUT_MS });
  at.prompt = performance.now() - t0;
  return at;
}

/** A CDP CPU profile (the parts used here). */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  startTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

/** The page's main-thread time, before and after the workbench, by script and by function. */
function printProfile(profile: CpuProfile, workbenchAtMs: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const bucket = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  const files = new Map<string, number>();
  const fns = new Map<string, number>();
  let t = 0;
  let before = 0;
  let after = 0;
  let idle = 0;
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  // The profile's clock starts at navigation; the workbench time is on the page's clock (close enough).
  for (let i = 0; i < samples.length; i++) {
    const d = (deltas[i] ?? 0) / 1000;
    t += d;
    const f = byId.get(samples[i] as number);
    if (!f) continue;
    if (f.functionName === '(idle)' || f.functionName === '(program)') {
      idle += d;
      continue;
    }
    if (t < workbenchAtMs) before += d;
    else {
      after += d;
      const file = f.url.replace(/^.*\//, '') || f.functionName;
      bucket(files, file, d);
      bucket(fns, `${f.functionName || '(anonymous)'} ${file}:${f.lineNumber}`, d);
    }
  }
  const top = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, 12)
      .map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k.slice(0, 110)}`);
  console.log(
    `    main thread busy ${before.toFixed(0)} ms before the workbench, ${after.toFixed(0)} ms after it (idle or program ${idle.toFixed(0)} ms)`,
  );
  for (const l of top(files)) console.log(`      file ${l}`);
  for (const l of top(fns)) console.log(`      fn   ${l}`);
}

/**
 * Requests and answers of VS Code's IPC over its sockets, paired by id: each WebSocket message holds
 * protocol messages (13-byte header: type, id, ack, length), a regular one (type 1) an IPC message whose
 * header is a serialized array [type, id, channel, name] (request) or [type, id] (answer).
 */
class RpcTimes {
  calls: { channel: string; name: string; sent: number; answered?: number }[] = [];
  private open = new Map<string, (typeof this.calls)[number]>();

  note(socket: number, sent: boolean, buf: Buffer, at: number): void {
    for (let o = 0; o + 13 <= buf.length; ) {
      const type = buf[o] as number;
      const len = buf.readUInt32BE(o + 9);
      const data = buf.subarray(o + 13, o + 13 + len);
      o += 13 + len;
      if (type !== 1) continue;
      try {
        const header = readArrayHead(data);
        if (!header) continue;
        const [kind, id, channel, name] = header;
        // 100: a request (promise); 201-202: its answer (success, error).
        if (kind === 100 && sent && typeof channel === 'string') {
          const call = { channel, name: String(name), sent: at };
          this.calls.push(call);
          this.open.set(`${socket}:${id}`, call);
        } else if ((kind === 201 || kind === 202 || kind === 203) && !sent) {
          const call = this.open.get(`${socket}:${id}`);
          if (call && call.answered === undefined) call.answered = at;
        }
      } catch {
        // not an IPC message this decoder knows
      }
    }
  }
}

/** The first elements (ints and strings) of a serialized array (VS Code's ipc.ts serialize()). */
function readArrayHead(b: Buffer): (number | string)[] | null {
  let o = 0;
  const vql = () => {
    let n = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = b[o++] as number;
      n |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) return n;
    }
  };
  if (b[o++] !== 4) return null; // DataType.Array
  const count = vql();
  const out: (number | string)[] = [];
  for (let i = 0; i < Math.min(count, 4); i++) {
    const t = b[o++];
    if (t === 6)
      out.push(vql()); // DataType.Int
    else if (t === 1) {
      const n = vql();
      out.push(b.toString('utf8', o, o + n));
      o += n;
    } else break;
  }
  return out;
}

/** Lines of the workspace's code-server logs about the pty host and the terminal, for BENCH_DETAIL=1. */
async function ptyLog(driverName: string, dataDir: string, id: string): Promise<string[]> {
  const ide = ideRuntimePaths(process.env.IDE_CACHE_DIR || undefined);
  const driver = createRuntimeDriver(driverName as 'process', { dataDir, ide });
  const out: string[] = [];
  const logs = `${driver.paths(id).userData}/logs`;
  const r = await driver
    .exec(id, {
      argv: [
        'bash',
        '-c',
        [
          `tail -n 40 ${logs}/*/ptyhost.log ${logs}/*/remoteagent.log ${logs}/*/exthost*/remoteexthost.log`,
          // What a terminal's shell costs on its own: the login shell, and bash with VS Code's shell integration.
          'TIMEFORMAT="%R s"',
          'echo "bash -ilc true:"; time (bash -ilc true </dev/null >/dev/null 2>&1)',
          'echo "bash -ic true:"; time (bash -ic true </dev/null >/dev/null 2>&1)',
          'si=$(ls /opt/yac/ide/*/node_modules/code-server/lib/vscode/out/vs/workbench/contrib/terminal/common/scripts/shellIntegration-bash.sh 2>/dev/null | head -1)',
          'echo "bash --init-file $si:"; time (VSCODE_INJECTION=1 bash --init-file "$si" -ic true </dev/null >/dev/null 2>&1)',
          'echo "hostname:"; time (hostname -f >/dev/null 2>&1)',
          'ps -eo pid,etimes,time,args --sort=start_time | cut -c1-200',
          `cat ${driver.paths(id).userData}/User/settings.json`,
        ].join('; '),
      ],
      timeoutMs: 10_000,
    })
    .catch(() => null);
  if (r) out.push(...r.output.split('\n').filter(Boolean));
  return out;
}

async function main(): Promise<void> {
  const ide = ideRuntimePaths(process.env.IDE_CACHE_DIR || undefined);
  if (!ide.installed)
    throw new Error(`The IDE runtime is not in ${ide.cacheDir}: run \`npm run setup:ide\`.`);
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} not found: \`apt-get install -y chromium\`, or set BENCH_CHROMIUM.`);
  const wanted = (process.env.BENCH_DRIVER || 'auto') as 'auto' | 'process' | 'container';
  const driverName = chooseRuntimeDriver(wanted).name;
  console.log(
    `bench:terminal — ${new Date().toISOString()} — commit ${commit()} — ${os.cpus().length} cores, node ${process.version}, code-server ${ide.versions.codeServer}, ${driverName} driver, load ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; ${RUNS} rounds`,
  );

  let platform: Platform | undefined;
  let browser: Chromium | undefined;
  const made = new Set<string>();
  const api = new Browser();
  let portal = '';
  const { call, waitStatus, removeAll } = workspacesApi(api, () => portal, {
    timeoutMs: TIMEOUT_MS * 2,
    pollMs: 100,
  });
  const cleanup = async () => {
    await browser?.close().catch(() => undefined);
    browser = undefined;
    if (platform) {
      // Through the API, then whatever it could not delete with the platform's driver directly.
      await removeAll(made, { name: driverName, dataDir: platform.dataDir, ide });
      await platform.stop().catch(() => undefined);
      platform = undefined;
    }
  };
  const onSignal = () => void cleanup().finally(() => process.exit(130));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  const results = Object.fromEntries(
    CHOSEN.map((v) => [v, { keys: [], trust: [], tab: [], prompt: [] } as Record<Stage, number[]>]),
  );
  const templateOf: Record<string, string> = {};
  try {
    platform = await startPlatform(
      {
        IDE_AUTO_INSTALL: '0',
        IDE_CACHE_DIR: ide.cacheDir,
        WORKSPACE_DRIVER: wanted,
        RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      },
      180_000,
    );
    portal = `http://localhost:${platform.port}`;
    await signUp(api, portal, platform.databaseUrl());
    const session = api.cookie(new URL(portal).host, 'yac_session') ?? '';
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-webgl',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
    for (const v of CHOSEN) {
      const settings = VARIANTS[v];
      if (!settings) {
        templateOf[v] = 'tpl_blank';
        continue;
      }
      const blank = await call<{ steps: unknown[] }>('GET', '/api/v1/templates/tpl_blank');
      const t = await call<{ id: string }>('POST', '/api/v1/templates', {
        name: `bench ${v}`,
        steps: [...blank.body.steps, { type: 'settings', settings }],
      });
      if (t.status !== 201) throw new Error(`template ${v}: ${t.status} ${JSON.stringify(t.body)}`);
      templateOf[v] = t.body.id;
    }
    for (let i = 1; i <= RUNS; i++)
      for (const v of i % 2 ? CHOSEN : [...CHOSEN].reverse()) {
        const made1 = await call('POST', '/api/v1/workspaces', {
          name: `term-${i}-${randomAlnum(4).toLowerCase()}`,
          templateId: templateOf[v],
        });
        if (made1.status !== 202) throw new Error(`create: ${made1.status} ${JSON.stringify(made1.body)}`);
        const ws = made1.body;
        made.add(ws.id);
        await waitStatus(ws.id, (s, w) => s === 200 && w.status === 'running');
        const c = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await c.addCookies([{ name: 'yac_session', value: session, domain: 'localhost', path: '/' }]);
        const page = await c.newPage();
        const frames: [number, string][] = [];
        const rpc = new RpcTimes();
        let sockets = 0;
        if (process.env.BENCH_DETAIL === '1') {
          // What goes over VS Code's sockets: the names in each message, with its time.
          const words = (p: string | Buffer) =>
            (typeof p === 'string' ? p : p.toString('latin1'))
              .match(/[$A-Za-z_][\w:/.$-]{5,}/g)
              ?.slice(0, 6)
              .join(' ') ?? '';
          page.on('websocket', (ws) => {
            const socket = ++sockets;
            const note = (dir: string) => (f: { payload: string | Buffer }) => {
              const now = performance.now();
              if (typeof f.payload !== 'string') rpc.note(socket, dir === '>', f.payload, now);
              const w = words(f.payload);
              if (w) frames.push([now, `${dir} ${w.slice(0, 160)}`]);
            };
            ws.on('framesent', note('>'));
            ws.on('framereceived', note('<'));
          });
        }
        // BENCH_PROFILE=1: where the page's main thread spends its time from the navigation to the prompt.
        const cdp = process.env.BENCH_PROFILE === '1' ? await c.newCDPSession(page) : null;
        if (cdp) {
          await cdp.send('Profiler.enable');
          await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
          await cdp.send('Profiler.start');
        }
        const cpu0 = platform.cpu();
        await page.goto(ws.url, { timeout: TIMEOUT_MS, waitUntil: 'commit' });
        const at = await firstTerminal(page);
        if (cdp) {
          const { profile } = await cdp.send('Profiler.stop');
          printProfile(profile as CpuProfile, at.pageWorkbench);
          const cpu1 = platform.cpu();
          console.log(
            `    platform CPU ${(cpu1.serverMs - cpu0.serverMs).toFixed(0)} ms, its PostgreSQL ${(cpu1.dbMs - cpu0.dbMs).toFixed(0)} ms`,
          );
        }
        for (const s of STAGES) results[v]?.[s].push(at[s]);
        console.log(`  round ${i} ${v.padEnd(24)} ${STAGES.map((s) => `${s} ${sec(at[s])}`).join('  ')}`);
        if (process.env.BENCH_DETAIL === '1') {
          // VS Code's own performance marks (page clock), the workbench's and the terminal's.
          const marks = await page.evaluate(() =>
            performance
              .getEntriesByType('mark')
              .filter((m) => m.name.startsWith('code/'))
              .map((m) => `${m.startTime.toFixed(0).padStart(6)} ${m.name}`),
          );
          for (const m of marks) if (!m.includes('Contribution')) console.log(`    ${m}`);
          const res = await page.evaluate(() =>
            (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map(
              (r) =>
                `${r.startTime.toFixed(0).padStart(6)} → ${r.responseEnd.toFixed(0).padStart(6)} ${r.name.replace(/^https?:\/\/[^/]+/, '').slice(0, 120)}`,
            ),
          );
          for (const r of res) console.log(`    res ${r}`);
          console.log(`    ${at.pageWorkbench.toFixed(0).padStart(6)} (bench) .monaco-workbench seen`);
          for (const [t, f] of frames) console.log(`    ws ${(t - at.t0).toFixed(0).padStart(6)} ${f}`);
          console.log('    calls of the terminal channel (sent → answered, ms from the workbench):');
          for (const r of rpc.calls.filter((c) => /terminal/i.test(c.channel)))
            console.log(
              `    rpc ${(r.sent - at.t0).toFixed(0).padStart(6)} → ${r.answered === undefined ? '     -' : (r.answered - at.t0).toFixed(0).padStart(6)} ${r.channel}.${r.name}`,
            );
        }
        if (process.env.BENCH_DETAIL === '1')
          for (const line of await ptyLog(driverName, platform.dataDir, ws.id)) console.log(`    ${line}`);
        await c.close();
        await call('DELETE', `/api/v1/workspaces/${ws.id}`);
        await waitStatus(ws.id, (s) => s === 404);
        made.delete(ws.id);
      }
    console.log(
      `\n${'medians, from the workbench drawn to …'.padEnd(40)}${STAGES.map((s) => s.padStart(9)).join('')}`,
    );
    for (const v of CHOSEN)
      console.log(
        `  ${v.padEnd(38)}${STAGES.map((s) => sec(median(results[v]?.[s] ?? [])).padStart(9)).join('')}`,
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
