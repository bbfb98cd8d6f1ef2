import { closeSync, linkSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';
import { isAlive } from '../proc.ts';

/** Thrown when another live process holds DATA_DIR. */
export class DataDirLockedError extends Error {}

/** A lock file without a valid pid this young is being made by someone else: never stolen. */
const YOUNG_MS = 10_000;

/**
 * Make `file` hold `pid`, atomically: the pid is written to a file of our own first, which is then
 * hard-linked to the lock's name. link(2) fails when the name exists, so of two processes exactly one
 * gets it, and nobody ever sees the lock without its pid. Returns false when the name exists.
 */
function linkHolding(file: string, pid: number): boolean {
  const own = `${file}.${pid}.${Math.random().toString(36).slice(2)}`;
  const fd = openSync(own, 'wx', 0o644);
  try {
    writeSync(fd, String(pid));
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(own, file);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    rmSync(own, { force: true });
  }
}

/** The holder's pid, or null when the file is gone; NaN when it holds no valid pid. */
function holderOf(file: string): number | null {
  try {
    const text = readFileSync(file, 'utf8').trim();
    return /^\d+$/.test(text) ? Number(text) : Number.NaN;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Whether a lock held by `pid` (read from `file`) may be taken over: its process is gone. */
function isStale(file: string, pid: number): boolean {
  if (Number.isNaN(pid)) {
    // Written by an older version mid-write, or damaged: stale only once it is old.
    try {
      return Date.now() - statSync(file).mtimeMs > YOUNG_MS;
    } catch {
      return false;
    }
  }
  return pid !== process.pid && !isAlive(pid);
}

/**
 * Take DATA_DIR for this process (a lock file holding our pid). A lock whose process is gone is stale and
 * taken over; a live one refuses with a clear message. Taking over goes through a second lock
 * (`youarecoder.lock.break`, made the same way) so that two processes finding the same stale lock cannot
 * both take it. Returns the release function.
 */
export function lockDataDir(dataDir: string): () => void {
  mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'youarecoder.lock');
  const breaker = `${file}.break`;
  const release = () => {
    try {
      if (holderOf(file) === process.pid) rmSync(file);
    } catch {
      // already gone
    }
  };
  for (let attempt = 0; attempt < 20; attempt++) {
    if (linkHolding(file, process.pid)) return release;
    const pid = holderOf(file);
    if (pid === null) continue; // released meanwhile: try again
    if (!isStale(file, pid)) {
      throw new DataDirLockedError(
        Number.isNaN(pid)
          ? `Another YouAreCoder instance is taking DATA_DIR ${dataDir} right now (${file}). Stop it first, or start this one with another DATA_DIR or with DATABASE_URL.`
          : `Another YouAreCoder instance (pid ${pid}) is using DATA_DIR ${dataDir}. Stop it first, or start this one with another DATA_DIR or with DATABASE_URL.`,
      );
    }
    // Stale: whoever holds the breaker checks again, removes it and takes the lock in one go.
    if (!linkHolding(breaker, process.pid)) {
      const breakerPid = holderOf(breaker);
      if (breakerPid !== null && isStale(breaker, breakerPid)) rmSync(breaker, { force: true });
      continue;
    }
    try {
      const again = holderOf(file);
      if (again !== null && !isStale(file, again)) continue;
      rmSync(file, { force: true });
      if (linkHolding(file, process.pid)) return release;
    } finally {
      rmSync(breaker, { force: true });
    }
  }
  throw new DataDirLockedError(`Could not lock ${file}: another process kept taking it.`);
}
