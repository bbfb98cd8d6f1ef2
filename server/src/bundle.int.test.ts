import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitReady } from '../test/spawn-server.ts';
import { freePort } from './platform/db/embedded.ts';

// `npm start` and `npx youarecoder` run the server from a bundle compiled once and cached
// (scripts/lib/server-bundle.mjs): these run the real scripts, as a person does, on a bundle folder and a
// DATA_DIR of their own.
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const SLOW = 120_000;

let bundleDir: string;
let dataDir: string;
beforeAll(async () => {
  // Inside the repository: node finds the packages the bundle imports from there.
  const cache = path.join(ROOT, 'node_modules/.cache/youarecoder');
  await mkdir(cache, { recursive: true });
  bundleDir = await mkdtemp(path.join(cache, 'test-'));
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'yac-bundle-'));
});
afterAll(async () => {
  await rm(bundleDir, { recursive: true, force: true });
  await rm(dataDir, { recursive: true, force: true });
});

/** Run a script of the repository with the test's bundle folder and DATA_DIR; resolves on its exit. */
function run(script: string, args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? os.tmpdir(),
      NODE_ENV: 'test',
      LOG_LEVEL: 'info',
      PAYTR_SIM_PORT: '0',
      TCMB_URL: 'http://127.0.0.1:9',
      WORKSPACE_DRIVER: 'process',
      IDE_AUTO_INSTALL: '0',
      DATA_DIR: dataDir,
      YAC_SERVER_BUNDLE_DIR: bundleDir,
      YAC_PORTAL_BUILD: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (d) => {
    out += d;
  });
  child.stderr.on('data', (d) => {
    out += d;
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => out, exited };
}

describe('the compiled server', () => {
  it(
    'is built on the first use, migrates from the checked-in migrations, and is reused after',
    async () => {
      const first = run('server/bin/youarecoder.mjs', ['migrate']);
      expect(await first.exited, first.output()).toBe(0);
      expect(first.output()).toContain('Compiled the server');
      expect(first.output()).toContain('database migrated');
      const manifest = JSON.parse(readFileSync(path.join(bundleDir, 'manifest.json'), 'utf8'));
      // The key covers exactly what was bundled: the server's sources, the contract, the simulator.
      expect(manifest.inputs).toContain('server/src/main.ts');
      expect(manifest.inputs).toContain('server/src/boot.ts');
      expect(manifest.inputs.some((f: string) => f.startsWith('contract/src/'))).toBe(true);
      expect(manifest.inputs.some((f: string) => f.includes('node_modules'))).toBe(false);
      // Paths from import.meta.url point into the sources, not into the cache.
      const main = readFileSync(path.join(bundleDir, manifest.key, 'main.mjs'), 'utf8');
      expect(main).not.toContain('import.meta.url');

      const again = run('server/bin/youarecoder.mjs', ['migrate']);
      expect(await again.exited, again.output()).toBe(0);
      expect(again.output()).not.toContain('Compiled the server');
      expect(readdirSync(bundleDir).filter((d) => !d.endsWith('.json'))).toEqual([manifest.key]);
    },
    SLOW,
  );

  it(
    '`npm start` serves the API and the portal from it, and stops cleanly on SIGTERM',
    async () => {
      const port = await freePort();
      const s = run('scripts/start.mjs', [], { PORT: String(port), HOST: '127.0.0.1' });
      await waitReady(s, port, SLOW);
      expect(s.output()).not.toContain('running its sources through tsx');
      if (existsSync(path.join(ROOT, 'web/dist/index.html'))) {
        const res = await fetch(`http://127.0.0.1:${port}/`);
        expect(res.status).toBe(200);
        expect(await res.text()).toContain('<div id="root">');
      }
      // Templates and the common-password list are read from the sources' folders.
      const weak = await fetch(`http://127.0.0.1:${port}/api/v1/signup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: `http://localhost:${port}` },
        body: JSON.stringify({
          companyName: 'Bundle Test',
          fullName: 'Ada Lovelace',
          email: 'ada@example.com',
          password: 'password123',
          acceptTerms: true,
        }),
      });
      expect(weak.status).toBe(400);
      s.child.kill('SIGTERM');
      expect(await s.exited, s.output()).toBe(0);
    },
    SLOW,
  );

  it(
    'the systemd units run the bundle `npm run build:server` built, without compiling at start',
    async () => {
      const built = run('scripts/lib/server-bundle.mjs', []);
      expect(await built.exited, built.output()).toBe(0);
      expect(built.output()).toMatch(/Server bundle: .*main\.mjs/);
      const unitsDir = path.join(ROOT, 'deploy/systemd');
      const commands = readdirSync(unitsDir)
        .filter((f) => f.endsWith('.service'))
        .flatMap((f) =>
          readFileSync(path.join(unitsDir, f), 'utf8')
            .split('\n')
            .filter((l) => /^#?ExecStart(Pre)?=/.test(l))
            .map((l) => ({
              unit: f,
              argv: l
                .replace(/^#?ExecStart(Pre)?=/, '')
                .trim()
                .split(/\s+/),
            })),
        );
      expect(commands.length).toBeGreaterThanOrEqual(3);
      for (const { unit, argv } of commands) {
        // node runs the entry script itself (no tsx, no npm in front): SIGTERM reaches the server.
        expect(argv.slice(0, 2), unit).toEqual(['/usr/bin/node', 'server/bin/youarecoder.mjs']);
        const r = run('server/bin/youarecoder.mjs', [...argv.slice(2), '--help']);
        expect(await r.exited, `${unit}: ${r.output()}`).toBe(0);
        expect(r.output()).toContain('Usage: youarecoder');
        // The service's tree is read-only: a start must find the bundle, not build one or fall back.
        expect(r.output()).not.toContain('Compiled the server');
        expect(r.output()).not.toContain('through tsx');
      }
    },
    SLOW,
  );

  it('`npm run dev` (--from-sources) runs the TypeScript sources', async () => {
    const s = run('scripts/start.mjs', ['--from-sources', '--help']);
    expect(await s.exited, s.output()).toBe(0);
    expect(s.output()).toContain('Usage: youarecoder');
    expect(s.output()).not.toContain('Compiled the server');
  });
});
