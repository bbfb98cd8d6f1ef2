import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createIdeRuntime } from './ide-installer.ts';
import { IDE_MARKER, IDE_VERSIONS, ideRuntimePaths } from './ide-runtime.ts';
import { createLogger } from './logger.ts';

// The background installer around `npm run setup:ide`, with a stand-in script that lays out an
// install the way the real one does (the real one takes minutes and is tested by CI's setup step).
const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

async function fakeSetup(exitCode: number): Promise<{ cacheDir: string; script: string }> {
  const cacheDir = await mkdtemp(path.join(os.tmpdir(), 'yac-ide-fake-'));
  dirs.push(cacheDir);
  const p = ideRuntimePaths(cacheDir);
  const script = path.join(cacheDir, 'setup.mjs');
  await writeFile(
    script,
    `import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
console.log('[1/4] System packages for the native build');
await new Promise((r) => setTimeout(r, 150));
console.log('[3/4] npm install code-server: 20.0 s');
if (${exitCode} !== 0) { console.error('npm ERR! boom'); process.exit(${exitCode}); }
for (const [file, marker] of [[${JSON.stringify(path.join(p.npmDir, 'bin', 'npm-cli.js'))}, ${JSON.stringify(p.nodeDir)}], [${JSON.stringify(p.nodeBin)}, ${JSON.stringify(p.nodeDir)}], [${JSON.stringify(p.codeServerEntry)}, ${JSON.stringify(p.codeServerDir)}]]) {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '');
  writeFileSync(path.join(marker, ${JSON.stringify(IDE_MARKER)}), JSON.stringify({ versions: ${JSON.stringify(IDE_VERSIONS)} }));
}
console.log('IDE runtime ready');
`,
  );
  return { cacheDir, script };
}

const log = createLogger({ level: 'silent', pretty: false });

describe('installing the IDE runtime in the background', () => {
  it('reports installing with the last progress line, then ready, and calls the ready handlers once', async () => {
    const { cacheDir, script } = await fakeSetup(0);
    const ide = createIdeRuntime(cacheDir, log, script);
    expect(ide.ready()).toBe(false);
    expect(ide.status().status).toBe('failed'); // not installed, nobody installing
    let readyCalls = 0;
    ide.onReady(() => readyCalls++);
    const done = ide.installInBackground();
    expect(ide.installInBackground()).toBe(done); // one install at a time
    expect(ide.status().status).toBe('installing');
    await expect.poll(() => ide.status().message).toContain('[1/4]');
    expect(await done).toBe(true);
    expect(ide.status()).toEqual({ status: 'ready', message: null });
    expect(ide.ready()).toBe(true);
    expect(readyCalls).toBe(1);
    expect(await ide.installInBackground()).toBe(true); // nothing to do any more
    expect(readyCalls).toBe(1);
  });

  it('reports a failed install with its last line', async () => {
    const { cacheDir, script } = await fakeSetup(3);
    const ide = createIdeRuntime(cacheDir, log, script);
    expect(await ide.installInBackground()).toBe(false);
    expect(ide.status()).toEqual({
      status: 'failed',
      message: 'npm run setup:ide failed (exit 3): npm ERR! boom',
    });
    expect(ide.ready()).toBe(false);
  });
});
