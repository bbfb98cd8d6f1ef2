// What the container driver's integration tests share: whether this host can run container workspaces
// (a failing test that says what is missing, never a silent skip), and a driver on a DATA_DIR of its own.
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { describe, it } from 'vitest';
import type { RuntimeDriver, WorkspaceLimits } from '../../runtime.ts';
import { ide, tempDataDir, workspaceIds } from '../process/process.test-helpers.ts';
import { createRuntimeDriver } from '../registry.ts';
import { containerSupport } from './support.ts';

/** Why this host cannot run container workspaces, or null. */
export const containerProblem: string | null = ide.installed
  ? containerSupport()
  : `The IDE runtime is not installed in ${ide.cacheDir}: run \`npm run setup:ide\` first (CI does).`;

/** Register one failing test that says what to install (call it when `containerProblem` is set). */
export function failForMissingContainers(): void {
  describe('container driver', () => {
    it('needs podman and the workspace image', () => {
      throw new Error(containerProblem ?? 'no problem');
    });
  });
}

/** Small limits, so tests reach them quickly. */
export const SMALL: WorkspaceLimits = {
  cpus: 1,
  memoryBytes: 1024 ** 3,
  processes: 512,
  diskBytes: 512 * 1024 ** 2,
};

/** The container driver as the tests run it (through the registry) on `dataDir`. */
export function testContainerDriver(dataDir: string): RuntimeDriver {
  return createRuntimeDriver('container', { dataDir, ide, startTimeoutMs: 60_000, stopGraceMs: 5000 });
}

/**
 * A test file's container driver on a fresh DATA_DIR: `start` it in beforeAll; `stop` in afterAll
 * destroys every workspace made with `newId` and removes the DATA_DIR.
 */
export function containerDriverFixture() {
  const { newId, destroyAll } = workspaceIds();
  let started: { dataDir: string; driver: RuntimeDriver } | null = null;
  return {
    newId,
    async start(): Promise<{ dataDir: string; driver: RuntimeDriver }> {
      const dataDir = await tempDataDir();
      started = { dataDir, driver: testContainerDriver(dataDir) };
      return started;
    },
    async stop(): Promise<void> {
      if (!started) return;
      await destroyAll(started.driver);
      await fs.rm(started.dataDir, { recursive: true, force: true });
    },
  };
}

/** Run a command on the host (for what the tests check from outside: mounts, loop devices, processes). */
export function host(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: 'utf8' });
  } catch (err) {
    return String((err as { stdout?: string }).stdout ?? '');
  }
}
