#!/usr/bin/env node
// `npx youarecoder [start|migrate|operator …]`: the platform from its compiled bundle (built on first use and
// reused while the sources are unchanged, as `npm start` does: scripts/lib/server-bundle.mjs), in this same
// process so signals reach the server directly. Without a bundle (esbuild missing, a failed build) the
// TypeScript sources run through tsx.
const { runServer } = await import('../../scripts/lib/run-server.mjs');
// Progress lines go to stderr: stdout is the command's own (operator list, --help).
await runServer({ log: (line) => console.error(line) });
