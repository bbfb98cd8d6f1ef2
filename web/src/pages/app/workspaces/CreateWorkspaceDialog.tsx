import type { TemplateDto, WorkspaceListDto } from '@youarecoder/contract';
import { workspaceNameProblem } from '@youarecoder/contract/workspace-rules';
import { useEffect, useRef } from 'react';
import { api, type WorkspaceAccepted } from '../../../api/endpoints.ts';
import { SubscriptionInactiveHint } from '../../../components/BillingBanner.tsx';
import { Dialog } from '../../../components/Dialog.tsx';
import { AddressPreview } from '../../../components/forms.tsx';
import { Loadable } from '../../../components/lists.tsx';
import { Badge, EmptyState, ErrorAlert, Field, Notice, SelectField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useForm, useLoad } from '../../../lib/hooks.ts';
import { useMe } from '../../../lib/session.tsx';
import {
  formatMinutes,
  idleTimeoutChoices,
  previewWorkspaceUrl,
  quotaBlock,
} from '../../../lib/workspaces.ts';
import { planDefaultIdle, QuotaLine, QuotaUsedUp, useTemplateText } from './common.tsx';

/** Official templates first, then the company's, each by name. */
function sortTemplates(items: TemplateDto[]): TemplateDto[] {
  return [...items].sort((a, b) => Number(b.official) - Number(a.official) || a.name.localeCompare(b.name));
}

/** New workspace: name (checked as typed, with its address), template, idle timeout; the quota first. */
export function CreateWorkspaceDialog({
  open,
  quota,
  sampleUrl,
  onClose,
  onCreated,
}: {
  open: boolean;
  quota: WorkspaceListDto['quota'];
  /** The address of an existing workspace, to preview the new one's like it. */
  sampleUrl: string | undefined;
  onClose: () => void;
  onCreated: (r: WorkspaceAccepted) => void;
}) {
  const { t } = useI18n();
  const texts = useTemplateText();
  const me = useMe();
  const defaultIdle = planDefaultIdle(quota.plan);
  const form = useForm({ name: '', templateId: '', idleTimeoutMinutes: String(defaultIdle) });
  const templates = useLoad(() => (open ? api.templates() : Promise.resolve(null)), [open]);
  const items = sortTemplates(templates.data?.items ?? []);
  const blocked = quotaBlock(quota);

  // A fresh form each time the dialog opens.
  const latest = useRef({ form, defaultIdle });
  latest.current = { form, defaultIdle };
  useEffect(() => {
    if (!open) return;
    const { form: f, defaultIdle: idle } = latest.current;
    f.reset();
    f.clear();
    f.set('idleTimeoutMinutes', String(idle));
  }, [open]);

  // Preselect the first template once they are in.
  const firstId = items[0]?.id ?? '';
  const { set } = form;
  const chosen = form.values.templateId;
  useEffect(() => {
    if (open && !chosen && firstId) set('templateId', firstId);
  }, [open, chosen, firstId, set]);

  const name = form.values.name;
  const problem = name ? workspaceNameProblem(name) : null;
  const url = previewWorkspaceUrl(name, me.company.subdomain, sampleUrl, window.location);

  const submit = async () => {
    if (blocked) return;
    const nameProblem = workspaceNameProblem(name);
    const problems = {
      ...(nameProblem ? { name: t(`workspaceName.${nameProblem}`) } : {}),
      ...(form.values.templateId ? {} : { templateId: t('workspaces.chooseTemplate') }),
    };
    if (form.reject(problems)) return;
    const r = await form.run(() =>
      api.createWorkspace({
        name,
        templateId: form.values.templateId,
        idleTimeoutMinutes: Number(form.values.idleTimeoutMinutes),
      }),
    );
    if (r) onCreated(r);
  };

  return (
    <Dialog
      open={open}
      title={t('workspaces.createTitle')}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('workspaces.create')}
      submitDisabled={blocked !== null}
      busy={form.busy}
      wide
      testId="create-workspace-dialog"
    >
      <QuotaLine quota={quota} />
      {blocked && (
        <Notice kind="warning">
          <span data-testid="quota-used-up">
            <QuotaUsedUp blocked={blocked} quota={quota} />
          </span>
        </Notice>
      )}
      <ErrorAlert error={form.error} />
      <SubscriptionInactiveHint error={form.error} />
      <Field
        label={t('workspaces.name')}
        name="name"
        autoCapitalize="none"
        autoComplete="off"
        spellCheck={false}
        maxLength={60}
        value={name}
        onChange={(e) => form.set('name', e.target.value.toLowerCase().trim())}
        error={form.fields.name ?? (problem ? t(`workspaceName.${problem}`) : undefined)}
        disabled={form.busy || blocked !== null}
        hint={t('workspaces.nameHint')}
        after={
          <AddressPreview label={t('workspaces.addressPreview')} testId="workspace-url-preview">
            {url}
          </AddressPreview>
        }
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-700">{t('workspaces.template')}</legend>
        <div className="mt-2">
          <Loadable
            loading={templates.loading && !templates.data}
            error={templates.error}
            empty={items.length === 0 && <EmptyState title={t('workspaces.noTemplates')} />}
          >
            <div className="grid gap-2 sm:grid-cols-2">
              {items.map((tpl) => (
                <label
                  key={tpl.id}
                  className="flex cursor-pointer items-start gap-2 rounded-md p-3 ring-1 ring-slate-200 has-[:checked]:bg-indigo-50 has-[:checked]:ring-indigo-400"
                  data-testid="template-choice"
                >
                  <input
                    type="radio"
                    name="templateId"
                    value={tpl.id}
                    checked={form.values.templateId === tpl.id}
                    onChange={() => form.set('templateId', tpl.id)}
                    disabled={form.busy || blocked !== null}
                    className="mt-1 accent-indigo-600"
                  />
                  <span className="min-w-0">
                    <span className="flex flex-wrap items-center gap-2 font-medium text-slate-900">
                      {texts.name(tpl.id, tpl.name)}
                      {tpl.official && <Badge tone="indigo">{t('templates.official')}</Badge>}
                    </span>
                    {tpl.description && (
                      <span className="mt-0.5 block text-xs text-slate-500">
                        {texts.description(tpl.id, tpl.description)}
                      </span>
                    )}
                    <span className="mt-1 block text-xs text-slate-500">
                      {t('templates.stepCount', { n: tpl.steps.length })}
                    </span>
                  </span>
                </label>
              ))}
            </div>
          </Loadable>
          {form.fields.templateId && <p className="mt-1 text-xs text-red-600">{form.fields.templateId}</p>}
        </div>
      </fieldset>
      <SelectField
        label={t('workspaces.idleTimeout')}
        {...form.field('idleTimeoutMinutes')}
        disabled={form.busy || blocked !== null}
      >
        {idleTimeoutChoices(quota.plan).map((m) => (
          <option key={m} value={m}>
            {formatMinutes(t, m)}
            {m === defaultIdle ? ` (${t('workspaces.default')})` : ''}
          </option>
        ))}
      </SelectField>
      <p className="-mt-2 text-xs text-slate-500">{t('workspaces.idleTimeoutHint')}</p>
    </Dialog>
  );
}
