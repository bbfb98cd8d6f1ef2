// A workspace's own disk: a sparse image file holding a btrfs file system, loop-mounted on the host. Its size
// is the plan's disk quota, so a workspace that fills it gets "no space left on device" while every other
// workspace and the platform's own files keep their space. An upgrade grows it online (the file, the loop
// device, then `btrfs filesystem resize`), a downgrade shrinks it online as far as the data allows. btrfs rather
// than ext4: resizing ext4 online needs CAP_SYS_RESOURCE, which some hosts' root lacks; btrfs needs only
// CAP_SYS_ADMIN. See docs/decisions/0006-workspace-containers.md.
import { execFile } from 'node:child_process';
import { promises as fs, readFileSync } from 'node:fs';
import { RuntimeError } from '../../runtime.ts';

/** Run a host tool (mount, mkfs, chown…); its failure is a RuntimeError 'start_failed' with its words. */
export function run(cmd: string, args: readonly string[], timeoutMs = 120_000): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, env: { PATH: process.env.PATH ?? '/usr/sbin:/usr/bin:/sbin:/bin' } },
      (err, stdout, stderr) => {
        if (err)
          reject(
            new RuntimeError(
              'start_failed',
              `${cmd} ${args.join(' ')}: ${String(stderr).trim() || err.message}`,
              [],
              {
                cause: err,
              },
            ),
          );
        else resolve(String(stdout));
      },
    );
  });
}

/** Mount points as /proc/self/mountinfo lists them (octal escapes decoded), with their source device. */
function mounts(): { target: string; source: string }[] {
  const decode = (s: string) =>
    s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(Number.parseInt(o, 8)));
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => {
      const f = line.split(' ');
      const dash = f.indexOf('-');
      return { target: decode(f[4] ?? ''), source: decode(f[dash + 2] ?? '') };
    });
}

/** The device mounted at `dir`, or null. */
export function mountedDevice(dir: string): string | null {
  return mounts().findLast((m) => m.target === dir)?.source ?? null;
}

/** What ensureDisk() did. */
export interface DiskResult {
  /** The file system was made just now (empty: the caller prepares its folders). */
  readonly fresh: boolean;
  /** Its size in bytes. */
  readonly sizeBytes: number;
}

/**
 * Make the disk image (sparse, btrfs, one copy of data and metadata) when missing, mount it at `mountDir`
 * (nodev, nosuid) when not mounted, and resize it to `bytes`: up always, down as far as what it holds
 * allows (billing refuses a downgrade that does not fit; what was written before it took effect is kept).
 */
export async function ensureDisk(image: string, mountDir: string, bytes: number): Promise<DiskResult> {
  const size = Math.ceil(bytes / 4096) * 4096;
  let fresh = false;
  const st = await fs.stat(image).catch(() => null);
  if (!st) {
    const tmp = `${image}.new`;
    await fs.rm(tmp, { force: true });
    const fh = await fs.open(tmp, 'wx', 0o600);
    try {
      await fh.truncate(size);
    } finally {
      await fh.close();
    }
    // Mixed block groups: data and metadata share space, so deleting files frees room for new ones at once
    // (separate groups can stay full of metadata: "no space left" after the user made room).
    await run('mkfs.btrfs', ['-q', '-f', '--mixed', '-m', 'single', '-d', 'single', tmp]);
    await fs.rename(tmp, image);
    fresh = true;
  }
  await fs.mkdir(mountDir, { recursive: true, mode: 0o700 });
  let device = mountedDevice(mountDir);
  if (!device) {
    await run('mount', ['-t', 'btrfs', '-o', 'loop,nodev,nosuid,noatime', image, mountDir]);
    device = mountedDevice(mountDir);
    if (!device) throw new RuntimeError('start_failed', `the disk of ${image} did not mount at ${mountDir}`);
  }
  const current = (await fs.stat(image)).size;
  if (current < size) {
    await fs.truncate(image, size);
    // The loop device learns the new size, then the file system grows into it while mounted.
    await run('losetup', ['--set-capacity', device]);
    await run('btrfs', ['filesystem', 'resize', 'max', mountDir], 600_000);
    return { fresh, sizeBytes: size };
  }
  if (current > size) {
    // What it holds may not fit the new size: then as close to it as it does (full, so its user sees it and
    // frees space), and the quota itself at a later call, once it fits.
    const fitting = Math.ceil(((await allocatedBytes(mountDir)) + SHRINK_SLACK_BYTES) / MIB) * MIB;
    for (const to of fitting > size ? [size, fitting] : [size]) {
      if (to >= current) break;
      if (!(await shrinkTo(to))) continue;
      await fs.truncate(image, to);
      await run('losetup', ['--set-capacity', device]);
      return { fresh, sizeBytes: to };
    }
  }
  return { fresh, sizeBytes: current };

  function shrinkTo(bytes: number): Promise<boolean> {
    return run('btrfs', ['filesystem', 'resize', String(bytes), mountDir], 600_000).then(
      () => true,
      () => false, // what it holds does not fit
    );
  }
}

