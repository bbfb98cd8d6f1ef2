// Integration fixtures of the wired gateway: a real listening server (the portal app with the gateway in
// front), workspace rows written straight into the database, users with sessions, and a small browser
// (cookie jar, redirects: browser.test-helpers.ts) that reaches `*.localhost` hosts on loopback.
import net from 'node:net';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { buildApp } from '../../app.ts';
import type { Deps } from '../../deps.ts';
import type { FakeClock } from '../../platform/clock.ts';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { randomAlnum } from '../../platform/ids.ts';
import { Browser } from './browser.test-helpers.ts';
import { type Sockets, startSockets } from './gateway.test-helpers.ts';
import { attachGateway, createGateway, type Gateway, type GatewayOptions } from './gateway.ts';
import { createDbGatewayWorkspaces } from './gateway.workspaces.ts';

export { Browser, type Hop } from './browser.test-helpers.ts';

/** A free loopback port (closed again at once: the app listens on it next). */
export function reservePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** One recorded press of a Start button. */
export interface StartCall {
  principal: Principal;
  workspaceId: string;
  meta: RequestMeta;
}

/** A test context with a listening server: the portal at `portal`, workspaces at `<ws>--<co>.<base>`. */
export interface GatewayWorld {
  ctx: TestContext;
  gateway: Gateway;
  port: number;
  /** `localhost:<port>`. */
  base: string;
  /** `http://localhost:<port>` (PUBLIC_URL). */
  portal: string;
  /** Socket of each running workspace, by id (what the runtime driver would say). */
  sockets: Map<string, string>;
  /** Start button presses; `onStart` may throw to refuse. */
  starts: StartCall[];
  onStart: (call: StartCall) => Promise<void>;
  /** The socket lookup; tests replace it to use a real driver. */
  socketPath: (id: string) => Promise<string | null>;
  /** A new browser, signed in to the portal with this platform session token (none: signed out). */
  browser(sessionToken?: string): Browser;
  close(): Promise<void>;
}

/** Start a test context whose app listens for real with the gateway attached. */
export async function startGatewayWorld(
  o: { fakeClock?: boolean; options?: GatewayOptions; env?: Record<string, string> } = {},
): Promise<GatewayWorld> {
  const port = await reservePort();
  const base = `localhost:${port}`;
  const ctx = await createTestContext({
    fakeClock: o.fakeClock,
    env: { PORT: String(port), PUBLIC_URL: `http://${base}`, BASE_DOMAIN: base, ...o.env },
  });
  const sockets = new Map<string, string>();
  const db = ctx.deps.database.db;
  const world: GatewayWorld = {
    ctx,
    port,
    base,
    portal: `http://${base}`,
    sockets,
    starts: [],
    onStart: async () => {},
    socketPath: async (id) => sockets.get(id) ?? null,
    browser: (sessionToken) => {
      const br = new Browser();
      if (sessionToken) br.setCookie(base, 'yac_session', sessionToken);
      return br;
    },
    get gateway(): Gateway {
      return gateway;
    },
    close: async () => {
      gateway.close();
      app.server.closeAllConnections();
      await app.close();
      await ctx.close();
    },
  };
  const workspaces = createDbGatewayWorkspaces({
    db,
    socketPath: (id) => world.socketPath(id),
    start: async (principal, workspaceId, meta) => {
      const call = { principal, workspaceId, meta };
      world.starts.push(call);
      await world.onStart(call);
    },
  });
  const gateway = createGateway({
    db,
    config: ctx.config,
    clock: ctx.deps.clock,
    ids: ctx.deps.ids,
    log: ctx.deps.log,
    workspaces,
    changes: (fn) => ctx.deps.events.subscribeAll((c) => fn(c.id)),
    options: o.options,
  });
  const deps: Deps & { gateway: Gateway } = { ...ctx.deps, gateway };
  const app = await buildApp(deps);
  attachGateway(app.server, gateway);
  await app.listen({ port, host: '127.0.0.1' });
  return world;
}

/** A workspace row written straight into the database (with a template row of its own). */
export interface TestWorkspace {
  id: string;
  name: string;
  companyId: string;
  /** Its gateway host, `<name>--<subdomain>.<base>`. */
  host: string;
}

