// The `container` driver: each workspace is a pod of its own, described as a Kubernetes Pod manifest and
// played by podman on this host. The workspace sees only itself (its files, processes, hostname and
// network); root inside it is an unprivileged user of the host; CPU, memory and processes are its cgroup's
// limits and its disk is a file system of its own. See docs/decisions/0006-workspace-containers.md.
import { createHash } from 'node:crypto';
import { constants, promises as fs, readlinkSync } from 'node:fs';
import path from 'node:path';
import { outOfMemoryMessage } from '@youarecoder/contract/workspace-rules';
import type { IdeRuntimePaths } from '../../../../platform/ide-runtime.ts';
import {
  type ExecOptions,
  type ExecResult,
  type LogsOptions,
  normalizeWorkspacePath,
  type RuntimeDriver,
  type RuntimeDriverOptions,
  RuntimeError,
  type RuntimeInspection,
  type RuntimeState,
  type RuntimeStats,
  type RuntimeUser,
  type StopOptions,
  WORKSPACE_ID_PATTERN,
  type WorkspaceLimits,
  type WorkspacePaths,
  type WorkspaceSpec,
} from '../../runtime.ts';
import { OutputTail } from '../common/exec.ts';
import type * as extensions from '../common/extensions.ts';
import { exists, readIfExists, removeFiles, tailLines, writeAtomic } from '../common/files.ts';
import { waitForIde } from '../common/ide-socket.ts';
import { alive, allProcesses, argValue, argv } from '../common/procfs.ts';
import { normalizeSpec } from '../common/spec.ts';
import type { FsContext } from '../common/workspace-fs.ts';
import { WorkspaceOperations } from '../common/workspace-ops.ts';
import { inContainer, readCounters, setPidsMax } from './cgroup.ts';
import { diskUsage, ensureDisk, ensureTmpfs, releaseReserve, restoreReserve, run, unmount } from './disk.ts';
import { containerRunner } from './exec.ts';
import { type ContainerLayout, containerLayout, containersRoot } from './layout.ts';
import { ENTRY_SCRIPT, hostsFile, IN_CONTAINER, ideScript, podManifest, podName } from './manifest.ts';
import { isNoSuch, podman, podmanOk, workspaceImage } from './podman.ts';

/** Options of the container driver. */
export interface ContainerDriverOptions extends RuntimeDriverOptions {
  /** The workspace image; default the one built from deploy/images/workspace/Containerfile. */
  readonly image?: string;
}

/** What the driver reads of `podman container inspect`. */
interface InspectedContainer {
  readonly Id: string;
  readonly Name: string;
  readonly HostConfig: { readonly IDMappings?: { readonly UidMap?: string[] } };
  readonly GraphDriver?: { readonly Data?: { readonly UpperDir?: string; readonly WorkDir?: string } };
}

/** What the driver keeps of a workspace's container. */
interface ContainerState {
  readonly containerId: string;
  /** The pod's infra container (it holds the network namespace). */
  readonly infraId?: string;
  /** The host uid that root of the container maps to; `dev` is this + 1000. */
  readonly uidBase: number;
  readonly limits: WorkspaceLimits;
  readonly image: string;
}

/** Each container gets its own range of host uids of this size (`podman --userns=auto:size=`). */
const USERNS_SIZE = 65536;

/** The size of a workspace's tmpfs for its IDE's socket, log and exit status (layout.ts: live/). */
const LIVE_BYTES = 16 * 1024 * 1024;

/** The workspace user as the workspace sees itself (the same in every container). */
const DEV: RuntimeUser = Object.freeze({
  name: IN_CONTAINER.user,
  uid: IN_CONTAINER.uid,
  gid: IN_CONTAINER.gid,
});

/** The socket code-server binds, inside the container. */
const IDE_SOCKET = `${IN_CONTAINER.ide}/cs.sock`;

/** Build the container driver (registered as `container`). */
export function createContainerDriver(opts: ContainerDriverOptions): RuntimeDriver {
  return new ContainerDriver(opts);
}

class ContainerDriver extends WorkspaceOperations<ContainerLayout> implements RuntimeDriver {
  readonly name = 'container';
  readonly isolated = true;
  readonly contained = true;
  private readonly root: string;
  private readonly rootLabel: string;
  private readonly image: string;
  private readonly startTimeoutMs: number;
  private readonly stopGraceMs: number;

