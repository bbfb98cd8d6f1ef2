import { describe, expect, it } from 'vitest';

// Every portal source file as text (Vite's glob import, so no Node types are needed here).
const sources = import.meta.glob<string>(['./**/*.{ts,tsx}', '!./**/*.test.ts'], {
  query: '?raw',
  import: 'default',
  eager: true,
});

describe('the portal bundle', () => {
  // The package root re-exports the zod schemas: one value import from it puts all of zod in the bundle.
  it('imports only types from the contract root, values only from its zod-free subpaths', () => {
    expect(Object.keys(sources).length).toBeGreaterThan(20);
    const offenders = Object.entries(sources)
      .filter(([, text]) =>
        [...text.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'@youarecoder\/contract'/gms)].some((m) => !m[1]),
      )
      .map(([file]) => file);
    expect(offenders).toEqual([]);
  });
});
