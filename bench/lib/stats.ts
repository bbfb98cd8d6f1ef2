// Small helpers every bench prints with: the median of finite samples, seconds, a pause.

/** The median of the finite values (NaN when there are none). */
export function median(xs: number[]): number {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  if (!s.length) return Number.NaN;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** Milliseconds as seconds with two decimals ('-' for a missing value). */
export const sec = (n: number) => (Number.isFinite(n) ? `${(n / 1000).toFixed(2)} s` : '-');

export const sleep = (t: number) => new Promise((r) => setTimeout(r, t));