  constructor(private readonly opts: ContainerDriverOptions) {
    super();
    if (process.getuid?.() !== 0) throw new Error('the container driver needs the platform to run as root');
    this.root = containersRoot(opts.dataDir);
    // Pods carry the digest of the folder that owns them: another DATA_DIR's pods are not ours to list.
    this.rootLabel = createHash('sha256').update(this.root).digest('hex').slice(0, 16);
    this.image = opts.image ?? workspaceImage();
    this.startTimeoutMs = opts.startTimeoutMs ?? 30_000;
    this.stopGraceMs = opts.stopGraceMs ?? 10_000;
  }

  socketPath(id: string): string {
    return containerLayout(this.opts.dataDir, id).socket;
  }

  async create(spec: WorkspaceSpec): Promise<RuntimeInspection> {
    const s = normalizeSpec(spec);
    const l = containerLayout(this.opts.dataDir, s.id);
    return this.serial(s.id, async () => {
      await fs.mkdir(this.root, { recursive: true, mode: 0o700 });
      await fs.mkdir(l.root, { recursive: true, mode: 0o700 });
      await fs.mkdir(l.run, { recursive: true, mode: 0o700 });
      await fs.mkdir(l.launch, { recursive: true, mode: 0o755 });
      await writeAtomic(l.entryScript, ENTRY_SCRIPT, 0o644);
      await writeAtomic(l.specFile, JSON.stringify(s));
      // The same queue as ensureRunning(): one mount and one pod per workspace, whoever asks.
      await this.queue.run(`ctr:${s.id}`, () => this.prepare(l, s));
      return this.observe(l);
    });
  }

  /**
   * The disk (made, grown, mounted), the pod (played when missing) and the limits (applied when changed):
   * what must hold before the container may run. Idempotent.
   */
  private async prepare(
    l: ContainerLayout,
    s: Required<WorkspaceSpec>,
    opts: { verifyPod: boolean } = { verifyPod: true },
  ): Promise<ContainerState> {
    const disk = await ensureDisk(l.diskImage, l.disk, s.limits.diskBytes);
    if (disk.fresh) {
      // An empty file system nobody has touched yet: safe to make folders in as root.
      for (const dir of [l.project, l.home, l.tmp, path.join(l.home, '.local/share/code-server/extensions')])
        await fs.mkdir(dir, { recursive: true, mode: 0o755 });
    }
    if (await ensureTmpfs(l.live, LIVE_BYTES)) {
      // Empty (just made, or after a reboot): the platform's folder, and dev's (own() gives it to dev).
      await fs.mkdir(l.ide, { mode: 0o700 });
      await fs.mkdir(path.dirname(l.socket), { mode: 0o700 });
    }
    let state = await this.state(l);
    const { pod, container } = podName(l.id);
    // Starting a pod that vanished fails and plays it then (ensureRunning): no check on that path.
    if (!state || (opts.verifyPod && (await podman(['pod', 'exists', pod])).code !== 0)) {
      state = await this.play(l, s, state?.uidBase);
    } else if (JSON.stringify(state.limits) !== JSON.stringify(s.limits)) {
      await podmanOk(
        [
          'update',
          '--cpus',
          String(s.limits.cpus),
          '--memory',
          String(s.limits.memoryBytes),
          '--memory-swap',
          String(s.limits.memoryBytes),
          container,
        ],
        'start_failed',
        `cannot apply the new limits to ${container}`,
      );
      const init = await this.initPid(l, state);
      if (init) await setPidsMax(init, s.limits.processes);
      state = { ...state, limits: s.limits };
      await writeAtomic(l.stateFile, JSON.stringify(state));
    }
    await this.own(l, state, disk.fresh);
    return state;
  }

