// The DATA_DIR lock: one process at a time, never two, however they race; a lock whose holder is gone is
// taken over, a lock being made is never stolen.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DataDirLockedError, lockDataDir } from './lock.ts';

const dirs: string[] = [];
const tmp = () => {
  const d = mkdtempSync(path.join(os.tmpdir(), 'yac-lock-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A pid no process has (a child that ran and was reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '']);
  await new Promise((r) => child.once('exit', r));
  return child.pid as number;
}

const LOCK_URL = new URL('./lock.ts', import.meta.url).href;

/** Start `n` processes that each try to lock `dir` at the same moment; how many got it. */
async function race(dir: string, n: number): Promise<{ won: number; lost: number; other: string[] }> {
  const at = Date.now() + 1500;
  const script = `
    const { lockDataDir } = await import(${JSON.stringify(LOCK_URL)});
    while (Date.now() < ${at}) {}
    try { lockDataDir(${JSON.stringify(dir)}); console.log('won'); await new Promise((r) => setTimeout(r, 1500)); }
    catch (e) { console.log(e.constructor.name === 'DataDirLockedError' ? 'lost' : 'error ' + e.message); }
  `;
  const outs = await Promise.all(
    Array.from({ length: n }, () => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let out = '';
      child.stdout.on('data', (c) => {
        out += String(c);
      });
      return new Promise<string>((resolve) => child.once('exit', () => resolve(out.trim())));
    }),
  );
  return {
    won: outs.filter((o) => o === 'won').length,
    lost: outs.filter((o) => o === 'lost').length,
    other: outs.filter((o) => o !== 'won' && o !== 'lost'),
  };
}

describe('the DATA_DIR lock', () => {
  it('is taken, and free again once released', () => {
    const dir = tmp();
    const release = lockDataDir(dir);
    release();
    const again = lockDataDir(dir);
    again();
  });

  it('never steals a lock file that is being made (no pid in it yet)', () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'youarecoder.lock'), '');
    expect(() => lockDataDir(dir)).toThrow(DataDirLockedError);
    // Old and still without a pid: a crash mid-write long ago; taken over.
    const old = new Date(Date.now() - 60_000);
    utimesSync(path.join(dir, 'youarecoder.lock'), old, old);
    lockDataDir(dir)();
  });

  it('takes over the lock of a process that is gone', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'youarecoder.lock'), String(await deadPid()));
    lockDataDir(dir)();
  });

  it('gives a free DATA_DIR to exactly one of 8 processes starting at once', async () => {
    const r = await race(tmp(), 8);
    expect(r).toEqual({ won: 1, lost: 7, other: [] });
  }, 60_000);

  it('gives a stale lock to exactly one of 8 processes finding it at once', async () => {
    const dir = tmp();
    writeFileSync(path.join(dir, 'youarecoder.lock'), String(await deadPid()));
    const r = await race(dir, 8);
    expect(r).toEqual({ won: 1, lost: 7, other: [] });
  }, 60_000);
});
