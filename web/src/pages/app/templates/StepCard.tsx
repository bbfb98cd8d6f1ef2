import type { TemplateAssetDto } from '@youarecoder/contract';
import { STEP_MAX_RETRIES, STEP_TIMEOUT } from '@youarecoder/contract/workspace-rules';
import { type ComponentProps, type Dispatch, Fragment, type ReactNode } from 'react';
import { Checkbox } from '../../../components/forms.tsx';
import { Icon } from '../../../components/Icon.tsx';
import { Button, Field, inputClass, TextAreaField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import {
  BUNDLED_VSIX,
  type EditorAction,
  type FileDraft,
  type StepDraft,
  settingsProblem,
  type TextField,
  unplacedErrors,
  type VarDraft,
} from '../../../lib/stepEditor.ts';
import { UploadVsixButton } from './Assets.tsx';

interface StepProps {
  step: StepDraft;
  dispatch: Dispatch<EditorAction>;
  /** Field errors of this step, by path inside it (`url`, `files.0.path`, `variables.1`, `_`). */
  errors: Record<string, string>;
  disabled: boolean;
}

const rowError = (message: string | undefined) =>
  message ? <p className="mt-1 text-xs text-red-600">{message}</p> : null;

/** A small borderless button, named for screen readers by `label` (removing a row, moving a step). */
function GhostButton({ label, ...rest }: { label: string } & ComponentProps<typeof Button>) {
  return <Button size="sm" variant="ghost" aria-label={label} {...rest} />;
}

/** The rows a step has several of (files, variables), then the error of the whole list and a button to add one. */
function RowsEditor<T extends { key: string }>({
  rows,
  className,
  header,
  error,
  addLabel,
  onAdd,
  disabled,
  children,
}: {
  rows: T[];
  className: string;
  /** Above the rows (column headings). */
  header?: ReactNode;
  error: string | undefined;
  addLabel: string;
  onAdd: () => void;
  disabled: boolean;
  children: (row: T, index: number) => ReactNode;
}) {
  return (
    <div className={className}>
      {header}
      {rows.map((row, j) => (
        <Fragment key={row.key}>{children(row, j)}</Fragment>
      ))}
      {rowError(error)}
      <Button size="sm" variant="secondary" disabled={disabled} onClick={onAdd}>
        {addLabel}
      </Button>
    </div>
  );
}

function FilesFields({ step, dispatch, errors, disabled }: StepProps) {
  const { t } = useI18n();
  if (step.type !== 'files') return null;
  return (
    <RowsEditor
      rows={step.files}
      className="space-y-4"
      error={errors.files}
      addLabel={t('templates.addFile')}
      onAdd={() => dispatch({ type: 'addFile', key: step.key })}
      disabled={disabled}
    >
      {(f, j) => {
        const patch = (p: Partial<Omit<FileDraft, 'key'>>) =>
          dispatch({ type: 'setFile', key: step.key, fileKey: f.key, patch: p });
        return (
          <fieldset className="space-y-3 rounded-md bg-slate-50 p-3" data-testid="step-file">
            <legend className="sr-only">{t('templates.fileN', { n: j + 1 })}</legend>
            <Field
              label={t('templates.filePath')}
              hint={t('templates.filePathHint')}
              value={f.path}
              disabled={disabled}
              spellCheck={false}
              error={errors[`files.${j}.path`]}
              onChange={(e) => patch({ path: e.target.value })}
            />
            <TextAreaField
              label={t('templates.fileContent')}
              mono
              rows={6}
              value={f.content}
              disabled={disabled}
              error={errors[`files.${j}.content`]}
              onChange={(e) => patch({ content: e.target.value })}
            />
            <div className="flex flex-wrap items-center justify-between gap-2">
              <Checkbox checked={f.executable} disabled={disabled} onChange={(v) => patch({ executable: v })}>
                {t('templates.fileExecutable')}
              </Checkbox>
              <GhostButton
                label={t('templates.removeFileN', { n: j + 1 })}
                disabled={disabled}
                onClick={() => dispatch({ type: 'removeFile', key: step.key, fileKey: f.key })}
              >
                {t('templates.removeFile')}
              </GhostButton>
            </div>
            {rowError(errors[`files.${j}`])}
          </fieldset>
        );
      }}
    </RowsEditor>
  );
}

function EnvFields({ step, dispatch, errors, disabled }: StepProps) {
  const { t } = useI18n();
  if (step.type !== 'env') return null;
  return (
    <RowsEditor
      rows={step.variables}
      className="space-y-2"
      header={
        <div
          aria-hidden="true"
          className="hidden grid-cols-[minmax(0,1fr)_minmax(0,2fr)_auto] gap-2 text-xs font-medium text-slate-500 sm:grid"
        >
          <span>{t('templates.varName')}</span>
          <span>{t('templates.varValue')}</span>
          <span className="w-16" />
        </div>
      }
      error={errors.variables}
      addLabel={t('templates.addVar')}
      onAdd={() => dispatch({ type: 'addVar', key: step.key })}
      disabled={disabled}
    >
      {(v, j) => {
        const patch = (p: Partial<Omit<VarDraft, 'key'>>) =>
          dispatch({ type: 'setVar', key: step.key, varKey: v.key, patch: p });
        return (
          <div data-testid="step-variable">
            <div className="grid gap-2 sm:grid-cols-[minmax(0,1fr)_minmax(0,2fr)_auto]">
              <input
                value={v.name}
                disabled={disabled}
                spellCheck={false}
                placeholder="NODE_ENV"
                aria-label={t('templates.varNameN', { n: j + 1 })}
                aria-invalid={errors[`variables.${j}`] ? true : undefined}
                className={`${inputClass} font-mono`}
                onChange={(e) => patch({ name: e.target.value })}
              />
              <input
                value={v.value}
                disabled={disabled}
                spellCheck={false}
                aria-label={t('templates.varValueN', { n: j + 1 })}
                className={`${inputClass} font-mono`}
                onChange={(e) => patch({ value: e.target.value })}
              />
              <GhostButton
                label={t('templates.removeVarN', { n: j + 1 })}
                disabled={disabled}
                onClick={() => dispatch({ type: 'removeVar', key: step.key, varKey: v.key })}
              >
                {t('templates.removeVar')}
              </GhostButton>
            </div>
            {rowError(errors[`variables.${j}`])}
          </div>
        );
      }}
    </RowsEditor>
  );
}

function GitFields({ step, dispatch, errors, disabled }: StepProps) {
  const { t } = useI18n();
  if (step.type !== 'git_clone') return null;
  const text = (field: TextField) => ({
    disabled,
    spellCheck: false,
    error: errors[field],
    onChange: (e: { target: { value: string } }) =>
      dispatch({ type: 'setText', key: step.key, field, value: e.target.value }),
  });
  return (
    <div className="grid gap-4 sm:grid-cols-2">
      <Field
        className="sm:col-span-2"
        label={t('templates.gitUrl')}
        placeholder="https://github.com/acme/app.git"
        value={step.url}
        {...text('url')}
      />
      <Field
        label={t('templates.gitBranch')}
        hint={t('templates.gitBranchHint')}
        value={step.branch}
        {...text('branch')}
      />
      <Field
        label={t('templates.gitDirectory')}
        hint={t('templates.gitDirectoryHint')}
        value={step.directory}
        {...text('directory')}
      />
    </div>
  );
}

function ExtensionsFields({
  step,
  dispatch,
  errors,
  disabled,
  assets,
  onAssetUploaded,
}: StepProps & { assets: TemplateAssetDto[]; onAssetUploaded: (a: TemplateAssetDto) => void }) {
  const { t } = useI18n();
  if (step.type !== 'extensions') return null;
  const known = new Set([BUNDLED_VSIX, ...assets.map((a) => a.id)]);
  const unknown = step.vsix.filter((id) => !known.has(id));
  const options = [
    { id: BUNDLED_VSIX, label: t('templates.bundledWelcome'), detail: BUNDLED_VSIX },
    ...assets.map((a) => ({ id: a.id, label: a.fileName, detail: `${a.extensionId} ${a.version}` })),
    ...unknown.map((id) => ({ id, label: t('templates.unknownAsset'), detail: id })),
  ];
  return (
    <fieldset className="space-y-3">
      <legend className="text-sm font-medium text-slate-700">{t('templates.vsixPick')}</legend>
      <div className="space-y-2">
        {options.map((o) => (
          <Checkbox
            key={o.id}
            align="start"
            checked={step.vsix.includes(o.id)}
            disabled={disabled}
            onChange={(on) => dispatch({ type: 'setVsix', key: step.key, id: o.id, on })}
          >
            <span>
              <span className="block font-medium text-slate-900">{o.label}</span>
              <span className="block break-all text-xs text-slate-500">{o.detail}</span>
            </span>
          </Checkbox>
        ))}
      </div>
      {assets.length === 0 && <p className="text-xs text-slate-500">{t('templates.noAssets')}</p>}
      {rowError(errors.vsix)}
      <UploadVsixButton
        size="sm"
        onUploaded={(a) => {
          onAssetUploaded(a);
          dispatch({ type: 'setVsix', key: step.key, id: a.id, on: true });
        }}
      />
    </fieldset>
  );
}

function SettingsFields({ step, dispatch, errors, disabled }: StepProps) {
  const { t } = useI18n();
  if (step.type !== 'settings') return null;
  const live = step.settings.trim() ? settingsProblem(t, step.settings) : null;
  return (
    <TextAreaField
      label={t('templates.settingsJson')}
      hint={t('templates.settingsHint')}
      mono
      rows={8}
      value={step.settings}
      disabled={disabled}
      error={errors.settings ?? live ?? undefined}
      onChange={(e) => dispatch({ type: 'setText', key: step.key, field: 'settings', value: e.target.value })}
    />
  );
}

/** The one text area of a shell or system packages step. */
function TextStepField({
  step,
  dispatch,
  errors,
  disabled,
  field,
}: StepProps & { field: 'script' | 'packages' }) {
  const { t } = useI18n();
  if (step.type !== (field === 'script' ? 'shell' : 'system_packages')) return null;
  const value = step.type === 'shell' ? step.script : step.type === 'system_packages' ? step.packages : '';
  return (
    <TextAreaField
      label={t(field === 'script' ? 'templates.script' : 'templates.packages')}
      hint={t(field === 'script' ? 'templates.scriptHint' : 'templates.packagesHint')}
      mono
      rows={field === 'script' ? 8 : 3}
      value={value}
      disabled={disabled}
      placeholder={field === 'script' ? 'npm ci' : 'postgresql-client jq'}
      error={errors[field]}
      onChange={(e) => dispatch({ type: 'setText', key: step.key, field, value: e.target.value })}
    />
  );
}

/** One step in the template editor: its type's fields, the common ones, and move/remove buttons. */
export function StepCard({
  step,
  index,
  count,
  dispatch,
  errors,
  disabled,
  assets,
  onAssetUploaded,
}: StepProps & {
  index: number;
  count: number;
  assets: TemplateAssetDto[];
  onAssetUploaded: (a: TemplateAssetDto) => void;
}) {
  const { t } = useI18n();
  const n = index + 1;
  const typeLabel = t(`stepType.${step.type}`);
  const common = (field: 'name' | 'timeoutSeconds' | 'retries') => ({
    value: step[field],
    disabled,
    error: errors[field],
    onChange: (e: { target: { value: string } }) =>
      dispatch({ type: 'setText', key: step.key, field, value: e.target.value }),
  });
  const stepError = errors._ ?? errors.type;
  const unplaced = unplacedErrors(step, errors);

  return (
    <li
      className="rounded-lg bg-white shadow-xs ring-1 ring-slate-200"
      data-testid="template-step"
      data-type={step.type}
      aria-label={t('templates.stepN', { n, type: typeLabel })}
    >
      <div className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-100 px-4 py-3">
        <h3 className="text-sm font-semibold text-slate-900">
          {n}. {typeLabel}
          {step.name.trim() && <span className="font-normal text-slate-500"> — {step.name.trim()}</span>}
        </h3>
        <div className="flex gap-1">
          <GhostButton
            label={t('templates.moveUp', { n })}
            disabled={disabled || index === 0}
            onClick={() => dispatch({ type: 'move', key: step.key, by: -1 })}
          >
            <Icon d="M12 19V5M5 12l7-7 7 7" className="h-4 w-4" />
          </GhostButton>
          <GhostButton
            label={t('templates.moveDown', { n })}
            disabled={disabled || index === count - 1}
            onClick={() => dispatch({ type: 'move', key: step.key, by: 1 })}
          >
            <Icon d="M12 5v14M5 12l7 7 7-7" className="h-4 w-4" />
          </GhostButton>
          <GhostButton
            label={t('templates.removeStep', { n })}
            className="text-red-700"
            disabled={disabled}
            onClick={() => dispatch({ type: 'remove', key: step.key })}
          >
            <Icon d="M4 7h16M10 11v6M14 11v6M6 7l1 13h10l1-13M9 7V4h6v3" className="h-4 w-4" />
          </GhostButton>
        </div>
      </div>
      <div className="space-y-4 px-4 py-4">
        {stepError && <p className="text-sm text-red-600">{stepError}</p>}
        {unplaced.length > 0 && (
          <ul className="space-y-1 text-sm text-red-600">
            {unplaced.map(([path, message]) => (
              <li key={path}>
                <code className="text-xs">{path}</code>: {message}
              </li>
            ))}
          </ul>
        )}
        <FilesFields step={step} dispatch={dispatch} errors={errors} disabled={disabled} />
        <EnvFields step={step} dispatch={dispatch} errors={errors} disabled={disabled} />
        <GitFields step={step} dispatch={dispatch} errors={errors} disabled={disabled} />
        <ExtensionsFields
          step={step}
          dispatch={dispatch}
          errors={errors}
          disabled={disabled}
          assets={assets}
          onAssetUploaded={onAssetUploaded}
        />
        <SettingsFields step={step} dispatch={dispatch} errors={errors} disabled={disabled} />
        <TextStepField step={step} dispatch={dispatch} errors={errors} disabled={disabled} field="script" />
        <TextStepField step={step} dispatch={dispatch} errors={errors} disabled={disabled} field="packages" />
        <details
          className="rounded-md bg-slate-50 px-3 py-2"
          open={Boolean(errors.name || errors.timeoutSeconds || errors.retries) || undefined}
        >
          <summary className="cursor-pointer text-sm font-medium text-slate-700">
            {t('templates.stepOptions')}
          </summary>
          <div className="mt-3 grid gap-4 sm:grid-cols-3">
            <Field
              label={t('templates.stepName')}
              placeholder={typeLabel}
              maxLength={80}
              {...common('name')}
            />
            <Field
              label={t('templates.timeout')}
              type="number"
              inputMode="numeric"
              min={STEP_TIMEOUT.min}
              max={STEP_TIMEOUT.max}
              {...common('timeoutSeconds')}
            />
            <Field
              label={t('templates.retries')}
              type="number"
              inputMode="numeric"
              min={0}
              max={STEP_MAX_RETRIES}
              {...common('retries')}
            />
          </div>
          <div className="mt-3">
            <Checkbox
              align="start"
              checked={step.fatal}
              disabled={disabled}
              onChange={(v) => dispatch({ type: 'setFatal', key: step.key, value: v })}
              hint={t('templates.fatalHint')}
            >
              {t('templates.fatal')}
            </Checkbox>
          </div>
        </details>
      </div>
    </li>
  );
}
