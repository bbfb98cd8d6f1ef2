import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useI18n } from '../i18n/index.tsx';
import {
  byteScale,
  formatBytes,
  gapThreshold,
  linear,
  linePath,
  type MetricsRange,
  niceScale,
  RANGE_MS,
  timeTicks,
} from '../lib/chart.ts';

/** One value at one time. */
export interface Sample {
  at: number;
  value: number;
}

const HEIGHT = 200;
const MARGIN = { top: 12, right: 16, bottom: 28, left: 64 };

/** The width of an element, followed as it resizes (so labels keep their size on phones). */
function useWidth(initial = 640) {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(initial);
  useEffect(() => {
    const el = ref.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver(([entry]) => {
      const w = Math.round(entry?.contentRect.width ?? 0);
      if (w > 0) setWidth(w);
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return { ref, width };
}

/**
 * A line chart over a time range drawn as SVG: y axis from 0 with round steps (percent, or bytes
 * in the largest unit), x axis the chosen range ending now; the line breaks where samples are missing.
 */
export function LineChart({
  title,
  samples,
  kind,
  range,
  end,
  testId,
}: {
  title: string;
  samples: Sample[];
  kind: 'percent' | 'bytes';
  range: MetricsRange;
  /** The right end of the time axis (ms); the latest sample if later. */
  end: number;
  testId?: string;
}) {
  const { t, locale } = useI18n();
  const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
  const { ref, width } = useWidth();
  const titleId = useId();
  const descId = useId();

  const chart = useMemo(() => {
    const right = Math.max(end, ...samples.map((s) => s.at));
    const left = right - RANGE_MS[range];
    const visible = samples.filter((s) => s.at >= left).sort((a, b) => a.at - b.at);
    const peak = Math.max(0, ...visible.map((s) => s.value));
    const scale = kind === 'percent' ? niceScale(Math.max(peak, 5)) : byteScale(Math.max(peak, 1024 ** 2));
    const plotW = Math.max(10, width - MARGIN.left - MARGIN.right);
    const plotH = HEIGHT - MARGIN.top - MARGIN.bottom;
    const x = linear([left, right], [MARGIN.left, MARGIN.left + plotW]);
    const y = linear([0, scale.max], [MARGIN.top + plotH, MARGIN.top]);
    const pts = visible.map((s) => ({ t: s.at, x: x(s.at), y: y(s.value) }));
    const path = linePath(pts, gapThreshold(visible.map((s) => s.at)));
    const xTicks = timeTicks(left, right, width < 420 ? 3 : 5);
    return { left, right, visible, peak, scale, x, y, pts, path, xTicks, plotW, plotH };
  }, [samples, kind, range, end, width]);

  const fmtValue = (v: number) =>
    kind === 'percent'
      ? `${new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }).format(v)} %`
      : formatBytes(v, tag);
  const fmtTime = (ms: number) =>
    new Date(ms).toLocaleString(
      tag,
      range === '30d' ? { day: 'numeric', month: 'short' } : { hour: '2-digit', minute: '2-digit' },
    );
  const last = chart.visible[chart.visible.length - 1];
  const summary = last
    ? t('charts.summary', { latest: fmtValue(last.value), peak: fmtValue(chart.peak) })
    : t('charts.noData');

  return (
    <figure className="min-w-0" data-testid={testId}>
      <figcaption className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
        <span className="text-sm font-semibold text-slate-900">{title}</span>
        <span className="text-xs text-slate-500">{summary}</span>
      </figcaption>
      <div ref={ref} className="w-full">
        <svg
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          width={width}
          height={HEIGHT}
          viewBox={`0 0 ${width} ${HEIGHT}`}
          className="block max-w-full"
        >
          <title id={titleId}>{title}</title>
          <desc id={descId}>{summary}</desc>
          {chart.scale.ticks.map((v) => (
            <g key={v}>
              <line
                x1={MARGIN.left}
                x2={MARGIN.left + chart.plotW}
                y1={chart.y(v)}
                y2={chart.y(v)}
                className={v === 0 ? 'stroke-slate-300' : 'stroke-slate-100'}
              />
              <text
                x={MARGIN.left - 8}
                y={chart.y(v)}
                textAnchor="end"
                dominantBaseline="middle"
                className="fill-slate-500 text-[11px]"
              >
                {fmtValue(v)}
              </text>
            </g>
          ))}
          {chart.xTicks.map((ms, i) => (
            <text
              key={ms}
              x={chart.x(ms)}
              y={HEIGHT - 8}
              textAnchor={i === 0 ? 'start' : i === chart.xTicks.length - 1 ? 'end' : 'middle'}
              className="fill-slate-500 text-[11px]"
            >
              {fmtTime(ms)}
            </text>
          ))}
          {chart.path && (
            <path
              d={chart.path}
              fill="none"
              className="stroke-indigo-600"
              strokeWidth={2}
              strokeLinejoin="round"
            />
          )}
          {chart.pts.length === 1 && chart.pts[0] && (
            <circle cx={chart.pts[0].x} cy={chart.pts[0].y} r={3} className="fill-indigo-600" />
          )}
          {chart.pts.length > 1 && last && (
            <circle cx={chart.x(last.at)} cy={chart.y(last.value)} r={3} className="fill-indigo-600" />
          )}
        </svg>
      </div>
    </figure>
  );
}
