import { describe, expect, it } from 'vitest';
import { execFileOffThread } from './off-thread.ts';

describe('execFileOffThread', () => {
  it('answers exit status and output as execFile does', async () => {
    expect(await execFileOffThread('sh', ['-c', 'echo out; echo err >&2; exit 3'])).toEqual({
      code: 3,
      stdout: 'out\n',
      stderr: 'err\n',
      error: null,
    });
    expect(await execFileOffThread('getent', ['passwd', 'root'])).toMatchObject({ code: 0, error: null });
  });

  it('passes only the environment it is given', async () => {
    const r = await execFileOffThread('/usr/bin/env', [], { env: { ONLY: 'this' } });
    expect(r.stdout).toBe('ONLY=this\n');
  });

  it('tells a missing command and a timeout apart from an exit status', async () => {
    const missing = await execFileOffThread('yac-no-such-command', []);
    expect(missing.code).toBeNull();
    expect(missing.error).toMatch(/ENOENT/);
    const slow = await execFileOffThread('sleep', ['5'], { timeoutMs: 100 });
    expect(slow.code).toBeNull();
    expect(slow.error).not.toBeNull();
  });

  it('runs commands side by side and matches each answer to its command', async () => {
    const rs = await Promise.all(
      Array.from({ length: 8 }, (_, i) => execFileOffThread('sh', ['-c', `echo ${i}`])),
    );
    expect(rs.map((r) => r.stdout.trim())).toEqual(['0', '1', '2', '3', '4', '5', '6', '7']);
  });
});
