// The proxy in front of a real code-server on a unix socket, when the IDE runtime is installed
// (`npm run setup:ide`); skipped, saying so, when it is not.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ideRuntimePaths } from '../../platform/ide-runtime.ts';
import { allProcesses, argv, workspaceProcesses } from '../workspaces/drivers/common/procfs.ts';
import { readAll } from './gateway.test-helpers.ts';
import { createUpstreamProxy, type UpstreamProxy } from './proxy.ts';
import { wsConnect } from './websocket.test-helpers.ts';

const ide = ideRuntimePaths(process.env.IDE_CACHE_DIR || undefined);
const SKIP_REASON = `IDE runtime not installed in ${ide.cacheDir} (run npm run setup:ide)`;
if (!ide.installed) console.warn(`[gateway] skipping the code-server test: ${SKIP_REASON}`);

function get(
  port: number,
  host: string,
  urlPath: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path: urlPath, agent: false, headers: { host } }, (res) => {
        readAll(res).then(
          (body) => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }),
          reject,
        );
      })
      .on('error', reject);
  });
}

/** Poll code-server's socket until it answers HTTP. */
async function waitForSocket(socketPath: string, child: ChildProcess, ms: number): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`code-server exited with ${child.exitCode}`);
    const ok = await new Promise<boolean>((r) =>
      http
        .get({ socketPath, path: '/healthz', agent: false }, (res) => {
          res.resume();
          r(true);
        })
        .on('error', () => r(false)),
    );
    if (ok) return;
    if (Date.now() > end) throw new Error('code-server did not listen in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}

const TITLE = 'the proxy in front of a real code-server';

describe.skipIf(!ide.installed)(ide.installed ? TITLE : `${TITLE} (skipped: ${SKIP_REASON})`, () => {
  let dir: string;
  let child: ChildProcess;
  let log = '';
  let proxy: UpstreamProxy;
  let server: http.Server;
  let port: number;
  let socketPath: string;
  const hostOf = () => `ide--acme.localhost:${port}`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'yac-gw-cs-'));
    for (const d of ['ud', 'ext', 'project', 'home']) mkdirSync(path.join(dir, d));
    socketPath = path.join(dir, 'cs.sock');
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      HOME: path.join(dir, 'home'),
      PATH: `${path.dirname(ide.nodeBin)}:${process.env.PATH ?? ''}`,
    };
    delete env.NODE_OPTIONS;
    // detached: its own process group, so the extension host it starts ends with it
    child = spawn(
      ide.nodeBin,
      [
        ide.codeServerEntry,
        '--auth',
        'none',
        '--socket',
        socketPath,
        '--disable-telemetry',
        '--user-data-dir',
        path.join(dir, 'ud'),
        '--extensions-dir',
        path.join(dir, 'ext'),
        path.join(dir, 'project'),
      ],
      { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    child.stdout?.on('data', (c: Buffer) => (log += c.toString()));
    child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
    try {
      await waitForSocket(socketPath, child, 30_000);
    } catch (err) {
      throw new Error(`${(err as Error).message}\n${log}`);
    }

    proxy = createUpstreamProxy({ platformCookieNames: ['yac_session'], platformCookiePrefixes: ['yac_'] });
    server = http.createServer((req, res) => void proxy.web(req, res, { socketPath }));
    server.on('upgrade', (req, socket, head) => proxy.ws(req, socket, head, { socketPath }));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    port = (server.address() as AddressInfo).port;
  }, 60_000);

  afterAll(async () => {
    proxy?.closeAll();
    if (server) await new Promise<void>((r) => server.close(() => r()));
    if (child?.pid && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      process.kill(-child.pid, 'SIGTERM');
      const killer = setTimeout(() => child.pid && process.kill(-child.pid, 'SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  }, 30_000);

  // First: no page has connected yet (a page's terminal requests would start it anyway). The first
  // request for the workbench loads VS Code's server, which starts its terminal host at once.
  it("starts VS Code's terminal host with VS Code's server, before a page asks (setup:ide's pty-host-at-start patch)", async () => {
    const first = await new Promise<number>((resolve, reject) =>
      http
        .get({ socketPath, path: '/', agent: false }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        })
        .on('error', reject),
    );
    expect(first).toBe(302);
    // code-server was spawned detached: its process group is its pid.
    const ptyHostsOf = async (pgrp: number) => {
      const below = workspaceProcesses(await allProcesses(), { pgrp });
      const args = await Promise.all(below.map((p) => argv(p.pid)));
      return below.filter((_, i) => args[i]?.includes('--type=ptyHost'));
    };
    const until = Date.now() + 15_000;
    while ((await ptyHostsOf(child.pid as number)).length === 0 && Date.now() < until)
      await new Promise((r) => setTimeout(r, 200));
    expect(await ptyHostsOf(child.pid as number), log).toHaveLength(1);
  });

  it('loads the workbench and opens its WebSocket through the proxy', async () => {
    const first = await get(port, hostOf(), '/');
    expect(first.status).toBe(302);
    const next = new URL(first.headers.location ?? '', `http://${hostOf()}/`);
    const page = await get(port, hostOf(), `${next.pathname}${next.search}`);
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('vscode-workbench-web-configuration');

    // code-server checks Origin against Host on WebSockets: both must arrive as the browser sent them
    const commit = /stable-([0-9a-f]{40})/.exec(page.body)?.[1];
    expect(commit).toBeDefined();
    const wsPath = `/stable-${commit}?reconnectionToken=t${Date.now()}&reconnection=false&skipWebSocketFrames=false`;
    const ok = await wsConnect({ port }, wsPath, { host: hostOf(), origin: `http://${hostOf()}` });
    expect(ok.status).toBe(101);
    ok.socket.destroy();
    const foreign = await wsConnect({ port }, wsPath, { host: hostOf(), origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    foreign.socket.destroy();
  });
});
