import { describe, expect, it } from 'vitest';
import { FakeClock } from '../../platform/clock.ts';
import { createActivityThrottle } from './activity.ts';

describe('createActivityThrottle', () => {
  it('reports a key at most once per interval, each key on its own', () => {
    const clock = new FakeClock();
    const seen: string[] = [];
    const t = createActivityThrottle({ clock, intervalMs: 30_000, onActivity: (k) => void seen.push(k) });
    t.touch('a');
    t.touch('a');
    clock.advance(10_000);
    t.touch('b');
    clock.advance(19_999);
    t.touch('a');
    expect(seen).toEqual(['a', 'b']);
    clock.advance(1);
    t.touch('a');
    t.touch('b');
    expect(seen).toEqual(['a', 'b', 'a']);
    t.forget('b');
    t.touch('b');
    expect(seen).toEqual(['a', 'b', 'a', 'b']);
  });

  it('keeps a failing sink away from the caller', async () => {
    const errors: unknown[] = [];
    const t = createActivityThrottle({
      clock: new FakeClock(),
      intervalMs: 1,
      onActivity: (k) => {
        if (k === 'sync') throw new Error('sync');
        return Promise.reject(new Error('async'));
      },
      onError: (e) => errors.push(e),
    });
    expect(() => t.touch('sync')).not.toThrow();
    t.touch('async');
    await new Promise((r) => setImmediate(r));
    expect(errors.map((e) => (e as Error).message)).toEqual(['sync', 'async']);
  });

  it('sweeps out keys older than the interval once many are remembered', () => {
    const clock = new FakeClock();
    const t = createActivityThrottle({ clock, intervalMs: 1_000, onActivity: () => {} });
    for (let i = 0; i < 999; i++) t.touch(`k${i}`);
    clock.advance(1_000);
    t.touch('fresh');
    expect(t.size()).toBe(1);
  });
});
