// Arithmetic of the portal's small SVG line charts: nice axis steps, byte units, paths with gaps.

/** An axis from 0 to `max` in `step`s, with the tick values. */
export interface Scale {
  max: number;
  step: number;
  ticks: number[];
}

/** A 0-based axis covering `maxValue` with about `tickCount` round steps (1, 2, 2.5, 5 × 10ⁿ). */
export function niceScale(maxValue: number, tickCount = 4): Scale {
  const top = Number.isFinite(maxValue) && maxValue > 0 ? maxValue : 1;
  const rough = top / tickCount;
  const mag = 10 ** Math.floor(Math.log10(rough));
  const norm = rough / mag;
  const nice = norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 2.5 ? 2.5 : norm <= 5 ? 5 : 10;
  const step = nice * mag;
  const n = Math.max(1, Math.ceil(top / step - 1e-9));
  const ticks = Array.from({ length: n + 1 }, (_, i) => Number((i * step).toPrecision(12)));
  return { max: ticks[n] as number, step, ticks };
}

/** Byte units, 1024 apart (plans speak of "10 GB" for 10 × 1024³). */
export const BYTE_UNITS = ['B', 'KB', 'MB', 'GB', 'TB'] as const;

/** The largest unit in which `bytes` is at least 1. */
export function byteUnit(bytes: number): { unit: (typeof BYTE_UNITS)[number]; divisor: number } {
  let i = 0;
  while (i < BYTE_UNITS.length - 1 && Math.abs(bytes) >= 1024 ** (i + 1)) i++;
  return { unit: BYTE_UNITS[i] as (typeof BYTE_UNITS)[number], divisor: 1024 ** i };
}

/** "1.5 GB", "512 MB", "0 B" in the locale's number format. */
export function formatBytes(bytes: number, locale: string): string {
  const { unit, divisor } = byteUnit(bytes);
  const v = bytes / divisor;
  const digits = unit === 'B' ? 0 : v < 10 ? 1 : 0;
  return `${new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v)} ${unit}`;
}

/** An axis for byte values: round steps in the unit of the largest value. */
export function byteScale(maxBytes: number, tickCount = 4): Scale & { unit: string; divisor: number } {
  const { unit, divisor } = byteUnit(maxBytes);
  const s = niceScale(maxBytes / divisor, tickCount);
  return {
    unit,
    divisor,
    step: s.step * divisor,
    max: s.max * divisor,
    ticks: s.ticks.map((v) => v * divisor),
  };
}

/** A linear map from `domain` to `range` (the middle of the range when the domain is one point). */
export function linear([d0, d1]: [number, number], [r0, r1]: [number, number]): (v: number) => number {
  if (d1 === d0) return () => (r0 + r1) / 2;
  return (v) => r0 + ((v - d0) / (d1 - d0)) * (r1 - r0);
}

/** The gap between samples beyond which the line breaks: 3 × the median interval (∞ below 3 points). */
export function gapThreshold(times: number[]): number {
  if (times.length < 3) return Number.POSITIVE_INFINITY;
  const deltas = times
    .slice(1)
    .map((t, i) => t - (times[i] as number))
    .sort((a, b) => a - b);
  const median = deltas[Math.floor(deltas.length / 2)] as number;
  return median > 0 ? median * 3 : Number.POSITIVE_INFINITY;
}

/** One sample in chart coordinates, with its time for gap detection. */
export interface PlotPoint {
  t: number;
  x: number;
  y: number;
}

/**
 * SVG path data through the points, broken where samples are missing (a stopped workspace has
 * none): a new `M` wherever the time gap exceeds `maxGap`. Coordinates are rounded to 0.1.
 */
export function linePath(points: PlotPoint[], maxGap = Number.POSITIVE_INFINITY): string {
  const r = (n: number) => Math.round(n * 10) / 10;
  return points
    .map((p, i) => {
      const prev = points[i - 1];
      const move = !prev || p.t - prev.t > maxGap;
      return `${move ? 'M' : 'L'}${r(p.x)} ${r(p.y)}`;
    })
    .join(' ');
}

/** `count` evenly spaced times from `start` to `end`, both included. */
export function timeTicks(start: number, end: number, count = 4): number[] {
  if (count < 2 || end <= start) return [start];
  return Array.from({ length: count }, (_, i) => Math.round(start + ((end - start) * i) / (count - 1)));
}

/** Length of each metrics range in ms. */
export const RANGE_MS = { '1h': 3_600_000, '24h': 86_400_000, '30d': 30 * 86_400_000 } as const;
/** A metrics range. */
export type MetricsRange = keyof typeof RANGE_MS;
