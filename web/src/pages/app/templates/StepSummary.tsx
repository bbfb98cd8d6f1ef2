import type { TemplateStep } from '@youarecoder/contract';
import { useI18n } from '../../../i18n/index.tsx';
import { BUNDLED_VSIX } from '../../../lib/stepEditor.ts';
import { useTemplateText } from '../workspaces/common.tsx';

const PRE = 'mt-1 max-h-64 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs text-slate-100';

/** A stored step, read-only: what it does in detail. */
export function StepSummary({
  step,
  index,
  templateId,
}: {
  step: TemplateStep;
  index: number;
  templateId?: string;
}) {
  const { t } = useI18n();
  const typeLabel = t(`stepType.${step.type}`);
  const name = useTemplateText().step(templateId, index, step.name ?? '');
  return (
    <li className="py-4" data-testid="template-step" data-type={step.type}>
      <h3 className="text-sm font-semibold text-slate-900">
        {index + 1}. {name || typeLabel}
        {name && <span className="font-normal text-slate-500"> — {typeLabel}</span>}
      </h3>
      <p className="mt-0.5 text-xs text-slate-500">
        {t('templates.stepMeta', { timeout: step.timeoutSeconds, retries: step.retries })} ·{' '}
        {step.fatal ? t('templates.fatalShort') : t('templates.notFatalShort')}
      </p>
      <div className="mt-2 text-sm text-slate-700">
        {step.type === 'files' && (
          <ul className="space-y-2">
            {step.files.map((f) => (
              <li key={f.path}>
                <code className="text-xs font-semibold">{f.path}</code>
                {f.executable && (
                  <span className="ml-2 text-xs text-slate-500">{t('templates.fileExecutable')}</span>
                )}
                <pre className={PRE}>{f.content}</pre>
              </li>
            ))}
          </ul>
        )}
        {step.type === 'env' && (
          <dl className="grid grid-cols-[auto_minmax(0,1fr)] gap-x-3 gap-y-1 font-mono text-xs">
            {Object.entries(step.variables).map(([k, v]) => (
              <div key={k} className="contents">
                <dt className="font-semibold">{k}</dt>
                <dd className="break-all">{v}</dd>
              </div>
            ))}
          </dl>
        )}
        {step.type === 'git_clone' && (
          <p className="break-all">
            <code className="text-xs">{step.url}</code>
            {step.branch && ` · ${t('templates.gitBranch')}: ${step.branch}`}
            {step.directory && ` · ${t('templates.gitDirectory')}: ${step.directory}`}
          </p>
        )}
        {step.type === 'extensions' && (
          <ul className="list-inside list-disc text-xs">
            {step.vsix.map((id) => (
              <li key={id} className="break-all">
                {id === BUNDLED_VSIX ? t('templates.bundledWelcome') : id}
              </li>
            ))}
          </ul>
        )}
        {step.type === 'settings' && <pre className={PRE}>{JSON.stringify(step.settings, null, 2)}</pre>}
        {step.type === 'shell' && <pre className={PRE}>{step.script}</pre>}
        {step.type === 'system_packages' && <pre className={PRE}>{step.packages.join(' ')}</pre>}
      </div>
    </li>
  );
}
