import { type FormEvent, useState } from 'react';
import { Link } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { Button, ErrorAlert, Field, Notice } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/hooks.ts';

/** Ask for a reset link; the answer never tells whether the address has an account. */
export function ForgotPassword() {
  const { t } = useI18n();
  const action = useAction();
  const [email, setEmail] = useState('');
  const [sent, setSent] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const r = await action.run(() => api.requestPasswordReset(email));
    if (r) setSent(true);
  };

  return (
    <AuthCard title={t('forgot.title')} subtitle={sent ? undefined : t('forgot.subtitle')}>
      {sent ? (
        <div className="space-y-4">
          <Notice>{t('forgot.sent', { email })}</Notice>
          <Link
            href="/login"
            className="block text-center text-sm font-medium text-indigo-700 hover:underline"
          >
            {t('common.backToLogin')}
          </Link>
        </div>
      ) : (
        <form
          onSubmit={submit}
          noValidate
          data-testid="forgot-password-form"
          className="space-y-4"
          aria-busy={action.busy}
        >
          <ErrorAlert error={action.error} />
          <Field
            label={t('common.email')}
            name="email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
            error={action.fields.email}
            disabled={action.busy}
          />
          <Button type="submit" busy={action.busy} className="w-full">
            {t('forgot.submit')}
          </Button>
          <Link
            href="/login"
            className="block text-center text-sm font-medium text-indigo-700 hover:underline"
          >
            {t('common.backToLogin')}
          </Link>
        </form>
      )}
    </AuthCard>
  );
}
