#!/usr/bin/env node
// `npm run setup:images` (also run by `npm run setup:ide`): prepare this host for container workspaces and
// build their image, once. As root with podman installed; elsewhere it says why it does nothing and exits 0
// (the platform then runs workspaces with the process driver).
//
//   1. the `containers` user with a range of host uids in /etc/subuid and /etc/subgid (podman's
//      --userns=auto takes each workspace's own range from it);
//   2. on a host whose cgroup v2 tree holds controllers next to v1 ones ("hybrid"), crun refuses to run:
//      those controllers get a v1 mount of their own (no container uses them);
//   3. the base image `localhost/youarecoder-base:bookworm`: Debian bookworm made by debootstrap (no image
//      registry is needed), unless YAC_IMAGE_BASE names one to build from (production:
//      docker.io/library/debian:bookworm-slim);
//   4. the workspace image `localhost/youarecoder-workspace:<digest of the Containerfile and the host's CAs>`
//      from deploy/images/workspace/Containerfile (the server computes the same name), trusting the
//      certificate authorities the host added (/usr/local/share/ca-certificates, or YAC_IMAGE_CA_DIR).
//
// Flags: --force (rebuild both images), --check (exit 1 when something is missing; changes nothing).
// Runs on Node 20 with node's standard library only.
import { spawn, spawnSync } from 'node:child_process';
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CONTAINERFILE, hostCaFiles, workspaceImage } from './lib/workspace-image.mjs';

export { CONTAINERFILE, hostCaFiles, workspaceImage };

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CONTAINERS_CONF = path.join(ROOT, 'deploy/podman/containers.conf');
export const BASE_IMAGE = 'localhost/youarecoder-base:bookworm';
const MIRROR = process.env.DEBIAN_MIRROR || 'http://deb.debian.org/debian';
/** Host uids podman may hand out to workspaces: 2^31 and up, far from any real user. */
const SUBID_RANGE = 'containers:2147483647:2147483648';

const env = { ...process.env, CONTAINERS_CONF };
const say = (msg) => console.log(`setup:images ${msg}`);

function podmanQuiet(args) {
  return spawnSync('podman', args, { env, encoding: 'utf8' });
}

