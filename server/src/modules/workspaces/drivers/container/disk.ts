// A workspace's own disk: a sparse image file holding a btrfs file system, loop-mounted on the host. Its size
// is the plan's disk quota, so a workspace that fills it gets "no space left on device" while every other
// workspace and the platform's own files keep their space. An upgrade grows it online (the file, the loop
// device, then `btrfs filesystem resize`), a downgrade shrinks it online when the data fits. btrfs rather
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
 * (nodev, nosuid) when not mounted, and resize it to `bytes`: up always, down when what it holds fits
 * (billing refuses a downgrade that does not fit; a disk that cannot shrink keeps its size).
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
    const shrunk = await run('btrfs', ['filesystem', 'resize', String(size), mountDir], 600_000).then(
      () => true,
      () => false, // what it holds does not fit: it keeps its size
    );
    if (!shrunk) return { fresh, sizeBytes: current };
    await fs.truncate(image, size);
    await run('losetup', ['--set-capacity', device]);
    return { fresh, sizeBytes: size };
  }
  return { fresh, sizeBytes: current };
}

/** Unmount the disk (and so free its loop device); a disk that is not mounted is fine. */
export async function unmountDisk(mountDir: string): Promise<void> {
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
