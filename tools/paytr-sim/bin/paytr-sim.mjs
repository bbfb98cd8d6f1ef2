#!/usr/bin/env node
// `npx paytr-sim`: the simulator's TypeScript entry point, compiled on the fly by tsx in this same
// process (npm links a bin as-is, and Node cannot run a .ts file with no shebang).
const { register } = await import('tsx/esm/api');
register();
await import(new URL('../src/main.ts', import.meta.url).href);
