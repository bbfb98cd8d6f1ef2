// Where one container workspace's files live on the host:
//
//   <dataDir>/containers/            root 0700
//     <id>/                          root 0700
//       disk.img                     the workspace's own disk: sparse btrfs, its size is the disk quota
//       disk/                        where disk.img is mounted (nodev, nosuid):
//         project/ home/ tmp/          mounted at /workspace, /home/dev, /tmp; owned by the container's
//                                      `dev` (an unprivileged host uid of the workspace's own range)
//         system/<container>/          the writable layers (diff/, work/) of the pod's containers: what
//                                      root changes in the workspace's system (apt-get) counts against
//                                      the quota too (podman's store links to them; see linkLayers)
//         reserve                      4 MiB the platform keeps for starting the container on a full disk
//       live/                        a small tmpfs (LIVE_BYTES), so that nothing the workspace writes
//                                    lands on the host's disk, and the IDE starts even when its disk is full:
//         ide/                         `dev`'s, mounted at /run/ide: code-server's socket, log, exit status
//         gateway/                     the platform's (0700): cs.sock, a hard link to ide/cs.sock made once
//                                      it answered (the gateway's way in; see common/ide-socket.ts)
//       launch/                      the platform's (0755), mounted read-only at /run/yac: the container's
//                                    entry script, and the IDE's launch script while it should run
//       run/                         the platform's (0700): spec, manifest, container state, pids, the
//                                    hosts file
//
// The container sees none of these paths: only the folders mounted into it.
import path from 'node:path';
import { assertWorkspaceId } from '../common/spec.ts';

/** Absolute host paths of one container workspace. */
export interface ContainerLayout {
  readonly id: string;
  readonly root: string;
  readonly diskImage: string;
  readonly disk: string;
  readonly project: string;
  readonly home: string;
  readonly tmp: string;
  /** The writable layers of the pod's containers, one folder each (on the disk). */
  readonly system: string;
  /** The tmpfs holding ide/ and the platform's socket link. */
  readonly live: string;
  readonly ide: string;
  /** Where code-server binds (in ide/). */
  readonly bindSocket: string;
  readonly logFile: string;
  /** The exit status code-server's wrapper writes (the container user's file: parsed with care). */
  readonly ideExitFile: string;
  /** Scripts the container runs (read-only inside): entry.sh, and ide.sh while the IDE should run. */
  readonly launch: string;
  readonly entryScript: string;
  readonly ideScript: string;
  readonly run: string;
  /** The platform's link to the socket (in live/gateway/, the same file system as the socket it links). */
  readonly socket: string;
  readonly specFile: string;
  readonly manifestFile: string;
  /** The container's id, its uid base on the host and the limits applied (ContainerState). */
  readonly stateFile: string;
  /** Host pid of the container's main process while it runs. */
  readonly initPidFile: string;
  /** Host pid of code-server; its mtime is when the IDE started. */
  readonly idePidFile: string;
  /** Why a start failed, when the platform knows better than the exit status. */
  readonly exitFile: string;
  /** Present once the IDE was ever started: tells 'stopped' from 'created'. */
  readonly startedFile: string;
  readonly hostsFile: string;
}

/** `<dataDir>/containers`. */
export function containersRoot(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'containers');
}

/** The paths of a workspace (the id is validated: it becomes a folder name). */
export function containerLayout(dataDir: string, id: string): ContainerLayout {
  assertWorkspaceId(id);
  const root = path.join(containersRoot(dataDir), id);
  const disk = path.join(root, 'disk');
  const live = path.join(root, 'live');
  const ide = path.join(live, 'ide');
  const run = path.join(root, 'run');
  const launch = path.join(root, 'launch');
  return {
    id,
    root,
    diskImage: path.join(root, 'disk.img'),
    disk,
    project: path.join(disk, 'project'),
    home: path.join(disk, 'home'),
    tmp: path.join(disk, 'tmp'),
    system: path.join(disk, 'system'),
    live,
    ide,
    bindSocket: path.join(ide, 'cs.sock'),
    logFile: path.join(ide, 'code-server.log'),
    ideExitFile: path.join(ide, 'exit'),
    launch,
    entryScript: path.join(launch, 'entry.sh'),
    ideScript: path.join(launch, 'ide.sh'),
    run,
    socket: path.join(live, 'gateway', 'cs.sock'),
    specFile: path.join(run, 'spec.json'),
    manifestFile: path.join(run, 'pod.json'),
    stateFile: path.join(run, 'container.json'),
    initPidFile: path.join(run, 'init.pid'),
    idePidFile: path.join(run, 'ide.pid'),
    exitFile: path.join(run, 'exit.json'),
    startedFile: path.join(run, 'started'),
    hostsFile: path.join(run, 'hosts'),
  };
}
