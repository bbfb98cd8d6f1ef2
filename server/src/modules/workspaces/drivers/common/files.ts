// Small file and socket helpers of the process driver: the platform's own files in run/, the log tail,
// disk usage, the HTTP probe over the IDE's socket, and why a workspace user cannot reach a path.
import { constants, promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFileOffThread } from './off-thread.ts';

/** Write a file atomically (temporary name, then rename), so a reader never sees half of it. */
export async function writeAtomic(file: string, data: string, mode = 0o600): Promise<void> {
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  await fs.writeFile(tmp, data, { mode, flag: 'wx' });
  await fs.rename(tmp, file);
}

/** A file's text, or null when it does not exist. */
export async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Remove files, ignoring those already gone. */
export async function removeFiles(...files: string[]): Promise<void> {
  await Promise.all(files.map((f) => fs.rm(f, { force: true })));
}

/** Whether a path exists (lstat: a dangling link counts). */
export async function exists(p: string): Promise<boolean> {
  return fs.lstat(p).then(
    () => true,
    () => false,
  );
}

/** The last `tail` lines of a text file, reading only its end (logs grow without bound). */
export async function tailLines(file: string, tail: number): Promise<string[]> {
  if (tail <= 0) return [];
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return [];
  }
  try {
    const { size } = await fh.stat();
    const len = Math.min(size, Math.max(64 * 1024, tail * 400));
    const buf = Buffer.alloc(len);
    await fh.read(buf, 0, len, size - len);
    const lines = buf.toString('utf8').split(/\r?\n/);
    if (len < size) lines.shift(); // probably cut in the middle
    while (lines.length && lines[lines.length - 1]?.trim() === '') lines.pop();
    return lines.slice(-tail);
  } finally {
    await fh.close();
  }
}

const MAX_LOG_BYTES = 5 * 1024 * 1024;

/**
 * Open the IDE's log for appending (the child writes to this descriptor directly, so it keeps logging
 * while the platform restarts). One older generation is kept: a long-lived workspace cannot fill the disk
 * across restarts.
 */
export async function openLog(file: string): Promise<fs.FileHandle> {
  const st = await fs.stat(file).catch(() => null);
  if (st && st.size > MAX_LOG_BYTES) await fs.rename(file, `${file}.1`);
  const fh = await fs.open(file, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o600);
  await fh.write(`--- youarecoder: starting code-server at ${new Date().toISOString()} ---\n`);
  return fh;
}

/** Disk used by a folder tree in bytes (du -sk: allocated blocks, one file system, links once). */
export async function diskUsage(dir: string): Promise<number> {
  // From a worker thread, as the users' commands: see off-thread.ts.
  const { stdout } = await execFileOffThread('du', ['-skx', dir], { timeoutMs: 60_000 });
  // du reports what it could count even when a file vanished under it (non-zero exit).
  const kib = Number(stdout.split('\t')[0]);
  return Number.isFinite(kib) ? kib * 1024 : 0;
}

/** A GET over a unix socket: status and body, or the error. */
export function httpGet(
  socketPath: string,
  urlPath: string,
  timeoutMs = 2000,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: urlPath, timeout: timeoutMs, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/**
 * Why a user who is neither owner nor in the group of anything on the way (a fresh workspace user)
 * cannot reach `target`: the first folder without the "others may pass" bit, or null. Mode bits only:
 * ACLs can grant what this reports as missing, so it explains failures rather than predicting them.
 */
export async function unreachableBy(target: string, uid: number): Promise<string | null> {
  const parts = path.resolve(target).split(path.sep).filter(Boolean);
  let dir: string = path.sep;
  for (const part of parts.slice(0, -1)) {
    dir = path.join(dir, part);
    const st = await fs.stat(dir).catch(() => null);
    if (!st) return `${dir} does not exist`;
    if (st.uid !== uid && (st.mode & 0o001) === 0)
      return `${dir} (mode ${(st.mode & 0o777).toString(8)}, owner uid ${st.uid}) does not let other users pass`;
  }
  return null;
}
