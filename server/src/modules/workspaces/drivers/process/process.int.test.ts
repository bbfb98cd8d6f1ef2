// The process driver against the real IDE runtime: the shared contract, then what only this driver
// promises (a clean environment, folder owners and modes, one Linux user per workspace when root).
import { execFile, spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runtimeDriverContract } from '../../runtime.contract.ts';
import type { RuntimeDriver, RuntimeInspection } from '../../runtime.ts';
import { bundledVsixPath } from '../../templates/bundled.ts';
import { createRuntimeDriver } from '../registry.ts';
import {
  failForMissingRuntime,
  ide,
  isRoot,
  problem,
  processDriverFixture,
  SLOW,
  tempDataDir,
} from './process.test-helpers.ts';
import { createProcessDriver, type ProcessDriverOptions } from './process-driver.ts';

function makeDriver(dataDir: string, isolate?: boolean): RuntimeDriver {
  const opts: ProcessDriverOptions = { dataDir, ide, startTimeoutMs: 60_000, stopGraceMs: 5000 };
  // Through the registry, as services get it; directly only to turn isolation off as root.
  return isolate === undefined
    ? createRuntimeDriver('process', opts)
    : createProcessDriver({ ...opts, isolate });
}

/** Run a shell command as a workspace's user, as a terminal in its code-server would. */
function runAs(ins: RuntimeInspection, dataDir: string, cmd: string): Promise<{ code: number; out: string }> {
  const home = path.join(dataDir, 'workspaces', ins.id, 'home');
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', cmd], {
      uid: ins.user?.uid,
      gid: ins.user?.gid,
      cwd: path.join(dataDir, 'workspaces', ins.id, 'project'),
      env: { HOME: home, PATH: '/usr/bin:/bin' },
    });
    let out = '';
    child.stdout.on('data', (c) => {
      out += c;
    });
    child.stderr.on('data', (c) => {
      out += c;
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, out }));
  });
}

