// The container driver against podman and the real IDE runtime: the shared contract first.
import { promises as fs } from 'node:fs';
import { runtimeDriverContract } from '../../runtime.contract.ts';
import { tempDataDir } from '../process/process.test-helpers.ts';
import { containerProblem, failForMissingContainers, testContainerDriver } from './container.test-helpers.ts';

if (containerProblem) failForMissingContainers();
else
  runtimeDriverContract('container', async () => {
    const dataDir = await tempDataDir();
    return {
      driver: testContainerDriver(dataDir),
      reopen: async () => testContainerDriver(dataDir),
      cleanup: () => fs.rm(dataDir, { recursive: true, force: true }),
    };
  });
