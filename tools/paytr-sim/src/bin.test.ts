import { readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('the paytr-sim bin', () => {
  it('is a script Node runs as linked by npm: a shebang, executable, not a .ts file', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    const bin: string = pkg.bin['paytr-sim'];
    expect(bin).not.toMatch(/\.ts$/);
    const file = new URL(`../${bin}`, import.meta.url);
    expect(readFileSync(file, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(statSync(file).mode & 0o111).not.toBe(0);
  });
});
