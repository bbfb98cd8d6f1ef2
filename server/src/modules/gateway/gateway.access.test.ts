// The cookie cache and workspace changes: a lookup in flight when a change arrives may have read the old
// state; it must not stay cached (for the cache's whole TTL) after the change.
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Ids } from '../../platform/ids.ts';
import { createGatewayAccess } from './gateway.access.ts';
import type { GatewayWorkspace, GatewayWorkspaces } from './gateway.workspaces.ts';

const WS = 'ws_accesstest';
const host = { workspace: 'web', company: 'acme' };
const workspace = (status: GatewayWorkspace['status']): GatewayWorkspace => ({
  id: WS,
  companyId: 'cmp_x',
  ownerId: 'usr_x',
  name: 'web',
  sharedWithAdmins: false,
  status,
  statusReason: null,
});

/** A promise and the function that settles it. */
function deferred<T>() {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A database whose every query builder chain resolves to what `next()` gives (the session's row). */
function fakeDb(next: () => Promise<unknown[]>): Db {
  const chain = (): unknown =>
    new Proxy(() => undefined, {
      get: (_t, k) =>
        k === 'then'
          ? (ok: (v: unknown) => void, fail: (e: unknown) => void) => next().then(ok, fail)
          : () => chain(),
    });
  return { select: () => chain() } as unknown as Db;
}

const sessionRow = {
  workspaceId: WS,
  sessionId: 'ses_x',
  csrfToken: 'csrf',
  user: {
    id: 'usr_x',
    companyId: 'cmp_x',
    email: 'a@example.com',
    role: 'owner',
    locale: 'en',
    emailVerifiedAt: new Date(),
  },
};

describe('gateway access cache', () => {
  it('drops a lookup that was in flight when its workspace changed', async () => {
    const sessionRead = deferred<unknown[]>();
    let reads = 0;
    // The first read of the session waits (the change arrives meanwhile); later ones answer at once.
    const db = fakeDb(() => (reads++ === 0 ? sessionRead.promise : Promise.resolve([sessionRow])));
    let status: GatewayWorkspace['status'] = 'starting';
    const workspaces = {
      byHost: async () => workspace(status),
      socketPath: async () => '/run/cs.sock',
    } as unknown as GatewayWorkspaces;
    const access = createGatewayAccess({
      db,
      clock: systemClock,
      ids: {} as Ids,
      workspaces,
      ticketTtlMs: 60_000,
      cacheTtlMs: 60_000,
      cacheMax: 100,
    });
    const first = access.resolve('token', host);
    // The workspace starts and its change event arrives while the lookup has not read the session yet.
    access.forgetWorkspace(WS);
    // The lookup read the workspace before the change committed: what it answers its caller is old…
    sessionRead.resolve([sessionRow]);
    expect((await first)?.workspace.status).toBe('starting');
    status = 'running';
    // …but the next request does not get that from the cache: it reads again.
    expect(access.peek('token', host)).toBeUndefined();
    expect((await access.resolve('token', host))?.workspace.status).toBe('running');
    expect(access.peek('token', host)?.socketPath).toBe('/run/cs.sock');
  });
});
