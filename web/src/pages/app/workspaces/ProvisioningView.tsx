import type { WorkspaceDto } from '@youarecoder/contract';
import { Card } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import type { LiveMode } from '../../../lib/live.ts';
import { formatElapsed, stepElapsed, stepProgress } from '../../../lib/workspaces.ts';
import { StepStatusIcon, useStepLabel } from './common.tsx';

/** The template's steps as they run: a progress bar (finished of all) and each step with icon, time and error. */
export function ProvisioningView({
  ws,
  now,
  live,
}: {
  ws: Pick<WorkspaceDto, 'status' | 'steps'> & { template?: { id: string } };
  now: number;
  live: LiveMode;
}) {
  const { t, locale } = useI18n();
  const label = useStepLabel(ws.template?.id);
  const tag = locale === 'tr' ? 'tr-TR' : 'en-GB';
  const { done, total, failed } = stepProgress(ws.steps);
  const active = ws.status === 'pending' || ws.status === 'provisioning';
  const pct = total > 0 ? Math.round((done / total) * 100) : active ? 0 : 100;

  return (
    <Card
      title={t('workspace.setupTitle')}
      description={
        active
          ? ws.status === 'pending'
            ? t('workspace.setupPending')
            : t('workspace.setupRunning')
          : t('workspace.setupDone')
      }
      actions={
        active && (
          <span className="text-xs text-slate-500" data-testid="live-mode">
            {live === 'live'
              ? t('workspace.live')
              : live === 'polling'
                ? t('workspace.polling')
                : t('workspace.connecting')}
          </span>
        )
      }
      data-testid="provisioning"
    >
      <div className="flex items-center gap-3">
        <div
          role="progressbar"
          aria-label={t('workspace.setupProgress')}
          aria-valuemin={0}
          aria-valuemax={total}
          aria-valuenow={done}
          aria-valuetext={t('workspace.stepsDone', { done, total })}
          className="h-2 flex-1 overflow-hidden rounded-full bg-slate-200"
        >
          <div
            className={`h-full transition-[width] duration-500 ${failed ? 'bg-red-500' : 'bg-indigo-600'}`}
            style={{ width: `${pct}%` }}
          />
        </div>
        <span className="shrink-0 text-sm tabular-nums text-slate-600" aria-hidden="true">
          {done}/{total}
        </span>
      </div>
      {total === 0 ? (
        <p className="mt-4 text-sm text-slate-500">{t('workspace.noSteps')}</p>
      ) : (
        <ol className="mt-4 divide-y divide-slate-100" aria-label={t('workspace.setupTitle')}>
          {ws.steps.map((step) => {
            const ms = stepElapsed(step, now);
            return (
              <li
                key={step.index}
                className="flex gap-3 py-2.5"
                data-testid="provisioning-step"
                data-status={step.status}
              >
                <StepStatusIcon status={step.status} />
                <div className="min-w-0 flex-1">
                  <div className="flex flex-wrap items-baseline justify-between gap-x-3">
                    <p className="text-sm font-medium text-slate-900">
                      {step.index + 1}. {label(step)}
                    </p>
                    <p className="text-xs tabular-nums text-slate-500">
                      {ms !== null && formatElapsed(t, ms, tag)}
                      {step.attempts > 1 && ` · ${t('workspace.attempts', { n: step.attempts })}`}
                    </p>
                  </div>
                  {step.error && (
                    <p className="mt-1 break-words text-xs text-red-700" lang="en">
                      {step.error}
                    </p>
                  )}
                </div>
              </li>
            );
          })}
        </ol>
      )}
    </Card>
  );
}
