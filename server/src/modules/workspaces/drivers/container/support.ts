// Whether this host can run container workspaces, and if not, why (in words an operator can act on).
// Checked once at boot, to choose the driver: synchronously, or asynchronously (the platform's start, so
// the podman checks run at once and alongside the migrations instead of blocking the event loop).
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { podmanEnv, workspaceImage } from './podman.ts';

/** Null when the container driver can run here, else what is missing. */
export function containerSupport(image = workspaceImage()): string | null {
  if (process.getuid?.() !== 0) return 'the platform does not run as root';
  const podman = (args: string[]) => spawnSync('podman', args, { env: podmanEnv(), timeout: 30_000 });
  if (podman(['--version']).status !== 0)
    return 'podman is not installed (Debian: apt-get install podman catatonit slirp4netns uidmap debootstrap)';
  if (spawnSync('mkfs.btrfs', ['--version']).status !== 0)
    return 'mkfs.btrfs is not installed (Debian: apt-get install btrfs-progs): the disk of each workspace is a btrfs image';
  for (const file of ['/etc/subuid', '/etc/subgid'])
    if (!/^containers:\d+:\d+$/m.test(existsSync(file) ? readFileSync(file, 'utf8') : ''))
      return `${file} has no range for the user "containers" (podman's --userns=auto needs one): run \`npm run setup:ide\` as root`;
  if (podman(['image', 'exists', image]).status !== 0)
    return `the workspace image ${image} is not built: run \`npm run setup:ide\` as root`;
  return null;
}

/** containerSupport's checks run concurrently, without blocking: same answers. */
export async function containerSupportAsync(image?: string): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'the platform does not run as root';
  const ok = (cmd: string, args: string[], env?: Record<string, string>) =>
    new Promise<boolean>((resolve) => {
      execFile(cmd, args, { env, timeout: 30_000 }, (err) => resolve(!err));
    });
  const img = image ?? workspaceImage();
  const [podman, btrfs, imageExists] = await Promise.all([
    ok('podman', ['--version'], podmanEnv()),
    ok('mkfs.btrfs', ['--version']),
    ok('podman', ['image', 'exists', img], podmanEnv()),
  ]);
  if (!podman)
    return 'podman is not installed (Debian: apt-get install podman catatonit slirp4netns uidmap debootstrap)';
  if (!btrfs)
    return 'mkfs.btrfs is not installed (Debian: apt-get install btrfs-progs): the disk of each workspace is a btrfs image';
  for (const file of ['/etc/subuid', '/etc/subgid'])
    if (!/^containers:\d+:\d+$/m.test(existsSync(file) ? readFileSync(file, 'utf8') : ''))
      return `${file} has no range for the user "containers" (podman's --userns=auto needs one): run \`npm run setup:ide\` as root`;
  if (!imageExists) return `the workspace image ${img} is not built: run \`npm run setup:ide\` as root`;
  return null;
}
