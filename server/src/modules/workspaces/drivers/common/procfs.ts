// What the driver reads from /proc: which processes belong to a workspace, their CPU and memory, and
// their command lines (to recognise a workspace's code-server after a platform restart).
//
// Nothing here reads synchronously on the platform's event loop, which also runs the gateway's proxy: a
// walk over every process read synchronously blocked it for 10–200 ms at a time on a loaded machine. Walks
// run in the drivers' worker thread (off-thread.ts); a single process's files are read asynchronously.
import { readFile as readFileCb } from 'node:fs';
import { promisify } from 'node:util';
import { type RawProc, readProcsOffThread } from './off-thread.ts';

// The callback API wrapped once: cheaper per call than fs/promises' readFile (no FileHandle) on Node 20.
const readFile = promisify(readFileCb);

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

/** The fields of a /proc/<pid>/stat after the command name. */
function statFieldsOf(stat: string): string[] {
  // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

/** A process from its stat and the `Uid:` line of its status. */
function parse(pid: number, stat: string, status: string): ProcInfo {
  const f = statFieldsOf(stat);
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
}

const parseRaw = (r: RawProc) => parse(r.pid, r.stat, r.uid);

/** One process, or null when it is gone. */
export async function procInfo(pid: number): Promise<ProcInfo | null> {
  try {
    const [stat, status] = await Promise.all([
      readFile(`/proc/${pid}/stat`, 'utf8'),
      readFile(`/proc/${pid}/status`, 'utf8'),
    ]);
    return parse(pid, stat, status);
  } catch {
    return null; // it ended while we looked
  }
}

/** Every process on the host (a snapshot; processes come and go meanwhile). */
export async function allProcesses(): Promise<ProcInfo[]> {
  return (await readProcsOffThread(null)).map(parseRaw);
}

/** The arguments of a process, or null when it is gone or unreadable. */
export async function argv(pid: number): Promise<string[] | null> {
  try {
    return argsOf(await readFile(`/proc/${pid}/cmdline`, 'utf8'));
  } catch {
    return null;
  }
}

function argsOf(raw: string | undefined): string[] | null {
  return raw ? raw.replace(/\0$/, '').split('\0') : null;
}

/** The value following `flag` in a process's arguments. */
export function argValue(args: readonly string[] | null, flag: string): string | undefined {
  const i = args?.indexOf(flag) ?? -1;
  return i >= 0 ? args?.[i + 1] : undefined;
}

/** Whether a live (non-zombie) process has this pid (one file read: its stat). */
export async function alive(pid: number): Promise<boolean> {
  try {
    return statFieldsOf(await readFile(`/proc/${pid}/stat`, 'utf8'))[0] !== 'Z';
  } catch {
    return false; // gone
  }
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
  const [r] = await readProcsOffThread([pid]);
  return rssOf(r);
}

function rssOf(r: RawProc | undefined): number {
  const m = r ? /^VmRSS:\s+(\d+)\s+kB/.exec(r.rss) : null;
  return m ? Number(m[1]) * 1024 : 0;
}

/** CPU seconds and resident bytes summed over some processes. */
export async function usage(
  procs: readonly ProcInfo[],
): Promise<{ cpuSeconds: number; memoryBytes: number }> {
  let ticks = 0;
  for (const p of procs) ticks += p.cpuTicks;
  const raw = procs.length ? await readProcsOffThread(procs.map((p) => p.pid)) : [];
  return { cpuSeconds: ticks / TICKS_PER_SECOND, memoryBytes: raw.reduce((n, r) => n + rssOf(r), 0) };
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
  for (const r of await readProcsOffThread(null, true)) {
    const sock = argValue(argsOf(r.cmdline), '--socket');
    const m = sock?.startsWith(`${root}/`)
      ? /^([^/]+)\/sock\/cs\.sock$/.exec(sock.slice(root.length + 1))
      : null;
    if (!m?.[1] || parseRaw(r).zombie) continue;
    found.set(m[1], [...(found.get(m[1]) ?? []), r.pid]);
  }
  return found;
}
