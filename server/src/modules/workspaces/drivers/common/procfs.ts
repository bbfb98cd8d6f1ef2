// What the driver reads from /proc: which processes belong to a workspace, their CPU and memory, and
// their command lines (to recognise a workspace's code-server after a platform restart).
import { readdirSync, readFileSync } from 'node:fs';

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

/** One process, or null when it is gone. */
export function procInfo(pid: number): ProcInfo | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields start after the last ')'.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
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

/** Every process on the host (a snapshot; processes come and go meanwhile). */
export function allProcesses(): ProcInfo[] {
  const out: ProcInfo[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = procInfo(Number(name));
    if (p) out.push(p);
  }
  return out;
}

/** The arguments of a process, or null when it is gone or unreadable. */
export function argv(pid: number): string[] | null {
  try {
    const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
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

/** Whether a live (non-zombie) process has this pid. */
export function alive(pid: number): boolean {
  const p = procInfo(pid);
  return p !== null && !p.zombie;
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
export function residentBytes(pid: number): number {
  try {
    const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** CPU seconds and resident bytes summed over some processes. */
export function usage(procs: readonly ProcInfo[]): { cpuSeconds: number; memoryBytes: number } {
  let ticks = 0;
  let memoryBytes = 0;
  for (const p of procs) {
    ticks += p.cpuTicks;
    memoryBytes += residentBytes(p.pid);
  }
  return { cpuSeconds: ticks / TICKS_PER_SECOND, memoryBytes };
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
export function ideProcessesByWorkspace(root: string): Map<string, number[]> {
  const found = new Map<string, number[]>();
  for (const p of allProcesses()) {
    const sock = argValue(argv(p.pid), '--socket');
    const m = sock?.startsWith(`${root}/`)
      ? /^([^/]+)\/sock\/cs\.sock$/.exec(sock.slice(root.length + 1))
      : null;
    if (!m?.[1] || p.zombie) continue;
    found.set(m[1], [...(found.get(m[1]) ?? []), p.pid]);
  }
  return found;
}
