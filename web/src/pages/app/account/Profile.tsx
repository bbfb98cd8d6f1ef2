import { LOCALES, type Locale } from '@youarecoder/contract/constants';
import { useEffect, useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { FormCard } from '../../../components/forms.tsx';
import { Field, Notice, SelectField } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { useForm } from '../../../lib/hooks.ts';
import { useMe, useSession } from '../../../lib/session.tsx';

const LOCALE_NAMES: Record<Locale, string> = { en: 'English', tr: 'Türkçe' };

/** Name and language of the signed-in user. */
export function Profile() {
  const { t, setLocale } = useI18n();
  const me = useMe();
  const { refresh } = useSession();
  const form = useForm({ fullName: me.user.fullName, locale: me.user.locale as string });
  const [saved, setSaved] = useState(false);
  const { set } = form;

  // The header switch also changes the account language: follow it.
  useEffect(() => set('locale', me.user.locale), [set, me.user.locale]);

  const submit = async () => {
    setSaved(false);
    const fullName = form.values.fullName;
    const locale = form.values.locale as Locale;
    const body: { fullName?: string; locale?: Locale } = {};
    if (fullName.trim() !== me.user.fullName) body.fullName = fullName;
    if (locale !== me.user.locale) body.locale = locale;
    if (Object.keys(body).length === 0) return setSaved(true);
    const r = await form.run(() => api.updateMe(body));
    if (!r) return;
    if (body.locale) setLocale(body.locale);
    await refresh();
    setSaved(true);
  };

  return (
    <FormCard
      title={t('account.profile')}
      description={t('account.profileBody')}
      action={form}
      onSubmit={submit}
      testId="profile-form"
      notice={saved && <Notice>{t('common.saved')}</Notice>}
      submitLabel={t('common.save')}
    >
      <Field label={t('common.email')} value={me.user.email} readOnly disabled />
      <Field label={t('signup.fullName')} autoComplete="name" {...form.field('fullName')} />
      <SelectField label={t('account.language')} {...form.field('locale')}>
        {LOCALES.map((l) => (
          <option key={l} value={l}>
            {LOCALE_NAMES[l]}
          </option>
        ))}
      </SelectField>
    </FormCard>
  );
}
