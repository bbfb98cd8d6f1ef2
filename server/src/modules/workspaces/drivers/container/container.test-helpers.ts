// What the container driver's integration tests share: whether this host can run container workspaces
// (a failing test that says what is missing, never a silent skip), and a driver on a DATA_DIR of its own.
import { describe, it } from 'vitest';
import type { RuntimeDriver, WorkspaceLimits } from '../../runtime.ts';
import { ide } from '../process/process.test-helpers.ts';
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
