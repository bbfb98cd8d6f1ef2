import { api } from '../../../api/endpoints.ts';
import { Loadable } from '../../../components/lists.tsx';
import { Button, Card, EmptyState } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useLoad } from '../../../lib/hooks.ts';
import { transitionReason } from '../../../lib/transitionReason.ts';
import { formatElapsed, stepElapsed } from '../../../lib/workspaces.ts';
import { StepStatusIcon, useStatusName, useStepLabel } from './common.tsx';

const PRE =
  'max-h-80 overflow-auto whitespace-pre-wrap break-words rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100';

/** Logs of a workspace: each step's output, the state changes, and the end of the IDE's log. */
export function LogsPanel({ id, templateId }: { id: string; templateId?: string }) {
  const { t, fmtDate, locale } = useI18n();
  const label = useStepLabel(templateId);
  const statusName = useStatusName();
  const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
  const logs = useLoad(() => api.workspaceLogs(id), [id]);
  const d = logs.data;

  return (
    <div className="space-y-6" data-testid="workspace-logs">
      <div className="flex justify-end">
        <Button variant="secondary" size="sm" busy={logs.loading && !!d} onClick={logs.reload}>
          {t('common.refresh')}
        </Button>
      </div>
      <Loadable loading={logs.loading && !d} error={logs.error}>
        {d && (
          <>
            <Card title={t('logs.steps')}>
              {d.steps.length === 0 ? (
                <EmptyState title={t('workspace.noSteps')} />
              ) : (
                <ol className="space-y-4">
                  {d.steps.map((s) => {
                    const ms = stepElapsed(s, Date.now());
                    return (
                      <li key={s.index} data-testid="log-step">
                        <div className="flex flex-wrap items-center gap-2">
                          <StepStatusIcon status={s.status} />
                          <h3 className="text-sm font-medium text-slate-900">
                            {s.index + 1}. {label(s)}
                          </h3>
                          <span className="text-xs text-slate-500">
                            {t(`stepStatus.${s.status}`)}
                            {ms !== null && ` · ${formatElapsed(t, ms, tag)}`}
                            {s.attempts > 1 && ` · ${t('workspace.attempts', { n: s.attempts })}`}
                          </span>
                        </div>
                        {s.error && (
                          <p className="mt-1 text-xs text-red-700" lang="en">
                            {s.error}
                          </p>
                        )}
                        {s.output ? (
                          <pre className={`mt-2 ${PRE}`}>{s.output}</pre>
                        ) : (
                          <p className="mt-1 text-xs text-slate-500">{t('logs.noOutput')}</p>
                        )}
                      </li>
                    );
                  })}
                </ol>
              )}
            </Card>
            <Card title={t('logs.transitions')}>
              {d.transitions.length === 0 ? (
                <EmptyState title={t('logs.noTransitions')} />
              ) : (
                <ol className="divide-y divide-slate-100" data-testid="log-transitions">
                  {d.transitions.map((tr) => (
                    <li
                      key={`${tr.at}-${tr.from}-${tr.to}`}
                      className="flex flex-wrap justify-between gap-x-4 gap-y-1 py-2 text-sm"
                    >
                      <span>
                        <span className="font-medium text-slate-900">
                          {tr.from ? `${statusName(tr.from)} → ${statusName(tr.to)}` : statusName(tr.to)}
                        </span>
                        {tr.reason && (
                          <span className="text-slate-600"> · {transitionReason(t, tr.reason)}</span>
                        )}
                      </span>
                      <time dateTime={tr.at} className="text-xs text-slate-500">
                        {fmtDate(tr.at)}
                      </time>
                    </li>
                  ))}
                </ol>
              )}
            </Card>
            <Card title={t('logs.ide')} description={t('logs.ideBody')}>
              {d.ide.length === 0 ? (
                <p className="text-sm text-slate-500">{t('logs.noIde')}</p>
              ) : (
                <pre className={PRE} data-testid="log-ide">
                  {d.ide.join('\n')}
                </pre>
              )}
            </Card>
          </>
        )}
      </Loadable>
    </div>
  );
}
