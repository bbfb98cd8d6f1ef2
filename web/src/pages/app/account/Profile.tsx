import { LOCALES, type Locale } from '@youarecoder/contract/constants';
import { type FormEvent, useEffect, useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { Button, Card, ErrorAlert, Field, Notice, SelectField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useAction } from '../../../lib/hooks.ts';
import { useMe, useSession } from '../../../lib/session.tsx';

const LOCALE_NAMES: Record<Locale, string> = { en: 'English', tr: 'Türkçe' };

/** Name and language of the signed-in user. */
export function Profile() {
  const { t, setLocale } = useI18n();
  const me = useMe();
  const { refresh } = useSession();
  const action = useAction();
  const [fullName, setFullName] = useState(me.user.fullName);
  const [locale, setLoc] = useState<Locale>(me.user.locale);
  const [saved, setSaved] = useState(false);

  // The header switch also changes the account language: follow it.
  useEffect(() => setLoc(me.user.locale), [me.user.locale]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaved(false);
    const body: { fullName?: string; locale?: Locale } = {};
    if (fullName.trim() !== me.user.fullName) body.fullName = fullName;
    if (locale !== me.user.locale) body.locale = locale;
    if (Object.keys(body).length === 0) return setSaved(true);
    const r = await action.run(() => api.updateMe(body));
    if (!r) return;
    if (body.locale) setLocale(body.locale);
    await refresh();
    setSaved(true);
  };

  return (
    <Card title={t('account.profile')} description={t('account.profileBody')}>
      <form
        onSubmit={submit}
        noValidate
        data-testid="profile-form"
        className="max-w-md space-y-4"
        aria-busy={action.busy}
      >
        <ErrorAlert error={action.error} />
        {saved && <Notice>{t('common.saved')}</Notice>}
        <Field label={t('common.email')} value={me.user.email} readOnly disabled />
        <Field
          label={t('signup.fullName')}
          name="fullName"
          autoComplete="name"
          value={fullName}
          onChange={(e) => setFullName(e.target.value)}
          error={action.fields.fullName}
          disabled={action.busy}
        />
        <SelectField
          label={t('account.language')}
          name="locale"
          value={locale}
          onChange={(e) => setLoc(e.target.value as Locale)}
          error={action.fields.locale}
          disabled={action.busy}
        >
          {LOCALES.map((l) => (
            <option key={l} value={l}>
              {LOCALE_NAMES[l]}
            </option>
          ))}
        </SelectField>
        <Button type="submit" busy={action.busy}>
          {t('common.save')}
        </Button>
      </form>
    </Card>
  );
}
