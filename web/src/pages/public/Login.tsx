import { useState } from 'react';
import { Link, useLocation, useSearchParams } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { ActionForm, Checkbox, EmailField, PasswordField } from '../../components/forms.tsx';
import { AuthSwitch, TextLink } from '../../components/links.tsx';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { Button, Field } from '../../components/ui.tsx';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { requiredErrors } from '../../lib/formChecks.ts';
import { useForm } from '../../lib/hooks.ts';
import { isServerPath, safeNext, workspaceOfNext } from '../../lib/next.ts';
import { useSession } from '../../lib/session.tsx';

/** Why the server sent the browser back from the identity provider (`?sso_error=`; SsoFailure on the server). */
const SSO_ERRORS: Record<string, MessageKey> = {
  expired: 'login.ssoError.expired',
  idp: 'login.ssoError.idp',
  exchange: 'login.ssoError.exchange',
  email_unverified: 'login.ssoError.email_unverified',
  domain: 'login.ssoError.domain',
  other_company: 'login.ssoError.other_company',
  unavailable: 'login.ssoError.unavailable',
};

/** The sentence for a refused SSO sign-in; a reason newer than this portal gets a general one. */
function ssoErrorKey(reason: string): MessageKey {
  return (Object.hasOwn(SSO_ERRORS, reason) && SSO_ERRORS[reason]) || 'login.ssoError.unknown';
}

/** Sign in with a password (and two-factor), or through the company's SSO; returns to `?next=` afterwards. */
export function Login() {
  const { t } = useI18n();
  const { startSession } = useSession();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const next = safeNext(params.get('next'));
  // Reached from a workspace's link: say which workspace the sign-in opens.
  const target = workspaceOfNext(next);
  const ssoError = params.get('sso_error');
  const form = useForm({ email: '', password: '' });
  const [remember, setRemember] = useState(false);
  // Two-factor on: the password was right, a code from the app (or a recovery code) comes next.
  const [challenge, setChallenge] = useState<string | null>(null);
  const [useRecovery, setUseRecovery] = useState(false);
  const second = useForm({ code: '' });
  // Single sign-on (`?sso=1`): the work email finds the company, whose identity provider the browser goes to.
  const withSso = params.get('sso') === '1';
  const sso = useForm({ email: '' });
  const [leaving, setLeaving] = useState(false);

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

  const submitSso = async () => {
    const email = sso.values.email.trim();
    if (sso.reject(requiredErrors(t, 'email', email))) return;
    const res = await sso.run(() => api.startSso({ email, next }));
    if (!res) return;
    // Off to the identity provider, which sends the browser back to the server's callback.
    setLeaving(true);
    window.location.assign(res.url);
  };

  // A link, not a button: the other way in is another view of the page (and the back button returns).
  const otherWay = new URLSearchParams(params);
  if (withSso) otherWay.delete('sso');
  else otherWay.set('sso', '1');
  const otherWayQuery = otherWay.toString();
  const otherWayHref = `/login${otherWayQuery ? `?${otherWayQuery}` : ''}`;
  const prefillSso = () => {
    // The address typed for a password sign-in is most likely the work email too.
    if (!withSso && !sso.values.email && form.values.email) sso.set('email', form.values.email.trim());
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
    <AuthCard
      title={t('login.title')}
      subtitle={
        withSso
          ? t('login.ssoHint')
          : target
            ? t('login.forWorkspace', target)
            : params.get('next')
              ? t('login.needed')
              : undefined
      }
    >
      {ssoError && (
        <div
          role="alert"
          className="mb-4 rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-800"
          data-testid="sso-error"
        >
          {t(ssoErrorKey(ssoError))}
        </div>
      )}
      {withSso ? (
        <ActionForm action={sso} onSubmit={submitSso} testId="sso-form">
          <EmailField
            label={t('login.workEmail')}
            autoComplete="username"
            required
            autoFocus
            data-testid="sso-email"
            {...sso.field('email')}
          />
          <Button type="submit" busy={sso.busy || leaving} className="w-full" data-testid="sso-continue">
            {t('login.ssoContinue')}
          </Button>
        </ActionForm>
      ) : (
        <ActionForm action={form} onSubmit={submit} testId="login-form" submitLabel={t('login.submit')}>
          <EmailField autoComplete="username" required autoFocus {...form.field('email')} />
          <PasswordField required {...form.field('password')} />
          <div className="flex items-center justify-between gap-3">
            <Checkbox name="remember" checked={remember} onChange={setRemember} disabled={form.busy}>
              {t('login.remember')}
            </Checkbox>
            <TextLink href="/forgot-password">{t('login.forgot')}</TextLink>
          </div>
        </ActionForm>
      )}
      <div className="my-4 flex items-center gap-3 text-xs uppercase tracking-wide text-slate-400">
        <span className="h-px flex-1 bg-slate-200" />
        {t('login.or')}
        <span className="h-px flex-1 bg-slate-200" />
      </div>
      <Link
        href={otherWayHref}
        onClick={prefillSso}
        className="block rounded-md bg-white px-4 py-2 text-center text-sm font-medium text-slate-800 shadow-xs ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
        data-testid="sso-toggle"
      >
        {t(withSso ? 'login.usePassword' : 'login.sso')}
      </Link>
      <AuthSwitch question={t('login.noAccount')} href="/signup">
        {t('nav.signup')}
      </AuthSwitch>
    </AuthCard>
  );
}
