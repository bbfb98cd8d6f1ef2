// Workspace changes as events: NOTIFY in the transaction that made the change (delivered on commit,
// to every process), LISTEN once per process, fanned out to Server-Sent Event streams.
import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import type { Listener } from '../../platform/db/listen.ts';

/** The channel of workspace events. */
export const WORKSPACE_CHANNEL = 'workspace_events';

/** What changed: the workspace (state, settings) or one provisioning step. */
export interface WorkspaceChange {
  id: string;
  kind: 'workspace' | 'step' | 'deleted';
  index?: number;
}

/** Publish and subscribe to workspace changes. */
export interface WorkspaceEvents {
  notify(exec: Executor, change: WorkspaceChange): Promise<void>;
  /** Changes of one workspace until the returned function is called. */
  subscribe(id: string, fn: (change: WorkspaceChange) => void): () => void;
  /** Changes of every workspace (the gateway drops what it cached about one that changed). */
  subscribeAll(fn: (change: WorkspaceChange) => void): () => void;
}

/** Workspace events over a LISTEN connection. */
export function createWorkspaceEvents(listener: Listener): WorkspaceEvents {
  const byId = new Map<string, Set<(c: WorkspaceChange) => void>>();
  const everyone = new Set<(c: WorkspaceChange) => void>();
  let unlisten: (() => void) | null = null;
  const onPayload = (payload: string) => {
    let change: WorkspaceChange;
    try {
      change = JSON.parse(payload) as WorkspaceChange;
    } catch {
      return;
    }
    for (const fn of byId.get(change.id) ?? []) fn(change);
    for (const fn of everyone) fn(change);
  };
  const release = () => {
    if (byId.size === 0 && everyone.size === 0 && unlisten) {
      unlisten();
      unlisten = null;
    }
  };
  return {
    async notify(exec, change) {
      await exec.execute(sql`select pg_notify(${WORKSPACE_CHANNEL}, ${JSON.stringify(change)})`);
    },
    subscribe(id, fn) {
      const set = byId.get(id) ?? new Set();
      byId.set(id, set);
      set.add(fn);
      unlisten ??= listener.subscribe(WORKSPACE_CHANNEL, onPayload);
      return () => {
        set.delete(fn);
        if (set.size === 0) byId.delete(id);
        release();
      };
    },
    subscribeAll(fn) {
      everyone.add(fn);
      unlisten ??= listener.subscribe(WORKSPACE_CHANNEL, onPayload);
      return () => {
        everyone.delete(fn);
        release();
      };
    },
  };
}
