import { type FormEvent, useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { Button, ErrorAlert, Field } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/hooks.ts';
import { safeNext } from '../../lib/next.ts';
import { useSession } from '../../lib/session.tsx';

/** Sign in; returns to `?next=` afterwards. */
export function Login() {
  const { t } = useI18n();
  const { startSession } = useSession();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  const action = useAction();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [remember, setRemember] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const res = await action.run(() => api.login({ email, password, remember }));
    if (!res) return;
    await startSession(res.csrfToken);
    navigate(next, { replace: true });
  };

  return (
    <AuthCard title={t('login.title')} subtitle={params.get('next') ? t('login.needed') : undefined}>
      <form
        onSubmit={submit}
        noValidate
        data-testid="login-form"
        className="space-y-4"
        aria-busy={action.busy}
      >
        <ErrorAlert error={action.error} />
        <Field
          label={t('common.email')}
          name="email"
          type="email"
          autoComplete="username"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={action.fields.email}
          disabled={action.busy}
        />
        <Field
          label={t('common.password')}
          name="password"
          type="password"
          autoComplete="current-password"
          required
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={action.fields.password}
          disabled={action.busy}
        />
        <div className="flex items-center justify-between gap-3">
          <label className="flex items-center gap-2 text-sm text-slate-700">
            <input
              type="checkbox"
              name="remember"
              checked={remember}
              onChange={(e) => setRemember(e.target.checked)}
              disabled={action.busy}
              className="h-4 w-4 rounded border-slate-300 accent-indigo-600"
            />
            {t('login.remember')}
          </label>
          <Link href="/forgot-password" className="text-sm font-medium text-indigo-700 hover:underline">
            {t('login.forgot')}
          </Link>
        </div>
        <Button type="submit" busy={action.busy} className="w-full">
          {t('login.submit')}
        </Button>
      </form>
      <p className="mt-6 text-center text-sm text-slate-600">
        {t('login.noAccount')}{' '}
        <Link href="/signup" className="font-medium text-indigo-700 hover:underline">
          {t('nav.signup')}
        </Link>
      </p>
    </AuthCard>
  );
}