  /**
   * Play the pod's manifest (created, not started), move its writable layers to the workspace's disk and
   * note its containers and uid range. Played again (the pod vanished), it asks for the range it had
   * (`uidBase`), so that its files and system layers on the disk keep their owners.
   */
  private async play(
    l: ContainerLayout,
    s: Required<WorkspaceSpec>,
    uidBase?: number,
  ): Promise<ContainerState> {
    if ((await podman(['image', 'exists', this.image])).code !== 0)
      throw new RuntimeError(
        'runtime_missing',
        `the workspace image ${this.image} is not built on this host: run \`npm run setup:ide\` as root`,
      );
    const { pod, container } = podName(l.id);
    // Whatever a half-finished earlier attempt left under this name.
    await podman(['pod', 'rm', '--force', '--time', '0', pod]);
    await writeAtomic(l.hostsFile, hostsFile(s.name), 0o644);
    const manifest = podManifest({
      id: l.id,
      name: s.name,
      image: this.image,
      limits: s.limits,
      labels: { 'youarecoder.root': this.rootLabel },
      host: {
        runtime: this.opts.ide.cacheDir,
        node: path.dirname(path.dirname(this.opts.ide.nodeBin)),
        npm: this.opts.ide.npmDir,
        ide: l.ide,
        launch: l.launch,
        project: l.project,
        home: l.home,
        tmp: l.tmp,
        hosts: l.hostsFile,
      },
    });
    await writeAtomic(l.manifestFile, JSON.stringify(manifest, null, 2));
    await podmanOk(
      [
        'kube',
        'play',
        '--start=false',
        '--no-hosts',
        `--userns=auto:size=${USERNS_SIZE}${
          uidBase === undefined
            ? ''
            : `,uidmapping=0:${uidBase}:${USERNS_SIZE},gidmapping=0:${uidBase}:${USERNS_SIZE}`
        }`,
        // Its own network namespace with outbound NAT; the host's loopback is not reachable from inside.
        '--network',
        'slirp4netns:allow_host_loopback=false',
        l.manifestFile,
      ],
      'start_failed',
      `cannot create the pod of ${l.id}`,
    );
    const infraId = (
      await podmanOk(
        ['pod', 'inspect', '--format', '{{.InfraContainerID}}', pod],
        'start_failed',
        `cannot inspect ${pod}`,
      )
    ).trim();
    // One inspect for both: the uid range, and where podman's store keeps their writable layers.
    const inspected = JSON.parse(
      await podmanOk(
        ['container', 'inspect', container, infraId],
        'start_failed',
        `cannot inspect ${container}`,
      ),
    ) as InspectedContainer[];
    const c = inspected.find((x) => x.Name === container);
    const infra = inspected.find((x) => x.Id === infraId);
    const uidMap = c?.HostConfig.IDMappings?.UidMap?.[0]?.split(':').map(Number);
    if (!c || !infra || !uidMap || uidMap[0] !== 0 || !Number.isInteger(uidMap[1]))
      throw new RuntimeError('start_failed', `${container} did not get a user namespace of its own`);
    const state: ContainerState = {
      containerId: c.Id,
      infraId,
      uidBase: uidMap[1] as number,
      limits: s.limits,
      image: this.image,
    };
    if (uidBase !== undefined && uidBase !== state.uidBase)
      // Another range (the old one was taken meanwhile): system layers owned by the old one are unusable.
      await fs.rm(l.system, { recursive: true, force: true });
    await this.linkLayers(l, [
      ['workspace', c],
      ['infra', infra],
    ]);
    await writeAtomic(l.stateFile, JSON.stringify(state));
    await removeFiles(l.initPidFile);
    return state;
  }

  /**
   * Put the writable layers of the pod's containers (the workspace's, and the infra container's, which
   * root in the workspace reaches through /proc) on the workspace's disk. podman's store keeps a layer as
   * `overlay/<layer>/{diff,work}`: each becomes a link to `disk/system/<role>/{diff,work}`, which the kernel
   * follows when podman mounts the container's root, so what root changes in the system counts against the
   * disk quota, like the project. A layer already on the disk (the pod played again) is kept, with the
   * packages installed in it. Only while the pod is stopped; idempotent.
   */
  private async linkLayers(
    l: ContainerLayout,
    containers: readonly (readonly [role: string, c: InspectedContainer])[],
  ): Promise<void> {
    for (const [role, c] of containers) {
      const { UpperDir: upper, WorkDir: work } = c.GraphDriver?.Data ?? {};
      if (!upper || !work || !path.isAbsolute(upper) || path.dirname(upper) !== path.dirname(work))
        throw new RuntimeError('start_failed', `unexpected layer folders of ${l.id}: ${upper} ${work}`);
      const onDisk = path.join(l.system, role);
      await fs.mkdir(onDisk, { recursive: true, mode: 0o700 });
      for (const [inStore, name] of [
        [upper, 'diff'],
        [work, 'work'],
      ] as const) {
        const target = path.join(onDisk, name);
        const st = await fs.lstat(inStore);
        if (st.isSymbolicLink() && (await fs.readlink(inStore)) === target) continue;
        if (!(await exists(target))) {
          const next = `${target}.new`;
          await fs.rm(next, { recursive: true, force: true });
          if (st.isDirectory() && (await fs.readdir(inStore)).length === 0) {
            // Fresh from kube play: an empty folder with podman's owner and mode.
            await fs.mkdir(next);
            await fs.chown(next, st.uid, st.gid);
            await fs.chmod(next, st.mode & 0o7777);
          } else {
            // Its files with their owners, modes and extended attributes (overlay's whiteouts and markers).
            await run('cp', ['-a', '--no-target-directory', inStore, next], 600_000);
          }
          await fs.rename(next, target);
        }
        await fs.rm(inStore, { recursive: true, force: true });
        await fs.symlink(target, inStore);
      }
    }
  }

