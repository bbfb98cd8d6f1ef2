// Running a command inside a workspace's container (podman exec), with what the process driver's runAs()
// promises: its own process group, ended as a whole on timeout, on abort and once the command exits, and
// its exit status or signal told exactly. A small Perl program (perl-base is in every Debian image) does the
// in-container part: it forks the command into a group of its own, says the group's number first on
// standard error, waits, kills what the command left in its group and says how it ended last.
import { spawn } from 'node:child_process';
import { constants } from 'node:os';
import { RuntimeError } from '../../runtime.ts';
import { commandEnding, type RunAsResult, type Runner } from '../common/exec.ts';
import { IN_CONTAINER } from './manifest.ts';
import { podman, podmanEnv } from './podman.ts';

const WRAPPER = `
use strict;
my $cwd = shift @ARGV;
pipe(my $r, my $w) or die "pipe: $!\\n";
my $pid = fork();
die "fork: $!\\n" unless defined $pid;
if ($pid == 0) {
  close $w;
  setpgrp(0, 0);
  my $go; sysread($r, $go, 1); close $r;
  chdir $cwd or do { print STDERR "cannot enter $cwd: $!\\n"; exit 2 };
  { no warnings; exec { $ARGV[0] } @ARGV; }
  print STDERR "$ARGV[0]: $!\\n";
  exit 127;
}
close $r;
setpgrp($pid, $pid);
syswrite STDERR, "\\036yac-pgid $pid\\036\\n";
close $w;
my $st = -1;
while (1) { my $k = waitpid($pid, 0); if ($k == $pid) { $st = $?; last } last if $k == -1; }
kill 'KILL', -$pid;
my $sig = $st & 127;
my $code = $sig ? -1 : $st >> 8;
syswrite STDERR, "\\036yac-exit $code $sig\\036\\n";
exit($sig ? 128 + $sig : $code);
`;

/** The record separator around the wrapper's own lines (no command prints it by accident). */
const RS = String.fromCharCode(0x1e);
const PGID = new RegExp(`^${RS}yac-pgid (\\d+)${RS}\n`);
const EXIT = new RegExp(`${RS}yac-exit (-?\\d+) (\\d+)${RS}\n`);

function signalName(n: number): string | null {
  for (const [name, num] of Object.entries(constants.signals)) if (num === n) return name;
  return null;
}

/** A Runner that runs commands in `container` as the workspace's user. */
export function containerRunner(container: string): Runner {
  return (o, onData) => runInContainer(container, o, onData);
}

function runInContainer(
  container: string,
  o: Parameters<Runner>[0],
  onData: Parameters<Runner>[1],
): Promise<RunAsResult> {
  o.signal?.throwIfAborted();
  if (!o.argv[0]) throw new RuntimeError('exec_failed', 'no command given');
  // Values on the command line, not in podman's environment: a workspace's variables must not steer podman.
  const env = Object.entries(o.env).flatMap(([k, v]) => ['--env', `${k}=${v}`]);
  const args = [
    'exec',
    ...(o.input !== undefined ? ['--interactive'] : []),
    '--user',
    IN_CONTAINER.user,
    '--workdir',
    '/',
    ...env,
    container,
    'perl',
    '-e',
    WRAPPER,
    o.cwd,
    ...o.argv,
  ];
  return new Promise((resolve, reject) => {
    const child = spawn('podman', args, {
      env: podmanEnv(),
      stdio: [o.input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
    });
    let pgid: number | null = null;
    let head = Buffer.alloc(0); // standard error until the group's number was read
    let errTail = Buffer.alloc(0); // the end of standard error, where the exit line is
    const killGroup = (signal: 'TERM' | 'KILL') => {
      if (pgid === null || pgid <= 0) return;
      void podman(['exec', '--user', '0', container, 'kill', `-${signal}`, '--', `-${pgid}`], {
        timeoutMs: 30_000,
      }).catch(() => undefined);
    };
    const e = commandEnding(o, killGroup);

    child.stdout?.on('data', (c: Buffer) => onData(c, 1));
    child.stderr?.on('data', (c: Buffer) => {
      if (pgid === null) {
        head = Buffer.concat([head, c]);
        // No group line (perl missing, podman's own error): everything is output.
        if (head[0] !== 0x1e) return flushHead(-1, head);
        const nl = head.indexOf(0x0a);
        if (nl < 0) return head.length > 64 ? flushHead(-1, head) : undefined;
        const m = PGID.exec(head.subarray(0, nl + 1).toString('latin1'));
        return m ? flushHead(Number(m[1]), head.subarray(nl + 1)) : flushHead(-1, head);
      }
      onErr(c);
    });
    function flushHead(group: number, rest: Buffer): void {
      pgid = group;
      head = Buffer.alloc(0);
      if (group > 0 && e.ending) killGroup('TERM');
      if (rest.length) onErr(rest);
    }
    // The exit line comes last; hold back a short tail of standard error until the end, to cut it out.
    const HOLD = 48;
    function onErr(c: Buffer) {
      errTail = Buffer.concat([errTail, c]);
      if (errTail.length > HOLD) {
        onData(errTail.subarray(0, errTail.length - HOLD), 2);
        errTail = Buffer.from(errTail.subarray(errTail.length - HOLD));
      }
    }
    if (o.input !== undefined && child.stdin) {
      child.stdin.on('error', () => undefined);
      child.stdin.end(o.input);
    }
    child.once('error', (err) =>
      e.settle(() =>
        reject(new RuntimeError('exec_failed', `cannot run podman: ${err.message}`, [], { cause: err })),
      ),
    );
    child.once('close', (podmanCode) => {
      const text = errTail.toString('latin1');
      const m = EXIT.exec(text);
      const rest = m
        ? Buffer.concat([errTail.subarray(0, m.index), errTail.subarray(m.index + m[0].length)])
        : errTail;
      if (rest.length) onData(Buffer.from(rest), 2);
      e.settle(() => {
        if (e.ending === 'abort') return reject(o.signal?.reason ?? new Error('aborted'));
        if (!m) {
          // podman itself failed (no such container, not running): the command never ran.
          if (pgid === null || pgid === -1)
            return reject(
              new RuntimeError(
                'exec_failed',
                `cannot run ${o.argv[0]} in ${container}: ${rest.toString('utf8').trim() || `podman exited with ${podmanCode}`}`,
              ),
            );
          return resolve({ exitCode: podmanCode, signal: null, timedOut: e.ending === 'timeout' });
        }
        const code = Number(m[1]);
        const sig = Number(m[2]);
        const signal = sig ? signalName(sig) : null;
        resolve({
          exitCode: e.ending === 'timeout' || sig ? null : code,
          signal,
          timedOut: e.ending === 'timeout',
        });
      });
    });
  });
}
