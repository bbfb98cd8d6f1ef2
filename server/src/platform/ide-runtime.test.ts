import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultIdeCacheDir,
  IDE_MARKER,
  IDE_VERSIONS,
  type IdeRuntimePaths,
  ideRuntimePaths,
} from './ide-runtime.ts';

// The setup script is plain JavaScript outside this package: load it by URL, with the types of what we use.
interface SetupScript {
  MARKER: string;
  NODE_VERSION: string;
  NPM_VERSION: string;
  CODE_SERVER_VERSION: string;
  layout(cacheDir: string): Omit<IdeRuntimePaths, 'installed'>;
  defaultCacheDir(env: Record<string, string | undefined>): string;
  acquireLock(
    lockDir: string,
    opts?: {
      timeoutMs?: number;
      pollMs?: number;
      staleMs?: number;
      onWait?: (owner: { pid: number }) => void;
    },
  ): Promise<() => void>;
  lockIsStale(lockDir: string, staleMs?: number): boolean;
}
const scriptUrl = new URL('../../../scripts/setup-ide.mjs', import.meta.url).href;
const loadScript = async () => (await import(scriptUrl)) as SetupScript;

let tmp: string;
beforeEach(() => {
  tmp = mkdtempSync(path.join(os.tmpdir(), 'ide-runtime-test-'));
});
afterEach(() => {
  rmSync(tmp, { recursive: true, force: true });
});

function fakeInstall(
  root: string,
  markers: { node?: string; npm?: string; codeServer?: string } = IDE_VERSIONS,
) {
  const p = ideRuntimePaths(root);
  for (const file of [p.nodeBin, path.join(p.npmDir, 'bin', 'npm-cli.js'), p.codeServerEntry]) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '');
  }
  const marker = (v: object) => JSON.stringify({ versions: { ...IDE_VERSIONS, ...v } });
  if (markers.node)
    writeFileSync(path.join(p.nodeDir, IDE_MARKER), marker({ node: markers.node, npm: markers.npm }));
  if (markers.codeServer)
    writeFileSync(path.join(p.codeServerDir, IDE_MARKER), marker({ codeServer: markers.codeServer }));
  return ideRuntimePaths(root);
}

describe('ideRuntimePaths', () => {
  it('reads the pinned versions from scripts/ide-versions.json', () => {
    const file = new URL('../../../scripts/ide-versions.json', import.meta.url);
    expect(IDE_VERSIONS).toEqual(JSON.parse(readFileSync(file, 'utf8')));
    expect(IDE_VERSIONS.node).toMatch(/^24\./);
  });

  it('lays out versioned folders under the cache dir', () => {
    const p = ideRuntimePaths(tmp);
    const arch = `node-${process.platform}-${process.arch}`;
    expect(p.cacheDir).toBe(tmp);
    expect(p.nodeDir).toBe(path.join(tmp, `node-${IDE_VERSIONS.node}`));
    expect(p.codeServerDir).toBe(path.join(tmp, `code-server-${IDE_VERSIONS.codeServer}`));
    expect(p.nodeBin).toBe(path.join(p.nodeDir, 'node_modules', arch, 'bin', 'node'));
    expect(p.npmDir).toBe(path.join(p.nodeDir, 'node_modules', 'npm'));
    expect(p.codeServerEntry).toBe(path.join(p.codeServerDir, 'node_modules/code-server/out/node/entry.js'));
    expect(p.versions).toEqual(IDE_VERSIONS);
    expect(p.installed).toBe(false);
  });

  it('defaults to ~/.cache/youarecoder/ide and resolves relative dirs', () => {
    expect(ideRuntimePaths().cacheDir).toBe(
      process.getuid?.() === 0
        ? '/var/cache/youarecoder/ide'
        : path.join(os.homedir(), '.cache/youarecoder/ide'),
    );
    expect(defaultIdeCacheDir('/home/x', 1000)).toBe('/home/x/.cache/youarecoder/ide');
    expect(defaultIdeCacheDir('/root', 0)).toBe('/var/cache/youarecoder/ide');
    expect(ideRuntimePaths('rel/dir').cacheDir).toBe(path.resolve('rel/dir'));
  });

  it('is installed only with both markers naming these versions and both files present', () => {
    expect(fakeInstall(tmp).installed).toBe(true);
    expect(ideRuntimePaths(tmp).installed).toBe(true);

    rmSync(ideRuntimePaths(tmp).nodeBin);
    expect(ideRuntimePaths(tmp).installed).toBe(false);
  });

  it('is not installed when a marker is missing or names other versions', () => {
    expect(fakeInstall(path.join(tmp, 'a'), { node: IDE_VERSIONS.node }).installed).toBe(false);
    expect(fakeInstall(path.join(tmp, 'b'), { codeServer: IDE_VERSIONS.codeServer }).installed).toBe(false);
    expect(fakeInstall(path.join(tmp, 'c'), { ...IDE_VERSIONS, codeServer: '4.0.0' }).installed).toBe(false);
    expect(fakeInstall(path.join(tmp, 'd'), { ...IDE_VERSIONS, node: '24.0.0' }).installed).toBe(false);
    // A Node folder from before npm was installed beside it.
    expect(
      fakeInstall(path.join(tmp, 'f'), {
        node: IDE_VERSIONS.node,
        npm: undefined,
        codeServer: IDE_VERSIONS.codeServer,
      }).installed,
    ).toBe(false);
    // A folder mid-install (temp sibling, no marker) is invisible: only final names count.
    mkdirSync(path.join(tmp, 'e', `.tmp-code-server-${IDE_VERSIONS.codeServer}-1`), { recursive: true });
    expect(ideRuntimePaths(path.join(tmp, 'e')).installed).toBe(false);
  });

  it('agrees with the setup script on versions, marker and layout', async () => {
    const s = await loadScript();
    expect(s.MARKER).toBe(IDE_MARKER);
    expect({ node: s.NODE_VERSION, npm: s.NPM_VERSION, codeServer: s.CODE_SERVER_VERSION }).toEqual(
      IDE_VERSIONS,
    );
    const { installed, ...paths } = ideRuntimePaths(tmp);
    expect(s.layout(tmp)).toEqual(paths);
    expect(s.defaultCacheDir({})).toBe(defaultIdeCacheDir());
    expect(s.defaultCacheDir({ IDE_CACHE_DIR: tmp })).toBe(tmp);
  });
});

