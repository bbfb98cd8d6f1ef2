// For bench/gateway.ts (started through startPlatform with `entry`, `ipc` and `--expose-gc`): the
// platform's HTTP server assembled the way server/src/main.ts assembles it for its api and gateway roles
// — configuration from the environment, the embedded PostgreSQL in DATA_DIR/pg, migrations, createDeps,
// buildApp, attachGateway, listen — without a job runner, in one node process, so that its memory is
// the server's alone.
//
// One difference from main.ts: the runtime driver handed to createDeps (DepsOverrides.driver, what the
// tests use) is the real process driver, except that a workspace the bench routes to a socket (IPC
// `route`) is reported as running with its IDE on that socket — the bench's echo server. The gateway's
// Host routing, the ticket handshake, the yac_ws cookie check and its cache, activity and the proxy are
// the product's code, unchanged.
//
// IPC: a request {seq, op, ...} is answered {seq, ok: true, ...} or {seq, ok: false, error}.
//   route {id, socketPath}   that workspace's IDE is the server listening at socketPath
//   start-ide {id, name}     create and start a real code-server for that workspace (process driver)
//   memory {gc}              process.memoryUsage(), after three global.gc() when gc is true
//   stats                    the proxy's live counts per upstream (gateway.proxy.allStats())
//   slow-port                a second port of the same server whose connections go straight to node's HTTP
//                            server, past the gateway's fast path (what GATEWAY_FAST_PATH=0 serves)
// SIGTERM: stop as main.ts does (gateway, app, pools, the IDEs started here, PostgreSQL), then exit 0.
import net from 'node:net';
import path from 'node:path';
import { buildApp } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config/index.ts';
import { createDeps } from '../../server/src/deps.ts';
import { attachGateway } from '../../server/src/modules/gateway/index.ts';
import {
  chooseRuntimeDriver,
  createRuntimeDriver,
} from '../../server/src/modules/workspaces/drivers/registry.ts';
import type { RuntimeDriver, RuntimeInspection } from '../../server/src/modules/workspaces/runtime.ts';
import { startEmbeddedPostgres } from '../../server/src/platform/db/embedded.ts';
import { ensureDatabase } from '../../server/src/platform/db/ensure.ts';
import { migrateDatabase } from '../../server/src/platform/db/migrate.ts';
import { ideRuntimePaths } from '../../server/src/platform/ide-runtime.ts';
import { createLogger } from '../../server/src/platform/logger.ts';

/** A request of the bench. */
type Request =
  | { seq: number; op: 'route'; id: string; socketPath: string }
  | { seq: number; op: 'start-ide'; id: string; name: string }
  | { seq: number; op: 'memory'; gc?: boolean }
  | { seq: number; op: 'stats' }
  | { seq: number; op: 'slow-port' };

const config = loadConfig(process.env);
const log = createLogger({ level: config.LOG_LEVEL, pretty: false });

const embedded = await startEmbeddedPostgres(path.join(config.dataDir, 'pg'), log);
await ensureDatabase(embedded.url('postgres'), 'youarecoder');
const url = embedded.url('youarecoder');
await migrateDatabase(url);

// The process driver as createDeps would build it, wrapped: routed workspaces answer on the bench's socket.
const real = createRuntimeDriver(chooseRuntimeDriver(config.WORKSPACE_DRIVER).name, {
  dataDir: config.dataDir,
  ide: ideRuntimePaths(config.IDE_CACHE_DIR),
  startTimeoutMs: config.WORKSPACE_START_TIMEOUT_SECONDS * 1000,
});
const routes = new Map<string, string>();
const started = new Set<string>();
const routed = (id: string, socketPath: string): RuntimeInspection => ({
  id,
  state: { status: 'running', pid: process.pid },
  pid: process.pid,
  startedAt: new Date().toISOString(),
  socketPath,
  isolated: real.isolated,
  user: null,
  orphan: false,
});
const driver = new Proxy(real, {
  get(target, prop, receiver) {
    if (prop === 'inspect')
      return async (id: string) => {
        const socketPath = routes.get(id);
        return socketPath ? routed(id, socketPath) : target.inspect(id);
      };
    const v = Reflect.get(target, prop, receiver);
    return typeof v === 'function' ? v.bind(target) : v;
  },
}) as RuntimeDriver;

const deps = createDeps(config, log, url, { driver });
const app = await buildApp(deps);
// node's own 'connection' listener, before the gateway's fast path takes the event over.
const nodeListeners = app.server.listeners('connection') as Array<(s: net.Socket) => void>;
attachGateway(app.server, deps.gateway);
await app.listen({ port: config.PORT, host: config.HOST });
const slow = net.createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
  for (const l of nodeListeners) l.call(app.server, socket);
});
await new Promise<void>((resolve) => slow.listen(0, config.HOST, () => resolve()));

async function answer(m: Request): Promise<Record<string, unknown>> {
  switch (m.op) {
    case 'route':
      routes.set(m.id, m.socketPath);
      deps.gateway.access.forgetWorkspace(m.id);
      return {};
    case 'start-ide': {
      started.add(m.id);
      await real.create({ id: m.id, name: m.name });
      const i = await real.start(m.id);
      deps.gateway.access.forgetWorkspace(m.id);
      return { socketPath: i.socketPath, pid: i.pid };
    }
    case 'memory': {
      const gc = (globalThis as { gc?: () => void }).gc;
      if (m.gc && gc) {
        // Several passes with a pause between: finalizers and weak references need more than one.
        for (let i = 0; i < 3; i++) {
          gc();
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      return { memory: process.memoryUsage(), gc: !!gc };
    }
    case 'stats':
      return { stats: deps.gateway.proxy.allStats(), fast: deps.gateway.fastPath?.stats ?? null };
    case 'slow-port':
      return { port: (slow.address() as net.AddressInfo).port };
  }
}

process.on('message', (m: Request) => {
  answer(m).then(
    (r) => process.send?.({ seq: m.seq, ok: true, ...r }),
    (err: unknown) => process.send?.({ seq: m.seq, ok: false, error: String((err as Error)?.stack ?? err) }),
  );
});

let stopping = false;
const stop = async () => {
  if (stopping) return;
  stopping = true;
  setTimeout(() => process.exit(1), 30_000).unref();
  try {
    deps.gateway.close();
    slow.close();
    app.server.closeAllConnections();
    await app.close();
    for (const id of started) await real.destroy(id, { graceMs: 2_000 }).catch(() => undefined);
    deps.mail.close();
    await deps.listener.close();
    await deps.database.close();
  } finally {
    await embedded.stop();
  }
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
// The bench went away without stopping us: stop anyway (the IPC channel closes with it).
process.on('disconnect', () => void stop());
