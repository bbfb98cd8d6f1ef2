import type { ApiTokenDto, ApiTokenScope, CreatedApiTokenDto } from '@youarecoder/contract';
import { API_TOKEN_SCOPES } from '@youarecoder/contract/constants';
import { useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { CopyField } from '../../../components/CopyField.tsx';
import { Checkbox } from '../../../components/forms.tsx';
import { Loadable, RevokeButton, RevokeDialog, RowList } from '../../../components/lists.tsx';
import { Button, Card, EmptyState, ErrorAlert, Field, SelectField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { requiredErrors } from '../../../lib/formChecks.ts';
import { useConfirm, useForm, useLoad } from '../../../lib/hooks.ts';

const EXPIRY_DAYS = ['30', '90', '365', ''];

/** Personal API tokens: create (secret shown once), list, revoke. */
export function ApiTokens() {
  const { t, fmtDate } = useI18n();
  const list = useLoad(() => api.apiTokens(), []);
  const form = useForm({ tokenName: '', expiresInDays: '90' });
  const [created, setCreated] = useState<CreatedApiTokenDto | null>(null);
  // Least power by default: reading only; each area ticked on purpose.
  const [scopes, setScopes] = useState<ApiTokenScope[]>(['read']);
  const revoke = useConfirm(
    (tok: ApiTokenDto) => api.revokeApiToken(tok.id),
    ({ id }) => {
      if (created?.id === id) setCreated(null);
      list.setData((d) => (d ? { tokens: d.tokens.filter((x) => x.id !== id) } : d));
    },
  );

  const submit = async () => {
    const name = form.values.tokenName.trim();
    const expiry = form.values.expiresInDays;
    if (form.reject(requiredErrors(t, 'name', name))) return;
    const r = await form.run(() =>
      api.createApiToken({ name, expiresInDays: expiry ? Number(expiry) : undefined, scopes }),
    );
    if (!r) return;
    setCreated(r);
    form.set('tokenName', '');
    const { token: _secret, ...listed } = r;
    list.setData((d) => ({ tokens: [listed, ...(d?.tokens ?? [])] }));
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
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
        noValidate
        className="flex flex-col gap-3 sm:flex-row sm:items-start"
        aria-busy={form.busy}
      >
        <Field
          label={t('tokens.name')}
          className="flex-1"
          placeholder={t('tokens.namePlaceholder')}
          {...form.field('tokenName', 'name')}
        />
        <SelectField label={t('tokens.expires')} {...form.field('expiresInDays')}>
          {EXPIRY_DAYS.map((d) => (
            <option key={d} value={d}>
              {d ? t('tokens.days', { n: d }) : t('tokens.never')}
            </option>
          ))}
        </SelectField>
        <Button type="submit" busy={form.busy} className="sm:mt-6">
          {t('tokens.create')}
        </Button>
      </form>
      <fieldset className="mt-3" data-testid="token-scopes">
        <legend className="text-sm font-medium text-slate-700">{t('tokens.scopes')}</legend>
        <div className="mt-1 grid gap-2 sm:grid-cols-2">
          {API_TOKEN_SCOPES.map((s) => (
            <Checkbox
              key={s}
              align="start"
              checked={scopes.includes(s)}
              onChange={(on) => setScopes((cur) => (on ? [...cur, s] : cur.filter((x) => x !== s)))}
              hint={t(`tokens.scopeHint.${s}`)}
            >
              {t(`tokens.scope.${s}`)}
            </Checkbox>
          ))}
        </div>
        {form.fields.scopes && <p className="mt-1 text-sm text-red-700">{form.fields.scopes}</p>}
      </fieldset>
      <p className="mt-3 text-xs text-slate-500" data-testid="tokens-password-note">
        {t('tokens.passwordNote')}
      </p>
      {form.error && !Object.keys(form.fields).length && <ErrorAlert error={form.error} className="mt-3" />}

      <div className="mt-6">
        <Loadable
          loading={list.loading && !list.data}
          error={list.error}
          empty={
            tokens.length === 0 && <EmptyState title={t('tokens.empty')}>{t('tokens.emptyBody')}</EmptyState>
          }
        >
          <RowList label={t('tokens.title')} items={tokens} rowTestId="token-row">
            {(tok) => (
              <>
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
                  <p className="mt-0.5 text-xs text-slate-500" data-testid="token-scopes-of">
                    {t('tokens.scopesOf', {
                      scopes: tok.scopes.map((s) => t(`tokens.scope.${s}`)).join(', '),
                    })}
                  </p>
                </div>
                <RevokeButton
                  label={t('tokens.revokeLabel', { name: tok.name })}
                  onClick={() => revoke.ask(tok)}
                />
              </>
            )}
          </RowList>
        </Loadable>
      </div>

      <RevokeDialog state={revoke.dialog} title={t('tokens.revokeTitle')} testId="revoke-token-dialog">
        <p>{t('tokens.revokeBody', { name: revoke.target?.name ?? '' })}</p>
      </RevokeDialog>
    </Card>
  );
}
