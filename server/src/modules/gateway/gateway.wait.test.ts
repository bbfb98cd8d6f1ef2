// The progress page's wait: a change that comes after the gateway read the workspace's state but before
// the wait began woke nobody, so the browser was held until the next recheck (2 s) although the IDE ran.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { GatewayAccess, GatewayAccessService } from './gateway.access.ts';
import { type ChangeWaiters, createChangeWaiters, serveWait } from './gateway.wait.ts';

const WS = 'ws_waittest';
const access = (status: 'starting' | 'running', socketPath: string | null): GatewayAccess =>
  ({
    workspace: {
      id: WS,
      companyId: 'cmp_x',
      ownerId: 'usr_x',
      name: 'web',
      sharedWithAdmins: false,
      status,
      statusReason: null,
    },
    principal: { locale: 'en' },
    socketPath,
  }) as unknown as GatewayAccess;

let server: http.Server | undefined;
afterEach(() => server?.close());

/** GET a path of a server whose only route is `handle`; the status and Location of its answer. */
async function get(handle: http.RequestListener, path: string) {
  server = http.createServer(handle);
  await new Promise<void>((r) => server?.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  const res = await fetch(`http://127.0.0.1:${port}${path}`, { redirect: 'manual' });
  return { status: res.status, location: res.headers.get('location') };
}

describe('change waiters', () => {
  it('tell whether a workspace changed after a mark, and count everything as changed after wakeAll', () => {
    const w = createChangeWaiters();
    const before = w.mark();
    expect(w.changedSince(WS, before)).toBe(false);
    w.wake('ws_other');
    expect(w.changedSince(WS, before)).toBe(false);
    w.wake(WS);
    expect(w.changedSince(WS, before)).toBe(true);
    const after = w.mark();
    expect(w.changedSince(WS, after)).toBe(false);
    w.wakeAll();
    expect(w.changedSince(WS, after)).toBe(true);
    expect(w.changedSince('ws_never_seen', after)).toBe(true);
  });
});

describe('serveWait', () => {
  it('answers at once when the workspace changed between reading its state and waiting', async () => {
    const waiters = createChangeWaiters();
    const waits: string[] = [];
    const watched: ChangeWaiters = {
      ...waiters,
      wait: (id, ms, signal) => {
        waits.push(id);
        return waiters.wait(id, ms, signal);
      },
    };
    // What a lookup reads now: running, with its socket.
    const fake = {
      resolve: async () => access('running', '/run/cs.sock'),
      forgetWorkspace: () => undefined,
    } as unknown as GatewayAccessService;
    const answer = await get((req, res) => {
      const since = waiters.mark();
      // The state as read for this request: starting, as the progress page showed it…
      const stale = access('starting', null);
      // …and the workspace's change event, which arrives before the wait is registered.
      waiters.wake(WS);
      void serveWait(req, res, {
        access: fake,
        waiters: watched,
        token: 't',
        host: { workspace: 'web', company: 'acme' },
        a: stale,
        query: 's=starting&path=%2Fx',
        since,
      });
    }, '/__yac/wait?s=starting&path=%2Fx');
    expect(answer).toEqual({ status: 303, location: '/x' });
    // Redirected without holding for the next recheck.
    expect(waits).toEqual([]);
  });

  it('still holds a wait whose state has not changed', async () => {
    const waiters = createChangeWaiters();
    const fake = {
      resolve: async () => access('running', '/run/cs.sock'),
      forgetWorkspace: () => undefined,
    } as unknown as GatewayAccessService;
    const waited: string[] = [];
    const answer = await get((req, res) => {
      const since = waiters.mark();
      void serveWait(req, res, {
        access: fake,
        waiters: {
          ...waiters,
          wait: (id, ms, signal) => {
            waited.push(id);
            // The change comes while held: that wakes it.
            setImmediate(() => waiters.wake(WS));
            return waiters.wait(id, ms, signal);
          },
        },
        token: 't',
        host: { workspace: 'web', company: 'acme' },
        a: access('starting', null),
        query: 's=starting&path=%2F',
        since,
      });
    }, '/__yac/wait?s=starting&path=%2F');
    expect(answer).toEqual({ status: 303, location: '/' });
    expect(waited).toEqual([WS]);
  });
});