  /**
   * Give the workspace's folders to its `dev` on the host. A fresh disk: its folders only. A disk whose
   * owner is another uid (the pod was played again and got another range): every file, without following
   * links (`chown -R -h --from`), since the tree is the workspace's and may hold anything.
   */
  private async own(l: ContainerLayout, state: ContainerState, fresh: boolean): Promise<void> {
    const dev = state.uidBase + IN_CONTAINER.uid;
    const st = await fs.lstat(l.home);
    if (fresh) {
      for (const dir of [l.project, l.home, l.tmp]) await fs.lchown(dir, dev, dev);
      for (const dir of [
        '.local',
        '.local/share',
        '.local/share/code-server',
        '.local/share/code-server/extensions',
      ])
        await fs.lchown(path.join(l.home, dir), dev, dev);
      await fs.chmod(l.tmp, 0o1777);
    } else if (st.uid !== dev) {
      for (const dir of [l.project, l.home, l.tmp])
        await run('chown', ['-R', '-h', `--from=${st.uid}:${st.gid}`, `${dev}:${dev}`, dir], 600_000);
    }
    const ide = await fs.lstat(l.ide);
    if (ide.uid !== dev) await fs.lchown(l.ide, dev, dev);
  }

  private async state(l: ContainerLayout): Promise<ContainerState | null> {
    const raw = await readIfExists(l.stateFile);
    return raw ? (JSON.parse(raw) as ContainerState) : null;
  }

  /** The host pid of the container's main process, when it runs (checked: pids are reused). */
  private async initPid(l: ContainerLayout, state: ContainerState | null): Promise<number | null> {
    if (!state) return null;
    const pid = Number((await readIfExists(l.initPidFile))?.trim());
    return Number.isInteger(pid) && pid > 1 && (await alive(pid)) && inContainer(pid, state.containerId)
      ? pid
      : null;
  }

  /**
   * The container runs (its disk mounted, its pod played): starts it when it does not. With `ide`, the
   * launch script is put in place first, so the container's entry starts code-server at once; without,
   * it is removed (a start for provisioning or a file operation runs no IDE). `already` tells whether the
   * container was running before.
   */
  private async ensureRunning(
    l: ContainerLayout,
    ide: string | null = null,
  ): Promise<{ state: ContainerState; init: number; already: boolean }> {
    return this.queue.run(`ctr:${l.id}`, async () => {
      const known = await this.state(l);
      const running = await this.initPid(l, known);
      if (known && running) return { state: known, init: running, already: true };
      const spec = await this.savedSpec(l);
      let state = await this.prepare(l, spec, { verifyPod: false });
      // entry.sh was written by create(), which every workspace had.
      if (ide !== null) await writeAtomic(l.ideScript, ide, 0o644);
      else await removeFiles(l.ideScript);
      const { pod } = podName(l.id);
      await releaseReserve(l.disk);
      let r = await podman(['pod', 'start', pod]);
      if (r.code !== 0 && isNoSuch(r)) {
        // The pod is gone (removed by hand, a reset of podman's store): play it again.
        state = await this.play(l, spec, state.uidBase);
        await this.own(l, state, false);
        r = await podman(['pod', 'start', pod]);
      }
      await restoreReserve(l.disk);
      if (r.code !== 0)
        throw new RuntimeError('start_failed', `cannot start the pod of ${l.id}: ${r.stderr.trim()}`);
      const pid = await containerProcess(state.containerId, 10_000);
      if (!pid) throw new RuntimeError('start_failed', `the container of ${l.id} did not start`);
      // Kubernetes sets this per node (podPidsLimit); here it is the cgroup's, set on every start.
      await setPidsMax(pid, spec.limits.processes);
      await writeAtomic(l.initPidFile, `${pid}\n`, 0o644);
      return { state, init: pid, already: false };
    });
  }

