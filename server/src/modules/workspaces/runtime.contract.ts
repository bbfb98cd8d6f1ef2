// The contract every RuntimeDriver passes, against a real code-server: a driver's integration test calls
// runtimeDriverContract(name, makeDriver) and gets these tests registered: the IDE's life, then the
// operations provisioning uses (exec, files, extensions).
import { promises as fs } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomAlnum } from '../../platform/ids.ts';
import { allProcesses, argv, procInfo, workspaceProcesses } from './drivers/common/procfs.ts';
import type {
  ExecOptions,
  RuntimeDriver,
  RuntimeError,
  RuntimeInspection,
  WorkspaceSpec,
} from './runtime.ts';
import { bundledVsixPath } from './templates/bundled.ts';

/** What a driver's test hands to the contract. */
export interface ContractSubject {
  readonly driver: RuntimeDriver;
  /** A new driver instance over the same state, as after a platform restart. */
  reopen(): Promise<RuntimeDriver>;
  /** Kill the workspace's IDE the hard way; default: SIGKILL to the pid inspect() reports. */
  crash?(id: string): Promise<void>;
  /** Remove what the subject made (temporary folders); workspaces are destroyed by the contract. */
  cleanup(): Promise<void>;
}

const SLOW = 120_000;

/** A GET over a unix socket (the gateway's way in). */
export function getOverSocket(
  socketPath: string,
  urlPath: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: urlPath, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** code-server answers its health check and serves the workbench (following its redirect to the folder). */
export async function expectIdeAnswers(socketPath: string): Promise<void> {
  const health = await getOverSocket(socketPath, '/healthz');
  expect(health.status).toBe(200);
  expect(JSON.parse(health.body)).toHaveProperty('status');
  let res = await getOverSocket(socketPath, '/');
  if (res.status >= 300 && res.status < 400 && res.headers.location)
    res = await getOverSocket(
      socketPath,
      new URL(res.headers.location, 'http://ws/').pathname +
        new URL(res.headers.location, 'http://ws/').search,
    );
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/text\/html/);
  expect(res.body).toMatch(/workbench/);
}

