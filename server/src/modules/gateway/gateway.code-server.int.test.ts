// The wired gateway in front of a real code-server started by the process driver, when the IDE runtime
// is installed (`npm run setup:ide`); skipped, saying so, when it is not.
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signupCompany } from '../../../test/harness.ts';
import { randomAlnum } from '../../platform/ids.ts';
import {
  problem,
  tempDataDir,
  testProcessDriver,
} from '../workspaces/drivers/process/process.test-helpers.ts';
import type { RuntimeDriver } from '../workspaces/runtime.ts';
import {
  type GatewayWorld,
  insertWorkspace,
  startGatewayWorld,
  type TestWorkspace,
} from './gateway-server.test-helpers.ts';
import { wsConnect } from './websocket.test-helpers.ts';

if (problem) console.warn(`[gateway] skipping the code-server test: ${problem}`);
const TITLE = 'the gateway in front of a real code-server (process driver)';

describe.skipIf(!!problem)(problem ? `${TITLE} (skipped: ${problem})` : TITLE, () => {
  let world: GatewayWorld;
  let dataDir: string;
  let driver: RuntimeDriver;
  let owner: Awaited<ReturnType<typeof signupCompany>>;
  let ws: TestWorkspace;
  const id = `ws_${randomAlnum(20)}`;

  beforeAll(async () => {
    world = await startGatewayWorld();
    dataDir = await tempDataDir();
    driver = testProcessDriver(dataDir);
    owner = await signupCompany(world.ctx);
    ws = await insertWorkspace(world, { companyId: owner.companyId, ownerId: owner.userId, name: 'ide', id });
    await driver.create({ id, name: 'ide' });
    await driver.start(id);
    world.socketPath = async (wid) => (await driver.inspect(wid)).socketPath;
  }, 120_000);

  afterAll(async () => {
    await driver?.destroy(id, { graceMs: 1_000 }).catch(() => undefined);
    await world?.close();
    if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
  }, 60_000);

  it('is reached with curl -L and a cookie jar holding only the platform session', async () => {
    const jar = path.join(dataDir, 'curl-jar.txt');
    await fs.writeFile(jar, `localhost\tFALSE\t/\tFALSE\t0\tyac_session\t${owner.client.cookie}\n`);
    const { stdout } = await promisify(execFile)(
      'curl',
      ['-sS', '-L', '-b', jar, '-c', jar, '-w', '\n%{http_code} %{url_effective}', `http://${ws.host}/`],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    const lines = stdout.trimEnd().split('\n');
    const [status, finalUrl] = (lines.pop() as string).split(' ');
    expect(status).toBe('200');
    expect(new URL(finalUrl as string).host).toBe(ws.host);
    expect(lines.join('\n')).toContain('vscode-workbench-web-configuration');
  });

  it('serves the workbench and its WebSocket to a browser with the gateway cookie only', async () => {
    const br = world.browser(owner.client.cookie as string);
    const hops = await br.follow(`http://${ws.host}/`);
    const page = hops.at(-1);
    expect(page?.status).toBe(200);
    expect(page?.body).toContain('vscode-workbench-web-configuration');
    // portal -> ticket -> / -> code-server's own redirect to its folder
    expect(hops.map((h) => new URL(h.url).host)).toContain(world.base);

    const commit = /stable-([0-9a-f]{40})/.exec(page?.body ?? '')?.[1];
    expect(commit).toBeDefined();
    const wsPath = `/stable-${commit}?reconnectionToken=t${Date.now()}&reconnection=false&skipWebSocketFrames=false`;
    const cookie = br.cookieHeader(ws.host) as string;
    expect(cookie).toMatch(/^yac_ws=/);
    const ok = await wsConnect({ port: world.port }, wsPath, {
      host: ws.host,
      origin: `http://${ws.host}`,
      cookie,
    });
    expect(ok.status).toBe(101);
    ok.socket.destroy();
    const refused = await wsConnect({ port: world.port }, wsPath, {
      host: ws.host,
      origin: `http://${ws.host}`,
    });
    expect(refused.status).toBe(401);
    refused.socket.destroy();

    const activity = await world.ctx.deps.database.pool.query(
      'select last_activity_at from workspaces where id = $1',
      [id],
    );
    expect(activity.rows[0].last_activity_at).not.toBeNull();
  });
});
