import { useState } from 'react';
import { useSearchParams } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { ActionForm, NewPasswordFields } from '../../components/forms.tsx';
import { ButtonLink, TextLink } from '../../components/links.tsx';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { Notice } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { newPasswordErrors } from '../../lib/formChecks.ts';
import { useForm } from '../../lib/hooks.ts';
import { useSession } from '../../lib/session.tsx';

/** Choose a new password with the emailed token; every session ends, so sign in again. */
export function ResetPassword() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const form = useForm({ password: '', confirm: '' });
  const [done, setDone] = useState(false);

  const submit = async () => {
    const { password, confirm } = form.values;
    if (form.reject(newPasswordErrors(t, password, { confirm }))) return;
    const r = await form.run(() => api.confirmPasswordReset(token, password));
    if (!r) return;
    setDone(true);
    void refresh();
  };

  if (!token) {
    return (
      <AuthCard title={t('reset.title')}>
        <Notice kind="warning">{t('reset.noToken')}</Notice>
        <TextLink href="/forgot-password" className="mt-4 block text-center">
          {t('reset.requestNew')}
        </TextLink>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('reset.title')} subtitle={done ? undefined : t('reset.subtitle')}>
      {done ? (
        <div className="space-y-4">
          <Notice>{t('reset.done')}</Notice>
          <ButtonLink href="/login">{t('nav.login')}</ButtonLink>
        </div>
      ) : (
        <ActionForm
          action={form}
          onSubmit={submit}
          testId="reset-password-form"
          submitLabel={t('reset.submit')}
          notice={
            form.error?.code === 'TOKEN_INVALID' && (
              <TextLink href="/forgot-password" className="block">
                {t('reset.requestNew')}
              </TextLink>
            )
          }
        >
          <NewPasswordFields password={form.field('password')} confirm={form.field('confirm')} required />
        </ActionForm>
      )}
    </AuthCard>
  );
}
