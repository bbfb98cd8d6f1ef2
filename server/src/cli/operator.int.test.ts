// Integration project because it runs the CLI in another process.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { operatorUsage } from './operator.ts';

const quiet = () => {
  const lines: string[] = [];
  return { lines, out: { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) } };
};

describe('youarecoder operator', () => {
  it('answers --help and bad arguments without a database; valid ones go on', () => {
    const q = quiet();
    expect(operatorUsage(['--help'], q.out)).toBe(0);
    expect(q.lines.join('\n')).toContain('Usage: youarecoder operator');
    expect(operatorUsage(['-h'], quiet().out)).toBe(0);
    expect(operatorUsage([], quiet().out)).toBe(2);
    expect(operatorUsage(['grant'], quiet().out)).toBe(2);
    expect(operatorUsage(['list'], quiet().out)).toBeNull();
    expect(operatorUsage(['grant', 'a@example.com'], quiet().out)).toBeNull();
  });

  it('prints the help at once and starts no PostgreSQL in DATA_DIR', () => {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'yac-operator-help-'));
    try {
      const main = path.join(import.meta.dirname, '..', 'main.ts');
      const { DATABASE_URL: _, ...env } = process.env;
      const out = execFileSync(process.execPath, ['--import', 'tsx', main, 'operator', '--help'], {
        env: { ...env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(out).toContain('Usage: youarecoder operator');
      expect(readdirSync(dataDir)).not.toContain('pg');
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
