import type { TemplateDto } from '@youarecoder/contract';
import { type ReactNode, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { ConfirmDialog, Loadable, RowList } from '../../components/lists.tsx';
import { Badge, Button, Card, EmptyState, Notice, PageHeader } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { type Loaded, useConfirm, useLoad } from '../../lib/hooks.ts';
import { useIsManager } from '../../lib/session.tsx';
import { AssetsCard } from './templates/Assets.tsx';
import { useTemplateText } from './workspaces/common.tsx';

const LINK_BUTTON =
  'inline-flex items-center justify-center rounded-md font-medium shadow-xs bg-white text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50 px-2.5 py-1.5 text-xs';

/** The name of the template just saved by the editor (passed in the history state), once. */
function useSavedNotice(): string | null {
  const [saved] = useState<string | null>(() => {
    const s = (window.history.state ?? {}) as { savedTemplate?: unknown };
    return typeof s.savedTemplate === 'string' ? s.savedTemplate : null;
  });
  return saved;
}

function TemplateLine({ tpl }: { tpl: TemplateDto }) {
  const { t } = useI18n();
  const texts = useTemplateText();
  return (
    <div className="min-w-0">
      <p className="flex flex-wrap items-center gap-2 text-sm font-medium text-slate-900">
        <span className="break-all">{texts.name(tpl.id, tpl.name)}</span>
        {tpl.official && <Badge tone="indigo">{t('templates.official')}</Badge>}
      </p>
      {tpl.description && (
        <p className="mt-0.5 text-sm text-slate-600">{texts.description(tpl.id, tpl.description)}</p>
      )}
      <p className="mt-0.5 text-xs text-slate-500">
        {t('templates.stepCount', { n: tpl.steps.length })}
        {!tpl.official && ` · ${t('templates.inUse', { n: tpl.inUse })}`}
      </p>
    </div>
  );
}

/** A card listing templates, each with its line and the buttons `actions` gives it. */
function TemplateSection({
  title,
  description,
  list,
  items,
  empty,
  rowTestId,
  actions,
}: {
  title: string;
  description: string;
  list: Loaded<{ items: TemplateDto[] }>;
  items: TemplateDto[];
  /** Shown instead of the list when `items` is empty. */
  empty: ReactNode;
  rowTestId: string;
  actions: (tpl: TemplateDto) => ReactNode;
}) {
  return (
    <Card title={title} description={description}>
      <Loadable loading={list.loading && !list.data} error={list.error} empty={items.length === 0 && empty}>
        <RowList label={title} items={items} rowTestId={rowTestId} rowData={(x) => ({ 'data-name': x.name })}>
          {(tpl) => (
            <>
              <TemplateLine tpl={tpl} />
              {actions(tpl)}
            </>
          )}
        </RowList>
      </Loadable>
    </Card>
  );
}

/** Templates (owner and admin): the official ones to read, the company's to create, edit and delete; .vsix uploads. */
export function Templates() {
  const { t } = useI18n();
  const allowed = useIsManager();
  const list = useLoad(() => (allowed ? api.templates() : Promise.resolve({ items: [] })), [allowed]);
  const assets = useLoad(() => (allowed ? api.templateAssets() : Promise.resolve({ items: [] })), [allowed]);
  const saved = useSavedNotice();
  const [deleted, setDeleted] = useState<string | null>(null);
  const remove = useConfirm(
    (tpl: TemplateDto) => api.deleteTemplate(tpl.id),
    (tpl) => {
      setDeleted(tpl.name);
      list.setData((d) => (d ? { items: d.items.filter((x) => x.id !== tpl.id) } : d));
    },
  );

  if (!allowed) return <Notice kind="warning">{t('templates.forbidden')}</Notice>;

  const byName = (a: TemplateDto, b: TemplateDto) => a.name.localeCompare(b.name);
  const official = (list.data?.items ?? []).filter((x) => x.official).sort(byName);
  const company = (list.data?.items ?? []).filter((x) => !x.official).sort(byName);
  const target = remove.target;

  return (
    <>
      <PageHeader
        title={t('nav.templates')}
        description={t('templates.subtitle')}
        actions={
          <Link
            href="/app/templates/new"
            className="inline-flex items-center justify-center rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-xs hover:bg-indigo-700"
          >
            {t('templates.new')}
          </Link>
        }
      />
      <div className="space-y-6">
        {saved && !deleted && <Notice>{t('templates.saved', { name: saved })}</Notice>}
        {deleted && <Notice>{t('templates.deleted', { name: deleted })}</Notice>}

        <TemplateSection
          title={t('templates.company')}
          description={t('templates.companyBody')}
          list={list}
          items={company}
          rowTestId="template-row"
          empty={
            <EmptyState
              title={t('templates.emptyTitle')}
              action={
                <Link
                  href="/app/templates/new"
                  className="text-sm font-medium text-indigo-700 hover:underline"
                >
                  {t('templates.createFirst')}
                </Link>
              }
            >
              {t('templates.emptyBody')}
            </EmptyState>
          }
          actions={(tpl) => (
            <div className="flex flex-col items-end gap-1">
              <div className="flex gap-2">
                <Link
                  href={`/app/templates/${tpl.id}`}
                  className={LINK_BUTTON}
                  aria-label={t('templates.editLabel', { name: tpl.name })}
                >
                  {t('templates.edit')}
                </Link>
                <Button
                  size="sm"
                  variant="danger"
                  disabled={tpl.inUse > 0}
                  onClick={() => remove.ask(tpl)}
                  aria-label={t('templates.deleteLabel', { name: tpl.name })}
                  aria-describedby={tpl.inUse > 0 ? `in-use-${tpl.id}` : undefined}
                >
                  {t('templates.delete')}
                </Button>
              </div>
              {tpl.inUse > 0 && (
                <p id={`in-use-${tpl.id}`} className="max-w-xs text-right text-xs text-slate-500">
                  {t('templates.cannotDelete', { n: tpl.inUse })}
                </p>
              )}
            </div>
          )}
        />

        <TemplateSection
          title={t('templates.officialTitle')}
          description={t('templates.officialBody')}
          list={list}
          items={official}
          rowTestId="official-template-row"
          empty={<EmptyState title={t('templates.noOfficial')} />}
          actions={(tpl) => (
            <Link
              href={`/app/templates/${tpl.id}`}
              className={LINK_BUTTON}
              aria-label={t('templates.viewLabel', { name: tpl.name })}
            >
              {t('templates.view')}
            </Link>
          )}
        />

        <AssetsCard assets={assets} />
      </div>

      <ConfirmDialog
        state={remove.dialog}
        title={t('templates.deleteTitle')}
        submitLabel={t('templates.delete')}
        testId="delete-template-dialog"
      >
        <p>{t('templates.deleteBody', { name: target?.name ?? '' })}</p>
        {remove.dialog.error?.code === 'CONFLICT' && (
          <p className="text-amber-800">{t('templates.deleteConflict')}</p>
        )}
      </ConfirmDialog>
    </>
  );
}
