import { useState } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { ActionForm, Checkbox, EmailField, PasswordField } from '../../components/forms.tsx';
import { AuthSwitch, TextLink } from '../../components/links.tsx';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useForm } from '../../lib/hooks.ts';
import { isServerPath, safeNext } from '../../lib/next.ts';
import { useSession } from '../../lib/session.tsx';

/** Sign in; returns to `?next=` afterwards. */
export function Login() {
  const { t } = useI18n();
  const { startSession } = useSession();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const form = useForm({ email: '', password: '' });
  const [remember, setRemember] = useState(false);

  const submit = async () => {
    const { email, password } = form.values;
    const res = await form.run(() => api.login({ email, password, remember }));
    if (!res) return;
    await startSession(res.csrfToken);
    // Opening a workspace passes through the server's /gateway/authorize: a real page load.
    if (isServerPath(next)) window.location.replace(next);
    else navigate(next, { replace: true });
  };

  return (
    <AuthCard title={t('login.title')} subtitle={params.get('next') ? t('login.needed') : undefined}>
      <ActionForm action={form} onSubmit={submit} testId="login-form" submitLabel={t('login.submit')}>
        <EmailField autoComplete="username" required {...form.field('email')} />
        <PasswordField required {...form.field('password')} />
        <div className="flex items-center justify-between gap-3">
          <Checkbox name="remember" checked={remember} onChange={setRemember} disabled={form.busy}>
            {t('login.remember')}
          </Checkbox>
          <TextLink href="/forgot-password">{t('login.forgot')}</TextLink>
        </div>
      </ActionForm>
      <AuthSwitch question={t('login.noAccount')} href="/signup">
        {t('nav.signup')}
      </AuthSwitch>
    </AuthCard>
  );
}
