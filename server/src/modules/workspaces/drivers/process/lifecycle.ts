// Starting and ending one workspace's code-server: spawn as the workspace user, wait for its first
// answer, and end every process the workspace runs.
import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import type { IdeRuntimePaths } from '../../../../platform/ide-runtime.ts';
import { RuntimeError, type RuntimeUser, type WorkspaceSpec } from '../../runtime.ts';
import { openLog, readIfExists, removeFiles, unreachableBy, writeAtomic } from '../common/files.ts';
import { waitForIde } from '../common/ide-socket.ts';
import { alive, allProcesses, signalAll, workspaceProcesses } from '../common/procfs.ts';
import type { WorkspaceLayout } from './layout.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** How a process ended, as the 'exit' event tells it. */
export interface ExitInfo {
  exitCode: number | null;
  signal: string | null;
}

/** What run/exit.json keeps of a run that ended unasked: the exit status and why, when known. */
export type SavedExit = ExitInfo & { reason: string | null };

/** Record how the run named by the pid file ended (a late exit of an older run changes nothing). */
export async function saveExit(
  l: WorkspaceLayout,
  pid: number,
  info: ExitInfo,
  reason: string | null,
): Promise<void> {
  if (Number((await readIfExists(l.pidFile))?.trim()) !== pid) return;
  const saved: SavedExit = { exitCode: info.exitCode, signal: info.signal, reason };
  await writeAtomic(l.exitFile, JSON.stringify(saved)).catch(() => undefined); // destroyed meanwhile
}

/** What saveExit() recorded, or null. */
export async function savedExit(l: WorkspaceLayout): Promise<SavedExit | null> {
  return JSON.parse((await readIfExists(l.exitFile)) ?? 'null') as SavedExit | null;
}

/** The clean environment of a workspace: nothing of the platform's own (secrets, DATABASE_URL) leaks in. */
export function workspaceEnv(
  l: WorkspaceLayout,
  spec: Required<WorkspaceSpec>,
  ide: IdeRuntimePaths,
  user: RuntimeUser | null,
): Record<string, string> {
  const name = user?.name ?? os.userInfo().username;
  return {
    LANG: 'C.UTF-8',
    ...spec.env,
    HOME: l.home,
    USER: name,
    LOGNAME: name,
    SHELL: '/bin/bash',
    // Node 24 first: code-server's terminals and tasks get the Node it runs on.
    PATH: `${path.dirname(ide.nodeBin)}:/usr/local/bin:/usr/bin:/bin`,
    // Per workspace, so code-server's and VS Code's sockets and temporary files never meet another's.
    TMPDIR: l.tmp,
    YAC_WORKSPACE_ID: l.id,
    // Here rather than in code-server's arguments: every local user can read a process's command line.
    YAC_WORKSPACE_NAME: spec.name,
  };
}

/** Spawn code-server detached (its own session and process group: it outlives a platform restart). */
export async function spawnIde(
  l: WorkspaceLayout,
  spec: Required<WorkspaceSpec>,
  ide: IdeRuntimePaths,
  user: RuntimeUser | null,
): Promise<ChildProcess> {
  if (!ide.installed)
    throw new RuntimeError(
      'runtime_missing',
      `the IDE runtime (Node ${ide.versions.node}, code-server ${ide.versions.codeServer}) is not installed in ${ide.cacheDir}: run \`npm run setup:ide\``,
    );
  // A socket left by an earlier run would be taken for this one's.
  await removeFiles(l.socket, `${l.socket}.new`, l.bindSocket, l.exitFile);
  const log = await openLog(l.logFile);
  let child: ChildProcess;
  try {
    child = spawn(
      ide.nodeBin,
      [
        ide.codeServerEntry,
        '--auth',
        'none',
        '--socket',
        l.bindSocket,
        '--disable-telemetry',
        '--disable-update-check',
        // The welcome page without code-server's own advertisement; the workspace is the user's.
        '--disable-getting-started-override',
        '--disable-workspace-trust',
        '--user-data-dir',
        l.userData,
        '--extensions-dir',
        l.extensions,
        path.join(l.project, spec.folder),
      ],
      {
        cwd: l.project,
        env: workspaceEnv(l, spec, ide, user),
        detached: true,
        // The log file itself, not a pipe: the IDE keeps logging while the platform is down.
        stdio: ['ignore', log.fd, log.fd],
        // libuv also drops root's supplementary groups when it switches user.
        ...(user ? { uid: user.uid, gid: user.gid } : {}),
      },
    );
  } finally {
    await log.close();
  }
  if (child.pid === undefined) {
    const err = await new Promise<Error>((resolve) => child.once('error', resolve));
    throw new RuntimeError(
      'start_failed',
      `cannot run code-server: ${err.message}${await hint(ide, user)}`,
      [],
      {
        cause: err,
      },
    );
  }
  child.unref();
  return child;
}

/** Why the workspace user may not reach the runtime, as a sentence to append to an error ('' if no idea). */
export async function hint(ide: IdeRuntimePaths, user: RuntimeUser | null): Promise<string> {
  if (!user) return '';
  const why =
    (await unreachableBy(ide.nodeBin, user.uid)) ?? (await unreachableBy(ide.codeServerEntry, user.uid));
  return why
    ? `; workspace users cannot reach the IDE runtime: ${why}. Install it where any user may read it, e.g. IDE_CACHE_DIR=/var/cache/youarecoder/ide npm run setup:ide`
    : '';
}

/**
 * Wait until code-server answers /healthz over the platform's link, then publish the link as run/cs.sock
 * (its presence means "answered"). Fails with the log tail when the process ends or time runs out.
 */
export function waitReady(
  l: WorkspaceLayout,
  pid: number,
  user: RuntimeUser | null,
  timeoutMs: number,
  ide: IdeRuntimePaths,
): Promise<void> {
  return waitForIde(l, pid, user?.uid ?? null, timeoutMs, () => hint(ide, user));
}

/**
 * End everything the workspace runs: SIGTERM to code-server's process group, up to `graceMs` for it to
 * shut down (it ends its terminals), then SIGKILL to whatever is left, forks made meanwhile included.
 * Isolated workspaces are found by uid; others by process group and descendants (see procfs.ts).
 */
export async function terminate(
  pid: number | null,
  user: RuntimeUser | null,
  graceMs: number,
): Promise<void> {
  const by = user ? { uid: user.uid } : pid ? { pgrp: pid } : null;
  if (!by) return;
  // Without a uid to go by, terminals reparented to init after the IDE ends would be lost: note them now.
  // (A group outlives its leader, and Linux reuses no pid while a group of that number exists, so a group
  // whose leader is gone is still the IDE's. The caller passes a live pid only once it checked it is ours.)
  const before = workspaceProcesses(await allProcesses(), by);
  if (pid && (await alive(pid))) {
    signalAll([-pid], 'SIGTERM');
    for (const until = Date.now() + graceMs; Date.now() < until && (await alive(pid)); ) await sleep(25);
  }
  for (let round = 0; round < 100; round++) {
    const stillThere = await Promise.all(before.map((p) => alive(p.pid)));
    const left = [...before.filter((_, i) => stillThere[i]), ...workspaceProcesses(await allProcesses(), by)];
    if (left.length === 0) return;
    signalAll(new Set(left.map((p) => p.pid)), 'SIGKILL');
    await sleep(20);
  }
  throw new Error(`processes of the workspace survive SIGKILL: ${before.map((p) => p.pid).join(', ')}`);
}