const MIB = 1024 * 1024;

/** What a disk that cannot shrink to its quota keeps beyond the space btrfs allocated. */
const SHRINK_SLACK_BYTES = 8 * MIB;

/**
 * The bytes btrfs allocated to block groups on the mounted disk: the least it can shrink to without a
 * balance (what it holds fills them only partly).
 */
async function allocatedBytes(mountDir: string): Promise<number> {
  const out = await run('btrfs', ['filesystem', 'usage', '-b', mountDir]);
  const m = /Device allocated:\s+(\d+)/.exec(out);
  if (!m) throw new RuntimeError('start_failed', `btrfs did not say what ${mountDir} allocated`);
  return Number(m[1]);
}

/** Room the platform keeps on every disk for starting its container (see releaseReserve). */
export const RESERVE_BYTES = 4 * 1024 * 1024;

/** The platform's reserve file on a mounted disk (the container does not see it). */
const reserveFile = (mountDir: string) => `${mountDir}/reserve`;

/**
 * Free the disk's reserve before its container starts: mounting the container's root makes a folder on the
 * disk (overlayfs's work dir), and a disk its user filled has no room for it (the root would mount
 * read-only). restoreReserve() takes the room back once it started.
 */
export async function releaseReserve(mountDir: string): Promise<void> {
  const s = await fs.statfs(mountDir);
  if (s.bavail * s.bsize < RESERVE_BYTES) await fs.rm(reserveFile(mountDir), { force: true });
}

/** Keep RESERVE_BYTES of the disk for the next start; false when its user filled it meanwhile. */
export async function restoreReserve(mountDir: string): Promise<boolean> {
  const file = reserveFile(mountDir);
  if ((await fs.stat(file).catch(() => null))?.size === RESERVE_BYTES) return true;
  try {
    const fh = await fs.open(file, 'w', 0o600);
    try {
      // Written, not a sparse length: btrfs takes the room at write time (or says there is none).
      await fh.write(Buffer.alloc(RESERVE_BYTES));
    } finally {
      await fh.close();
    }
    return true;
  } catch {
    await fs.rm(file, { force: true });
    return false;
  }
}

/**
 * Mount a tmpfs of at most `bytes` (and 4,096 inodes) at `dir` when nothing is mounted there: for the
 * little a running workspace writes outside its disk (its IDE's socket and log). Its pages are charged to the
 * memory of whoever writes them. Returns whether it was mounted just now (empty: the caller makes folders).
 */
export async function ensureTmpfs(dir: string, bytes: number): Promise<boolean> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  if (mountedDevice(dir)) return false;
  await run('mount', [
    '-t',
    'tmpfs',
    '-o',
    `size=${bytes},nr_inodes=4096,mode=0700,nodev,nosuid,noexec`,
    'yac-live',
    dir,
  ]);
  if (!mountedDevice(dir)) throw new RuntimeError('start_failed', `no tmpfs mounted at ${dir}`);
  return true;
}

/** Unmount whatever is mounted at `mountDir` (a disk's loop device is freed with it); none is fine. */
export async function unmount(mountDir: string): Promise<void> {
  for (let attempt = 0; mountedDevice(mountDir); attempt++) {
    try {
      await run('umount', [mountDir]);
    } catch (err) {
      if (attempt >= 20) throw err;
      // Busy for a moment after the container's processes ended: try again shortly.
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** Bytes used and the size of the mounted disk (statfs), or null when it is not mounted. */
export async function diskUsage(mountDir: string): Promise<{ usedBytes: number; sizeBytes: number } | null> {
  if (!mountedDevice(mountDir)) return null;
  const s = await fs.statfs(mountDir);
  return { usedBytes: (s.blocks - s.bfree) * s.bsize, sizeBytes: s.blocks * s.bsize };
}
