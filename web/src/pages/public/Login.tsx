import { useState } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { ActionForm, Checkbox, EmailField, PasswordField } from '../../components/forms.tsx';
import { AuthSwitch, TextLink } from '../../components/links.tsx';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { Field } from '../../components/ui.tsx';
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
  // Two-factor on: the password was right, a code from the app (or a recovery code) comes next.
  const [challenge, setChallenge] = useState<string | null>(null);
  const [useRecovery, setUseRecovery] = useState(false);
  const second = useForm({ code: '' });

  const enter = async (csrfToken: string) => {
    await startSession(csrfToken);
    // Opening a workspace passes through the server's /gateway/authorize: a real page load.
    if (isServerPath(next)) window.location.replace(next);
    else navigate(next, { replace: true });
  };

  const submit = async () => {
    const { email, password } = form.values;
    const res = await form.run(() => api.login({ email, password, remember }));
    if (!res) return;
    if (res.twoFactorRequired && res.challenge) return setChallenge(res.challenge);
    if (res.csrfToken) await enter(res.csrfToken);
  };

  const submitCode = async () => {
    const code = second.values.code.trim();
    if (!challenge) return;
    const res = await second.run(() =>
      api.loginWithCode(useRecovery ? { challenge, recoveryCode: code } : { challenge, code }),
    );
    if (res) await enter(res.csrfToken);
  };

  if (challenge)
    return (
      <AuthCard
        title={t('login.twoFactorTitle')}
        subtitle={t(useRecovery ? 'login.recoveryHint' : 'login.codeHint')}
      >
        <ActionForm
          action={second}
          onSubmit={submitCode}
          testId="two-factor-form"
          submitLabel={t('login.verify')}
        >
          <Field
            label={t(useRecovery ? 'login.recoveryCode' : 'login.code')}
            autoComplete="one-time-code"
            inputMode={useRecovery ? 'text' : 'numeric'}
            autoFocus
            {...second.field('code')}
          />
        </ActionForm>
        <p className="mt-4 text-sm">
          <button
            type="button"
            className="text-indigo-700 underline"
            onClick={() => setUseRecovery((v) => !v)}
          >
            {t(useRecovery ? 'login.useCode' : 'login.useRecovery')}
          </button>
        </p>
      </AuthCard>
    );

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
