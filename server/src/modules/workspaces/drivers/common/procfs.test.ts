import { describe, expect, it } from 'vitest';
import { type ProcInfo, workspaceProcesses } from './procfs.ts';

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
