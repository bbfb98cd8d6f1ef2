// Containment, shown from inside running workspaces (through exec, the path a terminal's commands take):
// the network, the files, the processes, the identity and the system packages of one workspace are its own.
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../../test/harness.ts';
import { getOverSocket } from '../../runtime.contract.ts';
import type { ExecOptions, RuntimeDriver } from '../../runtime.ts';
import { containerProblem, failForMissingContainers, SMALL } from './container.test-helpers.ts';
import { podName } from './manifest.ts';
import { podman } from './podman.ts';

const SLOW = 180_000;

/** A small Node program run inside a workspace: connect to host:port, print what the server says or ERR. */
const CONNECT = `const [h, p] = process.argv.slice(1);
const s = require('net').connect({ host: h, port: +p, timeout: 3000 });
s.on('data', (d) => { process.stdout.write(String(d)); process.exit(0); });
s.on('error', (e) => { console.log('ERR ' + e.code); process.exit(1); });
s.on('timeout', () => { console.log('ERR TIMEOUT'); process.exit(1); });`;

function listen(host: string, banner: string): Promise<net.Server> {
  return new Promise((resolve) => {
    const srv = net.createServer((s) => s.end(`${banner}\n`));
    srv.listen(0, host, () => resolve(srv));
  });
}

const portOf = (srv: net.Server) => (srv.address() as net.AddressInfo).port;

/** An address of this machine that is not loopback (what a workspace reaches by NAT, as any host). */
function publicAddress(): string {
  for (const list of Object.values(os.networkInterfaces()))
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  throw new Error('this machine has no non-loopback IPv4 address');
}