  private async savedSpec(l: ContainerLayout): Promise<Required<WorkspaceSpec>> {
    const raw = await readIfExists(l.specFile);
    if (raw === null) throw new RuntimeError('not_found', `workspace ${l.id} does not exist`);
    return normalizeSpec(JSON.parse(raw) as WorkspaceSpec);
  }

  protected layoutOf(id: string): ContainerLayout {
    return containerLayout(this.opts.dataDir, id);
  }

  protected async launch(l: ContainerLayout, now: RuntimeInspection): Promise<void> {
    const ide = this.opts.ide;
    if (!ide.installed)
      throw new RuntimeError(
        'runtime_missing',
        `the IDE runtime (Node ${ide.versions.node}, code-server ${ide.versions.codeServer}) is not installed in ${ide.cacheDir}: run \`npm run setup:ide\``,
      );
    const owner = (st: ContainerState) => st.uidBase + IN_CONTAINER.uid;
    // Alive but never answered: a start interrupted by a platform restart. Adopt it.
    if (now.state.status === 'starting' && now.pid) {
      const known = await this.state(l);
      if (known) return waitForIde(l, now.pid, owner(known), this.startTimeoutMs);
    }
    await removeFiles(l.idePidFile, l.exitFile, l.socket, `${l.socket}.new`, l.bindSocket, l.ideExitFile);
    await writeAtomic(l.startedFile, '');
    const spec = await this.savedSpec(l);
    const script = ideScript(this.env(spec), [
      this.inside(ide.nodeBin),
      this.inside(ide.codeServerEntry),
      '--auth',
      'none',
      '--socket',
      IDE_SOCKET,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--disable-workspace-trust',
      '--user-data-dir',
      IN_CONTAINER.userData,
      '--extensions-dir',
      IN_CONTAINER.extensions,
      path.posix.join(IN_CONTAINER.project, spec.folder),
    ]);
    // A stopped container starts with the IDE (its entry runs the script); a running one (provisioning
    // started it) gets the script run in it.
    const { state, init, already } = await this.ensureRunning(l, script);
    if (already) {
      await writeAtomic(l.ideScript, script, 0o644);
      const { container } = podName(l.id);
      await podmanOk(
        [
          'exec',
          '--detach',
          '--user',
          IN_CONTAINER.user,
          container,
          '/bin/sh',
          `${IN_CONTAINER.launch}/ide.sh`,
        ],
        'start_failed',
        `cannot start code-server in ${container}`,
      );
    }
    const uid = owner(state);
    let pid: number | null = null;
    try {
      for (const until = Date.now() + this.startTimeoutMs; !pid && Date.now() < until; ) {
        pid = await this.findIde(init);
        if (!pid) await sleep(20);
      }
      if (!pid)
        throw new RuntimeError(
          'start_failed',
          'code-server did not start in the container',
          await tailLines(l.logFile, 40),
        );
      await writeAtomic(l.idePidFile, `${pid}\n`, 0o644);
      await waitForIde(l, pid, uid, this.startTimeoutMs);
    } catch (err) {
      // Leave it 'crashed' with the reason, for the reconciler and the portal to show.
      if (pid) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // gone already
        }
      } else await writeAtomic(l.idePidFile, '0\n', 0o644);
      await writeAtomic(l.exitFile, JSON.stringify({ reason: (err as Error).message }));
      throw err;
    }
  }

  /** code-server's host pid: the process in the container's pid namespace serving its socket. */
  private async findIde(init: number): Promise<number | null> {
    const ns = pidNamespace(init);
    if (!ns) return null;
    const entry = this.inside(this.opts.ide.codeServerEntry);
    for (const p of await allProcesses()) {
      if (p.zombie) continue;
      const args = await argv(p.pid);
      if (args?.[1] !== entry || argValue(args, '--socket') !== IDE_SOCKET) continue;
      if (pidNamespace(p.pid) === ns) return p.pid;
    }
    return null;
  }

  /** The live code-server of this workspace, from its pid file (checked: pids are reused). */
  private async idePid(l: ContainerLayout, init: number | null): Promise<number | null> {
    const pid = Number((await readIfExists(l.idePidFile))?.trim());
    if (!init || !Number.isInteger(pid) || pid <= 1 || !(await alive(pid))) return null;
    const args = await argv(pid);
    if (args?.[1] !== this.inside(this.opts.ide.codeServerEntry) || argValue(args, '--socket') !== IDE_SOCKET)
      return null;
    return pidNamespace(pid) === pidNamespace(init) ? pid : null;
  }

  async stop(id: string, opts: StopOptions = {}): Promise<RuntimeInspection> {
    const l = containerLayout(this.opts.dataDir, id);
    return this.serial(id, async () => {
      if (!(await exists(l.root))) return this.observe(l);
      await this.end(l, opts.graceMs ?? this.stopGraceMs);
      return this.observe(l);
    });
  }

  /** Let code-server shut down (up to the grace), stop the pod, and forget the run. */
  private async end(l: ContainerLayout, graceMs: number): Promise<void> {
    const state = await this.state(l);
    const init = await this.initPid(l, state);
    const ide = await this.idePid(l, init);
    if (ide) {
      try {
        process.kill(ide, 'SIGTERM');
      } catch {
        // gone already
      }
      for (const until = Date.now() + graceMs; Date.now() < until && (await alive(ide)); ) await sleep(25);
    }
    // Its next start for provisioning or a file operation starts no IDE.
    await removeFiles(l.ideScript);
    const r = await podman(['pod', 'stop', '--time', '1', podName(l.id).pod]);
    if (r.code !== 0 && !isNoSuch(r))
      throw new RuntimeError('start_failed', `cannot stop the pod of ${l.id}: ${r.stderr.trim()}`);
    // podman cleans a stopped container up after it answered (conmon's exit command): a start that came
    // before the cleanup ended would lose its mounts or network to it.
    if (state) await cleanedUp([state.containerId, state.infraId ?? state.containerId], 10_000);
    await removeFiles(
      l.initPidFile,
      l.idePidFile,
      l.exitFile,
      l.socket,
      `${l.socket}.new`,
      l.bindSocket,
      l.ideExitFile,
    );
  }

  async destroy(id: string, _opts: StopOptions = {}): Promise<void> {
    const l = containerLayout(this.opts.dataDir, id);
    return this.serial(id, () =>
      this.queue.run(`ctr:${id}`, async () => {
        // The pod first: its containers' roots are mounted from layers on the disk.
        await removePod(podName(id).pod);
        await unmount(l.live);
        await unmount(l.disk);
        await fs.rm(l.root, { recursive: true, force: true, maxRetries: 5 });
      }),
    );
  }

  async inspect(id: string): Promise<RuntimeInspection> {
    return this.observe(containerLayout(this.opts.dataDir, id));
  }

  async list(): Promise<RuntimeInspection[]> {
    const ids = (await fs.readdir(this.root).catch(() => [] as string[])).filter((n) =>
      WORKSPACE_ID_PATTERN.test(n),
    );
    const out = await Promise.all(ids.map((id) => this.inspect(id)));
    const r = await podman([
      'pod',
      'ps',
      '--filter',
      `label=youarecoder.root=${this.rootLabel}`,
      '--format',
      '{{index .Labels "youarecoder.workspace"}} {{.Status}}',
    ]);
    for (const line of r.code === 0 ? r.stdout.split('\n') : []) {
      const [wsId, status] = line.trim().split(' ');
      if (!wsId || !WORKSPACE_ID_PATTERN.test(wsId) || ids.includes(wsId)) continue;
      // A pod whose folder is gone: destroy() removes it.
      const state: RuntimeState =
        status === 'Running' ? { status: 'running', pid: 0 } : { status: 'stopped' };
      out.push({ ...this.base(wsId), state, orphan: true });
    }
    return out;
  }

  async logs(id: string, opts: LogsOptions = {}): Promise<string[]> {
    return tailLines(containerLayout(this.opts.dataDir, id).logFile, opts.tail ?? 200);
  }

  async stats(id: string): Promise<RuntimeStats | null> {
    const l = containerLayout(this.opts.dataDir, id);
    if (!(await exists(l.root))) return null;
    const state = await this.state(l);
    const init = await this.initPid(l, state);
    const c = init ? readCounters(init) : null;
    const disk = await diskUsage(l.disk);
    const diskBytes = disk?.usedBytes ?? ((await fs.stat(l.diskImage).catch(() => null))?.blocks ?? 0) * 512;
    return {
      cpuSeconds: c?.cpuSeconds ?? 0,
      memoryBytes: c?.memoryBytes ?? 0,
      processes: c?.processes ?? 0,
      diskBytes,
      limits: state?.limits ?? null,
      oomKills: c?.oomKills ?? 0,
      cpuThrottledSeconds: c?.cpuThrottledSeconds ?? 0,
    };
  }

  paths(id: string): WorkspacePaths {
    containerLayout(this.opts.dataDir, id);
    return {
      project: IN_CONTAINER.project,
      home: IN_CONTAINER.home,
      userData: IN_CONTAINER.userData,
      tmp: IN_CONTAINER.tmp,
    };
  }

  async exec(id: string, opts: ExecOptions): Promise<ExecResult> {
    const w = await this.workspace(id, opts.env);
    const cwd =
      opts.cwd === undefined || opts.cwd.trim() === '.'
        ? IN_CONTAINER.project
        : path.posix.join(IN_CONTAINER.project, normalizeWorkspacePath(opts.cwd));
    const output = new OutputTail(opts.maxOutputBytes ?? 64 * 1024);
    const r = await w.fs.run(
      { argv: opts.argv, cwd, env: w.env, timeoutMs: opts.timeoutMs ?? 120_000, signal: opts.signal },
      (chunk) => output.push(chunk),
    );
    return { ...r, output: output.toString() };
  }

  // ------------------------------------------------------------------------------------------ helpers

  /** A host path of the IDE runtime as the container sees it (mounted at /opt/yac/ide). */
  private inside(hostPath: string): string {
    return path.posix.join(IN_CONTAINER.runtime, path.relative(this.opts.ide.cacheDir, hostPath));
  }

  /** The environment of everything the workspace runs: nothing of the platform's own. */
  private env(spec: Required<WorkspaceSpec>): Record<string, string> {
    return {
      LANG: 'C.UTF-8',
      ...spec.env,
      HOME: IN_CONTAINER.home,
      USER: IN_CONTAINER.user,
      LOGNAME: IN_CONTAINER.user,
      SHELL: '/bin/bash',
      // Node 24 first: code-server's terminals and tasks get the Node it runs on (login shells, whose
      // PATH Debian's /etc/profile resets, find it as /usr/local/bin/node).
      PATH: `${IN_CONTAINER.node}/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`,
      TMPDIR: IN_CONTAINER.tmp,
      // node-gyp builds native npm modules against the headers Node's package ships, without a download.
      npm_config_nodedir: IN_CONTAINER.node,
      // Node's own CA list lacks those the host added (the image trusts them: Containerfile).
      NODE_EXTRA_CA_CERTS: '/etc/ssl/certs/ca-certificates.crt',
      YAC_WORKSPACE_ID: spec.id,
      YAC_WORKSPACE_NAME: spec.name,
    };
  }

  /** A created workspace's running container, environment, file operations and extension CLI. */
  protected async workspace(id: string, extraEnv: Readonly<Record<string, string>> = {}) {
    const l = containerLayout(this.opts.dataDir, id);
    const saved = await this.savedSpec(l);
    const spec = normalizeSpec({ ...saved, env: { ...saved.env, ...extraEnv } });
    await this.ensureRunning(l);
    const env = this.env(spec);
    const fsContext: FsContext = {
      areas: this.paths(id),
      roots: [
        IN_CONTAINER.project,
        IN_CONTAINER.home,
        IN_CONTAINER.userData,
        IN_CONTAINER.extensions,
        IN_CONTAINER.tmp,
      ],
      home: IN_CONTAINER.home,
      run: containerRunner(podName(id).container),
    };
    const ide: IdeRuntimePaths = {
      ...this.opts.ide,
      installed: this.opts.ide.installed,
      nodeBin: this.inside(this.opts.ide.nodeBin),
      codeServerEntry: this.inside(this.opts.ide.codeServerEntry),
    };
    const ext: extensions.ExtensionContext = {
      fs: fsContext,
      extensionsDir: IN_CONTAINER.extensions,
      userDataDir: IN_CONTAINER.userData,
      home: IN_CONTAINER.home,
      env,
      ide,
    };
    return { l, env, fs: fsContext, ext };
  }

  private base(id: string) {
    return {
      id,
      state: { status: 'absent' } as RuntimeState,
      pid: null as number | null,
      startedAt: null as string | null,
      socketPath: null as string | null,
      isolated: true,
      user: DEV as RuntimeUser | null,
      orphan: false,
    };
  }

  protected async observe(l: ContainerLayout): Promise<RuntimeInspection> {
    if (!(await exists(l.root))) return { ...this.base(l.id), user: null };
    const base = this.base(l.id);
    const state = await this.state(l);
    const init = await this.initPid(l, state);
    const pid = await this.idePid(l, init);
    const startingHere = this.starting.has(l.id);
    if (pid || startingHere) {
      const startedAt = pid
        ? ((await fs.stat(l.idePidFile).catch(() => null))?.mtime.toISOString() ?? null)
        : null;
      return pid && !startingHere && (await exists(l.socket))
        ? { ...base, state: { status: 'running', pid }, pid, startedAt, socketPath: l.socket }
        : { ...base, state: { status: 'starting', pid }, pid, startedAt };
    }
    if ((await readIfExists(l.idePidFile)) !== null) {
      const saved = JSON.parse((await readIfExists(l.exitFile)) ?? '{}') as { reason?: string };
      let exitCode = await readExitCode(l.ideExitFile);
      // Just ended: its wrapper writes the status a moment later, while the container runs.
      for (let i = 0; exitCode === null && init && (await alive(init)) && i < 20; i++) {
        await sleep(50);
        exitCode = await readExitCode(l.ideExitFile);
      }
      const c = init ? readCounters(init) : null;
      const oom =
        c && c.oomKills > 0 && exitCode === 137 && state
          ? outOfMemoryMessage(state.limits.memoryBytes)
          : null;
      return {
        ...base,
        state: {
          status: 'crashed',
          exitCode,
          signal: null,
          reason: saved.reason ?? oom,
          logTail: await tailLines(l.logFile, 40),
        },
      };
    }
    return { ...base, state: { status: (await exists(l.startedFile)) ? 'stopped' : 'created' } };
  }
}