describe('setup-ide lock', () => {
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid as number;
  const writeOwner = (lock: string, owner: object, ageMs = 0) => {
    mkdirSync(lock, { recursive: true });
    const file = path.join(lock, 'owner.json');
    writeFileSync(file, JSON.stringify(owner));
    const t = new Date(Date.now() - ageMs);
    utimesSync(file, t, t);
  };

  it('is exclusive while held and free again once released', async () => {
    const { acquireLock } = await loadScript();
    const lock = path.join(tmp, '.lock');
    const release = await acquireLock(lock);
    expect(JSON.parse(readFileSync(path.join(lock, 'owner.json'), 'utf8'))).toMatchObject({
      pid: process.pid,
      host: os.hostname(),
    });
    const waits: { pid: number }[] = [];
    await expect(
      acquireLock(lock, { timeoutMs: 300, pollMs: 20, onWait: (o) => waits.push(o) }),
    ).rejects.toThrow(/timed out .*held by pid/);
    expect(waits.length).toBeGreaterThan(2);
    expect(waits[0]?.pid).toBe(process.pid);
    release();
    expect(existsSync(lock)).toBe(false);
    (await acquireLock(lock, { timeoutMs: 300 }))();
  });

  it('breaks a lock whose owner process is gone', async () => {
    const { acquireLock, lockIsStale } = await loadScript();
    const lock = path.join(tmp, '.lock');
    writeOwner(lock, { pid: deadPid(), host: os.hostname(), since: 'earlier' });
    expect(lockIsStale(lock)).toBe(true);
    const release = await acquireLock(lock, { timeoutMs: 1000, pollMs: 20 });
    expect(JSON.parse(readFileSync(path.join(lock, 'owner.json'), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('keeps a live owner, and a lock of another host until its heartbeat is old', async () => {
    const { lockIsStale } = await loadScript();
    const lock = path.join(tmp, '.lock');
    writeOwner(lock, { pid: process.pid, host: os.hostname() });
    expect(lockIsStale(lock)).toBe(false);
    writeOwner(lock, { pid: deadPid(), host: 'another-host' }, 1000);
    expect(lockIsStale(lock, 60_000)).toBe(false);
    writeOwner(lock, { pid: deadPid(), host: 'another-host' }, 120_000);
    expect(lockIsStale(lock, 60_000)).toBe(true);
  });

  it('treats an owner-less lock as being written, then as stale after a few seconds', async () => {
    const { lockIsStale } = await loadScript();
    const lock = path.join(tmp, '.lock');
    mkdirSync(lock);
    expect(lockIsStale(lock)).toBe(false);
    const old = new Date(Date.now() - 60_000);
    utimesSync(lock, old, old);
    expect(lockIsStale(lock)).toBe(true);
  });

  it('lets exactly one of several processes in at a time', async () => {
    const lock = path.join(tmp, '.lock');
    const counter = path.join(tmp, 'counter');
    const busy = path.join(tmp, 'busy');
    writeFileSync(counter, '0');
    // Each process enters the lock 5 times; inside it checks nobody else is, then does a slow
    // read-modify-write of a counter that loses updates if two ever overlap.
    const code = `
      import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
      const { acquireLock } = await import(${JSON.stringify(scriptUrl)});
      for (let i = 0; i < 5; i++) {
        const release = await acquireLock(${JSON.stringify(lock)}, { pollMs: 5 });
        if (existsSync(${JSON.stringify(busy)})) { console.error('overlap'); process.exit(3); }
        writeFileSync(${JSON.stringify(busy)}, String(process.pid));
        const n = Number(readFileSync(${JSON.stringify(counter)}, 'utf8'));
        await new Promise((r) => setTimeout(r, 15));
        writeFileSync(${JSON.stringify(counter)}, String(n + 1));
        rmSync(${JSON.stringify(busy)});
        release();
      }`;
    const run = () =>
      new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, ['--input-type=module', '-e', code], { stdio: 'inherit' });
        child.on('exit', resolve);
      });
    const codes = await Promise.all([run(), run(), run(), run()]);
    expect(codes).toEqual([0, 0, 0, 0]);
    expect(readFileSync(counter, 'utf8')).toBe('20');
    expect(existsSync(lock)).toBe(false);
  }, 20_000);
});
