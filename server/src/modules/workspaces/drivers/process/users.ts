// One Linux user per workspace, made and removed with the shadow-utils tools (useradd, userdel) so
// that /etc/passwd, /etc/group and /etc/shadow stay consistent and locked while they change.
import { RuntimeError, type RuntimeUser } from '../../runtime.ts';
import { execFileOffThread } from '../common/off-thread.ts';

/** A Linux user with its home folder. */
export interface LinuxUser extends RuntimeUser {
  readonly home: string;
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

// From a worker thread: spawning from the event loop blocked the gateway's proxying (off-thread.ts).
async function run(cmd: string, args: string[]): Promise<Run> {
  const r = await execFileOffThread(cmd, args, {
    timeoutMs: 30_000,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin' },
  });
  // Not found, timed out: not an exit status.
  if (r.error !== null || r.code === null) throw new Error(r.error ?? `${cmd} ended by a signal`);
  return { code: r.code, stdout: r.stdout, stderr: r.stderr };
}

// useradd and userdel lock /etc/passwd; two at once in this process would make one fail, so they take
// turns here. Other processes (another test file, an admin) may still hold the lock: retry on that.
let queue: Promise<unknown> = Promise.resolve();
function serialized<T>(fn: () => Promise<T>): Promise<T> {
  const next = queue.then(fn, fn);
  queue = next.catch(() => undefined);
  return next;
}

async function runLocked(cmd: string, args: string[]): Promise<Run> {
  for (let attempt = 0; ; attempt++) {
    const r = await run(cmd, args);
    if (r.code === 0 || attempt >= 30 || !/cannot lock|try again/i.test(r.stderr)) return r;
    await new Promise((resolve) => setTimeout(resolve, 100 + attempt * 50));
  }
}

/** The user named `name`, or null (getent, so NSS sources other than files count too). */
export async function lookupUser(name: string): Promise<LinuxUser | null> {
  const r = await run('getent', ['passwd', name]);
  if (r.code === 2) return null;
  if (r.code !== 0) throw new RuntimeError('os_user_failed', `getent passwd ${name}: ${r.stderr.trim()}`);
  const [, , uid, gid, , home] = r.stdout.trim().split(':');
  return { name, uid: Number(uid), gid: Number(gid), home: home ?? '' };
}

/**
 * The workspace's user, made if missing: a system user with its own group, no home created (the driver
 * makes it), bash as shell for terminals. A user of that name with another home is someone else's:
 * refuse rather than hand a workspace to it.
 */
export function ensureUser(name: string, home: string, comment: string): Promise<LinuxUser> {
  return serialized(async () => {
    let user = await lookupUser(name);
    if (!user) {
      const r = await runLocked('useradd', [
        '--system',
        '--no-create-home',
        '--home-dir',
        home,
        '--shell',
        '/bin/bash',
        '--user-group',
        '--comment',
        comment,
        name,
      ]);
      if (r.code !== 0) throw new RuntimeError('os_user_failed', `useradd ${name}: ${r.stderr.trim()}`);
      user = await lookupUser(name);
      if (!user)
        throw new RuntimeError('os_user_failed', `useradd ${name} succeeded but the user is missing`);
    }
    if (user.home !== home)
      throw new RuntimeError('os_user_failed', `user ${name} exists with another home (${user.home})`);
    return user;
  });
}

/**
 * Remove the user and its group. Only a user whose home is `home` is removed, so a name clash never
 * deletes someone else's account. The caller has ended the user's processes (userdel refuses otherwise).
 */
export function removeUser(name: string, home: string): Promise<void> {
  return serialized(async () => {
    const user = await lookupUser(name);
    if (user && user.home !== home) return; // not ours
    if (user) {
      const r = await runLocked('userdel', [name]);
      // 6: the user vanished meanwhile, which is what we wanted.
      if (r.code !== 0 && r.code !== 6)
        throw new RuntimeError('os_user_failed', `userdel ${name}: ${r.stderr.trim()}`);
    }
    // userdel removes the user's own group only when USERGROUPS_ENAB is on; make sure it is gone.
    const group = await run('getent', ['group', name]);
    if (group.code === 0 && group.stdout.split(':')[3]?.trim() === '') {
      const r = await runLocked('groupdel', [name]);
      if (r.code !== 0 && r.code !== 6)
        throw new RuntimeError('os_user_failed', `groupdel ${name}: ${r.stderr.trim()}`);
    }
  });
}

/** Every `yac-…` user (the driver's), for list() to report users left without a workspace. */
export async function listUsers(): Promise<LinuxUser[]> {
  const r = await run('getent', ['passwd']);
  return r.stdout
    .split('\n')
    .filter((line) => line.startsWith('yac-'))
    .map((line) => {
      const [name = '', , uid, gid, , home = ''] = line.split(':');
      return { name, uid: Number(uid), gid: Number(gid), home };
    });
}
