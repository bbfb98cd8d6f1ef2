// setup:ide's patches of the pinned code-server: applied once, found again, and loud when the text moved.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyPatches, PATCHES, patchesApplied } from '../../../scripts/lib/code-server-patches.mjs';
import { ideRuntimePaths } from './ide-runtime.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A code-server folder holding `text` in every patched file. */
function fakeCodeServer(text: (find: string) => string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yac-cs-patch-'));
  dirs.push(dir);
  for (const p of PATCHES) {
    const file = path.join(dir, p.file);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text(p.find));
  }
  return dir;
}

describe('code-server patches', () => {
  it('replaces the text once, and a second run finds them applied', () => {
    const dir = fakeCodeServer((find) => `a;${find};b`);
    expect(patchesApplied(dir)).toEqual([]);
    expect(applyPatches(dir)).toEqual(PATCHES.map((p) => p.id));
    for (const p of PATCHES) {
      const text = readFileSync(path.join(dir, p.file), 'utf8');
      expect(text).toBe(`a;${p.replace};b`);
    }
    expect(patchesApplied(dir)).toEqual(PATCHES.map((p) => p.id));
    expect(applyPatches(dir)).toEqual([]);
  });

  it('refuses, naming the patch, when the text is missing or occurs twice (a code-server upgrade)', () => {
    const missing = fakeCodeServer(() => 'nothing to see');
    expect(() => applyPatches(missing)).toThrow(/pty-host-at-start.*occurs 0 times/);
    const twice = fakeCodeServer((find) => `${find}\n${find}`);
    expect(() => applyPatches(twice)).toThrow(/occurs 2 times/);
    expect(patchesApplied(twice)).toEqual([]);
  });

  const ide = ideRuntimePaths(process.env.IDE_CACHE_DIR || undefined);
  it.skipIf(!ide.installed)(
    `the installed code-server carries every patch${ide.installed ? '' : ' (skipped: IDE runtime not installed, run npm run setup:ide)'}`,
    () => {
      expect(patchesApplied(ide.codeServerDir)).toEqual(PATCHES.map((p) => p.id));
    },
  );
});
