#!/usr/bin/env node
// `npm start`: build the portal when its sources are newer than the build, then run the platform from
// its compiled bundle (scripts/lib/server-bundle.mjs: built on the first start, reused while the sources
// are unchanged). `--from-sources` (`npm run dev`) runs the TypeScript sources through tsx instead.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const dist = path.join(root, 'web/dist/index.html');
const sources = [
  path.join(root, 'web/src'),
  path.join(root, 'web/index.html'),
  path.join(root, 'contract/src'),
];
const stale =
  !existsSync(dist) ||
  sources.some(
    (s) =>
      existsSync(s) && (statSync(s).isDirectory() ? newest(s) : statSync(s).mtimeMs) > statSync(dist).mtimeMs,
  );
// YAC_PORTAL_BUILD=0: start with whatever web/dist holds (the cold-start bench, which times starts only).
if (stale && process.env.YAC_PORTAL_BUILD !== '0' && existsSync(path.join(root, 'web/src'))) {
  console.log('Building the portal (web/) …');
  const r = spawnSync('npm', ['run', 'build', '-w', 'web', '--silent'], { cwd: root, stdio: 'inherit' });
  // The API and jobs do not need the portal: start anyway and say so, rather than not at all.
  if (r.status !== 0)
    console.error('The portal build failed (see above); starting the API with the previous build, if any.');
}

// The server runs in this process, so signals reach it directly and its graceful shutdown is never cut
// short by a wrapper.
const fromSources = process.argv.includes('--from-sources');
if (fromSources) process.argv.splice(process.argv.indexOf('--from-sources'), 1);
const { runServer } = await import('./lib/run-server.mjs');
await runServer({ fromSources });
