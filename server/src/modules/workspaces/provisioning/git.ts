// The git_clone step: `git clone [--branch b] -- <url> <dir>` as the workspace user, never prompting.
// Into a missing or empty folder git clones directly; into one that already has files (the project folder
// after a files step) it clones beside, in tmp/, and moves the entries in, refusing to overwrite any.
import path from 'node:path';
import type { TemplateStep } from '@youarecoder/contract';
import { randomAlnum } from '../../../platform/ids.ts';
import type { WorkspacePath } from '../runtime.ts';
import {
  execIn,
  lastLines,
  type StepContext,
  StepError,
  type StepRunner,
  workspacePathOf,
} from './context.ts';
import { redactCredentials } from './labels.ts';

// $1 base folder, $2 target relative to it. Prints, NUL-separated: D and the entries of an existing
// folder; F for something else in the way; M and the outermost missing folder on the way.
const PROBE = `
cd -- "$1" || exit 1
t=$2
if [ -d "$t" ]; then printf 'D\\0'; cd -- "$t" && find . -mindepth 1 -maxdepth 1 -printf '%f\\0' 2>/dev/null; exit 0; fi
if [ -e "$t" ] || [ -L "$t" ]; then printf 'F\\0'; exit 0; fi
p=; IFS=/; set -f
for c in $t; do p=\${p:+$p/}$c; if [ ! -e "$p" ] && [ ! -L "$p" ]; then printf 'M\\0%s\\0' "$p"; exit 0; fi; done
printf 'M\\0%s\\0' "$t"
`;

// $1 base, $2 target, $3 temporary folder ('' to clone straight into the target), $4 url, $5 branch.
const CLONE = `
base=$1 target=$2 tmp=$3 url=$4 branch=$5
cd -- "$base" || exit 1
opts=()
if [ -n "$branch" ]; then opts=(--branch "$branch"); fi
if [ -z "$tmp" ]; then exec git clone "\${opts[@]}" -- "$url" "$target"; fi
trap 'rm -rf -- "$tmp"' EXIT
git clone "\${opts[@]}" -- "$url" "$tmp" || exit $?
shopt -s dotglob nullglob
for e in "$tmp"/*; do
  n=\${e##*/}
  if [ -e "$target/$n" ] || [ -L "$target/$n" ]; then
    echo "the folder already has $n, which the repository has too: clone into another directory" >&2
    exit 65
  fi
done
for e in "$tmp"/*; do mv -- "$e" "$target/" || exit 1; done
`;

type Probe = { kind: 'D'; entries: string[] } | { kind: 'F' } | { kind: 'M'; missing: string };

async function probe(ctx: StepContext, base: string, rel: string): Promise<Probe> {
  const r = await execIn(ctx, ['bash', '-c', PROBE, 'yac-probe', base, rel], {
    log: false,
    maxOutputBytes: 8 * 1024 * 1024,
  });
  const [kind, ...rest] = r.output.split('\0');
  if (r.exitCode !== 0 || !kind) throw new StepError(`cannot look at ${rel}: ${lastLines(r.output)}`);
  if (kind === 'D') return { kind, entries: rest.filter(Boolean) };
  if (kind === 'M') return { kind, missing: rest[0] || rel };
  return { kind: 'F' };
}

/** Clone a repository (see the top of this file); undone by removing what the clone brought. */
export const gitCloneStep: StepRunner<Extract<TemplateStep, { type: 'git_clone' }>> = async (step, ctx) => {
  const where = workspacePathOf(step.directory ?? '.');
  const rel = path.posix.normalize(where.path.trim() || '.').replace(/\/+$/, '') || '.';
  const base = ctx.driver.paths(ctx.workspaceId)[where.area];
  const entry = (name: string): WorkspacePath => ({
    area: where.area,
    path: rel === '.' ? name : `${rel}/${name}`,
  });
  const before = await probe(ctx, base, rel);
  let brought: string[] | null = null;
  if (before.kind === 'F') throw new StepError(`${step.directory} exists and is not a folder`);
  if (before.kind === 'M') {
    const missing = before.missing;
    ctx.undo(() => ctx.driver.removePath(ctx.workspaceId, { area: where.area, path: missing }));
  } else {
    // What the clone brought, listed once it is done; a clone cut short: whatever is new by then.
    const had = new Set(before.entries);
    ctx.undo(async () => {
      const free = { ...ctx, signal: undefined, checkTime: () => undefined, remainingMs: () => 60_000 };
      const now = brought ?? (await newEntries(free, base, rel, had));
      for (const name of now) await ctx.driver.removePath(ctx.workspaceId, entry(name));
    });
  }
  let tmp = '';
  if (before.kind === 'D' && before.entries.length > 0) {
    const name = `yac-clone-${randomAlnum(10)}`;
    tmp = path.posix.join(ctx.driver.paths(ctx.workspaceId).tmp, name);
    // A clone cut short by the timeout leaves it behind.
    ctx.undo(() => ctx.driver.removePath(ctx.workspaceId, { area: 'tmp', path: name }));
  }
  const env = {
    GIT_SSH_COMMAND: 'ssh -o BatchMode=yes -o StrictHostKeyChecking=accept-new',
    ...ctx.env,
    GIT_TERMINAL_PROMPT: '0',
  };
  const r = await execIn(
    ctx,
    ['bash', '-c', CLONE, 'yac-clone', base, rel, tmp, step.url, step.branch ?? ''],
    {
      env,
      redact: (output) => redactCredentials(output, step.url),
    },
  );
  if (r.exitCode !== 0)
    throw new StepError(`git clone failed: ${lastLines(r.output) || `exit code ${r.exitCode}`}`);
  if (before.kind === 'D') brought = await newEntries(ctx, base, rel, new Set(before.entries));
};

async function newEntries(ctx: StepContext, base: string, rel: string, had: Set<string>): Promise<string[]> {
  const now = await probe(ctx, base, rel);
  return now.kind === 'D' ? now.entries.filter((n) => !had.has(n)) : [];
}
