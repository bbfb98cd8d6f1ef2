#!/usr/bin/env node
// `npx youarecoder [start|migrate|operator …]`: the platform from its compiled bundle (built on first use and
// reused while the sources are unchanged, as `npm start` does: scripts/lib/server-bundle.mjs), in this same
// process so signals reach the server directly. Without a bundle (esbuild missing, a failed build) the
// TypeScript sources run through tsx.
import { pathToFileURL } from 'node:url';

let bundle;
try {
  const { serverBundle } = await import('../../scripts/lib/server-bundle.mjs');
  bundle = await serverBundle({ log: (line) => console.error(line) });
} catch (err) {
  console.error(`Could not compile the server (${err?.message ?? err}); running its sources through tsx.`);
}
if (bundle) {
  process.setSourceMapsEnabled(true);
  await import(pathToFileURL(bundle).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(new URL('../src/main.ts', import.meta.url).href);
}