/**
 * Remove a pod and its containers (a missing one is fine). An exec session ending at that moment keeps the
 * container's /dev/shm busy for a moment: podman then fails, and trying again shortly succeeds.
 */
async function removePod(pod: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const r = await podman(['pod', 'rm', '--force', '--time', '1', pod]);
    // "No such …" may name one of its containers, removed meanwhile: gone only when the pod is.
    if ((r.code === 0 || isNoSuch(r)) && (await podman(['pod', 'exists', pod])).code !== 0) return;
    if (attempt >= 20)
      throw new RuntimeError(
        'start_failed',
        `cannot remove the pod ${pod}: ${r.stderr.trim().split('\n').join(' ')}`,
      );
    await sleep(250);
  }
}

/** Wait until no `podman container cleanup` of these containers runs (at most `waitMs`). */
async function cleanedUp(containerIds: readonly string[], waitMs: number): Promise<void> {
  for (const until = Date.now() + waitMs; Date.now() < until; ) {
    let busy = false;
    for (const p of await allProcesses()) {
      const args = p.zombie ? null : await argv(p.pid);
      busy ||= !!args?.includes('cleanup') && containerIds.some((id) => args.includes(id));
    }
    if (!busy) return;
    await sleep(20);
  }
}

/**
 * A live process of the container (its cgroup's path names the container), waited for up to `waitMs`:
 * cheaper than asking podman, and what the driver keeps to tell whether the container runs.
 */
async function containerProcess(containerId: string, waitMs: number): Promise<number | null> {
  for (const until = Date.now() + waitMs; ; ) {
    for (const p of await allProcesses()) if (!p.zombie && inContainer(p.pid, containerId)) return p.pid;
    if (Date.now() > until) return null;
    await sleep(10);
  }
}

/** The pid namespace of a process (its /proc link), or null when it is gone. */
function pidNamespace(pid: number): string | null {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return null;
  }
}

/** The exit status code-server's wrapper wrote (a file the workspace could write: read as untrusted). */
async function readExitCode(file: string): Promise<number | null> {
  let fh: fs.FileHandle;
  try {
    fh = await fs.open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return null;
  }
  try {
    if (!(await fh.stat()).isFile()) return null;
    const buf = Buffer.alloc(8);
    const { bytesRead } = await fh.read(buf, 0, 8, 0);
    const m = /^(\d{1,3})\s*$/.exec(buf.subarray(0, bytesRead).toString('latin1'));
    return m ? Number(m[1]) : null;
  } finally {
    await fh.close();
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