/** VS Code's terminal hosts among the processes of `pid`'s process group and their descendants. */
async function ptyHostsWith(pid: number): Promise<number[]> {
  const pgrp = (await procInfo(pid))?.pgrp;
  if (pgrp === undefined) return [];
  const below = workspaceProcesses(await allProcesses(), { pgrp });
  const args = await Promise.all(below.map((p) => argv(p.pid)));
  return below.filter((_, i) => args[i]?.includes('--type=ptyHost')).map((p) => p.pid);
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Register the shared RuntimeDriver contract tests for one driver. */
export function runtimeDriverContract(name: string, makeDriver: () => Promise<ContractSubject>): void {
  describe(`RuntimeDriver contract: ${name}`, () => {
    let subject: ContractSubject;
    let d: RuntimeDriver;
    const made: string[] = [];
    const newSpec = (over: Partial<WorkspaceSpec> = {}): WorkspaceSpec => {
      const id = `ws_${randomAlnum(20)}`;
      made.push(id);
      return { id, name: `Contract ${id}`, env: { YAC_CONTRACT: 'yes' }, ...over };
    };
    const running = (ins: RuntimeInspection) => ins.state.status === 'running';

    beforeAll(async () => {
      subject = await makeDriver();
      d = subject.driver;
    }, SLOW);
    afterAll(async () => {
      for (const id of made) await d?.destroy(id, { graceMs: 1000 }).catch(() => undefined);
      await subject?.cleanup();
    }, SLOW);

    it(
      'runs a workspace through its life: create, start, answer, measure, stop, start, destroy',
      async () => {
        const spec = newSpec();
        let ins = await d.create(spec);
        expect(ins).toMatchObject({ id: spec.id, state: { status: 'created' }, pid: null, socketPath: null });
        expect(ins.isolated).toBe(d.isolated);

        ins = await d.start(spec.id);
        expect(ins.state.status).toBe('running');
        expect(ins.pid).toBeGreaterThan(1);
        expect(ins.socketPath).toBe(d.socketPath(spec.id));
        expect(ins.startedAt).toEqual(expect.any(String));
        expect(await d.inspect(spec.id)).toEqual(ins);
        // Before any page asks for it: VS Code's server is loaded and its terminal host runs (the first
        // terminal does not wait for either).
        const ptyHosts = await eventually(
          () => ptyHostsWith(ins.pid as number),
          (found) => found.length > 0,
        );
        expect(ptyHosts).toHaveLength(1);
        await expectIdeAnswers(ins.socketPath as string);

        const stats = await d.stats(spec.id);
        expect(stats?.processes).toBeGreaterThanOrEqual(1);
        expect(stats?.cpuSeconds).toBeGreaterThan(0);
        expect(stats?.memoryBytes).toBeGreaterThan(20 * 1024 * 1024);
        expect(stats?.memoryBytes).toBeLessThan(4 * 1024 ** 3);
        expect(stats?.diskBytes).toBeGreaterThan(0);
        expect((await d.logs(spec.id)).length).toBeGreaterThan(0);
        expect((await d.logs(spec.id, { tail: 2 })).length).toBe(2);

        ins = await d.stop(spec.id);
        expect(ins).toMatchObject({ state: { status: 'stopped' }, pid: null, socketPath: null });
        expect(await d.inspect(spec.id)).toEqual(ins);
        await expect(getOverSocket(d.socketPath(spec.id), '/healthz')).rejects.toThrow();
        expect(await d.stats(spec.id)).toMatchObject({ processes: 0, memoryBytes: 0 });

        const again = await d.start(spec.id);
        expect(again.state.status).toBe('running');
        expect(again.pid).not.toBe(null);
        await expectIdeAnswers(again.socketPath as string);

        await d.destroy(spec.id);
        expect((await d.inspect(spec.id)).state).toEqual({ status: 'absent' });
        expect(await d.logs(spec.id)).toEqual([]);
        expect(await d.stats(spec.id)).toBeNull();
      },
      SLOW,
    );

    it(
      'is idempotent: repeated and concurrent operations converge',
      async () => {
        const spec = newSpec();
        await d.create(spec);
        const recreated = await d.create({ ...spec, env: { YAC_CONTRACT: 'changed' } });
        expect(recreated.state.status).toBe('created');
        expect((await d.stop(spec.id)).state.status).toBe('created');

        const [a, b] = await Promise.all([d.start(spec.id), d.start(spec.id)]);
        expect(a.state.status).toBe('running');
        expect(b.pid).toBe(a.pid);
        expect((await d.start(spec.id)).pid).toBe(a.pid);

        expect((await d.stop(spec.id)).state.status).toBe('stopped');
        expect((await d.stop(spec.id)).state.status).toBe('stopped');
        await d.destroy(spec.id);
        await d.destroy(spec.id);

        const never = `ws_${randomAlnum(20)}`;
        await d.destroy(never);
        expect((await d.stop(never)).state.status).toBe('absent');
        expect((await d.inspect(never)).state).toEqual({ status: 'absent' });
        await expect(d.start(never)).rejects.toMatchObject({ code: 'not_found' });
      },
      SLOW,
    );

    it(
      'shows a killed IDE as crashed with its last log lines, and starts it again',
      async () => {
        const spec = newSpec();
        await d.create(spec);
        const first = await d.start(spec.id);
        if (subject.crash) await subject.crash(spec.id);
        else process.kill(first.pid as number, 'SIGKILL');

        const ins = await eventually(
          () => d.inspect(spec.id),
          (i) => i.state.status === 'crashed',
        );
        expect(ins).toMatchObject({ pid: null, socketPath: null });
        if (ins.state.status !== 'crashed') throw new Error(`expected crashed, got ${ins.state.status}`);
        expect(ins.state.logTail.length).toBeGreaterThan(0);
        expect(ins.state.signal === 'SIGKILL' || ins.state.exitCode === 137).toBe(true);

        const restarted = await d.start(spec.id);
        expect(restarted.state.status).toBe('running');
        expect(restarted.pid).not.toBe(first.pid);
        await expectIdeAnswers(restarted.socketPath as string);
        await d.destroy(spec.id);
      },
      SLOW,
    );

    it(
      'reports starting while a start is in progress',
      async () => {
        const spec = newSpec();
        await d.create(spec);
        const seen = new Set<string>();
        let done = false;
        const started = d.start(spec.id).finally(() => {
          done = true;
        });
        while (!done) {
          seen.add((await d.inspect(spec.id)).state.status);
          await new Promise((r) => setTimeout(r, 10));
        }
        expect((await started).state.status).toBe('running');
        expect(seen).toContain('starting');
        expect([...seen].every((s) => ['created', 'starting', 'running'].includes(s))).toBe(true);
        await d.destroy(spec.id);
      },
      SLOW,
    );

    it(
      'adopts what an earlier instance started, as after a platform restart',
      async () => {
        const spec = newSpec();
        await d.create(spec);
        const first = await d.start(spec.id);
        const later = await subject.reopen();
        expect(await later.inspect(spec.id)).toEqual(first);
        expect((await later.list()).find((i) => i.id === spec.id)).toEqual(first);
        expect((await later.start(spec.id)).pid).toBe(first.pid);
        await expectIdeAnswers(later.socketPath(spec.id));
        expect((await later.stop(spec.id)).state.status).toBe('stopped');
        expect((await d.inspect(spec.id)).state.status).toBe('stopped');
        await later.destroy(spec.id);
        expect((await d.inspect(spec.id)).state.status).toBe('absent');
      },
      SLOW,
    );

    it(
      'lists what exists',
      async () => {
        const a = newSpec();
        const b = newSpec();
        await d.create(a);
        await d.create(b);
        await d.start(a.id);
        const listed = new Map((await d.list()).map((i) => [i.id, i]));
        expect(running(listed.get(a.id) as RuntimeInspection)).toBe(true);
        expect(listed.get(b.id)?.state.status).toBe('created');
        expect([...listed.values()].filter((i) => i.orphan)).toEqual([]);
        await d.destroy(b.id);
        expect((await d.list()).map((i) => i.id)).not.toContain(b.id);
        await d.destroy(a.id);
      },
      SLOW,
    );

    it('rejects specs it cannot run safely', async () => {
      await expect(d.create({ id: 'not-an-id', name: 'x' })).rejects.toMatchObject({ code: 'invalid_spec' });
      await expect(d.create(newSpec({ env: { HOME: '/' } }))).rejects.toMatchObject({ code: 'invalid_spec' });
      await expect(d.create(newSpec({ env: { 'A-B': '1' } }))).rejects.toMatchObject({
        code: 'invalid_spec',
      });
      await expect(d.create(newSpec({ folder: '../../etc' }))).rejects.toMatchObject({
        code: 'invalid_spec',
      });
      expect(() => d.socketPath('../../etc')).toThrow();
    });

    workspaceOperationsContract(() => d, newSpec);
  });
}

/** The contract of exec, the file operations and the extensions (no IDE running). */
function workspaceOperationsContract(driver: () => RuntimeDriver, newSpec: () => WorkspaceSpec): void {
  describe('workspace operations', () => {
    let d: RuntimeDriver;
    let a: RuntimeInspection;
    let b: RuntimeInspection;
    let cacheDir: string;
    const sh = (id: string, script: string, over: Partial<ExecOptions> = {}) =>
      d.exec(id, { argv: ['sh', '-c', script], ...over });
    /** Whether a process lives (given a moment to be reaped after it was killed). */
    const alive = async (pid: string) => {
      for (let i = 0; i < 20; i++) {
        if ((await sh(a.id, `kill -0 ${pid} 2>/dev/null`)).exitCode !== 0) return false;
        await new Promise((r) => setTimeout(r, 100));
      }
      return true;
    };

    beforeAll(async () => {
      d = driver();
      a = await d.create(newSpec());
      b = await d.create(newSpec());
      cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'yac-vsix-cache-'));
    }, SLOW);
    afterAll(async () => {
      await fs.rm(cacheDir, { recursive: true, force: true });
    });

    it('refuses them for a workspace that was never created', async () => {
      const never = `ws_${randomAlnum(20)}`;
      const file = { area: 'project', path: 'x' } as const;
      for (const op of [
        () => d.exec(never, { argv: ['true'] }),
        () => d.writeFile(never, file, 'x'),
        () => d.readFile(never, file),
        () => d.removePath(never, file),
        () => d.listExtensions(never),
        () => d.uninstallExtension(never, 'a.b'),
      ])
        await expect(op()).rejects.toMatchObject({ code: 'not_found' });
    });

    it('exec runs a command as the workspace user, with its environment, in the project folder', async () => {
      const paths = d.paths(a.id);
      const r = await sh(a.id, 'id -u; echo "$HOME|$YAC_CONTRACT|$EXTRA|$YAC_WORKSPACE_ID"; pwd', {
        env: { EXTRA: 'extra value' },
      });
      expect(r).toMatchObject({ exitCode: 0, signal: null, timedOut: false });
      const [uid, vars, cwd] = r.output.trim().split('\n');
      if (d.isolated) expect(Number(uid)).toBe(a.user?.uid);
      expect(vars).toBe(`${paths.home}|yes|extra value|${a.id}`);
      expect(cwd).toBe(paths.project);

      await d.writeFile(a.id, { area: 'project', path: 'sub/dir/keep' }, '');
      expect((await d.exec(a.id, { argv: ['pwd'], cwd: 'sub/dir' })).output.trim()).toBe(
        `${paths.project}/sub/dir`,
      );

      const failed = await sh(a.id, 'echo out; echo err >&2; exit 3');
      expect(failed).toMatchObject({ exitCode: 3, timedOut: false });
      expect(failed.output).toMatch(/out/);
      expect(failed.output).toMatch(/err/);
      expect((await d.exec(a.id, { argv: ['no-such-command-yac'] })).exitCode).toBe(127);

      const long = await sh(a.id, 'yes 0123456789 | head -c 300000; echo END', { maxOutputBytes: 1000 });
      expect(long.exitCode).toBe(0);
      expect(long.output.length).toBeLessThan(1200);
      expect(long.output).toMatch(/END\n$/);

      await expect(d.exec(a.id, { argv: ['true'], env: { HOME: '/' } })).rejects.toMatchObject({
        code: 'invalid_spec',
      });
      await expect(d.exec(a.id, { argv: ['true'], cwd: '../..' })).rejects.toMatchObject({
        code: 'invalid_path',
      });
    });

    it('exec ends the whole process group on timeout, on abort, and once the command exits', async () => {
      let t = Date.now();
      const timed = await sh(a.id, 'sleep 60 & echo $! > bg.pid; sleep 60', { timeoutMs: 500 });
      expect(timed).toMatchObject({ timedOut: true, exitCode: null });
      expect(Date.now() - t).toBeLessThan(5000);
      const bg = (await d.readFile(a.id, { area: 'project', path: 'bg.pid' }))?.toString().trim() as string;
      expect(await alive(bg)).toBe(false);

      // SIGTERM ignored: SIGKILL follows.
      t = Date.now();
      const stubborn = await sh(a.id, 'trap "" TERM; sleep 60; sleep 60', { timeoutMs: 300 });
      expect(stubborn).toMatchObject({ timedOut: true, signal: 'SIGKILL' });
      expect(Date.now() - t).toBeLessThan(10_000);

      const ac = new AbortController();
      setTimeout(() => ac.abort(new Error('stop it')), 300);
      t = Date.now();
      await expect(sh(a.id, 'sleep 60', { signal: ac.signal })).rejects.toThrow('stop it');
      expect(Date.now() - t).toBeLessThan(5000);

      // A background job holding the output pipe neither outlives the command nor keeps exec waiting.
      t = Date.now();
      const quick = await sh(a.id, 'sleep 60 & echo $!');
      expect(Date.now() - t).toBeLessThan(3000);
      expect(await alive(quick.output.trim())).toBe(false);
    });

    it('writes, reads and removes files as the workspace user', async () => {
      const f = (p: string) => ({ area: 'project', path: p }) as const;
      expect(await d.writeFile(a.id, f('w/b/c.txt'), 'hello')).toEqual({ createdDir: 'w' });
      expect((await d.readFile(a.id, f('w/b/c.txt')))?.toString()).toBe('hello');
      const owner = await sh(a.id, 'id -u; stat -c "%u %a" w/b/c.txt');
      const [uid, st] = owner.output.trim().split('\n');
      expect(st).toBe(`${uid} 644`);

      expect(await d.writeFile(a.id, f('w/run.sh'), '#!/bin/sh\necho ran\n', { mode: 0o755 })).toEqual({
        createdDir: null,
      });
      expect((await d.exec(a.id, { argv: ['./w/run.sh'] })).output).toBe('ran\n');
      await d.writeFile(a.id, f('w/run.sh'), '#!/bin/sh\necho again\n');
      expect((await d.exec(a.id, { argv: ['./w/run.sh'] })).output).toBe('again\n');

      const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
      await d.writeFile(a.id, { area: 'home', path: '.config/yac/bin' }, bytes);
      expect(
        Buffer.compare((await d.readFile(a.id, { area: 'home', path: '.config/yac/bin' })) as Buffer, bytes),
      ).toBe(0);
      expect((await sh(a.id, 'wc -c < "$HOME/.config/yac/bin"')).output.trim()).toBe('256');
      await d.writeFile(a.id, { area: 'userData', path: 'User/settings.json' }, '{}');
      await d.writeFile(a.id, { area: 'tmp', path: 'note' }, 'tmp');
      expect(
        (await sh(a.id, `cat "${d.paths(a.id).userData}/User/settings.json" "$TMPDIR/note"`)).output,
      ).toBe('{}tmp');

      expect(await d.readFile(a.id, f('missing/file'))).toBeNull();
      await expect(d.readFile(a.id, f('w/b'))).rejects.toMatchObject({ code: 'invalid_path' });
      await d.removePath(a.id, f('w'));
      expect(await d.readFile(a.id, f('w/b/c.txt'))).toBeNull();
      await d.removePath(a.id, f('w'));
    });

    it('refuses paths that leave the workspace, through .. or symlinks', async () => {
      const f = (p: string) => ({ area: 'project', path: p }) as const;
      for (const p of ['../x', '/etc/passwd', 'a/../../x', '', '.'])
        for (const op of [
          () => d.writeFile(a.id, f(p), 'x'),
          () => d.readFile(a.id, f(p)),
          () => d.removePath(a.id, f(p)),
        ])
          await expect(op()).rejects.toMatchObject({ code: 'invalid_path' });

      const canary = `yac-canary-${randomAlnum(8)}`;
      // Where b's project is, if a can name it at all: a container sees only its own /workspace, and a
      // link to that path leads into a itself (the containment suite shows b cannot be reached).
      const other = d.paths(b.id).project === d.paths(a.id).project ? null : d.paths(b.id).project;
      await d.writeFile(b.id, f('secret.txt'), 'b-secret');
      const links = await sh(
        a.id,
        `ln -s /var/tmp to-tmp && ln -s /etc to-etc && ln -s /etc/hostname hostname && ln -s ${other ?? '/nonexistent-b'} to-b && ln -s loop loop`,
      );
      expect(links.exitCode).toBe(0);
      // A loop of links leads nowhere: writing fails, reading finds nothing or fails.
      await expect(d.writeFile(a.id, f('loop/x'), 'x')).rejects.toMatchObject({ code: 'invalid_path' });
      expect(await d.readFile(a.id, f('loop/x')).catch(() => null)).toBeNull();
      for (const p of [`to-tmp/${canary}`, `to-etc/${canary}`, `to-b/${canary}`, 'hostname']) {
        await expect(d.writeFile(a.id, f(p), 'pwned')).rejects.toMatchObject({ code: 'invalid_path' });
        await expect(d.readFile(a.id, f(p))).rejects.toMatchObject({ code: 'invalid_path' });
      }
      await expect(d.readFile(a.id, f('to-b/secret.txt'))).rejects.toMatchObject({ code: 'invalid_path' });
      await expect(d.removePath(a.id, f('to-b/secret.txt'))).rejects.toMatchObject({ code: 'invalid_path' });
      expect((await sh(a.id, `test -e /var/tmp/${canary} || test -e /etc/${canary}`)).exitCode).not.toBe(0);
      expect(await d.readFile(b.id, f(canary))).toBeNull();
      expect((await d.readFile(b.id, f('secret.txt')))?.toString()).toBe('b-secret');

      // Removing a symlink removes the link, never what it points to.
      await d.removePath(a.id, f('to-b'));
      await d.removePath(a.id, f('hostname'));
      expect((await sh(a.id, 'test -e to-b || test -L hostname')).exitCode).not.toBe(0);
      expect((await d.readFile(b.id, f('secret.txt')))?.toString()).toBe('b-secret');
      expect((await sh(a.id, 'test -e /etc/hostname')).exitCode).toBe(0);
    });

    it(
      'installs and uninstalls extensions with the IDE’s own CLI',
      async () => {
        const vsix = await bundledVsixPath('youarecoder-welcome.vsix', cacheDir);
        const installed = await d.installExtension(a.id, vsix);
        expect(installed.output).toMatch(/successfully installed/);
        expect(await d.listExtensions(a.id)).toContainEqual({ id: 'youarecoder.welcome', version: '0.1.0' });
        expect(await d.listExtensions(b.id)).toEqual([]);

        const bad = path.join(cacheDir, 'bad.vsix');
        await fs.writeFile(bad, 'not a zip');
        const err = await d.installExtension(a.id, bad).catch((e: unknown) => e);
        expect(err).toMatchObject({ code: 'extension_failed', message: expect.stringMatching(/bad\.vsix/) });
        expect((err as RuntimeError).logTail.length).toBeGreaterThan(0);

        await d.uninstallExtension(a.id, 'youarecoder.welcome');
        expect(await d.listExtensions(a.id)).toEqual([]);
        await d.uninstallExtension(a.id, 'youarecoder.welcome');
        // No vsix copies left behind in the workspace's temporary folder.
        expect((await sh(a.id, 'ls -A "$TMPDIR" | grep -c vsix')).output.trim()).toBe('0');
      },
      SLOW,
    );
  });
}
