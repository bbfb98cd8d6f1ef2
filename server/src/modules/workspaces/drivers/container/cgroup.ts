// A container's counters and limits, read from its cgroup (found through one of its processes). Works with
// cgroup v1 (a folder per controller) and v2 (one folder): podman supports both, production hosts run v2.
import { promises as fs, readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = '/sys/fs/cgroup';

/** The folder of each controller the process is in (v1), or the one folder (v2) under key ''. */
export function cgroupDirs(pid: number): Map<string, string> | null {
  let text: string;
  try {
    text = readFileSync(`/proc/${pid}/cgroup`, 'utf8');
  } catch {
    return null;
  }
  const dirs = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^\d+:([^:]*):(.*)$/.exec(line);
    if (!m) continue;
    const [, controllers = '', rel = '/'] = m;
    if (controllers === '') dirs.set('', path.join(ROOT, v2Mount(), rel));
    for (const c of controllers.split(',')) if (c) dirs.set(c, path.join(ROOT, c, rel));
  }
  return dirs;
}

/** Where the v2 hierarchy is: /sys/fs/cgroup itself (pure v2) or /sys/fs/cgroup/unified (hybrid). */
function v2Mount(): string {
  try {
    readFileSync(path.join(ROOT, 'cgroup.controllers'));
    return '';
  } catch {
    return 'unified';
  }
}

function read(file: string | undefined): string | null {
  if (!file) return null;
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function field(text: string | null, key: string): number | null {
  const m = text ? new RegExp(`^${key} (\\d+)$`, 'm').exec(text) : null;
  return m ? Number(m[1]) : null;
}

/** A container's counters since its cgroup was made (it starts). */
export interface CgroupCounters {
  readonly cpuSeconds: number;
  /** Memory in use, less the page cache the kernel can drop at once (as `docker stats` counts it). */
  readonly memoryBytes: number;
  readonly processes: number;
  readonly oomKills: number;
  readonly cpuThrottledSeconds: number;
}

/** Read the counters of the cgroup of `pid` (null when the process is gone). */
export function readCounters(pid: number): CgroupCounters | null {
  const d = cgroupDirs(pid);
  if (!d) return null;
  const v1 = d.has('memory');
  const at = (controller: string, file: string) => {
    const dir = v1 ? d.get(controller) : d.get('');
    return dir ? path.join(dir, file) : undefined;
  };
  if (v1) {
    const stat = read(at('memory', 'memory.stat'));
    const usage = Number(read(at('memory', 'memory.usage_in_bytes')) ?? 0);
    const cpuStat = read(at('cpu', 'cpu.stat'));
    return {
      cpuSeconds: Number(read(at('cpuacct', 'cpuacct.usage')) ?? 0) / 1e9,
      memoryBytes: Math.max(0, usage - (field(stat, 'total_inactive_file') ?? 0)),
      processes: Number(read(at('pids', 'pids.current')) ?? 0),
      oomKills: field(read(at('memory', 'memory.oom_control')), 'oom_kill') ?? 0,
      cpuThrottledSeconds: (field(cpuStat, 'throttled_time') ?? 0) / 1e9,
    };
  }
  const stat = read(at('', 'memory.stat'));
  const cpuStat = read(at('', 'cpu.stat'));
  return {
    cpuSeconds: (field(cpuStat, 'usage_usec') ?? 0) / 1e6,
    memoryBytes: Math.max(
      0,
      Number(read(at('', 'memory.current')) ?? 0) - (field(stat, 'inactive_file') ?? 0),
    ),
    processes: Number(read(at('', 'pids.current')) ?? 0),
    oomKills: field(read(at('', 'memory.events')), 'oom_kill') ?? 0,
    cpuThrottledSeconds: (field(cpuStat, 'throttled_usec') ?? 0) / 1e6,
  };
}

/** Set the process limit of the cgroup of `pid` (Pod specs have no per-container pids limit). */
export async function setPidsMax(pid: number, max: number): Promise<void> {
  const d = cgroupDirs(pid);
  const dir = d?.get('pids') ?? d?.get('');
  if (!dir) throw new Error(`no pids cgroup for process ${pid}`);
  await fs.writeFile(path.join(dir, 'pids.max'), String(max));
}

/** Whether the process `pid` is in a cgroup whose path names `containerId` (pids are reused). */
export function inContainer(pid: number, containerId: string): boolean {
  return (read(`/proc/${pid}/cgroup`) ?? '').includes(containerId);
}
