// What the process driver's integration tests share: the IDE runtime to test with, a failing test (never
// a silent skip) when there is none this host can use, and a driver on a DATA_DIR of its own per test file.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'vitest';
import { defaultIdeCacheDir, ideRuntimePaths } from '../../../../platform/ide-runtime.ts';
import { randomAlnum } from '../../../../platform/ids.ts';
import type { RuntimeDriver } from '../../runtime.ts';
import { unreachableBy } from '../common/files.ts';
import { createRuntimeDriver } from '../registry.ts';

/** The runtime under test: IDE_CACHE_DIR (the variable `npm run setup:ide` honours) or the default. */
export const ide = ideRuntimePaths(process.env.IDE_CACHE_DIR || defaultIdeCacheDir());

/** Whether the tests run as root (workspaces then run as users of their own). */
export const isRoot = process.getuid?.() === 0;

/** Per-test timeout for tests that start code-server. */
export const SLOW = 120_000;

async function findProblem(): Promise<string | null> {
  if (!ide.installed)
    return `The IDE runtime (Node ${ide.versions.node}, code-server ${ide.versions.codeServer}) is not installed in ${ide.cacheDir}. Run \`npm run setup:ide\` first (CI does).`;
  const blocked = isRoot ? await unreachableBy(ide.codeServerEntry, -1) : null;
  if (blocked)
    return `Running as root, workspaces run as users of their own, who cannot reach the IDE runtime: ${blocked}. Install it where any user may read it and point the tests there: IDE_CACHE_DIR=/var/cache/youarecoder/ide npm run setup:ide (or, for a quick run, a hard-linked copy: mkdir -p /var/cache/youarecoder && cp -al ${ide.cacheDir} /var/cache/youarecoder/ide), then run the tests with IDE_CACHE_DIR=/var/cache/youarecoder/ide.`;
  return null;
}

/** Why this host cannot run the tests, or null. */
export const problem = await findProblem();

/** Register one failing test that says what to install (call it when `problem` is set). */
export function failForMissingRuntime(): void {
  describe('process driver', () => {
    it('needs a usable IDE runtime', () => {
      throw new Error(problem ?? 'no problem');
    });
  });
}

/** A fresh DATA_DIR (0700, as mkdtemp makes it: the driver must cope). */
export function tempDataDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'yac-ws-'));
}

/** Fresh workspace ids that are remembered, so a test file can destroy all it made. */
export function workspaceIds() {
  const made: string[] = [];
  return {
    made,
    newId: () => {
      const id = `ws_${randomAlnum(20)}`;
      made.push(id);
      return id;
    },
    /** Destroy every workspace this file made (best effort: a failed test may have left any state). */
    destroyAll: async (d: RuntimeDriver) => {
      for (const id of made) await d.destroy(id, { graceMs: 1000 }).catch(() => undefined);
    },
  };
}

/** The process driver as the tests run it (through the registry, as services get it) on `dataDir`. */
export function testProcessDriver(dataDir: string): RuntimeDriver {
  return createRuntimeDriver('process', { dataDir, ide, startTimeoutMs: 60_000, stopGraceMs: 5000 });
}

/**
 * A test file's process driver (testProcessDriver) on a fresh DATA_DIR: `start` it in beforeAll; `stop`
 * in afterAll destroys every workspace made with `newId` and removes the DATA_DIR.
 */
export function processDriverFixture() {
  const { newId, destroyAll } = workspaceIds();
  let started: { dataDir: string; driver: RuntimeDriver } | null = null;
  return {
    newId,
    async start(): Promise<{ dataDir: string; driver: RuntimeDriver }> {
      const dataDir = await tempDataDir();
      const driver = createRuntimeDriver('process', {
        dataDir,
        ide,
        startTimeoutMs: 60_000,
        stopGraceMs: 5000,
      });
      started = { dataDir, driver };
      return started;
    },
    async stop(): Promise<void> {
      if (!started) return;
      await destroyAll(started.driver);
      await fs.rm(started.dataDir, { recursive: true, force: true });
    },
  };
}
