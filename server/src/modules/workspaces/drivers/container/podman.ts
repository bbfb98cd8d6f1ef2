// Running podman for the container driver: one place that knows the binary, the project's containers.conf
// and how podman reports failures. Nothing here knows workspaces.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { RuntimeError, type RuntimeErrorCode } from '../../runtime.ts';

/** The repository's deploy/ folder (containers.conf, the workspace image's Containerfile). */
const DEPLOY = fileURLToPath(new URL('../../../../../../deploy/', import.meta.url));

/** podman settings of the driver (default_ulimits = [], cgroupfs, file events): see the file. */
export const CONTAINERS_CONF = `${DEPLOY}podman/containers.conf`;

/** The workspace image's Containerfile; the image's tag is a digest of it (see workspaceImage). */
export const CONTAINERFILE = `${DEPLOY}images/workspace/Containerfile`;

/**
 * Certificate authorities the host added to its own trust (Debian's place for local CAs: a TLS-inspecting
 * proxy's, a company's own): the image trusts them too, so git, curl and npm in a workspace reach what the
 * host reaches. `YAC_IMAGE_CA_DIR` names another folder. Their `.crt` files, sorted by name.
 */
export function hostCaFiles(
  dir = process.env.YAC_IMAGE_CA_DIR || '/usr/local/share/ca-certificates',
): string[] {
  try {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.crt'))
      .sort()
      .map((f) => path.join(dir, f));
  } catch {
    return [];
  }
}

/**
 * The workspace image this code runs: `localhost/youarecoder-workspace:<first 12 hex of sha256 of the
 * Containerfile and the host's CAs>`. scripts/setup-images.mjs builds it under the same name (a unit test
 * compares the two), so a changed Containerfile or a new CA is a new image, built by the next setup.
 */
export function workspaceImage(containerfile = CONTAINERFILE, caFiles = hostCaFiles()): string {
  const hash = createHash('sha256').update(readFileSync(containerfile));
  for (const f of caFiles) hash.update(`\0${path.basename(f)}\0`).update(readFileSync(f));
  return `localhost/youarecoder-workspace:${hash.digest('hex').slice(0, 12)}`;
}

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
