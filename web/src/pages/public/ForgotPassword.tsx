import { useState } from 'react';
import { api } from '../../api/endpoints.ts';
import { ActionForm, EmailField } from '../../components/forms.tsx';
import { TextLink } from '../../components/links.tsx';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { Notice } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useForm } from '../../lib/hooks.ts';

/** Ask for a reset link; the answer never tells whether the address has an account. */
export function ForgotPassword() {
  const { t } = useI18n();
  const form = useForm({ email: '' });
  const [sent, setSent] = useState(false);
  const email = form.values.email;

  const submit = async () => {
    const r = await form.run(() => api.requestPasswordReset(email));
    if (r) setSent(true);
  };

  const back = (
    <TextLink href="/login" className="block text-center">
      {t('common.backToLogin')}
    </TextLink>
  );

  return (
    <AuthCard title={t('forgot.title')} subtitle={sent ? undefined : t('forgot.subtitle')}>
      {sent ? (
        <div className="space-y-4">
          <Notice>{t('forgot.sent', { email })}</Notice>
          {back}
        </div>
      ) : (
        <ActionForm
          action={form}
          onSubmit={submit}
          testId="forgot-password-form"
          submitLabel={t('forgot.submit')}
          footer={back}
        >
          <EmailField autoComplete="email" required {...form.field('email')} />
        </ActionForm>
      )}
    </AuthCard>
  );
}
