// The process driver across platform deaths and failed starts: a platform killed with SIGKILL (after a
// start, or in the middle of one) leaves code-server running, and the next platform adopts it.
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectIdeAnswers } from '../../runtime.contract.ts';
import type { RuntimeDriver } from '../../runtime.ts';
import { createRuntimeDriver } from '../registry.ts';
import { failForMissingRuntime, ide, problem, processDriverFixture, SLOW } from './process.test-helpers.ts';

// tsx's loader in the same process (its CLI would run the script in a child, which SIGKILL would miss).
const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve('tsx')).href;
const REGISTRY = fileURLToPath(new URL('../registry.ts', import.meta.url));

// A stand-in platform in a process of its own: creates and starts a workspace, says when it got to
// `until` (the pid file exists, or the start finished), then waits to be killed.
const PLATFORM = `
import { existsSync } from 'node:fs';
import { createRuntimeDriver } from ${JSON.stringify(REGISTRY)};
const [dataDir, cacheDir, id, until] = process.argv.slice(2);
const { ideRuntimePaths } = await import(${JSON.stringify(fileURLToPath(new URL('../../../../platform/ide-runtime.ts', import.meta.url)))});
const d = createRuntimeDriver('process', { dataDir, ide: ideRuntimePaths(cacheDir) });
await d.create({ id, name: 'restart' });
const started = d.start(id);
if (until === 'spawned') {
  while (!existsSync(dataDir + '/workspaces/' + id + '/run/code-server.pid')) await new Promise((r) => setTimeout(r, 5));
} else await started;
console.log('reached');
setInterval(() => {}, 60_000);
`;

async function platformKilledAt(dataDir: string, id: string, until: 'spawned' | 'started'): Promise<void> {
  const script = path.join(path.dirname(dataDir), `${path.basename(dataDir)}-platform.mts`);
  await fs.writeFile(script, PLATFORM);
  const child = spawn(process.execPath, ['--import', TSX_LOADER, script, dataDir, ide.cacheDir, id, until], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (c) => {
      out += c;
      if (out.includes('reached')) resolve();
    });
    child.stderr.on('data', (c) => {
      out += c;
    });
    child.on('exit', (code) => reject(new Error(`platform exited (${code}) early:\n${out}`)));
  });
  child.removeAllListeners('exit');
  const gone = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await gone;
  await fs.rm(script, { force: true });
}

if (problem) failForMissingRuntime();
else
  describe('process driver across platform deaths and failed starts', () => {
    let dataDir: string;
    let d: RuntimeDriver;
    const fixture = processDriverFixture();
    const { newId } = fixture;

    beforeAll(async () => {
      ({ dataDir, driver: d } = await fixture.start());
    });
    afterAll(() => fixture.stop(), SLOW);

    it(
      'a platform killed after a start leaves code-server running; the next one adopts and stops it',
      async () => {
        const id = newId();
        await platformKilledAt(dataDir, id, 'started');
        const ins = await d.inspect(id);
        expect(ins.state.status).toBe('running');
        await expectIdeAnswers(ins.socketPath as string);
        expect((await d.list()).filter((i) => i.orphan)).toEqual([]);
        expect((await d.stop(id)).state.status).toBe('stopped');
        expect((await d.stats(id))?.processes).toBe(0);
      },
      SLOW,
    );

    it(
      'a platform killed in the middle of a start: the next start adopts that process',
      async () => {
        const id = newId();
        await platformKilledAt(dataDir, id, 'spawned');
        const ins = await d.inspect(id);
        expect(['starting', 'running']).toContain(ins.state.status);
        const started = await d.start(id);
        expect(started).toMatchObject({ state: { status: 'running' }, pid: ins.pid });
        await expectIdeAnswers(started.socketPath as string);
        await d.destroy(id);
      },
      SLOW,
    );

    it(
      'a start that gets no answer in time fails with the log, ends the process, and shows crashed',
      async () => {
        const id = newId();
        const hasty = createRuntimeDriver('process', { dataDir, ide, startTimeoutMs: 100 });
        await hasty.create({ id, name: 'hasty' });
        const err = await hasty.start(id).catch((e: unknown) => e);
        expect(err).toMatchObject({ name: 'RuntimeError', code: 'start_timeout' });
        const ins = await d.inspect(id);
        if (ins.state.status !== 'crashed') throw new Error(`expected crashed, got ${ins.state.status}`);
        expect(ins.state.reason).toMatch(/did not answer within/);
        expect((await d.stats(id))?.processes).toBe(0);
        expect((await d.start(id)).state.status).toBe('running');
        await d.destroy(id);
      },
      SLOW,
    );

    it('without the runtime, start says to install it and the workspace stays created', async () => {
      const id = newId();
      const bare = createRuntimeDriver('process', { dataDir, ide: { ...ide, installed: false } });
      await bare.create({ id, name: 'bare' });
      await expect(bare.start(id)).rejects.toMatchObject({
        code: 'runtime_missing',
        message: expect.stringContaining('npm run setup:ide'),
      });
      expect((await bare.inspect(id)).state.status).toBe('created');
      await bare.destroy(id);
    });
  });
