#!/usr/bin/env node
// `npx youarecoder [start|migrate] [--role …]`: the platform's TypeScript entry point, compiled on the
// fly by tsx in this same process (no build step, signals reach the server directly).
const { register } = await import('tsx/esm/api');
register();
await import(new URL('../src/main.ts', import.meta.url).href);
