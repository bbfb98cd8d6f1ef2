import { useState } from 'react';
import { adminApi, type ReconciliationRun } from '../../../api/admin.ts';
import { ActionForm } from '../../../components/forms.tsx';
import { Badge, Button, Card, Field, Notice } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useForm } from '../../../lib/hooks.ts';

const RUN_TONE = { running: 'indigo', succeeded: 'green', failed: 'red' } as const;

/** The Istanbul calendar day `n` days from now, YYYY-MM-DD (Istanbul is UTC+3 all year). */
const istanbulDay = (n: number) =>
  new Date(Date.now() + 3 * 3600_000 + n * 86_400_000).toISOString().slice(0, 10);

/** Reconcile a range of past days now. */
export function RunForm({ onRun }: { onRun: (run: ReconciliationRun) => void }) {
  const { t } = useI18n();
  const form = useForm({ from: istanbulDay(-4), to: istanbulDay(-1) });
  const [done, setDone] = useState<ReconciliationRun | null>(null);
  const submit = async () => {
    setDone(null);
    const run = await form.run(() => adminApi.reconcile(form.values.from, form.values.to));
    if (run) {
      setDone(run);
      onRun(run);
    }
  };
  return (
    <Card title={t('admin.recon.run.title')} description={t('admin.recon.run.subtitle')} className="mb-6">
      <ActionForm
        action={form}
        onSubmit={submit}
        testId="recon-run-form"
        className="space-y-4"
        notice={
          done && (
            <Notice>
              <span data-testid="recon-run-notice">
                {t('admin.recon.run.done', {
                  from: done.fromDay,
                  to: done.toDay,
                  found: done.found,
                  opened: done.opened,
                  cleared: done.cleared,
                })}
              </span>
            </Notice>
          )
        }
      >
        <div className="flex flex-wrap items-end gap-4">
          <Field label={t('admin.recon.run.from')} type="date" className="w-44" {...form.field('from')} />
          <Field label={t('admin.recon.run.to')} type="date" className="w-44" {...form.field('to')} />
          <Button type="submit" busy={form.busy} className="mb-px">
            {t('admin.recon.run.submit')}
          </Button>
        </div>
      </ActionForm>
    </Card>
  );
}

/** The latest runs, failed ones with PayTR's error. */
export function Runs({ runs }: { runs: ReconciliationRun[] }) {
  const { t, fmtDate } = useI18n();
  return (
    <section className="mt-6" aria-labelledby="recon-runs">
      <h3 id="recon-runs" className="text-sm font-semibold text-slate-900">
        {t('admin.recon.runs')}
      </h3>
      {runs.length === 0 ? (
        <p className="mt-2 text-sm text-slate-500">{t('admin.recon.runs.none')}</p>
      ) : (
        <ul className="mt-2 divide-y divide-slate-100 text-sm" data-testid="recon-runs">
          {runs.map((r) => (
            <li
              key={r.id}
              className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2"
              data-status={r.status}
            >
              <time className="text-slate-600" dateTime={r.startedAt}>
                {fmtDate(r.startedAt)}
              </time>
              <span className="text-slate-900">
                {t('admin.recon.runs.range', { from: r.fromDay, to: r.toDay })}
              </span>
              <span className="text-xs text-slate-500">{t(`admin.recon.runs.trigger.${r.trigger}`)}</span>
              <Badge tone={RUN_TONE[r.status]}>{t(`admin.recon.runs.status.${r.status}`)}</Badge>
              {r.status === 'succeeded' && (
                <span className="text-slate-700">
                  {t('admin.recon.runs.counts', { found: r.found, opened: r.opened, cleared: r.cleared })}
                </span>
              )}
              {r.error && (
                <span lang="en" className="basis-full break-words font-mono text-xs text-red-700">
                  {r.error}
                </span>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
