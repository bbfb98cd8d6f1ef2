// Small, named changes to the pinned code-server's built files, applied by `npm run setup:ide` after the
// install (before its smoke test) and to an install made before a patch existed. Each patch replaces one
// exact string that must occur exactly once in the pinned version: a code-server bump that moves it makes
// setup fail loudly here, rather than ship without the patch.
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const VSCODE = 'node_modules/code-server/lib/vscode';

/**
 * @typedef {{ id: string, file: string, find: string, replace: string, why: string }} Patch
 * `file` is relative to the code-server folder of the IDE cache.
 */

/** @type {Patch[]} */
export const PATCHES = [
  {
    id: 'pty-host-at-start',
    file: `${VSCODE}/out/server-main.js`,
    // The end of PtyHostService's constructor. VS Code's server starts the terminal's process host (a
    // forked node that loads node-pty) only when the page first asks for it; the workbench does so as it
    // restores, and the first terminal waits behind that start (0.8 s on a quiet 2-core host, 2 s and
    // more while the extension host starts beside it). Started with the server, it is ready before anyone
    // opens the IDE. Nearly every opened workspace starts it anyway: the workbench asks for the terminal
    // layout on every load.
    find: 'this._ptyHostStarter.onWillShutdown&&this._register(this._ptyHostStarter.onWillShutdown(()=>this._wasQuitRequested=!0))}',
    replace:
      'this._ptyHostStarter.onWillShutdown&&this._register(this._ptyHostStarter.onWillShutdown(()=>this._wasQuitRequested=!0)),setTimeout(()=>this._ensurePtyHost(),0)}',
    why: "start VS Code's terminal host with the server, not with the first terminal",
  },
];

function count(haystack, needle) {
  let n = 0;
  for (let i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length)) n++;
  return n;
}

/** Which patches a code-server folder has (a patch is there when its replacement text is). */
export function patchesApplied(codeServerDir, patches = PATCHES) {
  return patches
    .filter((p) => {
      const file = path.join(codeServerDir, p.file);
      return existsSync(file) && readFileSync(file, 'utf8').includes(p.replace);
    })
    .map((p) => p.id);
}

/**
 * Apply every patch not yet applied to `codeServerDir`; returns the ids it applied. Each file is written
 * beside itself and renamed into place, so a code-server starting meanwhile reads the old or the new file,
 * never half of one. Throws, naming the patch and the file, when the text to replace is not there exactly once.
 */
export function applyPatches(codeServerDir, patches = PATCHES) {
  const done = [];
  for (const p of patches) {
    const file = path.join(codeServerDir, p.file);
    if (!existsSync(file)) throw new Error(`code-server patch ${p.id}: ${file} is missing`);
    const text = readFileSync(file, 'utf8');
    if (text.includes(p.replace)) continue;
    const n = count(text, p.find);
    if (n !== 1)
      throw new Error(
        `code-server patch ${p.id} (${p.why}): the text to replace occurs ${n} times in ${file}, not once — ` +
          'was code-server upgraded? Update the patch in scripts/lib/code-server-patches.mjs.',
      );
    const tmp = `${file}.yac-patch-${process.pid}`;
    writeFileSync(tmp, text.replace(p.find, p.replace));
    renameSync(tmp, file);
    done.push(p.id);
  }
  return done;
}
