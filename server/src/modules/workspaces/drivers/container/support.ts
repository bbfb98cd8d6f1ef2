// Whether this host can run container workspaces, and if not, why (in words an operator can act on).

import { readFileSync } from 'node:fs';
import { access } from 'node:fs/promises';
import { podman, workspaceImage } from './podman.ts';

/** Null when the container driver can run here, else what is missing. */
export async function containerSupport(image = workspaceImage()): Promise<string | null> {
  if (process.getuid?.() !== 0) return 'the platform does not run as root';
  const version = await podman(['--version']).catch(() => null);
  if (version?.code !== 0)
    return 'podman is not installed (Debian: apt-get install podman catatonit slirp4netns uidmap)';
  for (const file of ['/etc/subuid', '/etc/subgid']) {
    const text = await access(file).then(
      () => readFileSync(file, 'utf8'),
      () => '',
    );
    if (!/^containers:\d+:\d+$/m.test(text))
      return `${file} has no range for the user "containers" (podman's --userns=auto needs one): run \`npm run setup:ide\` as root`;
  }
  if ((await podman(['image', 'exists', image])).code !== 0)
    return `the workspace image ${image} is not built: run \`npm run setup:ide\` as root`;
  return null;
}
