// Types of code-server-patches.mjs (plain JavaScript: setup:ide runs before any TypeScript tooling).
export interface CodeServerPatch {
  /** Named in setup's output and in errors. */
  id: string;
  /** Relative to the code-server folder of the IDE cache. */
  file: string;
  /** The exact text replaced; it must occur exactly once. */
  find: string;
  replace: string;
  why: string;
}
export const PATCHES: CodeServerPatch[];
export function patchesApplied(codeServerDir: string, patches?: CodeServerPatch[]): string[];
export function applyPatches(codeServerDir: string, patches?: CodeServerPatch[]): string[];
