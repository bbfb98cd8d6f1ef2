import type { TemplateDto, TemplateIde, TemplateStep } from '@youarecoder/contract';
import {
  IDE_OPEN_FILE_MAX_LENGTH,
  ideOpenFileProblem,
  normalizeIdeOpenFile,
  STEP_TYPES,
  type StepType,
  TEMPLATE_MAX_STEPS,
} from '@youarecoder/contract/workspace-rules';
import { type ReactNode, useMemo, useReducer, useState } from 'react';
import { Link, useLocation, useParams, useSearch } from 'wouter';
import { api } from '../../../api/endpoints.ts';
import { Checkbox } from '../../../components/forms.tsx';
import { Loadable } from '../../../components/lists.tsx';
import {
  Badge,
  Button,
  Card,
  EmptyState,
  ErrorAlert,
  Field,
  Notice,
  PageHeader,
  SelectField,
  TextAreaField,
} from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { requiredErrors } from '../../../lib/formChecks.ts';
import { useForm, useLoad } from '../../../lib/hooks.ts';
import { useIsManager } from '../../../lib/session.tsx';
import {
  buildSteps,
  editorFromSteps,
  mapStepErrors,
  type StepDraft,
  stepEditorReducer,
} from '../../../lib/stepEditor.ts';
import { useTemplateText } from '../workspaces/common.tsx';
import { StepCard } from './StepCard.tsx';
import { StepSummary } from './StepSummary.tsx';

/** What the editor starts from. */
interface Initial {
  name: string;
  description: string;
  steps: TemplateStep[];
  ide: TemplateIde;
}

const NO_IDE_CHOICES: TemplateIde = { welcome: false, chat: false, openFile: null };

/** A template page of the editor for owners and admins (anyone else is told it is not for them), under a way back. */
function EditorPage({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const allowed = useIsManager();
  if (!allowed) return <Notice kind="warning">{t('templates.forbidden')}</Notice>;
  return (
    <>
      <div className="mb-4">
        <Link href="/app/templates" className="text-sm font-medium text-indigo-700 hover:underline">
          ← {t('templates.back')}
        </Link>
      </div>
      {children}
    </>
  );
}

/** Create (`id` null) or edit a company template: name, description and the steps. */
function TemplateForm({ id, initial }: { id: string | null; initial: Initial }) {
  const { t } = useI18n();
  const [, navigate] = useLocation();
  const form = useForm({
    name: initial.name,
    description: initial.description,
    openFile: initial.ide.openFile ?? '',
  });
  const [welcome, setWelcome] = useState(initial.ide.welcome);
  const [chat, setChat] = useState(initial.ide.chat);
  const [editor, dispatch] = useReducer(stepEditorReducer, initial.steps, editorFromSteps);
  const [sent, setSent] = useState<StepDraft[]>([]);
  const [addType, setAddType] = useState<StepType>('shell');
  const assets = useLoad(() => api.templateAssets(), []);
  const errors = useMemo(() => mapStepErrors(form.fields, sent), [form.fields, sent]);
  const full = editor.steps.length >= TEMPLATE_MAX_STEPS;

  const submit = async () => {
    const name = form.values.name.trim();
    const { steps, problems } = buildSteps(t, editor.steps);
    setSent(editor.steps);
    const openFile = form.values.openFile.trim();
    const fileProblem = openFile.length > IDE_OPEN_FILE_MAX_LENGTH ? 'long' : ideOpenFileProblem(openFile);
    const fileErrors: Record<string, string> = fileProblem
      ? { 'ide.openFile': t(`templates.ideOpenFile.${fileProblem}`, { n: IDE_OPEN_FILE_MAX_LENGTH }) }
      : {};
    if (form.reject({ ...requiredErrors(t, 'name', name), ...fileErrors, ...problems })) return;
    const body = {
      name,
      description: form.values.description.trim(),
      steps,
      ide: { welcome, chat, openFile: normalizeIdeOpenFile(openFile) },
    };
    const r = await form.run(() => (id ? api.updateTemplate(id, body) : api.createTemplate(body)));
    if (r) navigate('/app/templates', { state: { savedTemplate: r.name } });
  };

  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
      noValidate
      aria-busy={form.busy}
      data-testid="template-form"
      className="space-y-6"
    >
      <Card>
        <div className="space-y-4">
          <Field label={t('templates.name')} maxLength={80} required {...form.field('name')} />
          <TextAreaField
            label={t('templates.description')}
            rows={2}
            maxLength={500}
            value={form.values.description}
            disabled={form.busy}
            error={form.fields.description}
            onChange={(e) => form.set('description', e.target.value)}
          />
        </div>
      </Card>

      <Card title={t('templates.ide')} description={t('templates.ideBody')}>
        <div className="space-y-4" data-testid="template-ide">
          <Checkbox
            align="start"
            checked={welcome}
            disabled={form.busy}
            onChange={setWelcome}
            hint={t('templates.ideWelcomeHint')}
          >
            {t('templates.ideWelcome')}
          </Checkbox>
          <Checkbox
            align="start"
            checked={chat}
            disabled={form.busy}
            onChange={setChat}
            hint={t('templates.ideChatHint')}
          >
            {t('templates.ideChat')}
          </Checkbox>
          <Field
            label={t('templates.ideOpenFile')}
            hint={t('templates.ideOpenFileHint')}
            placeholder="README.md"
            maxLength={IDE_OPEN_FILE_MAX_LENGTH + 50}
            spellCheck={false}
            className="max-w-xl"
            {...form.field('openFile', 'ide.openFile')}
          />
        </div>
      </Card>

      <section aria-labelledby="steps-heading">
        <div className="mb-3 flex flex-wrap items-baseline justify-between gap-2">
          <h2 id="steps-heading" className="text-base font-semibold text-slate-900">
            {t('templates.steps')}
          </h2>
          <p className="text-xs text-slate-500">{t('templates.stepsBody')}</p>
        </div>
        {errors.form.steps && <p className="mb-3 text-sm text-red-600">{errors.form.steps}</p>}
        {editor.steps.length === 0 ? (
          <EmptyState title={t('templates.noSteps')}>{t('templates.noStepsBody')}</EmptyState>
        ) : (
          <ol className="space-y-4" aria-label={t('templates.steps')}>
            {editor.steps.map((step, i) => (
              <StepCard
                key={step.key}
                step={step}
                index={i}
                count={editor.steps.length}
                dispatch={dispatch}
                errors={errors.steps[step.key] ?? {}}
                disabled={form.busy}
                assets={assets.data?.items ?? []}
                onAssetUploaded={(a) => assets.setData((d) => ({ items: [a, ...(d?.items ?? [])] }))}
              />
            ))}
          </ol>
        )}
        <div className="mt-4 flex flex-wrap items-end gap-2 rounded-lg border-2 border-dashed border-slate-200 p-4">
          <SelectField
            label={t('templates.stepType')}
            value={addType}
            onChange={(e) => setAddType(e.target.value as StepType)}
            disabled={form.busy || full}
          >
            {STEP_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`stepType.${type}`)}
              </option>
            ))}
          </SelectField>
          <Button
            variant="secondary"
            disabled={form.busy || full}
            onClick={() => dispatch({ type: 'add', stepType: addType })}
          >
            {t('templates.addStep')}
          </Button>
          {full && (
            <p className="w-full text-xs text-slate-500">
              {t('templates.maxSteps', { n: TEMPLATE_MAX_STEPS })}
            </p>
          )}
        </div>
      </section>

      <div className="space-y-3">
        <ErrorAlert error={form.error} />
        <div className="flex flex-wrap gap-2">
          <Button type="submit" busy={form.busy}>
            {id ? t('common.save') : t('templates.create')}
          </Button>
          <Link
            href="/app/templates"
            className="rounded-md px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100"
          >
            {t('common.cancel')}
          </Link>
        </div>
      </div>
    </form>
  );
}

