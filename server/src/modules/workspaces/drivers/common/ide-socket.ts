// Waiting for a freshly started code-server: its socket appears in a folder the workspace's user can write,
// the platform links it into a folder of its own once it checked what it is, and the link's presence then
// means "answered". Shared by every driver whose IDE binds a socket the host can reach.
import { promises as fs } from 'node:fs';
import { RuntimeError } from '../../runtime.ts';
import { exists, httpGet, removeFiles, tailLines } from './files.ts';
import { alive } from './procfs.ts';

/** Where the IDE binds, where the platform publishes it, and the log to quote on failure. */
export interface IdeSocketPaths {
  /** The socket code-server binds (in a folder its user can write). */
  readonly bindSocket: string;
  /** The platform's hard link to it, in a folder of the platform's own: what the gateway connects to. */
  readonly socket: string;
  readonly logFile: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Link the bound socket into the platform's folder, checked to be a socket owned by `ownerUid` (when
 * given). The user could swap its entry for a symlink to another workspace's socket: link(2) does not
 * follow it, and the check on the link itself rejects anything else. Returns the link's path or null.
 */
async function linkSocket(p: IdeSocketPaths, ownerUid: number | null): Promise<string | null> {
  const isOurs = (st: { isSocket(): boolean; uid: number } | null) =>
    !!st?.isSocket() && (ownerUid === null || st.uid === ownerUid);
  if (!isOurs(await fs.lstat(p.bindSocket).catch(() => null))) return null;
  const next = `${p.socket}.new`;
  await removeFiles(next);
  if (
    !(await fs.link(p.bindSocket, next).then(
      () => true,
      () => false,
    ))
  )
    return null;
  if (isOurs(await fs.lstat(next).catch(() => null))) return next;
  await removeFiles(next);
  return null;
}

/**
 * code-server loads VS Code's server (about 1 s of CPU) at the first request for the workbench, and VS Code
 * starts its terminal host as it loads (setup:ide's pty-host-at-start patch). Ask for the workbench as soon
 * as the socket answers, without waiting: both are then under way, or done, when the person's browser
 * arrives, rather than started by it. A browser that comes meanwhile waits on the same load.
 */
function warmUp(socket: string): void {
  httpGet(socket, '/', 30_000).catch(() => {
    // Stopped meanwhile, or slow: the browser's own first request loads it then.
  });
}

/**
 * Wait until code-server (host process `pid`) answers /healthz over the platform's link, then publish the
 * link. Fails with the log tail when the process ends ('start_failed', with `hint()` appended) or time
 * runs out ('start_timeout').
 */
export async function waitForIde(
  p: IdeSocketPaths,
  pid: number,
  ownerUid: number | null,
  timeoutMs: number,
  hint: () => Promise<string> = async () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await alive(pid)))
      throw new RuntimeError(
        'start_failed',
        `code-server exited before answering${await hint()}`,
        await tailLines(p.logFile, 40),
      );
    const link = await linkSocket(p, ownerUid);
    if (link) {
      const ok = await httpGet(link, '/healthz', 1000).then(
        (r) => r.status === 200,
        () => false,
      );
      // Another instance (a platform that died mid-start, then came back) may publish it first.
      if (
        ok &&
        (await fs.rename(link, p.socket).then(
          () => true,
          () => exists(p.socket),
        ))
      ) {
        warmUp(p.socket);
        return;
      }
    }
    await sleep(50);
  }
  throw new RuntimeError(
    'start_timeout',
    `code-server did not answer within ${Math.round(timeoutMs / 1000)} s`,
    await tailLines(p.logFile, 40),
  );
}
