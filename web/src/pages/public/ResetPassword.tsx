import { PASSWORD_MIN_LENGTH } from '@youarecoder/contract/constants';
import { type FormEvent, useState } from 'react';
import { Link, useSearchParams } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { Button, ErrorAlert, Field, Notice } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/hooks.ts';
import { useSession } from '../../lib/session.tsx';

/** Choose a new password with the emailed token; every session ends, so sign in again. */
export function ResetPassword() {
  const { t } = useI18n();
  const { refresh } = useSession();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const action = useAction();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [done, setDone] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (password.length < PASSWORD_MIN_LENGTH)
      return action.fail(t('form.fixErrors'), {
        password: t('password.tooShort', { n: PASSWORD_MIN_LENGTH }),
      });
    if (password !== confirm) return action.fail(t('form.fixErrors'), { confirm: t('password.mismatch') });
    const r = await action.run(() => api.confirmPasswordReset(token, password));
    if (!r) return;
    setDone(true);
    void refresh();
  };

  if (!token) {
    return (
      <AuthCard title={t('reset.title')}>
        <Notice kind="warning">{t('reset.noToken')}</Notice>
        <Link
          href="/forgot-password"
          className="mt-4 block text-center text-sm font-medium text-indigo-700 hover:underline"
        >
          {t('reset.requestNew')}
        </Link>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t('reset.title')} subtitle={done ? undefined : t('reset.subtitle')}>
      {done ? (
        <div className="space-y-4">
          <Notice>{t('reset.done')}</Notice>
          <Link
            href="/login"
            className="block rounded-md bg-indigo-600 px-4 py-2 text-center text-sm font-medium text-white hover:bg-indigo-700"
          >
            {t('nav.login')}
          </Link>
        </div>
      ) : (
        <form
          onSubmit={submit}
          noValidate
          data-testid="reset-password-form"
          className="space-y-4"
          aria-busy={action.busy}
        >
          <ErrorAlert error={action.error} />
          {action.error?.code === 'TOKEN_INVALID' && (
            <Link
              href="/forgot-password"
              className="block text-sm font-medium text-indigo-700 hover:underline"
            >
              {t('reset.requestNew')}
            </Link>
          )}
          <Field
            label={t('password.new')}
            name="password"
            type="password"
            autoComplete="new-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            error={action.fields.password}
            hint={t('password.hint', { n: PASSWORD_MIN_LENGTH })}
            disabled={action.busy}
          />
          <Field
            label={t('password.confirm')}
            name="confirm"
            type="password"
            autoComplete="new-password"
            required
            value={confirm}
            onChange={(e) => setConfirm(e.target.value)}
            error={action.fields.confirm}
            disabled={action.busy}
          />
          <Button type="submit" busy={action.busy} className="w-full">
            {t('reset.submit')}
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
