// What the gateway needs of workspaces, as an interface: the workspaces module (its service and runtime
// driver) stays behind it. The default implementation reads the tables for lookups and takes the two
// operations that need the workspaces module (the IDE's socket, a start) as functions.
import type { WorkspaceStatus } from '@youarecoder/contract';
import { and, asc, eq, isNull, lt, or } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { companies, workspaceSteps, workspaces } from '../../platform/db/schema.ts';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import type { PageStep } from './gateway.pages.ts';

/** A workspace as the gateway sees it. */
export interface GatewayWorkspace {
  id: string;
  companyId: string;
  ownerId: string;
  name: string;
  sharedWithAdmins: boolean;
  status: WorkspaceStatus;
  statusReason: string | null;
}

/** The workspaces, for the gateway. */
export interface GatewayWorkspaces {
  /** The workspace named `workspace` of the company whose subdomain is `company`, or null. */
  byHost(company: string, workspace: string): Promise<GatewayWorkspace | null>;
  /** The IDE's unix socket; null unless it is running. */
  socketPath(id: string): Promise<string | null>;
  /** Queue a start as this user (the Start button of a stopped workspace); throws AppError when refused. */
  start(principal: Principal, id: string, meta: RequestMeta): Promise<void>;
  /** Provisioning steps, in order. */
  steps(id: string): Promise<PageStep[]>;
  /** Record activity (proxied traffic) at this time. */
  touch(id: string, at: Date): Promise<void>;
  /** At the IDE's first open: the absolute path of the file its template opens first, else null. */
  firstOpenFile?(id: string): Promise<string | null>;
}

/** Options of createDbGatewayWorkspaces. */
export interface DbGatewayWorkspacesOptions {
  db: Db;
  /** e.g. `async (id) => (await driver.inspect(id)).socketPath`. */
  socketPath: (id: string) => Promise<string | null>;
  /** e.g. `(p, id, meta) => workspaces.start(p, id, meta)`. */
  start: (principal: Principal, id: string, meta: RequestMeta) => Promise<unknown>;
  /** The template's file to open at the IDE's first open (claims it), e.g. the workspaces module's. */
  firstOpenFile?: (id: string) => Promise<string | null>;
}

/** The default GatewayWorkspaces: lookups and activity on the database, socket and start injected. */
export function createDbGatewayWorkspaces(o: DbGatewayWorkspacesOptions): GatewayWorkspaces {
  const { db } = o;
  return {
    async byHost(company, workspace) {
      const [row] = await db
        .select({
          id: workspaces.id,
          companyId: workspaces.companyId,
          ownerId: workspaces.ownerId,
          name: workspaces.name,
          sharedWithAdmins: workspaces.sharedWithAdmins,
          status: workspaces.status,
          statusReason: workspaces.statusReason,
        })
        .from(workspaces)
        .innerJoin(companies, eq(companies.id, workspaces.companyId))
        .where(and(eq(companies.subdomain, company), eq(workspaces.name, workspace)));
      return row ?? null;
    },
    socketPath: (id) => o.socketPath(id),
    firstOpenFile: o.firstOpenFile,
    async start(principal, id, meta) {
      await o.start(principal, id, meta);
    },
    async steps(id) {
      return db
        .select({ index: workspaceSteps.index, name: workspaceSteps.name, status: workspaceSteps.status })
        .from(workspaceSteps)
        .where(eq(workspaceSteps.workspaceId, id))
        .orderBy(asc(workspaceSteps.index));
    },
    async touch(id, at) {
      // Never moves backwards (two gateway processes may report out of order).
      await db
        .update(workspaces)
        .set({ lastActivityAt: at })
        .where(
          and(
            eq(workspaces.id, id),
            or(isNull(workspaces.lastActivityAt), lt(workspaces.lastActivityAt, at)),
          ),
        );
    },
  };
}
