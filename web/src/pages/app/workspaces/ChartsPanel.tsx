import { useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { LineChart } from '../../../components/LineChart.tsx';
import { Loadable } from '../../../components/lists.tsx';
import { Button, Card, EmptyState } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { formatBytes, type MetricsRange } from '../../../lib/chart.ts';
import { useLoad } from '../../../lib/hooks.ts';

const RANGES: MetricsRange[] = ['1h', '24h', '30d'];

function Latest({ label, value, testId }: { label: string; value: string; testId: string }) {
  return (
    <div>
      <dt className="text-xs font-medium uppercase tracking-wide text-slate-500">{label}</dt>
      <dd className="mt-1 text-lg font-semibold text-slate-900" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** CPU, memory and disk of a workspace over the last hour, day or month. */
export function ChartsPanel({ id }: { id: string }) {
  const { t, locale } = useI18n();
  const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
  const [range, setRange] = useState<MetricsRange>('1h');
  const metrics = useLoad(
    async () => ({ at: Date.now(), m: await api.workspaceMetrics(id, range) }),
    [id, range],
  );
  const d = metrics.data;
  const points = d?.m.points ?? [];
  const samples = (pick: (p: (typeof points)[number]) => number) =>
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
                  <Latest label={t('charts.cpu')} value={pct(latest.cpuPercent)} testId="latest-cpu" />
                  <Latest
                    label={t('charts.memory')}
                    value={formatBytes(latest.memoryBytes, tag)}
                    testId="latest-memory"
                  />
                  <Latest
                    label={t('charts.disk')}
                    value={formatBytes(latest.diskBytes, tag)}
                    testId="latest-disk"
                  />
                  <Latest
                    label={t('charts.processes')}
                    value={String(latest.processes)}
                    testId="latest-processes"
                  />
                </dl>
              </Card>
            )}
            <Card>
              <div className="space-y-8">
                <LineChart
                  title={t('charts.cpuTitle')}
                  kind="percent"
                  range={d.m.range}
                  end={d.at}
                  samples={samples((p) => p.cpuPercent)}
                  testId="chart-cpu"
                />
                <LineChart
                  title={t('charts.memoryTitle')}
                  kind="bytes"
                  range={d.m.range}
                  end={d.at}
                  samples={samples((p) => p.memoryBytes)}
                  testId="chart-memory"
                />
                <LineChart
                  title={t('charts.diskTitle')}
                  kind="bytes"
                  range={d.m.range}
                  end={d.at}
                  samples={samples((p) => p.diskBytes)}
                  testId="chart-disk"
                />
              </div>
            </Card>
          </div>
        )}
      </Loadable>
    </div>
  );
}
