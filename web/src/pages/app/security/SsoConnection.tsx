import { useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { CopyField } from '../../../components/CopyField.tsx';
import { ActionForm } from '../../../components/forms.tsx';
import { TextLink } from '../../../components/links.tsx';
import { ConfirmDialog } from '../../../components/lists.tsx';
import { Button, Card, Field, Notice } from '../../../components/ui.tsx';
import { type MessageKey, useI18n } from '../../../i18n/index.tsx';
import { requiredErrors } from '../../../lib/formChecks.ts';
import { useConfirm, useForm } from '../../../lib/hooks.ts';
import type { SectionProps } from './common.tsx';

/** Where the issuer, client id and secret are found at common identity providers, one line each. */
const WHERE: MessageKey[] = [
  'security.sso.whereGoogle',
  'security.sso.whereEntra',
  'security.sso.whereOkta',
  'security.sso.whereKeycloak',
];

/** The company's OpenID Connect client at its identity provider (Enterprise): set up, change, remove. */
export function SsoConnection({ settings, canEdit, onChange }: SectionProps) {
  const { t } = useI18n();
  return (
    <Card title={t('security.sso.title')} description={t('security.sso.body')} data-testid="security-sso">
      {settings.ssoAvailable ? (
        <Connection settings={settings} canEdit={canEdit} onChange={onChange} />
      ) : (
        <p className="text-sm text-slate-700" data-testid="sso-upsell">
          {t('security.sso.upsell')} <TextLink href="/app/billing">{t('security.sso.upsellLink')}</TextLink>
        </p>
      )}
    </Card>
  );
}

function Connection({ settings, canEdit, onChange }: SectionProps) {
  const { t, fmtDate } = useI18n();
  const sso = settings.sso;
  const form = useForm({ issuer: sso?.issuer ?? '', clientId: sso?.clientId ?? '', clientSecret: '' });
  const [notice, setNotice] = useState<MessageKey | null>(null);
  const remove = useConfirm(
    // The target is the issuer, named in the question.
    (_issuer: string) =>
      api.removeSsoConnection().then((r) => {
        onChange(r);
        return r;
      }),
    () => {
      form.set('issuer', '');
      form.set('clientId', '');
      form.set('clientSecret', '');
      form.clear();
      setNotice('security.sso.removed');
    },
  );

  const submit = async () => {
    setNotice(null);
    const issuer = form.values.issuer.trim();
    const clientId = form.values.clientId.trim();
    const clientSecret = form.values.clientSecret.trim();
    const problems = {
      ...requiredErrors(t, 'issuer', issuer),
      ...requiredErrors(t, 'clientId', clientId),
      // Left empty, a stored secret stays; the first time there is none to keep.
      ...(sso ? {} : requiredErrors(t, 'clientSecret', clientSecret)),
    };
    if (form.reject(problems)) return;
    const r = await form.run(() =>
      api.setSsoConnection({ issuer, clientId, ...(clientSecret ? { clientSecret } : {}) }),
    );
    if (!r) return;
    onChange(r);
    form.set('issuer', r.sso?.issuer ?? issuer);
    form.set('clientId', r.sso?.clientId ?? clientId);
    form.set('clientSecret', '');
    setNotice('security.sso.saved');
  };

  const locked = !canEdit || form.busy;

  return (
    <>
      <div className="space-y-6">
        {notice && (
          <div data-testid={notice === 'security.sso.saved' ? 'sso-saved' : 'sso-removed'}>
            <Notice>{t(notice)}</Notice>
          </div>
        )}

        {sso && (
          <div className="rounded-md bg-slate-50 p-4 ring-1 ring-slate-200" data-testid="sso-current">
            <p className="text-sm font-semibold text-slate-900">{t('security.sso.current')}</p>
            <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
              <dt className="text-slate-500">{t('security.sso.issuer')}</dt>
              <dd className="break-all font-mono text-slate-900" data-testid="sso-current-issuer">
                {sso.issuer}
              </dd>
              <dt className="text-slate-500">{t('security.sso.clientId')}</dt>
              <dd className="break-all font-mono text-slate-900" data-testid="sso-current-client-id">
                {sso.clientId}
              </dd>
              <dt className="text-slate-500">{t('security.sso.updated')}</dt>
              <dd className="text-slate-900">{fmtDate(sso.updatedAt)}</dd>
            </dl>
            <Button
              size="sm"
              variant="danger"
              className="mt-3"
              disabled={!canEdit}
              onClick={() => {
                setNotice(null);
                remove.ask(sso.issuer);
              }}
              data-testid="sso-remove"
            >
              {t('security.sso.remove')}
            </Button>
          </div>
        )}

        <div>
          <p className="mb-1 text-sm font-medium text-slate-700">{t('security.sso.redirectUri')}</p>
          <CopyField
            value={settings.redirectUri}
            label={t('security.sso.redirectUri')}
            testId="sso-redirect-uri"
            asText
          />
          <p className="mt-1 text-xs text-slate-500">{t('security.sso.redirectUriHint')}</p>
          <p className="mt-3 text-xs font-medium text-slate-700">{t('security.sso.where')}</p>
          <ul className="mt-1 list-disc space-y-0.5 pl-5 text-xs text-slate-500" data-testid="sso-where">
            {WHERE.map((k) => (
              <li key={k} className="break-words">
                {t(k)}
              </li>
            ))}
          </ul>
        </div>

        <ActionForm action={form} onSubmit={submit} testId="sso-form" className="max-w-md space-y-4">
          <Field
            label={t('security.sso.issuer')}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://accounts.google.com"
            hint={t('security.sso.issuerHint')}
            {...form.field('issuer')}
            disabled={locked}
          />
          <Field
            label={t('security.sso.clientId')}
            autoComplete="off"
            spellCheck={false}
            {...form.field('clientId')}
            disabled={locked}
          />
          <Field
            label={t('security.sso.clientSecret')}
            type="password"
            autoComplete="new-password"
            hint={sso ? t('security.sso.keepSecret') : undefined}
            {...form.field('clientSecret')}
            disabled={locked}
          />
          <Button type="submit" busy={form.busy} disabled={!canEdit} data-testid="sso-save">
            {t('security.sso.save')}
          </Button>
        </ActionForm>
      </div>

      <ConfirmDialog
        state={remove.dialog}
        title={t('security.sso.removeTitle')}
        submitLabel={t('security.sso.removeSubmit')}
        testId="sso-remove-dialog"
      >
        <p>{t('security.sso.removeBody', { issuer: remove.target ?? '' })}</p>
      </ConfirmDialog>
    </>
  );
}
