import type { AuditEventDto } from '@youarecoder/contract';
import { AUDIT_ACTIONS } from '@youarecoder/contract/constants';
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { Loadable } from '../../components/lists.tsx';
import {
  Button,
  Card,
  EmptyState,
  ErrorAlert,
  Field,
  Notice,
  PageHeader,
  SelectField,
} from '../../components/ui.tsx';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { useAction, useForm, useLoad } from '../../lib/hooks.ts';
import { useIsManager } from '../../lib/session.tsx';
import { type AuditNames, AuditSentence } from './audit/AuditSentence.tsx';

const PAGE = 50;

interface Filters {
  action: string;
  actorId: string;
  targetId: string;
  from: string;
  to: string;
}
const EMPTY: Filters = { action: '', actorId: '', targetId: '', from: '', to: '' };

/** Filters as the API wants them: a whole local day for the dates. */
function toQuery(f: Filters) {
  const day = (d: string, end: boolean) =>
    d ? new Date(`${d}T${end ? '23:59:59.999' : '00:00:00'}`).toISOString() : undefined;
  return {
    action: f.action || undefined,
    actorId: f.actorId || undefined,
    targetId: f.targetId.trim() || undefined,
    from: day(f.from, false),
    to: day(f.to, true),
  };
}

const GROUPS: { key: MessageKey; prefixes: string[] }[] = [
  { key: 'audit.group.company', prefixes: ['company'] },
  { key: 'audit.group.account', prefixes: ['user', 'session', 'api_token'] },
  { key: 'audit.group.team', prefixes: ['invite', 'member'] },
  { key: 'audit.group.workspaces', prefixes: ['workspace'] },
  { key: 'audit.group.templates', prefixes: ['template', 'template_asset'] },
  { key: 'audit.group.billing', prefixes: ['billing'] },
];

/** The filter's actions by area, each named in the reader's language and sorted by that name. */
function actionGroups(t: (k: MessageKey) => string, locale: string) {
  const collator = new Intl.Collator(locale === 'tr' ? 'tr-TR' : 'en');
  return GROUPS.map((g) => ({
    key: g.key,
    label: t(g.key),
    actions: AUDIT_ACTIONS.filter((a) => g.prefixes.includes(a.split('.')[0] as string))
      .map((code) => ({ code, label: t(`audit.action.${code}` as MessageKey) }))
      .sort((x, y) => collator.compare(x.label, y.label)),
  }));
}

function EventRow({ e, names }: { e: AuditEventDto; names: AuditNames }) {
  const { t, fmtDate } = useI18n();
  const details = { ...(e.diff ? { diff: e.diff } : {}), ...(e.metadata ? { metadata: e.metadata } : {}) };
  return (
    <li className="py-3" data-testid="audit-row" data-action={e.action}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <p className="text-sm text-slate-900">
          <AuditSentence e={e} names={names} />
        </p>
        <time dateTime={e.createdAt} className="text-xs text-slate-500">
          {fmtDate(e.createdAt)}
        </time>
      </div>
      <p className="mt-1 break-all text-xs text-slate-500">
        {/* The code and ids stay available for filtering and support, below the sentence. */}
        <code>{e.action}</code>
        {e.actor?.email && ` · ${e.actor.email}`}
        {e.ip && ` · ${e.ip}`}
      </p>
      {Object.keys(details).length > 0 && (
        <details className="mt-1 text-xs">
          <summary className="cursor-pointer text-indigo-700">{t('audit.details')}</summary>
          <pre className="mt-1 overflow-x-auto rounded bg-slate-50 p-2 text-slate-700">
            {JSON.stringify(details, null, 2)}
          </pre>
        </details>
      )}
    </li>
  );
}

