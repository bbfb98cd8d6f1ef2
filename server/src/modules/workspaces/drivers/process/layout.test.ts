import { describe, expect, it } from 'vitest';
import type { WorkspaceSpec } from '../../runtime.ts';
import { DEFAULT_LIMITS, normalizeSpec } from '../common/spec.ts';
import { idOfUserName, workspaceLayout, workspaceUserName } from './layout.ts';

describe('workspace layout', () => {
  it('places everything under DATA_DIR/workspaces/<id>, the socket link in run/', () => {
    const l = workspaceLayout('/data', 'ws_abc123');
    expect(l.root).toBe('/data/workspaces/ws_abc123');
    expect(l.socket).toBe('/data/workspaces/ws_abc123/run/cs.sock');
    expect(l.bindSocket).toBe('/data/workspaces/ws_abc123/sock/cs.sock');
    expect(l.pidFile.startsWith(`${l.run}/`)).toBe(true);
  });

  it('refuses ids that are not ws_ and lowercase alphanumerics (they become paths and user names)', () => {
    for (const id of ['../x', 'ws_', 'ws_ABC1', 'ws_a/b', `ws_${'a'.repeat(28)}`, 'usr_abcd'])
      expect(() => workspaceLayout('/data', id), id).toThrow(/invalid workspace id/);
  });

  it('derives a Linux user name of at most 32 characters, and back', () => {
    const id = `ws_${'a1'.repeat(13)}b`;
    expect(workspaceUserName(id)).toBe(`yac-${id.slice(3)}`);
    expect(workspaceUserName(id).length).toBeLessThanOrEqual(32);
    expect(idOfUserName(workspaceUserName(id))).toBe(id);
    expect(idOfUserName('postgres')).toBeNull();
  });

  it('normalizes specs and rejects what the platform owns or what leaves the project', () => {
    expect(normalizeSpec({ id: 'ws_abcd', name: 'A' })).toEqual({
      id: 'ws_abcd',
      name: 'A',
      env: {},
      folder: '.',
      limits: DEFAULT_LIMITS,
    });
    const limits = { cpus: 1.5, memoryBytes: 2 ** 30, processes: 100, diskBytes: 2 ** 30 };
    expect(normalizeSpec({ id: 'ws_abcd', name: 'A', limits }).limits).toEqual(limits);
    expect(normalizeSpec({ id: 'ws_abcd', name: 'A', folder: 'app/./src/' }).folder).toBe('app/src/');
    const bad: Partial<WorkspaceSpec>[] = [
      { env: { PATH: '/tmp' } },
      { env: { NODE_OPTIONS: '--require x' } },
      { env: { '1X': 'y' } },
      { env: { X: 'a\0b' } },
      { folder: '/etc' },
      { folder: 'a/../../b' },
      { limits: { cpus: 0, memoryBytes: 2 ** 30, processes: 100, diskBytes: 2 ** 30 } },
      { limits: { cpus: 1, memoryBytes: 1024, processes: 100, diskBytes: 2 ** 30 } },
      { limits: { cpus: 1, memoryBytes: 2 ** 30, processes: Number.NaN, diskBytes: 2 ** 30 } },
    ];
    for (const over of bad)
      expect(() => normalizeSpec({ id: 'ws_abcd', name: 'A', ...over }), JSON.stringify(over)).toThrow();
  });
});