if (containerProblem) failForMissingContainers();
else
  describe('container containment: isolation', () => {
    let ctx: TestContext;
    let d: RuntimeDriver;
    let a: string;
    let b: string;
    const sh = (id: string, script: string, over: Partial<ExecOptions> = {}) =>
      d.exec(id, { argv: ['bash', '-c', script], timeoutMs: 60_000, ...over });
    const connect = (id: string, host: string, port: number) =>
      d.exec(id, { argv: ['node', '-e', CONNECT, host, String(port)], timeoutMs: 30_000 });

    beforeAll(async () => {
      ctx = await createTestContext({ env: { WORKSPACE_DRIVER: 'container' } });
      d = ctx.deps.driver;
      a = `ws_${'a'.repeat(4)}${Math.random().toString(36).slice(2, 14)}`;
      b = `ws_${'b'.repeat(4)}${Math.random().toString(36).slice(2, 14)}`;
      await d.create({ id: a, name: 'api', limits: SMALL });
      await d.create({ id: b, name: 'web', limits: SMALL });
    }, SLOW);
    afterAll(async () => {
      await ctx?.close(); // destroys every workspace of the context
    }, SLOW);

    it(
      'reaches the internet side but not the host’s loopback, the platform’s PostgreSQL or another workspace',
      async () => {
        const loop = await listen('127.0.0.1', 'host-loopback');
        const any = await listen('0.0.0.0', 'host-public');
        try {
          // Outbound through NAT to an address of this machine that is not loopback: works.
          expect((await connect(a, publicAddress(), portOf(any))).output).toContain('host-public');
          // The host's loopback, directly or through slirp's gateway to it: no.
          for (const host of ['127.0.0.1', '10.0.2.2']) {
            const r = await connect(a, host, portOf(loop));
            expect(r.output, host).toMatch(/^ERR /);
          }
          // The platform's PostgreSQL (on the host's loopback), by any address: no.
          const pg = new URL(ctx.database.url);
          for (const host of ['127.0.0.1', '10.0.2.2', publicAddress()])
            expect((await connect(a, host, Number(pg.port))).output, `postgres at ${host}`).toMatch(/^ERR /);

          // A dev server in a listens on every address; b cannot reach it by any of them.
          const server = `require('http').createServer((q, r) => r.end('a-secret')).listen(18999, '0.0.0.0')`;
          const running = d.exec(a, { argv: ['node', '-e', server], timeoutMs: 30_000 });
          let up = '';
          for (let i = 0; i < 50 && !up.includes('a-secret'); i++)
            up = (await sh(a, 'curl -s -m 2 http://127.0.0.1:18999/')).output;
          expect(up).toBe('a-secret');
          for (const host of ['127.0.0.1', '10.0.2.100', '10.0.2.2', publicAddress()])
            expect(
              (await sh(b, `curl -s -m 3 http://${host}:18999/ || echo unreachable`)).output,
              host,
            ).not.toContain('a-secret');

          // code-server's port proxy reaches only its own workspace.
          const [ia, ib] = [await d.start(a), await d.start(b)];
          const viaA = await getOverSocket(ia.socketPath as string, '/proxy/18999/');
          expect(viaA.body).toBe('a-secret');
          const viaB = await getOverSocket(ib.socketPath as string, '/proxy/18999/');
          expect(viaB.body).not.toContain('a-secret');
          expect(viaB.status).toBeGreaterThanOrEqual(500);
          await running.catch(() => undefined);
        } finally {
          loop.close();
          any.close();
        }
      },
      SLOW,
    );

    it(
      'sees its own files and processes only, with the workspace’s name and a short prompt',
      async () => {
        await d.writeFile(b, { area: 'project', path: 'secret.txt' }, 'b-secret');
        const bProject = path.join(ctx.dataDir, 'containers', b, 'disk', 'project');
        const look = await sh(
          a,
          `cat ${bProject}/secret.txt 2>&1; ls ${ctx.dataDir} 2>&1; ls / | tr '\\n' ' '; echo; hostname; pwd`,
        );
        expect(look.output).not.toContain('b-secret');
        expect(look.output).toMatch(/No such file or directory/);
        const lines = look.output.trim().split('\n');
        expect(lines.at(-3)).not.toMatch(/containers|yac-test|workspaces/);
        expect(lines.at(-2)).toBe('api');
        expect(lines.at(-1)).toBe('/workspace');

        // biome-ignore lint/suspicious/noTemplateCurlyInString: bash's prompt expansion, not a template
        const prompt = await sh(a, 'bash -ic \'echo "${PS1@P}"\' 2>/dev/null');
        expect(prompt.output.trim()).toBe('dev@api:/workspace$');
        // Node 24 of the IDE runtime for every shell, login shells (Debian resets their PATH) too.
        expect((await sh(a, "bash -lc 'node --version'")).output).toMatch(/^v24\./);
        expect((await sh(a, "sudo sh -c 'node --version'")).output).toMatch(/^v24\./);

        // b's IDE runs, a's does not; a lists only what a runs (its init, its entry, this command).
        await d.start(b);
        await d.stop(a);
        const ps = await sh(a, 'ps -e -o args=');
        expect(ps.output).not.toMatch(/code-server|postgres|vitest|conmon|slirp4netns|podman/);
        expect(ps.output.trim().split('\n').length).toBeLessThan(10);
        expect((await sh(b, 'ps -e -o args=')).output).toMatch(/code-server/);
      },
      SLOW,
    );

    it(
      'makes root in a workspace an unprivileged user of the host, with a uid range of its own',
      async () => {
        const range = async (id: string) => {
          const r = await sh(id, 'sudo -n id -u; cat /proc/self/uid_map');
          const [root, map] = r.output.trim().split('\n');
          expect(root).toBe('0');
          const [inside, base, size] = (map ?? '').trim().split(/\s+/).map(Number);
          expect(inside).toBe(0);
          return { base: base as number, size: size as number };
        };
        const ra = await range(a);
        const rb = await range(b);
        for (const r of [ra, rb]) {
          expect(r.base).toBeGreaterThanOrEqual(65536);
          expect(r.size).toBe(65536);
        }
        expect(ra.base + ra.size <= rb.base || rb.base + rb.size <= ra.base).toBe(true);
        // What root inside makes belongs to that range on the host, not to the host's root.
        await sh(a, 'sudo touch /workspace/made-by-root');
        const st = await import('node:fs/promises').then((fs) =>
          fs.stat(path.join(ctx.dataDir, 'containers', a, 'disk', 'project', 'made-by-root')),
        );
        expect(st.uid).toBe(ra.base);
      },
      SLOW,
    );

    it(
      'installs system packages with sudo apt-get in one workspace only, and keeps them across stop and start',
      async () => {
        const install = await sh(
          a,
          'sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq jq >/dev/null 2>&1; jq --version',
          { timeoutMs: 150_000 },
        );
        expect(install.output).toMatch(/jq-1\./);
        await d.stop(a);
        await d.start(a);
        expect((await sh(a, 'jq --version')).output).toMatch(/jq-1\./);
        expect((await sh(b, 'command -v jq || echo none')).output.trim()).toBe('none');
        // They live on the workspace's disk, not in podman's store: a pod removed by hand (a reset of the
        // store) is played again with the same uid range and finds them.
        const uidMap = (await sh(a, 'cat /proc/self/uid_map')).output;
        await d.stop(a);
        // (podman may find the container's /dev/shm busy for a moment after its last exec: tried again.)
        let removed = await podman(['pod', 'rm', '--force', podName(a).pod]);
        for (let i = 0; removed.code !== 0 && /busy/.test(removed.stderr) && i < 20; i++) {
          await new Promise((r) => setTimeout(r, 250));
          removed = await podman(['pod', 'rm', '--force', podName(a).pod]);
        }
        expect(removed.stderr).toBe('');
        expect(removed.code).toBe(0);
        await d.start(a);
        expect((await sh(a, 'jq --version')).output).toMatch(/jq-1\./);
        expect((await sh(a, 'cat /proc/self/uid_map')).output).toBe(uidMap);
      },
      SLOW,
    );

    it(
      'runs npm from the registry and builds a native module (node-gyp with make, g++ and python3)',
      async () => {
        const script = `set -e
mkdir -p /workspace/addon && cd /workspace/addon
echo '{"name":"addon","version":"1.0.0","gypfile":true}' > package.json
echo '{"targets":[{"target_name":"hello","sources":["hello.c"]}]}' > binding.gyp
cat > hello.c <<'C'
#include <node_api.h>
static napi_value Hello(napi_env env, napi_callback_info info) {
  napi_value s;
  napi_create_string_utf8(env, "built here", NAPI_AUTO_LENGTH, &s);
  return s;
}
NAPI_MODULE_INIT() {
  napi_value fn;
  napi_create_function(env, "hello", NAPI_AUTO_LENGTH, Hello, NULL, &fn);
  napi_set_named_property(env, exports, "hello", fn);
  return exports;
}
C
npm --version
npm install --no-audit --no-fund --loglevel=error >/dev/null 2>&1 || { tail -30 ~/.npm/_logs/*debug*.log; exit 1; }
node -e "console.log(require('./build/Release/hello.node').hello())"
npm install --no-audit --no-fund --loglevel=error is-number@7.0.0 >/dev/null
node -e "console.log(require('is-number')(5))"`;
        const r = await sh(a, script, { timeoutMs: 150_000 });
        expect(r.output).toMatch(/^11\.\d+\.\d+\nbuilt here\ntrue\n$/);
      },
      SLOW,
    );

    it(
      'serves the IDE to the gateway over its socket and nothing else: a plain HTTP GET over it works',
      async () => {
        const ins = await d.start(a);
        const health = await new Promise<number>((resolve, reject) =>
          http
            .get({ socketPath: ins.socketPath as string, path: '/healthz' }, (res) => {
              res.resume();
              resolve(res.statusCode ?? 0);
            })
            .on('error', reject),
        );
        expect(health).toBe(200);
      },
      SLOW,
    );
  });
