// Who may reach a workspace host: tickets (issued by the portal after the access check, redeemed once on
// the workspace host) and the cookie sessions they turn into, validated with a short in-memory cache so
// a page load's hundred requests cost one lookup, while a logout or a lost right bites within seconds.
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import type { Principal } from '../../platform/http/auth.ts';
import { hashSecret, type Ids } from '../../platform/ids.ts';
import { canOpenWorkspace } from './gateway.policy.ts';
import * as repo from './gateway.repo.ts';
import type { GatewayWorkspace, GatewayWorkspaces } from './gateway.workspaces.ts';
import type { WorkspaceHost } from './host.ts';

/** What a valid gateway cookie grants on its host, as last read (at most the cache's TTL ago). */
export interface GatewayAccess {
  workspace: GatewayWorkspace;
  principal: Principal;
  /** The IDE's socket when the workspace is running and the runtime says so, else null. */
  socketPath: string | null;
}

/** A gateway session just made from a ticket: the cookie's value and how long it may live. */
export interface IssuedGatewaySession {
  token: string;
  expiresAt: Date;
  /** The platform session is a "remember me" one: the cookie gets an expiry, else it ends with the browser. */
  persistent: boolean;
}

/** Options of createGatewayAccess. */
export interface GatewayAccessOptions {
  db: Db;
  clock: Clock;
  ids: Ids;
  workspaces: GatewayWorkspaces;
  /** How long a ticket is good for (ms). */
  ticketTtlMs: number;
  /** How long a cookie's validation is reused (ms); 0 = read every time. */
  cacheTtlMs: number;
  /** Most cookies remembered at once (oldest dropped first). */
  cacheMax: number;
}

interface Entry {
  at: number;
  value: Promise<GatewayAccess | null>;
  /** The value once the promise has settled with it (what peek() answers from). */
  settled?: GatewayAccess | null;
  workspaceId?: string;
}

/** Tickets, gateway sessions and cookie validation. */
export function createGatewayAccess(o: GatewayAccessOptions) {
  const { db, clock, ids, workspaces } = o;
  const cache = new Map<string, Entry>();

  /** The live gateway session of a token hash: its workspace id and the user as a principal. */
  const loadSession = async (tokenHash: string) => {
    const row = await repo.findLiveGatewaySession(db, tokenHash, clock.now());
    if (!row) return null;
    const principal: Principal = {
      userId: row.user.id,
      companyId: row.user.companyId,
      email: row.user.email,
      role: row.user.role,
      locale: row.user.locale,
      emailVerified: row.user.emailVerifiedAt !== null,
      sessionId: row.sessionId,
      csrfToken: row.csrfToken,
      tokenId: null,
    };
    return { workspaceId: row.workspaceId, principal };
  };

  // The cache is keyed by the cookie's token itself, not its hash: a hit (nearly every request) then
  // costs no SHA-256. The token sits in memory for the cache's TTL, beside the principal it grants.
  const keyOf = (token: string, host: WorkspaceHost) => `${host.workspace}--${host.company} ${token}`;
  const fresh = (entry: Entry | undefined, now: number): entry is Entry =>
    entry !== undefined && now - entry.at < o.cacheTtlMs && now >= entry.at;

  /** The access a cookie token grants on a host, or null (unknown, expired, logged out, not allowed, other host). */
  const resolve = async (token: string, host: WorkspaceHost): Promise<GatewayAccess | null> => {
    const key = keyOf(token, host);
    const now = clock.now().getTime();
    let entry = cache.get(key);
    if (!fresh(entry, now)) {
      const tokenHash = hashSecret(token);
      const next: Entry = { at: now, value: Promise.resolve(null) };
      next.value = (async () => {
        const session = await loadSession(tokenHash);
        if (!session) return null;
        next.workspaceId = session.workspaceId;
        const ws = await workspaces.byHost(host.company, host.workspace);
        // A cookie is good on its own workspace's host only (host-only cookies make this the rule anyway).
        if (!ws || ws.id !== session.workspaceId || !canOpenWorkspace(session.principal, ws)) return null;
        const socketPath = ws.status === 'running' ? await workspaces.socketPath(ws.id) : null;
        return { workspace: ws, principal: session.principal, socketPath };
      })();
      next.value.then(
        (v) => {
          next.settled = v;
        },
        () => {
          if (cache.get(key) === next) cache.delete(key);
        },
      );
      entry = next;
      cache.delete(key);
      if (o.cacheTtlMs > 0) {
        cache.set(key, next);
        while (cache.size > o.cacheMax) {
          const oldest = cache.keys().next().value;
          if (oldest === undefined) break;
          cache.delete(oldest);
        }
      }
    }
    return entry.value;
  };

  return {
    resolve,

    /**
     * What resolve() would answer, when the cache can tell at once (a fresh entry that has settled);
     * undefined when it cannot (then call resolve()). Spares a request the promise and its awaits.
     */
    peek(token: string, host: WorkspaceHost): GatewayAccess | null | undefined {
      const entry = cache.get(keyOf(token, host));
      return fresh(entry, clock.now().getTime()) ? entry.settled : undefined;
    },

    /** Issue a ticket for a signed-in user to a workspace they may open; returns the ticket. */
    async issueTicket(principal: Principal & { sessionId: string }, workspaceId: string): Promise<string> {
      const ticket = ids.secret(32);
      const now = clock.now();
      await repo.insertTicket(db, {
        tokenHash: hashSecret(ticket),
        workspaceId,
        userId: principal.userId,
        sessionId: principal.sessionId,
        expiresAt: new Date(now.getTime() + o.ticketTtlMs),
      });
      return ticket;
    },

    /** Redeem a ticket on its workspace's host: a new gateway session, or null when the ticket is no good. */
    async redeem(host: WorkspaceHost, ticket: string): Promise<IssuedGatewaySession | null> {
      if (ticket.length < 16 || ticket.length > 200) return null;
      const ws = await workspaces.byHost(host.company, host.workspace);
      if (!ws) return null;
      const now = clock.now();
      const used = await repo.redeemTicket(db, hashSecret(ticket), ws.id, now);
      if (!used?.sessionId) return null;
      const session = await repo.findLivePlatformSession(db, used.sessionId, now);
      if (!session || session.userId !== used.userId) return null;
      const token = ids.secret(32);
      await repo.insertGatewaySession(db, {
        tokenHash: hashSecret(token),
        workspaceId: ws.id,
        userId: used.userId,
        sessionId: session.id,
        createdAt: now,
        expiresAt: session.expiresAt,
      });
      return { token, expiresAt: session.expiresAt, persistent: session.remember };
    },

    /**
     * Forget what is cached about one workspace (its state changed: started, socket gone). A lookup still
     * in flight whose session is not read yet may be of this workspace and may have read the state before
     * the change: it is dropped too, else it would hold the old state for the cache's whole TTL.
     */
    forgetWorkspace(workspaceId: string): void {
      for (const [key, e] of cache)
        if (e.workspaceId === workspaceId || (e.workspaceId === undefined && e.settled === undefined))
          cache.delete(key);
    },

    /** Forget every cached validation. */
    forgetAll(): void {
      cache.clear();
    },

    /** Cookies remembered now (for tests and metrics). */
    cacheSize: () => cache.size,

    /** Delete tickets and gateway sessions that expired before `before` (the cleanup job). */
    deleteExpired: (before: Date) => repo.deleteExpired(db, before),
  };
}

/** The gateway's access service. */
export type GatewayAccessService = ReturnType<typeof createGatewayAccess>;
