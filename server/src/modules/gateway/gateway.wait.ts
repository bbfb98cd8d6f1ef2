// The progress page's long poll: its refresh goes to WAIT_PATH, which the gateway holds until the
// workspace's change event (NOTIFY, fanned out here) and then redirects back to the page the browser
// wanted, so a browser waiting on a starting workspace reaches the IDE as soon as it runs. The browser
// keeps showing the progress page meanwhile (a navigation in flight); no script is needed.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { GatewayAccess, GatewayAccessService } from './gateway.access.ts';
import { safeRelativePath, WAIT_PATH } from './gateway.policy.ts';
import { finish, redirect } from './gateway.reply.ts';
import type { WorkspaceHost } from './host.ts';

/** Longest a wait is held (then the page is shown again and waits anew). */
const HOLD_MS = 20_000;
/** The state is read again this often while holding, in case a notification was lost (LISTEN reconnect). */
const RECHECK_MS = 2_000;
/** Recorded as running but no socket yet: no event will say when it appears, so look again soon. */
const SOCKET_RECHECK_MS = 250;

/** Workspaces whose last change is remembered at most (older ones count as changed just now). */
const CHANGES_KEPT = 10_000;

/** Who waits for which workspace's next change. */
export interface ChangeWaiters {
  /** A change of this workspace happened: wake its waiters. */
  wake(workspaceId: string): void;
  /** Resolves true on the workspace's next change, false after `ms` or when `signal` aborts. */
  wait(workspaceId: string, ms: number, signal?: AbortSignal): Promise<boolean>;
  /** Wake everyone (shutdown). */
  wakeAll(): void;
  /** A mark of now, to ask changedSince() later (taken before a request reads the state). */
  mark(): number;
  /** Whether the workspace changed after `mark` (conservatively true when it cannot tell). */
  changedSince(workspaceId: string, mark: number): boolean;
}

/** A registry of waiters, woken by the gateway's subscription to workspace changes. */
export function createChangeWaiters(): ChangeWaiters {
  const byId = new Map<string, Set<(changed: boolean) => void>>();
  // A change that comes between a request's read of the state and its wait() would wake nobody: the
  // request would hold until the next recheck. The mark of each workspace's last change tells it.
  let counter = 0;
  /** Changes at or before this mark are no longer told apart (forgotten, or wakeAll). */
  let floor = 0;
  const lastChange = new Map<string, number>();
  const wakeSet = (set: Set<(changed: boolean) => void> | undefined) => {
    for (const fn of set ?? []) fn(true);
  };
  return {
    wake: (id) => {
      counter++;
      lastChange.delete(id);
      lastChange.set(id, counter);
      if (lastChange.size > CHANGES_KEPT) {
        const [oldest, at] = lastChange.entries().next().value as [string, number];
        lastChange.delete(oldest);
        floor = at;
      }
      wakeSet(byId.get(id));
    },
    wakeAll: () => {
      floor = ++counter;
      for (const set of [...byId.values()]) wakeSet(set);
    },
    mark: () => counter,
    changedSince: (id, mark) => Math.max(lastChange.get(id) ?? 0, floor) > mark,
    wait(id, ms, signal) {
      return new Promise((resolve) => {
        const set = byId.get(id) ?? new Set();
        byId.set(id, set);
        const done = (changed: boolean) => {
          clearTimeout(timer);
          signal?.removeEventListener('abort', aborted);
          set.delete(done);
          if (set.size === 0 && byId.get(id) === set) byId.delete(id);
          resolve(changed);
        };
        const aborted = () => done(false);
        const timer = setTimeout(() => done(false), ms);
        set.add(done);
        signal?.addEventListener('abort', aborted, { once: true });
      });
    },
  };
}

/** The state a progress page shows, as its wait URL carries it: the status, and whether the IDE answers. */
export function shownState(a: GatewayAccess): string {
  return a.socketPath ? `${a.workspace.status}+` : a.workspace.status;
}

/** The URL a progress page refreshes to: wait while the state is `a`'s, then go back to `path`. */
export function waitUrl(a: GatewayAccess, path: string): string {
  return `${WAIT_PATH}?s=${encodeURIComponent(shownState(a))}&path=${encodeURIComponent(path)}`;
}

/** Answer WAIT_PATH: redirect to `path` once the state differs from the one the page showed. */
export async function serveWait(
  req: IncomingMessage,
  res: ServerResponse,
  o: {
    access: GatewayAccessService;
    waiters: ChangeWaiters;
    token: string;
    host: WorkspaceHost;
    a: GatewayAccess;
    query: string;
    /** waiters.mark() taken before `a` was read: a change after it makes `a` stale. */
    since: number;
  },
): Promise<void> {
  if (req.method !== 'GET') return finish(req, res, 405, { allow: 'GET', 'cache-control': 'no-store' });
  const params = new URLSearchParams(o.query);
  const back = safeRelativePath(params.get('path') ?? '/') ?? '/';
  const shown = params.get('s') ?? '';
  const id = o.a.workspace.id;
  const gone = new AbortController();
  res.once('close', () => gone.abort());
  const end = performance.now() + HOLD_MS;
  let current: GatewayAccess | null = o.a;
  let since = o.since;
  while (current && shownState(current) === shown && !gone.signal.aborted) {
    // Changed while the state was being read (the event woke nobody yet): it is stale, go and see.
    if (o.waiters.changedSince(id, since)) break;
    const left = end - performance.now();
    if (left <= 0) break;
    const step =
      current.socketPath === null && current.workspace.status === 'running' ? SOCKET_RECHECK_MS : RECHECK_MS;
    const changed = await o.waiters.wait(id, Math.min(step, left), gone.signal);
    if (changed) break;
    // No event: read the state afresh rather than trust a cache a lost notification left behind.
    o.access.forgetWorkspace(id);
    since = o.waiters.mark();
    current = await o.access.resolve(o.token, o.host);
  }
  if (gone.signal.aborted) return;
  redirect(req, res, back, 303);
}
