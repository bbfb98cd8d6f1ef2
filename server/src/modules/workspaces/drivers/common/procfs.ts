// What the driver reads from /proc: which processes belong to a workspace, their CPU and memory, and
// their command lines (to recognise a workspace's code-server after a platform restart).
//
// Everything here is asynchronous: the platform's event loop also runs the gateway's proxy, and a walk
// over /proc read synchronously (two files per process on the host) blocked it for 10–200 ms at a time on
// a loaded machine, stalling every proxied request meanwhile. Read asynchronously, a walk costs the loop
// many small callbacks instead, between which proxied requests go on.
import { readdir, readFile as readFileCb } from 'node:fs';
import { promisify } from 'node:util';

// The callback API wrapped once: cheaper per call than fs/promises' readFile (no FileHandle) on Node 20.
const readFile = promisify(readFileCb);
const readDir = promisify(readdir);
/** Processes read at once in a walk: enough to keep libuv's threads busy, not enough to hog them. */
const WALK_CONCURRENCY = 8;

/** One process as /proc shows it. */
export interface ProcInfo {
  readonly pid: number;
  readonly ppid: number;
  readonly pgrp: number;
  /** Real and effective uid. */
  readonly uids: readonly [number, number];
  readonly zombie: boolean;
  /** utime + stime + cutime + cstime, in clock ticks. */
  readonly cpuTicks: number;
}

// Linux reports times in USER_HZ, which is 100 on every architecture it exports to user space.
const TICKS_PER_SECOND = 100;

/** The fields of /proc/<pid>/stat after the command name, or null when the process is gone. */
async function statFields(pid: number): Promise<string[] | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null; // it ended
  }
}

/** One process, or null when it is gone. */
export async function procInfo(pid: number): Promise<ProcInfo | null> {
  try {
    const [f, status] = await Promise.all([statFields(pid), readFile(`/proc/${pid}/status`, 'utf8')]);
    if (!f) return null;
    const uid = /^Uid:\s+(\d+)\s+(\d+)/m.exec(status);
    const n = (i: number) => Number(f[i] ?? 0);
    return {
      pid,
      ppid: n(1),
      pgrp: n(2),
      uids: [Number(uid?.[1] ?? -1), Number(uid?.[2] ?? -1)],
      zombie: f[0] === 'Z',
      cpuTicks: n(11) + n(12) + n(13) + n(14),
    };
  } catch {
    return null; // it ended while we looked
  }
}

/** Run `fn` over `items`, at most `limit` at once; results in the items' order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return out;
}

/** The pids /proc lists now. */
async function pids(): Promise<number[]> {
  const names = await readDir('/proc');
  return names.filter((n) => /^\d+$/.test(n)).map(Number);
}

/** Every process on the host (a snapshot; processes come and go meanwhile). */
export async function allProcesses(): Promise<ProcInfo[]> {
  const found = await mapLimit(await pids(), WALK_CONCURRENCY, procInfo);
  return found.filter((p): p is ProcInfo => p !== null);
}

/** The arguments of a process, or null when it is gone or unreadable. */
export async function argv(pid: number): Promise<string[] | null> {
  try {
    const raw = await readFile(`/proc/${pid}/cmdline`, 'utf8');
    return raw ? raw.replace(/\0$/, '').split('\0') : null;
  } catch {
    return null;
  }
}

/** The value following `flag` in a process's arguments. */
export function argValue(args: readonly string[] | null, flag: string): string | undefined {
  const i = args?.indexOf(flag) ?? -1;
  return i >= 0 ? args?.[i + 1] : undefined;
}

/** Whether a live (non-zombie) process has this pid (one file read: its stat). */
export async function alive(pid: number): Promise<boolean> {
  const f = await statFields(pid);
  return f !== null && f[0] !== 'Z';
}

/**
 * The processes of a workspace. Isolated: everything running as its user (this catches what left the
 * IDE's process group with setsid, as terminals and daemons do). Otherwise: the IDE's process group and
 * every descendant of its members (terminals live in sessions of their own below the pty host).
 */
export function workspaceProcesses(
  procs: readonly ProcInfo[],
  by: { uid: number } | { pgrp: number },
): ProcInfo[] {
  if ('uid' in by) return procs.filter((p) => !p.zombie && p.uids.includes(by.uid));
  const picked = new Set(procs.filter((p) => p.pgrp === by.pgrp).map((p) => p.pid));
  // Walk down the tree until nothing new joins (parents may be listed after their children).
  for (let grew = true; grew; ) {
    grew = false;
    for (const p of procs)
      if (!picked.has(p.pid) && picked.has(p.ppid)) {
        picked.add(p.pid);
        grew = true;
      }
  }
  return procs.filter((p) => picked.has(p.pid) && !p.zombie);
}

/** Resident memory of a process in bytes (0 when gone). */
export async function residentBytes(pid: number): Promise<number> {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(await readFile(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds and resident bytes summed over some processes. */
export async function usage(
  procs: readonly ProcInfo[],
): Promise<{ cpuSeconds: number; memoryBytes: number }> {
  let ticks = 0;
  for (const p of procs) ticks += p.cpuTicks;
  const rss = await mapLimit(procs, WALK_CONCURRENCY, (p) => residentBytes(p.pid));
  return { cpuSeconds: ticks / TICKS_PER_SECOND, memoryBytes: rss.reduce((a, b) => a + b, 0) };
}

/** Send a signal to each pid, ignoring those already gone. */
export function signalAll(pids: Iterable<number>, signal: NodeJS.Signals): void {
  for (const pid of pids) {
    try {
      process.kill(pid, signal);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ESRCH') throw err;
    }
  }
}

/**
 * code-server processes serving a socket under `root` (`<root>/<id>/sock/cs.sock`), by workspace id:
 * how a process is found when its pid file is gone (an interrupted destroy, a lost folder).
 */
export async function ideProcessesByWorkspace(root: string): Promise<Map<string, number[]>> {
  const found = new Map<string, number[]>();
  // Only the command line and the state are needed: two reads per process, not three.
  const seen = await mapLimit(await pids(), WALK_CONCURRENCY, async (pid) => {
    const args = await argv(pid);
    const sock = argValue(args, '--socket');
    const m = sock?.startsWith(`${root}/`)
      ? /^([^/]+)\/sock\/cs\.sock$/.exec(sock.slice(root.length + 1))
      : null;
    return m?.[1] && (await alive(pid)) ? { pid, id: m[1] } : null;
  });
  for (const p of seen) if (p) found.set(p.id, [...(found.get(p.id) ?? []), p.pid]);
  return found;
}
