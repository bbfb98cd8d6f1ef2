import type { ApiTokenDto, CreatedApiTokenDto } from '@youarecoder/contract';
import { type FormEvent, useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { CopyField } from '../../../components/CopyField.tsx';
import { Dialog } from '../../../components/Dialog.tsx';
import {
  Button,
  Card,
  EmptyState,
  ErrorAlert,
  Field,
  Loading,
  SelectField,
} from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useAction, useLoad } from '../../../lib/hooks.ts';

const EXPIRY_DAYS = ['30', '90', '365', ''];

/** Personal API tokens: create (secret shown once), list, revoke. */
export function ApiTokens() {
  const { t, fmtDate } = useI18n();
  const list = useLoad(() => api.apiTokens(), []);
  const create = useAction();
  const revoke = useAction();
  const [name, setName] = useState('');
  const [expiry, setExpiry] = useState('90');
  const [created, setCreated] = useState<CreatedApiTokenDto | null>(null);
  const [toRevoke, setToRevoke] = useState<ApiTokenDto | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) return create.fail(t('form.fixErrors'), { name: t('form.required') });
    const r = await create.run(() =>
      api.createApiToken({ name: name.trim(), expiresInDays: expiry ? Number(expiry) : undefined }),
    );
    if (!r) return;
    setCreated(r);
    setName('');
    const { token: _secret, ...listed } = r;
    list.setData((d) => ({ tokens: [listed, ...(d?.tokens ?? [])] }));
  };

  const confirmRevoke = async () => {
    if (!toRevoke) return;
    const id = toRevoke.id;
    const r = await revoke.run(() => api.revokeApiToken(id));
    if (!r) return;
    setToRevoke(null);
    if (created?.id === id) setCreated(null);
    list.setData((d) => (d ? { tokens: d.tokens.filter((x) => x.id !== id) } : d));
  };

  const tokens = list.data?.tokens ?? [];

  return (
    <Card title={t('tokens.title')} description={t('tokens.body')}>
      {created && (
        <div className="mb-5 rounded-md border border-amber-300 bg-amber-50 p-4" data-testid="new-token">
          <p className="text-sm font-semibold text-amber-900">
            {t('tokens.createdTitle', { name: created.name })}
          </p>
          <p className="mt-1 mb-3 text-sm text-amber-900">{t('tokens.createdWarning')}</p>
          <CopyField value={created.token} label={t('tokens.secret')} testId="new-token-value" />
          <Button size="sm" variant="ghost" className="mt-2" onClick={() => setCreated(null)}>
            {t('tokens.done')}
          </Button>
        </div>
      )}

      <form
        data-testid="token-form"
        onSubmit={submit}
        noValidate
        className="flex flex-col gap-3 sm:flex-row sm:items-start"
        aria-busy={create.busy}
      >
        <Field
          label={t('tokens.name')}
          name="tokenName"
          className="flex-1"
          placeholder={t('tokens.namePlaceholder')}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={create.fields.name}
          disabled={create.busy}
        />
        <SelectField
          label={t('tokens.expires')}
          name="expiresInDays"
          value={expiry}
          onChange={(e) => setExpiry(e.target.value)}
          disabled={create.busy}
          error={create.fields.expiresInDays}
        >
          {EXPIRY_DAYS.map((d) => (
            <option key={d} value={d}>
              {d ? t('tokens.days', { n: d }) : t('tokens.never')}
            </option>
          ))}
        </SelectField>
        <Button type="submit" busy={create.busy} className="sm:mt-6">
          {t('tokens.create')}
        </Button>
      </form>
      {create.error && !Object.keys(create.fields).length && (
        <ErrorAlert error={create.error} className="mt-3" />
      )}

      <div className="mt-6">
        {list.loading && !list.data ? (
          <Loading />
        ) : list.error ? (
          <ErrorAlert error={list.error} />
        ) : tokens.length === 0 ? (
          <EmptyState title={t('tokens.empty')}>{t('tokens.emptyBody')}</EmptyState>
        ) : (
          <ul className="divide-y divide-slate-100" aria-label={t('tokens.title')}>
            {tokens.map((tok) => (
              <li
                key={tok.id}
                className="flex flex-wrap items-center justify-between gap-3 py-3"
                data-testid="token-row"
              >
                <div className="min-w-0">
                  <p className="text-sm font-medium text-slate-900">
                    {tok.name}{' '}
                    <code className="ml-1 rounded bg-slate-100 px-1.5 py-0.5 text-xs text-slate-600">
                      {tok.prefix}…
                    </code>
                  </p>
                  <p className="mt-0.5 text-xs text-slate-500">
                    {t('tokens.created', { date: fmtDate(tok.createdAt, false) })} ·{' '}
                    {tok.lastUsedAt
                      ? t('tokens.lastUsed', { date: fmtDate(tok.lastUsedAt) })
                      : t('tokens.neverUsed')}{' '}
                    ·{' '}
                    {tok.expiresAt
                      ? t('tokens.expiresOn', { date: fmtDate(tok.expiresAt, false) })
                      : t('tokens.noExpiry')}
                  </p>
                </div>
                <Button
                  size="sm"
                  variant="danger"
                  onClick={() => setToRevoke(tok)}
                  aria-label={t('tokens.revokeLabel', { name: tok.name })}
                >
                  {t('account.revoke')}
                </Button>
              </li>
            ))}
          </ul>
        )}
      </div>

      <Dialog
        open={toRevoke !== null}
        title={t('tokens.revokeTitle')}
        onClose={() => {
          setToRevoke(null);
          revoke.clear();
        }}
        onSubmit={confirmRevoke}
        submitLabel={t('account.revoke')}
        submitVariant="danger"
        busy={revoke.busy}
        testId="revoke-token-dialog"
      >
        <p>{t('tokens.revokeBody', { name: toRevoke?.name ?? '' })}</p>
        <ErrorAlert error={revoke.error} />
      </Dialog>
    </Card>
  );
}
