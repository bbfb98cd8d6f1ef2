import { describe, expect, it } from 'vitest';
import {
  alive,
  allProcesses,
  argv,
  ideProcessesByWorkspace,
  type ProcInfo,
  usage,
  workspaceProcesses,
} from './procfs.ts';

const proc = (pid: number, ppid: number, pgrp: number, uid = 0, zombie = false): ProcInfo => ({
  pid,
  ppid,
  pgrp,
  uids: [uid, uid],
  zombie,
  cpuTicks: 0,
});

describe('workspaceProcesses', () => {
  // 100 code-server (group leader) -> 101 server -> 102 pty host -> 200 bash (own session) -> 201 vim;
  // 300 is someone else; 103 a zombie of the group.
  const procs = [
    proc(201, 200, 200, 1001),
    proc(100, 1, 100, 1001),
    proc(101, 100, 100, 1001),
    proc(102, 101, 100, 1001),
    proc(200, 102, 200, 1001),
    proc(300, 1, 300, 1002),
    proc(103, 100, 100, 1001, true),
    proc(400, 1, 400, 1001), // a daemon that left with setsid
  ];

  it('by process group: the group and every descendant, in any listing order, no zombies', () => {
    expect(
      workspaceProcesses(procs, { pgrp: 100 })
        .map((p) => p.pid)
        .sort(),
    ).toEqual([100, 101, 102, 200, 201]);
  });

  it('by uid: everything of the workspace user, daemons that left the tree included', () => {
    expect(
      workspaceProcesses(procs, { uid: 1001 })
        .map((p) => p.pid)
        .sort(),
    ).toEqual([100, 101, 102, 200, 201, 400]);
  });
});

// The platform's event loop also runs the gateway's proxy: a walk over /proc must let it turn meanwhile.
// Read synchronously (as it was), the walk finished before anything else could run.
describe('reading /proc', () => {
  it('lets the event loop turn while it walks every process', async () => {
    const order: string[] = [];
    setImmediate(() => order.push('event loop turned'));
    const walk = allProcesses();
    expect(walk).toBeInstanceOf(Promise);
    const procs = await walk;
    order.push('walk done');
    expect(order).toEqual(['event loop turned', 'walk done']);
    // It still finds what it found before: this very process, with its parent and group.
    const me = procs.find((p) => p.pid === process.pid);
    expect(me).toMatchObject({ ppid: process.ppid, zombie: false });
    expect(me?.uids).toContain(process.getuid?.() ?? -1);
  });

  it('tells a live process, its arguments and its memory; a gone one is neither alive nor listed', async () => {
    expect(await alive(process.pid)).toBe(true);
    expect(await alive(2 ** 22 + 1)).toBe(false); // above pid_max's ceiling: never a process
    expect((await argv(process.pid))?.join(' ')).toContain('vitest');
    expect(await argv(2 ** 22 + 1)).toBeNull();
    const me = (await allProcesses()).filter((p) => p.pid === process.pid);
    expect((await usage(me)).memoryBytes).toBeGreaterThan(0);
    expect((await ideProcessesByWorkspace('/nonexistent-root')).size).toBe(0);
  });
});
