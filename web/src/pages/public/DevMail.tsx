import { type ReactNode, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { Loadable } from '../../components/lists.tsx';
import { Badge, Button, EmptyState, ErrorAlert, Loading } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/hooks.ts';

const URL_RE = /(https?:\/\/[^\s<>"')\]]+)/g;

/** Plain text with its URLs as links; links into this portal navigate inside it. */
function Linkified({ text }: { text: string }) {
  const parts: ReactNode[] = [];
  let last = 0;
  for (const m of text.matchAll(URL_RE)) {
    const url = m[0];
    const at = m.index ?? 0;
    parts.push(text.slice(last, at));
    let inApp: string | null = null;
    try {
      const u = new URL(url);
      if (u.origin === window.location.origin) inApp = u.pathname + u.search + u.hash;
    } catch {
      // not a URL after all: leave as text
    }
    const cls = 'break-all font-medium text-indigo-700 underline';
    parts.push(
      inApp ? (
        <Link key={at} href={inApp} className={cls}>
          {url}
        </Link>
      ) : (
        <a key={at} href={url} className={cls} target="_blank" rel="noopener noreferrer">
          {url}
        </a>
      ),
    );
    last = at + url.length;
  }
  parts.push(text.slice(last));
  return (
    <pre className="whitespace-pre-wrap break-words font-sans text-sm leading-relaxed text-slate-800">
      {parts}
    </pre>
  );
}

function Message({ id }: { id: string }) {
  const { t, fmtDate } = useI18n();
  const [view, setView] = useState<'text' | 'html'>('text');
  const msg = useLoad(() => api.devMailMessage(id), [id]);
  if (msg.loading) return <Loading />;
  if (msg.error || !msg.data) return <ErrorAlert error={msg.error} />;
  const m = msg.data;
  return (
    <article data-testid="dev-mail-message" className="rounded-lg bg-white shadow-xs ring-1 ring-slate-200">
      <header className="border-b border-slate-100 px-5 py-4">
        <h2 className="text-lg font-semibold text-slate-900">{m.subject}</h2>
        <dl className="mt-2 grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm text-slate-600">
          <dt className="font-medium">{t('devMail.to')}</dt>
          <dd className="break-all">{m.to}</dd>
          <dt className="font-medium">{t('devMail.date')}</dt>
          <dd>{fmtDate(m.createdAt)}</dd>
          <dt className="font-medium">{t('devMail.template')}</dt>
          <dd>
            <code>{m.template}</code> <Badge>{m.status}</Badge>
          </dd>
        </dl>
        {m.html && (
          <fieldset className="mt-3 flex gap-2">
            <legend className="sr-only">{t('devMail.view')}</legend>
            <Button
              size="sm"
              variant={view === 'text' ? 'primary' : 'secondary'}
              aria-pressed={view === 'text'}
              onClick={() => setView('text')}
            >
              {t('devMail.text')}
            </Button>
            <Button
              size="sm"
              variant={view === 'html' ? 'primary' : 'secondary'}
              aria-pressed={view === 'html'}
              onClick={() => setView('html')}
            >
              HTML
            </Button>
          </fieldset>
        )}
      </header>
      <div className="px-5 py-4">
        {view === 'html' && m.html ? (
          <iframe
            title={m.subject}
            sandbox=""
            srcDoc={m.html}
            className="h-[32rem] w-full rounded border border-slate-200"
          />
        ) : (
          <Linkified text={m.text} />
        )}
      </div>
    </article>
  );
}

/** Development only: mail the platform "sent", with clickable links. */
export function DevMail() {
  const { t, fmtDate } = useI18n();
  const [params, setParams] = useSearchParams();
  const openId = params.get('id');
  const list = useLoad(() => api.devMail(), []);
  const messages = [...(list.data?.messages ?? [])].sort((a, b) => b.createdAt.localeCompare(a.createdAt));

  return (
    <div className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
      <div className="mb-6 flex flex-wrap items-end justify-between gap-3">
        <div>
          <h1 className="text-2xl font-semibold text-slate-900">{t('devMail.title')}</h1>
          <p className="mt-1 text-sm text-slate-500">{t('devMail.subtitle')}</p>
        </div>
        <Button variant="secondary" onClick={list.reload} busy={list.loading && !!list.data}>
          {t('common.refresh')}
        </Button>
      </div>
      <Loadable
        loading={list.loading && !list.data}
        error={list.error}
        empty={
          messages.length === 0 && (
            <EmptyState title={t('devMail.empty')}>{t('devMail.emptyBody')}</EmptyState>
          )
        }
      >
        <div className="grid gap-6 lg:grid-cols-[minmax(0,2fr)_minmax(0,3fr)]">
          <ul
            aria-label={t('devMail.list')}
            className="divide-y divide-slate-100 self-start overflow-hidden rounded-lg bg-white shadow-xs ring-1 ring-slate-200"
          >
            {messages.map((m) => (
              <li key={m.id}>
                <button
                  type="button"
                  onClick={() => setParams({ id: m.id })}
                  aria-current={openId === m.id ? 'true' : undefined}
                  className={`block w-full px-4 py-3 text-left hover:bg-slate-50 ${openId === m.id ? 'bg-indigo-50' : ''}`}
                >
                  <span className="block truncate text-sm font-medium text-slate-900">{m.subject}</span>
                  <span className="mt-0.5 flex justify-between gap-2 text-xs text-slate-500">
                    <span className="truncate">{m.to}</span>
                    <span className="shrink-0">{fmtDate(m.createdAt)}</span>
                  </span>
                </button>
              </li>
            ))}
          </ul>
          <div className={openId ? 'order-first lg:order-none' : 'hidden lg:block'}>
            {openId ? <Message id={openId} /> : <EmptyState title={t('devMail.pick')} />}
          </div>
        </div>
      </Loadable>
    </div>
  );
}
