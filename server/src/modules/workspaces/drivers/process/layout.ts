// Where one workspace's files live, and who may touch each folder:
//
//   <dataDir>/workspaces/            root 0711: users may pass through, not list the ids
//     <id>/                          root 0711: the user cannot rename or replace anything below
//       home/ user-data/ extensions/ project/ tmp/   the workspace user, 0700
//       sock/                        the workspace user, 0700: code-server binds its socket here
//       run/                         the platform, 0700: pid file, log, spec, exit status and
//                                    cs.sock, a hard link to sock/cs.sock made once it answered
//
// Why the extra link: code-server (running as the workspace user) must create its socket in a folder
// that user can write, where the user could swap it for a symlink to another workspace's socket and
// have the gateway (root) connect there. run/ is the platform's alone, so the entry the gateway opens
// cannot change; the driver checks it is a socket owned by the workspace user when it makes the link.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { type RuntimeUser, WORKSPACE_ID_PATTERN, type WorkspacePaths } from '../../runtime.ts';
import { assertWorkspaceId } from '../common/spec.ts';

/** Absolute paths of one workspace. */
export interface WorkspaceLayout {
  readonly id: string;
  readonly root: string;
  readonly home: string;
  readonly userData: string;
  readonly extensions: string;
  readonly project: string;
  readonly tmp: string;
  readonly sockDir: string;
  /** Where code-server binds (in the user's sock/ folder). */
  readonly bindSocket: string;
  readonly run: string;
  /** The platform's link to the socket: what the gateway connects to. */
  readonly socket: string;
  readonly pidFile: string;
  readonly logFile: string;
  readonly specFile: string;
  readonly exitFile: string;
}

/** Folders the workspace user owns (mode 0700). */
const USER_DIRS = ['home', 'userData', 'extensions', 'project', 'tmp', 'sockDir'] as const;

/** The folders of each area. */
export function areaPaths(l: WorkspaceLayout): WorkspacePaths {
  return { project: l.project, home: l.home, userData: l.userData, tmp: l.tmp };
}

/** `<dataDir>/workspaces`. */
export function workspacesRoot(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'workspaces');
}

/** The paths of a workspace (the id is validated: it becomes a folder name). */
export function workspaceLayout(dataDir: string, id: string): WorkspaceLayout {
  assertWorkspaceId(id);
  const root = path.join(workspacesRoot(dataDir), id);
  const run = path.join(root, 'run');
  const sockDir = path.join(root, 'sock');
  return {
    id,
    root,
    home: path.join(root, 'home'),
    userData: path.join(root, 'user-data'),
    extensions: path.join(root, 'extensions'),
    project: path.join(root, 'project'),
    tmp: path.join(root, 'tmp'),
    sockDir,
    bindSocket: path.join(sockDir, 'cs.sock'),
    run,
    socket: path.join(run, 'cs.sock'),
    pidFile: path.join(run, 'code-server.pid'),
    logFile: path.join(run, 'code-server.log'),
    specFile: path.join(run, 'spec.json'),
    exitFile: path.join(run, 'exit.json'),
  };
}

/** The Linux user of a workspace: `yac-` and the id's random part (at most 31 characters). */
export function workspaceUserName(id: string): string {
  assertWorkspaceId(id);
  return `yac-${id.slice('ws_'.length)}`;
}

/** The id a `yac-…` user name belongs to, or null. */
export function idOfUserName(name: string): string | null {
  const id = `ws_${name.slice('yac-'.length)}`;
  return name.startsWith('yac-') && WORKSPACE_ID_PATTERN.test(id) ? id : null;
}

/**
 * `<dataDir>/workspaces`, and DATA_DIR passable but neither listable nor writable by workspace users
 * on their way home (a DATA_DIR made with the default umask is 0755: its mail and other files would
 * be readable by every workspace).
 */
export async function prepareRoot(dataDir: string, isolated: boolean): Promise<void> {
  const root = workspacesRoot(dataDir);
  await fs.mkdir(root, { recursive: true });
  await fs.chmod(root, isolated ? 0o711 : 0o700);
  if (!isolated) return;
  const mode = (await fs.stat(dataDir)).mode & 0o7777;
  const wanted = (mode & ~0o006) | 0o001;
  if (mode !== wanted) await fs.chmod(dataDir, wanted);
}

/** Make (or repair) a workspace's folders with the owners and modes described at the top of this file. */
export async function prepareFolders(l: WorkspaceLayout, owner: RuntimeUser | null): Promise<void> {
  await fs.mkdir(l.root, { recursive: true });
  await fs.chmod(l.root, owner ? 0o711 : 0o700);
  for (const key of USER_DIRS) {
    const dir = l[key];
    await fs.mkdir(dir, { mode: 0o700 }).catch((e) => ignore(e, 'EEXIST'));
    if (!(await fs.lstat(dir)).isDirectory()) throw new Error(`${dir} is not a folder`);
    if (owner) await fs.lchown(dir, owner.uid, owner.gid);
    await fs.chmod(dir, 0o700);
  }
  await fs.mkdir(l.run, { mode: 0o700 }).catch((e) => ignore(e, 'EEXIST'));
  await fs.chmod(l.run, 0o700);
}

function ignore(err: unknown, code: string): void {
  if ((err as NodeJS.ErrnoException).code !== code) throw err;
}