/** Insert a workspace (and its template) for a company. */
export async function insertWorkspace(
  world: GatewayWorld,
  w: {
    companyId: string;
    ownerId: string;
    name?: string;
    id?: string;
    status?: string;
    statusReason?: string | null;
    sharedWithAdmins?: boolean;
  },
): Promise<TestWorkspace> {
  const q = (sql: string, params: unknown[]) => world.ctx.deps.database.pool.query(sql, params);
  const now = world.ctx.clock.now();
  const templateId = `tpl_${randomAlnum(20)}`;
  const id = w.id ?? `ws_${randomAlnum(20)}`;
  const name = w.name ?? `ws-${randomAlnum(6)}`;
  await q(
    `insert into workspace_templates (id, company_id, name, steps, created_at, updated_at)
     values ($1, $2, $3, '[]'::jsonb, $4, $4)`,
    [templateId, w.companyId, `tpl-${templateId}`, now],
  );
  await q(
    `insert into workspaces (id, company_id, owner_id, name, template_id, steps, status, status_reason, desired,
                             idle_timeout_minutes, shared_with_admins, created_at, updated_at)
     values ($1, $2, $3, $4, $5, '[]'::jsonb, $6, $7, 'running', 30, $8, $9, $9)`,
    [
      id,
      w.companyId,
      w.ownerId,
      name,
      templateId,
      w.status ?? 'running',
      w.statusReason ?? null,
      w.sharedWithAdmins ?? false,
      now,
    ],
  );
  const { rows } = await q('select subdomain from companies where id = $1', [w.companyId]);
  return { id, name, companyId: w.companyId, host: `${name}--${rows[0].subdomain}.${world.base}` };
}

/** Change a workspace row (status, reason, sharing…) and forget the gateway's cached view of it. */
export async function updateWorkspace(
  world: GatewayWorld,
  id: string,
  set: { status?: string; statusReason?: string | null; sharedWithAdmins?: boolean },
): Promise<void> {
  const q = (sql: string, params: unknown[]) => world.ctx.deps.database.pool.query(sql, params);
  if (set.status !== undefined) await q('update workspaces set status = $2 where id = $1', [id, set.status]);
  if (set.statusReason !== undefined)
    await q('update workspaces set status_reason = $2 where id = $1', [id, set.statusReason]);
  if (set.sharedWithAdmins !== undefined)
    await q('update workspaces set shared_with_admins = $2 where id = $1', [id, set.sharedWithAdmins]);
  world.gateway.access.forgetAll();
}

/** A user of a company with a role, written directly, with a signed-in platform session (its cookie token). */
export async function insertUser(
  world: GatewayWorld,
  companyId: string,
  role: 'admin' | 'member',
): Promise<{ userId: string; token: string; sessionId: string }> {
  const userId = `usr_${randomAlnum(20)}`;
  const now = world.ctx.clock.now();
  await world.ctx.deps.database.pool.query(
    `insert into users (id, company_id, email, full_name, password_hash, locale, role, workspace_quota, created_at, updated_at)
     values ($1, $2, $3, 'Test Person', 'x', 'en', $4, 0, $5, $5)`,
    [userId, companyId, `${userId}@example.com`, role, now],
  );
  const s = await world.ctx.deps.services.accounts.createSession(
    world.ctx.deps.database.db,
    { id: userId, companyId },
    false,
    { ip: '127.0.0.1', userAgent: 'test', requestId: 'test' },
  );
  return { userId, token: s.token, sessionId: s.sessionId };
}

/** A gateway world on a fake clock whose one company owns one running workspace, served by the stand-in upstream. */
export interface StandInWorld {
  world: GatewayWorld;
  clock: FakeClock;
  /** The stand-in upstream's sockets (`up` serves the workspace). */
  sockets: Sockets;
  /** The company (signed up through the API) and its owner's session. */
  owner: Awaited<ReturnType<typeof signupCompany>>;
  ws: TestWorkspace;
  close(): Promise<void>;
}

/** Start a StandInWorld: the workspace is called `name`, the upstream's sockets go in a `socketPrefix` folder. */
export async function startStandInWorld(socketPrefix: string, name: string): Promise<StandInWorld> {
  const world = await startGatewayWorld({ fakeClock: true });
  let sockets: Sockets | undefined;
  try {
    sockets = await startSockets(socketPrefix);
    const owner = await signupCompany(world.ctx);
    const ws = await insertWorkspace(world, { companyId: owner.companyId, ownerId: owner.userId, name });
    world.sockets.set(ws.id, sockets.sockets.up);
    const up = sockets;
    return {
      world,
      clock: world.ctx.fakeClock as FakeClock,
      sockets: up,
      owner,
      ws,
      close: async () => {
        await world.close();
        await up.close();
      },
    };
  } catch (err) {
    await world.close();
    await sockets?.close();
    throw err;
  }
}
