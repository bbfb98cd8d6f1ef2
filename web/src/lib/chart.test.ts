import { describe, expect, it } from 'vitest';
import {
  byteScale,
  byteUnit,
  formatBytes,
  gapThreshold,
  linear,
  linePath,
  niceScale,
  timeTicks,
} from './chart.ts';

const GB = 1024 ** 3;
const MB = 1024 ** 2;

describe('niceScale', () => {
  it('covers the largest value in round steps from 0', () => {
    expect(niceScale(37)).toEqual({ max: 40, step: 10, ticks: [0, 10, 20, 30, 40] });
    expect(niceScale(100)).toEqual({ max: 100, step: 25, ticks: [0, 25, 50, 75, 100] });
    expect(niceScale(7.3).ticks).toEqual([0, 2, 4, 6, 8]);
    expect(niceScale(0.42).ticks).toEqual([0, 0.2, 0.4, 0.6]);
  });

  it('never ends below the value, and survives nothing to show', () => {
    for (const v of [1, 3, 9.99, 12, 55, 101, 999, 1234]) {
      const s = niceScale(v);
      expect(s.max, String(v)).toBeGreaterThanOrEqual(v);
      expect(s.ticks.length, String(v)).toBeLessThanOrEqual(6);
    }
    expect(niceScale(0)).toEqual({ max: 1, step: 0.25, ticks: [0, 0.25, 0.5, 0.75, 1] });
    expect(niceScale(Number.NaN).max).toBe(1);
  });
});

describe('bytes', () => {
  it('picks the largest unit in which the value is at least 1', () => {
    expect(byteUnit(512)).toEqual({ unit: 'B', divisor: 1 });
    expect(byteUnit(1536)).toEqual({ unit: 'KB', divisor: 1024 });
    expect(byteUnit(3 * GB)).toEqual({ unit: 'GB', divisor: GB });
  });

  it('formats with a decimal below 10 in the locale', () => {
    expect(formatBytes(1.5 * GB, 'en-GB')).toBe('1.5 GB');
    expect(formatBytes(1.5 * GB, 'tr-TR')).toBe('1,5 GB');
    expect(formatBytes(512 * MB, 'en-GB')).toBe('512 MB');
    expect(formatBytes(0, 'en-GB')).toBe('0 B');
  });

  it('scales an axis in round steps of the unit', () => {
    const s = byteScale(700 * MB);
    expect(s.unit).toBe('MB');
    expect(s.ticks.map((v) => v / MB)).toEqual([0, 200, 400, 600, 800]);
    expect(byteScale(9.2 * GB).ticks.map((v) => v / GB)).toEqual([0, 2.5, 5, 7.5, 10]);
  });
});

describe('plotting', () => {
  it('maps a domain to a range, flipping for the y axis', () => {
    const y = linear([0, 100], [188, 12]);
    expect(y(0)).toBe(188);
    expect(y(100)).toBe(12);
    expect(y(50)).toBe(100);
    expect(linear([5, 5], [0, 10])(5)).toBe(5);
  });

  it('breaks the line where samples are missing', () => {
    const times = [0, 60, 120, 180, 900, 960];
    expect(gapThreshold(times)).toBe(180);
    const pts = times.map((t, i) => ({ t, x: i * 10, y: 5.04 }));
    expect(linePath(pts, gapThreshold(times))).toBe('M0 5 L10 5 L20 5 L30 5 M40 5 L50 5');
    expect(linePath(pts)).toBe('M0 5 L10 5 L20 5 L30 5 L40 5 L50 5');
    expect(linePath([])).toBe('');
    expect(gapThreshold([0, 10])).toBe(Number.POSITIVE_INFINITY);
  });

  it('spaces time labels evenly, both ends included', () => {
    expect(timeTicks(0, 3_600_000, 5)).toEqual([0, 900_000, 1_800_000, 2_700_000, 3_600_000]);
    expect(timeTicks(10, 10, 4)).toEqual([10]);
  });
});
