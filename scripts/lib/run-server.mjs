// Run the platform in this process (signals reach the server directly, so its graceful shutdown is never
// cut short by a wrapper): from the compiled bundle (server-bundle.mjs, built on first use and reused
// while the sources are unchanged) or, with fromSources or when the bundle cannot be built, from the
// TypeScript sources through tsx. `npm start` (scripts/start.mjs) and `npx youarecoder` both start here.
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** @param {{ fromSources?: boolean, log?: (line: string) => void }} o */
export async function runServer({ fromSources = false, log = (line) => console.log(line) } = {}) {
  let bundle;
  if (!fromSources) {
    try {
      const { serverBundle } = await import('./server-bundle.mjs');
      bundle = await serverBundle({ log });
    } catch (err) {
      // Never a reason not to start: the sources run as they are, only slower to start.
      console.error(
        `Could not compile the server (${err?.message ?? err}); running its sources through tsx.`,
      );
    }
  }
  if (bundle) {
    // Stack traces name the TypeScript sources, not the bundle's lines.
    process.setSourceMapsEnabled(true);
    await import(pathToFileURL(bundle).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(ROOT, 'server/src/main.ts')).href);
}