/** The company's audit log (owner and admin): filters, paging, CSV export. */
export function Audit() {
  const { t, locale } = useI18n();
  const allowed = useIsManager();
  const draft = useForm<Filters>(EMPTY);
  const [filters, setFilters] = useState<Filters>(EMPTY);
  const [extra, setExtra] = useState<AuditEventDto[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const more = useAction();
  const members = useLoad(() => (allowed ? api.members() : Promise.resolve({ members: [] })), [allowed]);
  // Names for the sentences' targets (a deleted one keeps the name its event recorded).
  const workspaces = useLoad(() => (allowed ? api.workspaces() : Promise.resolve(null)), [allowed]);
  const templates = useLoad(() => (allowed ? api.templates() : Promise.resolve(null)), [allowed]);
  const names: AuditNames = {
    users: new Map((members.data?.members ?? []).map((m) => [m.id, m.fullName])),
    workspaces: new Map((workspaces.data?.items ?? []).map((w) => [w.id, w.name])),
    templates: new Map((templates.data?.items ?? []).map((x) => [x.id, x.name])),
  };
  const first = useLoad(
    () => (allowed ? api.auditEvents({ ...toQuery(filters), limit: PAGE }) : Promise.resolve(null)),
    [filters, allowed],
  );

  useEffect(() => {
    setExtra([]);
    setCursor(first.data?.nextCursor ?? null);
  }, [first.data]);

  if (!allowed) return <Notice kind="warning">{t('audit.forbidden')}</Notice>;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ ...draft.values });
  };
  const loadMore = async () => {
    if (!cursor) return;
    const r = await more.run(() => api.auditEvents({ ...toQuery(filters), limit: PAGE, cursor }));
    if (!r) return;
    setExtra((x) => [...x, ...r.events]);
    setCursor(r.nextCursor);
  };
  const events = [...(first.data?.events ?? []), ...extra];

  return (
    <>
      <PageHeader
        title={t('nav.audit')}
        description={t('audit.subtitle')}
        actions={
          <a
            href={api.auditCsvUrl(toQuery(filters))}
            download="audit-events.csv"
            className="rounded-md bg-white px-4 py-2 text-sm font-medium text-slate-800 shadow-xs ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
          >
            {t('audit.export')}
          </a>
        }
      />
      <Card className="mb-6">
        <form
          data-testid="audit-filters"
          onSubmit={apply}
          className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3"
        >
          <SelectField label={t('audit.action')} {...draft.field('action')}>
            <option value="">{t('audit.anyAction')}</option>
            {actionGroups(t, locale).map((g) => (
              <optgroup key={g.key} label={g.label}>
                {g.actions.map((a) => (
                  <option key={a.code} value={a.code}>
                    {a.label}
                  </option>
                ))}
              </optgroup>
            ))}
          </SelectField>
          <SelectField label={t('audit.actor')} {...draft.field('actorId')}>
            <option value="">{t('audit.anyone')}</option>
            {(members.data?.members ?? []).map((m) => (
              <option key={m.id} value={m.id}>
                {m.fullName} ({m.email})
              </option>
            ))}
          </SelectField>
          <Field label={t('audit.target')} placeholder="usr_…" {...draft.field('targetId')} />
          <Field label={t('audit.from')} type="date" {...draft.field('from')} />
          <Field label={t('audit.to')} type="date" {...draft.field('to')} />
          <div className="flex items-end gap-2">
            <Button type="submit" busy={first.loading && !!first.data}>
              {t('audit.apply')}
            </Button>
            <Button
              variant="ghost"
              onClick={() => {
                draft.reset();
                setFilters(EMPTY);
              }}
            >
              {t('audit.reset')}
            </Button>
          </div>
        </form>
      </Card>
      <Card>
        <Loadable
          loading={first.loading && !first.data}
          error={first.error}
          empty={
            events.length === 0 && <EmptyState title={t('audit.empty')}>{t('audit.emptyBody')}</EmptyState>
          }
        >
          <ul className="divide-y divide-slate-100" aria-label={t('nav.audit')}>
            {events.map((e) => (
              <EventRow key={e.id} e={e} names={names} />
            ))}
          </ul>
          <ErrorAlert error={more.error} className="mt-3" />
          {cursor && (
            <div className="mt-4 text-center">
              <Button variant="secondary" busy={more.busy} onClick={loadMore}>
                {t('audit.loadMore')}
              </Button>
            </div>
          )}
        </Loadable>
      </Card>
    </>
  );
}
