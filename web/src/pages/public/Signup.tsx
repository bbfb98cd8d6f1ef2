import { PASSWORD_MIN_LENGTH } from '@youarecoder/contract/constants';
import { deriveSubdomain, subdomainProblem } from '@youarecoder/contract/subdomain';
import { type FormEvent, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { TermsCheckbox } from '../../components/TermsCheckbox.tsx';
import { Button, ErrorAlert, Field } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction } from '../../lib/hooks.ts';
import { useSession } from '../../lib/session.tsx';

/** Company signup: creates the company and its owner, then opens the dashboard. */
export function Signup() {
  const { t, locale } = useI18n();
  const { startSession } = useSession();
  const [, navigate] = useLocation();
  const action = useAction();
  const [companyName, setCompanyName] = useState('');
  const [subdomainEdited, setSubdomainEdited] = useState(false);
  const [subdomainInput, setSubdomainInput] = useState('');
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [acceptTerms, setAcceptTerms] = useState(false);

  // The portal always sends what it previewed, so the user gets exactly the address they saw.
  const subdomain = subdomainEdited ? subdomainInput : deriveSubdomain(companyName);
  const problem = subdomain ? subdomainProblem(subdomain) : null;
  const host = window.location.host;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (problem) fields.subdomain = t(`subdomain.${problem}`);
    if (password.length < PASSWORD_MIN_LENGTH)
      fields.password = t('password.tooShort', { n: PASSWORD_MIN_LENGTH });
    if (!acceptTerms) fields.acceptTerms = t('signup.mustAccept');
    if (Object.keys(fields).length) return action.fail(t('form.fixErrors'), fields);
    const res = await action.run(() =>
      api.signup({
        companyName,
        subdomain: subdomain || undefined,
        fullName,
        email,
        password,
        acceptTerms: true,
        locale,
      }),
    );
    if (!res) return;
    await startSession(res.csrfToken);
    navigate('/app');
  };

  return (
    <AuthCard title={t('signup.title')} subtitle={t('signup.subtitle')}>
      <form
        onSubmit={submit}
        noValidate
        data-testid="signup-form"
        className="space-y-4"
        aria-busy={action.busy}
      >
        <ErrorAlert error={action.error} />
        <Field
          label={t('signup.companyName')}
          name="companyName"
          autoComplete="organization"
          required
          value={companyName}
          onChange={(e) => setCompanyName(e.target.value)}
          error={action.fields.companyName}
          disabled={action.busy}
        />
        <Field
          label={t('signup.subdomain')}
          name="subdomain"
          autoCapitalize="none"
          spellCheck={false}
          value={subdomain}
          onChange={(e) => {
            setSubdomainEdited(true);
            setSubdomainInput(e.target.value.toLowerCase().trim());
          }}
          error={
            action.fields.subdomain ?? (subdomainEdited && problem ? t(`subdomain.${problem}`) : undefined)
          }
          disabled={action.busy}
          hint={t('signup.subdomainHint')}
          after={
            <p
              className="mt-1 break-all text-sm text-slate-600"
              data-testid="subdomain-preview"
              aria-live="polite"
            >
              {t('signup.addressPreview')}{' '}
              <span className="font-mono font-medium text-indigo-700">
                {subdomain || '…'}.{host}
              </span>
            </p>
          }
        />
        <Field
          label={t('signup.fullName')}
          name="fullName"
          autoComplete="name"
          required
          value={fullName}
          onChange={(e) => setFullName(e.target.value)}
          error={action.fields.fullName}
          disabled={action.busy}
        />
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
        <Field
          label={t('common.password')}
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN_LENGTH}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          error={action.fields.password}
          hint={t('password.hint', { n: PASSWORD_MIN_LENGTH })}
          disabled={action.busy}
        />
        <TermsCheckbox
          checked={acceptTerms}
          onChange={setAcceptTerms}
          disabled={action.busy}
          error={action.fields.acceptTerms}
        />
        <Button type="submit" busy={action.busy} className="w-full">
          {t('signup.submit')}
        </Button>
        <p className="text-center text-xs text-slate-500">{t('signup.trialNote')}</p>
      </form>
      <p className="mt-6 text-center text-sm text-slate-600">
        {t('signup.haveAccount')}{' '}
        <Link href="/login" className="font-medium text-indigo-700 hover:underline">
          {t('nav.login')}
        </Link>
      </p>
    </AuthCard>
  );
}
