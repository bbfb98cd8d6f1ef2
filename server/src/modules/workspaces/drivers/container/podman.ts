// Running podman for the container driver: one place that knows the binary, the project's containers.conf
// and how podman reports failures. Nothing here knows workspaces.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { RuntimeError, type RuntimeErrorCode } from '../../runtime.ts';

/** The repository's deploy/ folder (containers.conf, the workspace image's Containerfile). */
const DEPLOY = fileURLToPath(new URL('../../../../../../deploy/', import.meta.url));

/** podman settings of the driver (default_ulimits = [], cgroupfs, file events): see the file. */
export const CONTAINERS_CONF = `${DEPLOY}podman/containers.conf`;

// The workspace image's name: one module for the setup script that builds it and the driver that runs it.
export {
  CONTAINERFILE,
  hostCaFiles,
  workspaceImage,
} from '../../../../../../scripts/lib/workspace-image.mjs';

/** How a podman command ended. */
export interface PodmanResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment podman runs with: only what it needs, never the platform's secrets. */
export function podmanEnv(): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
    LANG: 'C.UTF-8',
    HOME: process.env.HOME ?? '/root',
    CONTAINERS_CONF,
  };
}

/** Run podman with `args`; resolves with its exit code and output (never rejects for a failing command). */
export function podman(
  args: readonly string[],
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<PodmanResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('podman', args, {
      env: podmanEnv(),
      stdio: [opts.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (c: string) => {
      stdout += c;
    });
    child.stderr?.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs ?? 120_000);
    child.once('error', (err) => {
      clearTimeout(timer);
      reject(new RuntimeError('runtime_missing', `cannot run podman: ${err.message}`, [], { cause: err }));
    });
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
    if (opts.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(opts.input);
    }
  });
}

/** Run podman and return its standard output; a failure throws RuntimeError `code` with podman's words. */
export async function podmanOk(
  args: readonly string[],
  code: RuntimeErrorCode,
  what: string,
  opts: { input?: string; timeoutMs?: number } = {},
): Promise<string> {
  const r = await podman(args, opts);
  if (r.code === 0) return r.stdout;
  const words = r.stderr.trim().split('\n').slice(-5);
  throw new RuntimeError(code, `${what}: ${words.at(-1) || `podman exited with ${r.code}`}`, words);
}

/** podman's words for "there is no such pod or container" (a removal that finds nothing is fine). */
export function isNoSuch(r: PodmanResult): boolean {
  return /no such (pod|container)|no pod with name or ID|no container with name or ID/i.test(r.stderr);
}
