// The benches' view of the workspaces API: calls as a signed-up owner, waiting for a state, and removing
// every workspace a bench made (through the API, then whatever is left through the driver directly), so
// no code-server process or workspace user outlives a bench.
import { performance } from 'node:perf_hooks';
import {
  createRuntimeDriver,
  type RuntimeDriverName,
} from '../../server/src/modules/workspaces/drivers/registry.ts';
import type { ideRuntimePaths } from '../../server/src/platform/ide-runtime.ts';
import type { Browser } from './browser.ts';
import { sleep } from './stats.ts';

/** The fields of a workspace the benches read. */
export interface WorkspaceRow {
  id: string;
  status: string;
  statusReason: string | null;
  url: string;
}

type Method = 'GET' | 'POST' | 'DELETE';

/** A client of the workspaces API for one browser (cookie jar); `portal()` is read at each call. */
export function workspacesApi(api: Browser, portal: () => string, o: { timeoutMs: number; pollMs: number }) {
  const call = <T = WorkspaceRow>(method: Method, p: string, body?: unknown) =>
    api.api<T>(portal(), method, p, body);
  /** Poll until `want` holds; throws when the workspace failed or the time ran out. */
  const waitStatus = async (id: string, want: (status: number, w: WorkspaceRow) => boolean) => {
    const end = performance.now() + o.timeoutMs;
    for (;;) {
      const r = await call('GET', `/api/v1/workspaces/${id}`);
      if (want(r.status, r.body)) return;
      if (r.body.status === 'failed') throw new Error(`${id} failed: ${r.body.statusReason}`);
      if (performance.now() > end) throw new Error(`${id}: still ${r.body.status}`);
      await sleep(o.pollMs);
    }
  };
  /** Delete the workspaces made (and wait for each to be gone), then destroy what the driver still has. */
  const removeAll = async (
    made: Iterable<string>,
    driver: { name: RuntimeDriverName; dataDir: string; ide: ReturnType<typeof ideRuntimePaths> },
  ) => {
    for (const id of [...made]) {
      await call('DELETE', `/api/v1/workspaces/${id}`).catch(() => undefined);
      await waitStatus(id, (s) => s === 404).catch((err) => console.error(`cleanup ${id}: ${err}`));
    }
    const leftover = createRuntimeDriver(driver.name, { dataDir: driver.dataDir, ide: driver.ide });
    for (const w of await leftover.list().catch(() => []))
      await leftover.destroy(w.id, { graceMs: 1_000 }).catch(() => undefined);
  };
  return { call, waitStatus, removeAll };
}
