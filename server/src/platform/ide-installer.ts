// The IDE runtime as the running platform sees it: installed, being installed in the background
// (`npm start` on a fresh clone runs `npm run setup:ide` once, with its progress in the log and the
// portal), or failed. Workspaces created meanwhile wait for it (their converge job checks ready()).
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type IdeRuntimePaths, ideRuntimePaths } from './ide-runtime.ts';
import type { Logger } from './logger.ts';

const SETUP_SCRIPT = fileURLToPath(new URL('../../../scripts/setup-ide.mjs', import.meta.url));

/** What the portal shows about the runtime. */
export interface IdeRuntimeStatus {
  status: 'ready' | 'installing' | 'failed';
  message: string | null;
}

/** The IDE runtime and its installer. */
export interface IdeRuntime {
  /** Paths (re-read: an install may have finished since). */
  paths(): IdeRuntimePaths;
  /** Whether workspaces can start now. */
  ready(): boolean;
  status(): IdeRuntimeStatus;
  /** Install in the background when missing (once per process); resolves when done or failed. */
  installInBackground(): Promise<boolean>;
  /** Called once the runtime becomes ready after a background install. */
  onReady(fn: () => void): void;
}

/** The runtime in `cacheDir` (default: the setup script's default); `script` installs it. */
export function createIdeRuntime(
  cacheDir: string | undefined,
  log: Logger,
  script: string = SETUP_SCRIPT,
): IdeRuntime {
  let installing: Promise<boolean> | null = null;
  let failure: string | null = null;
  let lastLine: string | null = null;
  const readyHandlers: Array<() => void> = [];
  const paths = () => ideRuntimePaths(cacheDir);

  return {
    paths,
    ready: () => paths().installed,
    status() {
      if (paths().installed) return { status: 'ready', message: null };
      if (installing) return { status: 'installing', message: lastLine };
      if (failure) return { status: 'failed', message: failure };
      return {
        status: 'failed',
        message: 'The IDE runtime is not installed: run `npm run setup:ide` on the server.',
      };
    },
    onReady(fn) {
      readyHandlers.push(fn);
    },
    installInBackground() {
      if (paths().installed) return Promise.resolve(true);
      if (installing) return installing;
      failure = null;
      log.info('IDE runtime missing: installing it in the background (npm run setup:ide, about 3 minutes)');
      installing = new Promise<boolean>((resolve) => {
        const child = spawn(process.execPath, [script], {
          env: { ...process.env, ...(cacheDir ? { IDE_CACHE_DIR: cacheDir } : {}) },
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        const onData = (chunk: Buffer) => {
          for (const line of chunk.toString('utf8').split('\n')) {
            const l = line.trim();
            if (!l) continue;
            lastLine = l.slice(0, 300);
            log.info({ setupIde: lastLine }, 'setup:ide');
          }
        };
        child.stdout.on('data', onData);
        child.stderr.on('data', onData);
        child.on('error', (err) => {
          failure = `setup:ide could not start: ${err.message}`;
          resolve(false);
        });
        child.on('close', (code) => {
          if (code === 0 && paths().installed) {
            log.info('IDE runtime installed; waiting workspaces start now');
            for (const fn of readyHandlers) fn();
            resolve(true);
          } else {
            failure = `npm run setup:ide failed (exit ${code}): ${lastLine ?? 'no output'}`;
            log.error(failure);
            resolve(false);
          }
        });
      }).finally(() => {
        installing = null;
      });
      return installing;
    },
  };
}
