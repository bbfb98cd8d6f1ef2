import { describe, expect, it } from 'vitest';
import { usageOf } from './workspaces.billing.ts';

const t = (workspaceId: string, fromStatus: string | null, toStatus: string, at: string) => ({
  workspaceId,
  workspaceName: workspaceId === 'ws_a' ? 'api' : 'web',
  fromStatus,
  toStatus,
  reason: null,
  at: new Date(at),
});

describe('workspace usage for the chargeback evidence', () => {
  it('adds up running time inside the window, counting one already running at its start', () => {
    const from = new Date('2026-12-01T00:00:00Z');
    const to = new Date('2026-12-02T00:00:00Z');
    const u = usageOf(
      {
        before: [t('ws_a', 'starting', 'running', '2026-11-30T20:00:00Z')],
        inside: [
          t('ws_a', 'running', 'stopping', '2026-12-01T02:00:00Z'),
          t('ws_a', 'stopping', 'stopped', '2026-12-01T02:00:05Z'),
          t('ws_b', 'stopped', 'starting', '2026-12-01T10:00:00Z'),
          t('ws_b', 'starting', 'running', '2026-12-01T10:00:02Z'),
          t('ws_a', 'starting', 'running', '2026-12-01T22:00:00Z'),
        ],
      },
      from,
      to,
    );
    expect(u.workspaces).toEqual([
      // 00:00–02:00 and 22:00–24:00.
      { id: 'ws_a', name: 'api', runningSeconds: 4 * 3600, starts: 1 },
      // Running from 10:00:02 to the window's end.
      { id: 'ws_b', name: 'web', runningSeconds: 14 * 3600 - 2, starts: 1 },
    ]);
    expect(u.transitions).toHaveLength(5);
    expect(u.transitions[0]).toMatchObject({ workspaceName: 'api', from: 'running', to: 'stopping' });
  });
});
