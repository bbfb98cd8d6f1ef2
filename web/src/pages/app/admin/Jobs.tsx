import { adminApi, type FailingJob } from '../../../api/admin.ts';
import { cellClass, DataTable } from '../../../components/table.tsx';
import { Badge, EmptyState } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useLoad } from '../../../lib/hooks.ts';
import { AdminCard } from './common.tsx';

const { td } = cellClass;

/** PostgreSQL's text of a timestamp ("2025-01-02 03:04:05.6+00") as ISO 8601, for <time>. */
function isoOf(pg: string): string | undefined {
  const at = Date.parse(pg);
  return Number.isNaN(at) ? undefined : new Date(at).toISOString();
}

/** A job's last error: its first line, the whole text folded under it. */
function LastError({ job }: { job: FailingJob }) {
  const { t } = useI18n();
  if (!job.lastError) return <span className="text-xs text-slate-400">{t('admin.jobs.noError')}</span>;
  const first = job.lastError.split('\n', 1)[0] ?? '';
  return (
    <details className="max-w-md text-xs">
      <summary className="cursor-pointer break-words text-red-700">{first}</summary>
      <pre className="mt-1 max-h-64 overflow-auto whitespace-pre-wrap break-words rounded bg-slate-50 p-2 text-slate-700">
        {job.lastError}
      </pre>
    </details>
  );
}

/** Background jobs failing repeatedly or for good. */
export function JobsPanel() {
  const { t, fmtDate } = useI18n();
  const list = useLoad(() => adminApi.jobs(), []);
  const items = list.data?.jobs ?? [];
  return (
    <AdminCard
      title={t('admin.jobs.title')}
      description={t('admin.jobs.subtitle')}
      testId="admin-jobs"
      loaded={list}
      empty={
        items.length === 0 && (
          <EmptyState title={t('admin.jobs.empty')}>{t('admin.jobs.emptyBody')}</EmptyState>
        )
      }
    >
      <DataTable
        label={t('admin.jobs.title')}
        head={[
          t('admin.jobs.task'),
          t('admin.jobs.attempts'),
          t('admin.jobs.lastError'),
          t('admin.jobs.runAt'),
          t('admin.jobs.state'),
        ]}
      >
        {items.map((j) => (
          <tr key={j.id} data-testid="admin-job-row" data-job={j.id} data-permanent={String(j.permanent)}>
            <td className={td}>
              <p className="whitespace-nowrap font-mono text-slate-900">{j.task}</p>
              <p className="font-mono text-xs text-slate-500">#{j.id}</p>
            </td>
            <td className={`${td} whitespace-nowrap tabular-nums`}>
              {t('admin.jobs.attemptsOf', { n: j.attempts, max: j.maxAttempts })}
            </td>
            <td className={`${td} min-w-56`}>
              <LastError job={j} />
            </td>
            <td className={`${td} whitespace-nowrap text-slate-600`}>
              <time dateTime={isoOf(j.runAt)}>{fmtDate(j.runAt)}</time>
            </td>
            <td className={td}>
              {j.permanent ? (
                <>
                  <Badge tone="red">{t('admin.jobs.permanent')}</Badge>
                  <p className="mt-1 min-w-40 text-xs text-slate-500">{t('admin.jobs.permanentHint')}</p>
                </>
              ) : (
                <Badge tone="amber">{t('admin.jobs.retrying')}</Badge>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
    </AdminCard>
  );
}
