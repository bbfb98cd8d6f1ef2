import type { WorkspaceMetricsDto } from '@youarecoder/contract';
import { useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { LineChart } from '../../../components/LineChart.tsx';
import { Loadable } from '../../../components/lists.tsx';
import { Button, Card, EmptyState, Stat } from '../../../components/ui.tsx';
import { type MessageKey, useI18n } from '../../../i18n/index.tsx';
import { formatBytes, type MetricsRange } from '../../../lib/chart.ts';
import { useLoad } from '../../../lib/hooks.ts';

const RANGES: MetricsRange[] = ['1h', '24h', '30d'];

type Point = WorkspaceMetricsDto['points'][number];

/** One charted measurement: its name (in test ids), title, unit and value of a point. */
interface Series {
  key: 'cpu' | 'throttled' | 'memory' | 'disk';
  title: MessageKey;
  kind: 'percent' | 'bytes';
  pick: (p: Point) => number;
}

const SERIES: Series[] = [
  { key: 'cpu', title: 'charts.cpuTitle', kind: 'percent', pick: (p) => p.cpuPercent },
  {
    key: 'throttled',
    title: 'charts.throttledTitle',
    kind: 'percent',
    pick: (p) => p.cpuThrottledPercent,
  },
  { key: 'memory', title: 'charts.memoryTitle', kind: 'bytes', pick: (p) => p.memoryBytes },
  { key: 'disk', title: 'charts.diskTitle', kind: 'bytes', pick: (p) => p.diskBytes },
];

/**
 * CPU, memory and disk of a workspace over the last hour, day or month; with `limited` (its limits are
 * enforced) also the share of time its CPU limit held it back.
 */
export function ChartsPanel({ id, limited = false }: { id: string; limited?: boolean }) {
  const { t, locale } = useI18n();
  const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
  const [range, setRange] = useState<MetricsRange>('1h');
  const metrics = useLoad(
    async () => ({ at: Date.now(), m: await api.workspaceMetrics(id, range) }),
    [id, range],
  );
  const d = metrics.data;
  const points = d?.m.points ?? [];
  const samples = (pick: (p: Point) => number) =>
    points.map((p) => ({ at: Date.parse(p.at), value: pick(p) })).filter((s) => !Number.isNaN(s.at));
  const latest = d?.m.latest ?? null;
  const pct = (v: number) => `${new Intl.NumberFormat(tag, { maximumFractionDigits: 1 }).format(v)} %`;

  return (
    <div className="space-y-6" data-testid="workspace-charts">
      <div className="flex flex-wrap items-center justify-between gap-3">
        {/* biome-ignore lint/a11y/useSemanticElements: a toolbar of toggle buttons, not a form group */}
        <div role="group" aria-label={t('charts.range')} className="inline-flex rounded-md shadow-xs">
          {RANGES.map((r, i) => (
            <button
              key={r}
              type="button"
              aria-pressed={range === r}
              onClick={() => setRange(r)}
              className={`px-3 py-1.5 text-sm font-medium ring-1 ring-inset ring-slate-300 ${
                i === 0 ? 'rounded-l-md' : i === RANGES.length - 1 ? '-ml-px rounded-r-md' : '-ml-px'
              } ${range === r ? 'bg-indigo-600 text-white ring-indigo-600' : 'bg-white text-slate-700 hover:bg-slate-50'}`}
            >
              {t(`charts.range.${r}`)}
            </button>
          ))}
        </div>
        <Button variant="secondary" size="sm" busy={metrics.loading && !!d} onClick={metrics.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <Loadable
        loading={metrics.loading && (!d || d.m.range !== range)}
        error={metrics.error}
        empty={
          d &&
          points.length === 0 && (
            <EmptyState title={t('charts.emptyTitle')}>{t('charts.emptyBody')}</EmptyState>
          )
        }
      >
        {d && (
          <div className="space-y-6">
            {latest && (
              <Card title={t('charts.now')}>
                <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
                  {[
                    { key: 'cpu', label: t('charts.cpu'), value: pct(latest.cpuPercent) },
                    { key: 'memory', label: t('charts.memory'), value: formatBytes(latest.memoryBytes, tag) },
                    { key: 'disk', label: t('charts.disk'), value: formatBytes(latest.diskBytes, tag) },
                    { key: 'processes', label: t('charts.processes'), value: String(latest.processes) },
                  ].map((s) => (
                    <Stat key={s.key} size="lg" label={s.label} value={s.value} testId={`latest-${s.key}`} />
                  ))}
                </dl>
              </Card>
            )}
            <Card>
              <div className="space-y-8">
                {SERIES.filter((s) => limited || s.key !== 'throttled').map((s) => (
                  <LineChart
                    key={s.key}
                    title={t(s.title)}
                    kind={s.kind}
                    range={d.m.range}
                    end={d.at}
                    samples={samples(s.pick)}
                    testId={`chart-${s.key}`}
                  />
                ))}
              </div>
            </Card>
          </div>
        )}
      </Loadable>
    </div>
  );
}
