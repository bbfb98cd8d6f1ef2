// File operations inside a workspace, done by a small shell helper running as the workspace's user (as a
// process of that user on the host, or inside the workspace's container): the kernel then refuses whatever
// that user may not touch, whatever symlinks the workspace holds, and the platform (root) never opens a
// path the user controls. The helper also resolves the path and refuses one that leads outside the
// workspace's own folders, which keeps non-isolated workspaces (no user of their own) from reaching through
// a symlink into another workspace or the platform's files.
import {
  normalizeWorkspacePath,
  RuntimeError,
  type WorkspaceArea,
  type WorkspacePath,
  type WorkspacePaths,
  type WriteFileResult,
} from '../../runtime.ts';
import { OutputTail, type Runner } from './exec.ts';

const AREAS: readonly WorkspaceArea[] = ['project', 'home', 'userData', 'tmp'];

// Exit codes of the helper the platform understands.
const MISSING = 3;
const OUTSIDE = 91;
const NOT_A_FILE = 92;

// $1 operation, $2 area folder, $3 relative path, $4 mode (octal or empty), then the allowed roots.
const HELPER = `
set -f
op=$1 area=$2 rel=$3 mode=$4
shift 4
fail() { printf '%s\\n' "$2" >&2; exit "$1"; }
inside() { for root do case $p in "$root"/*) return 0;; esac; done; return 1; }
case $rel in */*) dir=\${rel%/*} base=\${rel##*/};; *) dir=. base=$rel;; esac
case $op in
remove)
  # The last component is removed as it is (a symlink, not what it points to).
  parent=$(realpath -m -- "$area/$dir") || fail ${OUTSIDE} "$rel leads outside the workspace"
  p=$parent/$base
  inside "$@" || fail ${OUTSIDE} "$rel leads outside the workspace"
  [ -e "$p" ] || [ -L "$p" ] || exit 0
  exec rm -rf -- "$p"
  ;;
esac
p=$(realpath -m -- "$area/$rel") || fail ${OUTSIDE} "$rel leads outside the workspace"
inside "$@" || fail ${OUTSIDE} "$rel leads outside the workspace"
case $op in
read)
  [ -e "$p" ] || exit ${MISSING}
  [ -f "$p" ] || fail ${NOT_A_FILE} "$rel is not a regular file"
  exec cat -- "$p"
  ;;
write)
  [ ! -e "$p" ] || [ -f "$p" ] || fail ${NOT_A_FILE} "$rel is not a regular file"
  created= q=
  if [ "$dir" != . ]; then
    IFS=/
    for c in $dir; do
      q=\${q:+$q/}$c
      if [ ! -e "$area/$q" ]; then created=$q; break; fi
    done
    unset IFS
    mkdir -p -- "\${p%/*}" || exit 1
  fi
  umask 022
  cat > "$p" || exit 1
  if [ -n "$mode" ]; then chmod -- "$mode" "$p" || exit 1; fi
  printf '%s' "$created"
  ;;
esac
`;

/** Where and how: what each operation needs to know of the workspace. */
export interface FsContext {
  /** Each area's folder, resolved (no symlink on the way), as the runner's commands see it. */
  readonly areas: WorkspacePaths;
  /** Every folder a path may lead into (the areas and the extensions folder), resolved. */
  readonly roots: readonly string[];
  /** HOME for the helper. */
  readonly home: string;
  /** Runs the helper as the workspace's user. */
  readonly run: Runner;
}

async function helper(
  ctx: FsContext,
  op: 'read' | 'write' | 'remove',
  target: WorkspacePath,
  mode: number | undefined,
  input?: string | Uint8Array,
): Promise<{ code: number | null; stdout: Buffer }> {
  if (!AREAS.includes(target.area)) throw new RuntimeError('invalid_path', `unknown area ${target.area}`);
  const rel = normalizeWorkspacePath(target.path);
  if (mode !== undefined && (!Number.isInteger(mode) || mode < 0 || mode > 0o777))
    throw new RuntimeError('invalid_path', `invalid mode ${mode}`);
  const stdout: Buffer[] = [];
  let outBytes = 0;
  const stderr = new OutputTail(4096);
  const r = await ctx.run(
    {
      argv: [
        '/bin/sh',
        '-c',
        HELPER,
        'yac-fs',
        op,
        ctx.areas[target.area],
        rel,
        mode === undefined ? '' : mode.toString(8),
        ...ctx.roots,
      ],
      cwd: '/',
      env: { PATH: '/usr/bin:/bin', LANG: 'C.UTF-8', HOME: ctx.home },
      // A FIFO swapped in for a file would block the helper: it must not hold the platform forever.
      timeoutMs: 60_000,
      input: op === 'write' ? (input ?? '') : undefined,
    },
    (chunk, fd) => {
      if (fd === 2) return stderr.push(chunk);
      outBytes += chunk.length;
      if (outBytes <= 64 * 1024 * 1024) stdout.push(chunk);
    },
  );
  if (outBytes > 64 * 1024 * 1024)
    throw new RuntimeError('invalid_path', `${target.path} is larger than 64 MiB`);
  const message = stderr.toString().trim();
  if (r.exitCode === OUTSIDE || r.exitCode === NOT_A_FILE)
    throw new RuntimeError('invalid_path', `${target.area}/${rel}: ${message.split('\n').pop()}`);
  if (r.timedOut || r.exitCode === null)
    throw new RuntimeError('exec_failed', `cannot ${op} ${target.area}/${rel}: the helper timed out`);
  // mkdir, cat or rm refused (a loop of symlinks, no permission, no space): the path is not usable.
  if (r.exitCode !== 0 && !(op === 'read' && r.exitCode === MISSING))
    throw new RuntimeError(
      'invalid_path',
      `cannot ${op} ${target.area}/${rel}: ${message || `exit ${r.exitCode}`}`,
    );
  return { code: r.exitCode, stdout: Buffer.concat(stdout) };
}

/** Write a file as the workspace user (see RuntimeDriver.writeFile). */
export async function writeWorkspaceFile(
  ctx: FsContext,
  target: WorkspacePath,
  content: string | Uint8Array,
  mode?: number,
): Promise<WriteFileResult> {
  const { stdout } = await helper(ctx, 'write', target, mode, content);
  const created = stdout.toString('utf8');
  return { createdDir: created === '' ? null : created };
}

/** Read a file as the workspace user; null when missing. */
export async function readWorkspaceFile(ctx: FsContext, target: WorkspacePath): Promise<Buffer | null> {
  const r = await helper(ctx, 'read', target, undefined);
  return r.code === MISSING ? null : r.stdout;
}

/** Remove a path as the workspace user; missing is fine. */
export async function removeWorkspacePath(ctx: FsContext, target: WorkspacePath): Promise<void> {
  await helper(ctx, 'remove', target, undefined);
}