/** Run a command with its output shown as it comes (indented), resolving with its exit code. */
function runShown(cmd, args, opts = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], ...opts });
    const show = (c) =>
      process.stdout.write(
        String(c)
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => `      ${l}\n`)
          .join(''),
      );
    child.stdout.on('data', show);
    child.stderr.on('data', show);
    child.on('error', (err) => {
      console.error(`setup:images cannot run ${cmd}: ${err.message}`);
      resolve(1);
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

function ensureSubids(check) {
  let missing = false;
  if (spawnSync('getent', ['passwd', 'containers']).status !== 0) {
    missing = true;
    if (!check) {
      const r = spawnSync(
        'useradd',
        [
          '--system',
          '--no-create-home',
          '--home-dir',
          '/nonexistent',
          '--shell',
          '/usr/sbin/nologin',
          'containers',
        ],
        { encoding: 'utf8' },
      );
      if (r.status !== 0) throw new Error(`useradd containers: ${r.stderr}`);
      say('added the system user "containers"');
    }
  }
  for (const file of ['/etc/subuid', '/etc/subgid']) {
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    if (/^containers:\d+:\d+$/m.test(text)) continue;
    missing = true;
    if (!check) {
      appendFileSync(file, `${text && !text.endsWith('\n') ? '\n' : ''}${SUBID_RANGE}\n`);
      say(`added ${SUBID_RANGE} to ${file}`);
    }
  }
  return missing;
}

/** Controllers of a hybrid host's v2 tree that crun refuses ("cgroups in hybrid mode not supported"). */
function hybridControllers() {
  const unified = '/sys/fs/cgroup/unified';
  if (existsSync('/sys/fs/cgroup/cgroup.controllers') || !existsSync(`${unified}/cgroup.controllers`))
    return [];
  return readFileSync(`${unified}/cgroup.controllers`, 'utf8').split(/\s+/).filter(Boolean);
}

function freeHybridControllers(check) {
  const controllers = hybridControllers();
  if (controllers.length === 0 || check) return controllers.length > 0;
  for (const c of controllers) {
    const dir = `/sys/fs/cgroup/${c}`;
    spawnSync('mkdir', ['-p', dir]);
    const r = spawnSync('mount', ['-t', 'cgroup', '-o', c, 'cgroup', dir], { encoding: 'utf8' });
    if (r.status !== 0)
      throw new Error(`cannot mount the ${c} cgroup controller at ${dir}: ${r.stderr.trim()}`);
    say(
      `mounted the unused cgroup v2 controller "${c}" as v1 at ${dir} (crun refuses hybrid hosts otherwise)`,
    );
  }
  return false;
}

function imageExists(name) {
  return podmanQuiet(['image', 'exists', name]).status === 0;
}

async function buildBase() {
  if (process.env.YAC_IMAGE_BASE) return process.env.YAC_IMAGE_BASE;
  if (imageExists(BASE_IMAGE) && !force) return BASE_IMAGE;
  if (spawnSync('debootstrap', ['--version']).status !== 0)
    throw new Error(
      'debootstrap is not installed (Debian: apt-get install debootstrap), or set YAC_IMAGE_BASE',
    );
  const dir = mkdtempSync(path.join(os.tmpdir(), 'yac-base-'));
  const rootfs = path.join(dir, 'rootfs');
  try {
    say(`base image: debootstrap --variant=minbase bookworm from ${MIRROR} (about a minute)`);
    const t = Date.now();
    const code = await runShown('debootstrap', ['--variant=minbase', 'bookworm', rootfs, MIRROR]);
    if (code !== 0) throw new Error(`debootstrap exited with ${code}`);
    // As debian:bookworm-slim has them: the point releases and the security updates too.
    const mirrorRoot = MIRROR.replace(/\/debian\/?$/, '');
    writeFileSync(path.join(rootfs, 'etc/apt/sources.list'), '');
    writeFileSync(
      path.join(rootfs, 'etc/apt/sources.list.d/debian.sources'),
      `Types: deb\nURIs: ${MIRROR}\nSuites: bookworm bookworm-updates\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n\nTypes: deb\nURIs: ${mirrorRoot}/debian-security\nSuites: bookworm-security\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n`,
    );
    rmSync(path.join(rootfs, 'var/cache/apt/archives'), { recursive: true, force: true });
    say(`base image: importing as ${BASE_IMAGE}`);
    const tar = spawn('tar', ['-C', rootfs, '-c', '.'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const imp = spawn('podman', ['import', '--change', 'CMD ["/bin/bash"]', '-', BASE_IMAGE], {
      env,
      stdio: [tar.stdout, 'ignore', 'inherit'],
    });
    const imported = await new Promise((resolve) => imp.on('close', resolve));
    if (imported !== 0) throw new Error(`podman import exited with ${imported}`);
    say(`base image: ready in ${Math.round((Date.now() - t) / 1000)} s`);
    return BASE_IMAGE;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function buildWorkspace(base) {
  const image = workspaceImage();
  if (imageExists(image) && !force) {
    say(`workspace image ${image} is built`);
    return;
  }
  const cas = hostCaFiles();
  say(
    `workspace image: podman build ${image} from ${base}${cas.length ? `, trusting the host's ${cas.map((f) => path.basename(f)).join(', ')}` : ''}`,
  );
  const t = Date.now();
  // The build context: the Containerfile's folder, and ca/ with the host's added CAs (maybe none).
  const context = mkdtempSync(path.join(os.tmpdir(), 'yac-image-'));
  try {
    mkdirSync(path.join(context, 'ca'));
    writeFileSync(path.join(context, 'ca', 'README'), "The host's added certificate authorities.\n");
    for (const [i, f] of cas.entries())
      copyFileSync(f, path.join(context, 'ca', `host-${i}-${path.basename(f)}`));
    const code = await runShown('podman', [
      'build',
      '--build-arg',
      `BASE=${base}`,
      '--tag',
      image,
      '--file',
      CONTAINERFILE,
      context,
    ]);
    if (code !== 0) throw new Error(`podman build exited with ${code}`);
  } finally {
    rmSync(context, { recursive: true, force: true });
  }
  say(`workspace image: ready in ${Math.round((Date.now() - t) / 1000)} s`);
}

const args = process.argv.slice(2);
const force = args.includes('--force');
const check = args.includes('--check');

async function main() {
  if (args.includes('--help')) {
    console.log('usage: npm run setup:images [-- --force | --check]');
    return 0;
  }
  if (process.getuid?.() !== 0) {
    say('skipped: container workspaces need the platform to run as root (workspaces use the process driver)');
    return check ? 1 : 0;
  }
  if (spawnSync('podman', ['--version']).status !== 0) {
    say(
      'skipped: podman is not installed (Debian: apt-get install podman catatonit slirp4netns uidmap debootstrap)',
    );
    return check ? 1 : 0;
  }
  const missingIds = ensureSubids(check);
  const hybrid = freeHybridControllers(check);
  if (check) {
    const missing = [
      missingIds && 'the containers user or its uid ranges',
      hybrid && 'the cgroup controllers crun refuses',
      !imageExists(workspaceImage()) && `the image ${workspaceImage()}`,
    ].filter(Boolean);
    say(missing.length ? `missing: ${missing.join(', ')}` : 'ready');
    return missing.length ? 1 : 0;
  }
  const base = imageExists(workspaceImage()) && !force ? null : await buildBase();
  await buildWorkspace(base ?? BASE_IMAGE);
  return 0;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href)
  main().then(
    (code) => process.exit(code),
    (err) => {
      console.error(`setup:images failed: ${err.message}`);
      process.exit(1);
    },
  );