/** An official template, read-only, with a way to start a company template from it. */
function TemplateView({ template }: { template: TemplateDto }) {
  const { t } = useI18n();
  const texts = useTemplateText();
  return (
    <>
      <PageHeader
        title={
          <span className="flex flex-wrap items-center gap-2">
            {texts.name(template.id, template.name)}
            {template.official && <Badge tone="indigo">{t('templates.official')}</Badge>}
          </span>
        }
        description={template.description ? texts.description(template.id, template.description) : undefined}
        actions={
          <Link
            href={`/app/templates/new?from=${encodeURIComponent(template.id)}`}
            className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            {t('templates.copy')}
          </Link>
        }
      />
      <Card title={t('templates.steps')} description={t('templates.readOnly')}>
        {template.steps.length === 0 ? (
          <EmptyState title={t('templates.noSteps')} />
        ) : (
          <ol className="divide-y divide-slate-100" aria-label={t('templates.steps')}>
            {template.steps.map((s, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: a read-only list in stored order; items never move
              <StepSummary key={`${i}-${s.type}`} step={s} index={i} templateId={template.id} />
            ))}
          </ol>
        )}
      </Card>
    </>
  );
}

/** /app/templates/new (optionally `?from=<id>` to start from a copy). */
export function NewTemplate() {
  const { t } = useI18n();
  const from = new URLSearchParams(useSearch()).get('from');
  const source = useLoad(() => (from ? api.template(from) : Promise.resolve(null)), [from]);
  const s = source.data;
  return (
    <EditorPage>
      <PageHeader title={t('templates.newTitle')} description={t('templates.editorBody')} />
      <Loadable loading={Boolean(from) && source.loading && !s} error={source.error}>
        <TemplateForm
          key={s?.id ?? 'blank'}
          id={null}
          initial={
            s
              ? {
                  name: t('templates.copyName', { name: s.name }).slice(0, 80),
                  description: s.description,
                  steps: s.steps,
                  ide: s.ide,
                }
              : { name: '', description: '', steps: [], ide: NO_IDE_CHOICES }
          }
        />
      </Loadable>
    </EditorPage>
  );
}

/** /app/templates/:id — a company template to edit, or an official one to read. */
export function TemplateDetail() {
  const { t } = useI18n();
  const { id = '' } = useParams<{ id: string }>();
  const tpl = useLoad(() => api.template(id), [id]);
  const d = tpl.data;
  return (
    <EditorPage>
      <Loadable loading={tpl.loading && !d} error={tpl.error}>
        {d &&
          (d.official ? (
            <TemplateView template={d} />
          ) : (
            <>
              <PageHeader
                title={t('templates.editTitle', { name: d.name })}
                description={t('templates.editorBody')}
              />
              {d.inUse > 0 && (
                <Notice kind="info" className="mb-6">
                  {t('templates.editInUse', { n: d.inUse })}
                </Notice>
              )}
              <TemplateForm
                key={d.id}
                id={d.id}
                initial={{ name: d.name, description: d.description, steps: d.steps, ide: d.ide }}
              />
            </>
          ))}
      </Loadable>
    </EditorPage>
  );
}