if (problem) failForMissingRuntime();
else {
  runtimeDriverContract('process', async () => {
    const dataDir = await tempDataDir();
    return {
      driver: makeDriver(dataDir),
      reopen: async () => makeDriver(dataDir),
      cleanup: () => fs.rm(dataDir, { recursive: true, force: true }),
    };
  });

  // As root, the contract also runs without isolation: the way non-root hosts (CI, laptops) run it.
  if (isRoot)
    runtimeDriverContract('process, not isolated', async () => {
      const dataDir = await tempDataDir();
      return {
        driver: makeDriver(dataDir, false),
        reopen: async () => makeDriver(dataDir, false),
        cleanup: () => fs.rm(dataDir, { recursive: true, force: true }),
      };
    });

  describe('process driver on this host', () => {
    let dataDir: string;
    let d: RuntimeDriver;
    const fixture = processDriverFixture();
    const { newId } = fixture;
    const wsDir = (id: string, ...sub: string[]) => path.join(dataDir, 'workspaces', id, ...sub);

    beforeAll(async () => {
      ({ dataDir, driver: d } = await fixture.start());
      // The platform's own environment must not reach workspaces.
      process.env.YAC_PLATFORM_SECRET_CANARY = 'do-not-leak';
    });
    afterAll(async () => {
      await fixture.stop();
      delete process.env.YAC_PLATFORM_SECRET_CANARY;
    }, SLOW);

    it('isolates exactly when the platform runs as root', () => {
      expect(d.isolated).toBe(isRoot);
    });

    it(
      'gives code-server a clean environment and the spec env, in the project folder',
      async () => {
        const id = newId();
        await d.create({ id, name: 'Env', env: { GREETING: 'merhaba', LANG: 'tr_TR.UTF-8' }, folder: 'app' });
        await fs.mkdir(wsDir(id, 'project', 'app'));
        const ins = await d.start(id);
        const env = new Map(
          (await fs.readFile(`/proc/${ins.pid}/environ`, 'utf8'))
            .split('\0')
            .filter(Boolean)
            .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
        );
        expect(env.get('HOME')).toBe(wsDir(id, 'home'));
        expect(env.get('GREETING')).toBe('merhaba');
        expect(env.get('LANG')).toBe('tr_TR.UTF-8');
        expect(env.get('PATH')?.split(':')[0]).toBe(path.dirname(ide.nodeBin));
        expect(env.has('YAC_PLATFORM_SECRET_CANARY')).toBe(false);
        expect(await fs.readlink(`/proc/${ins.pid}/cwd`)).toBe(wsDir(id, 'project'));
        expect((await fs.readFile(`/proc/${ins.pid}/cmdline`, 'utf8')).split('\0')).toContain(
          wsDir(id, 'project', 'app'),
        );
        // run/ is the platform's alone; the rest belongs to the workspace.
        const run = await fs.stat(wsDir(id, 'run'));
        expect([run.uid, run.mode & 0o777]).toEqual([process.getuid?.(), 0o700]);
        for (const sub of ['home', 'user-data', 'extensions', 'project', 'tmp', 'sock']) {
          const st = await fs.stat(wsDir(id, sub));
          expect([sub, st.mode & 0o777, st.uid]).toEqual([sub, 0o700, ins.user?.uid ?? process.getuid?.()]);
        }
        await d.destroy(id);
      },
      SLOW,
    );

    it.skipIf(!isRoot)(
      'as root: a workspace process can read its own files, not another workspace’s nor the platform’s',
      async () => {
        // DATA_DIR as `mkdir` makes it with the default umask: listable by everyone until the driver closes it.
        await fs.chmod(dataDir, 0o755);
        const a = await d.create({ id: newId(), name: 'A' });
        const b = await d.create({ id: newId(), name: 'B' });
        expect((await fs.stat(dataDir)).mode & 0o777).toBe(0o751);
        await d.start(a.id);
        const bRunning = await d.start(b.id);
        expect(a.user?.uid).not.toBe(b.user?.uid);
        const status = await fs.readFile(`/proc/${bRunning.pid}/status`, 'utf8');
        expect(status).toMatch(new RegExp(`^Uid:\\s+${b.user?.uid}\\s`, 'm'));
        expect(status).toMatch(/^Groups:\s*$/m); // root's supplementary groups dropped

        const own = wsDir(a.id, 'project', 'own.txt');
        expect(await runAs(a, dataDir, `echo mine > ${own} && cat ${own}`)).toEqual({
          code: 0,
          out: 'mine\n',
        });
        // World-readable on purpose: the folders, not the file's mode, must keep A out.
        const theirs = wsDir(b.id, 'project', 'secret.txt');
        await fs.writeFile(theirs, 'b-secret', { mode: 0o644 });
        await fs.chown(theirs, b.user?.uid ?? 0, b.user?.gid ?? 0);
        // The platform's data, as embedded PostgreSQL keeps it: a 0700 folder of 0600 files.
        await fs.mkdir(path.join(dataDir, 'pg'), { mode: 0o700 });
        const pgFile = path.join(dataDir, 'pg', 'secret');
        await fs.writeFile(pgFile, 'pg-secret', { mode: 0o600 });

        for (const cmd of [
          `cat ${theirs}`,
          `cat ${wsDir(b.id, 'home', '.config', 'code-server', 'config.yaml')}`,
          `ls ${wsDir(b.id, 'run')}`,
          `ls ${path.join(dataDir, 'workspaces')}`,
          `ls ${dataDir}`,
          `cat ${pgFile}`,
          `ls ${path.join(dataDir, 'pg')}`,
        ]) {
          const r = await runAs(a, dataDir, cmd);
          expect([cmd, r.code !== 0, r.out]).toEqual([cmd, true, expect.stringMatching(/Permission denied/)]);
        }
        // B's IDE socket: not even a connection attempt gets through.
        const connect = `${ide.nodeBin} -e "require('net').connect('${bRunning.socketPath}').on('error', (e) => { console.error(e.code); process.exit(3) }).on('connect', () => process.exit(0))"`;
        expect(await runAs(a, dataDir, connect)).toEqual({ code: 3, out: 'EACCES\n' });
      },
      SLOW,
    );

    it.skipIf(!isRoot)(
      'as root: files and extensions are the workspace user’s, and a link to /root leads nowhere',
      async () => {
        const ins = await d.create({ id: newId(), name: 'Ops' });
        const uid = ins.user?.uid as number;
        await d.writeFile(ins.id, { area: 'project', path: 'deep/er/file.txt' }, 'x');
        for (const p of ['deep', 'deep/er', 'deep/er/file.txt'])
          expect((await fs.stat(wsDir(ins.id, 'project', p))).uid).toBe(uid);

        // root's home is closed to the workspace user, and the platform (root) never writes there for it.
        const canary = `yac-canary-${Date.now()}`;
        await d.exec(ins.id, { argv: ['ln', '-s', '/root', 'root-home'] });
        await expect(
          d.writeFile(ins.id, { area: 'project', path: `root-home/${canary}` }, 'pwned'),
        ).rejects.toMatchObject({ code: 'invalid_path' });
        await expect(
          d.readFile(ins.id, { area: 'project', path: 'root-home/.bashrc' }),
        ).rejects.toMatchObject({
          code: 'invalid_path',
        });
        await expect(fs.stat(path.join('/root', canary))).rejects.toMatchObject({ code: 'ENOENT' });

        const vsix = await bundledVsixPath('youarecoder-welcome.vsix', path.join(dataDir, 'vsix-cache'));
        await d.installExtension(ins.id, vsix);
        const installed = wsDir(ins.id, 'extensions', 'youarecoder.welcome-0.1.0', 'package.json');
        expect(JSON.parse(await fs.readFile(installed, 'utf8'))).toMatchObject({ publisher: 'youarecoder' });
        expect((await fs.stat(installed)).uid).toBe(uid);
        expect((await fs.stat(wsDir(ins.id, 'extensions', 'extensions.json'))).uid).toBe(uid);
        expect(await fs.readdir(wsDir(ins.id, 'tmp'))).toEqual([]);
        await d.destroy(ins.id);
      },
      SLOW,
    );

    it.skipIf(!isRoot)(
      'as root: stop ends processes that left the IDE’s process group; destroy removes the user',
      async () => {
        const ins = await d.start((await d.create({ id: newId(), name: 'Daemon' })).id);
        const name = ins.user?.name as string;
        // A daemon in a session of its own, as `nohup … &` or `setsid` in a terminal would leave behind.
        expect(
          (await runAs(ins, dataDir, 'setsid sleep 600 >/dev/null 2>&1 < /dev/null & echo started')).code,
        ).toBe(0);
        // Zombies do not count: whoever inherited them reaps them in its own time.
        const pids = () =>
          new Promise<string>((resolve) =>
            execFile('ps', ['-o', 'pid=,stat=', '-u', name], (_e, out) =>
              resolve(
                out
                  .split('\n')
                  .filter((l) => l.trim() && !/\bZ/.test(l))
                  .join('\n'),
              ),
            ),
          );
        expect(await pids()).not.toBe('');
        await d.stop(ins.id);
        expect(await pids()).toBe('');
        await d.destroy(ins.id);
        const getent = await new Promise<number>((resolve) =>
          execFile('getent', ['passwd', name], (e) => resolve(e ? Number(e.code) : 0)),
        );
        expect(getent).toBe(2);
        await expect(fs.stat(wsDir(ins.id))).rejects.toMatchObject({ code: 'ENOENT' });
      },
      SLOW,
    );
  });
}
