import { deriveSubdomain, subdomainProblem } from '@youarecoder/contract/subdomain';
import { useState } from 'react';
import { useLocation } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { ActionForm, AddressPreview, EmailField, NewPasswordField } from '../../components/forms.tsx';
import { AuthSwitch } from '../../components/links.tsx';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { TermsCheckbox } from '../../components/TermsCheckbox.tsx';
import { Field } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { emailErrors, newPasswordErrors, requiredAll, termsErrors } from '../../lib/formChecks.ts';
import { useForm } from '../../lib/hooks.ts';
import { useSession } from '../../lib/session.tsx';

/** Company signup: creates the company and its owner, then opens the dashboard. */
export function Signup() {
  const { t, locale } = useI18n();
  const { startSession } = useSession();
  const [, navigate] = useLocation();
  const form = useForm({ companyName: '', fullName: '', email: '', password: '' });
  const [subdomainEdited, setSubdomainEdited] = useState(false);
  const [subdomainInput, setSubdomainInput] = useState('');
  const [acceptTerms, setAcceptTerms] = useState(false);

  // The portal always sends what it previewed, so the user gets exactly the address they saw.
  const subdomain = subdomainEdited ? subdomainInput : deriveSubdomain(form.values.companyName);
  const problem = subdomain ? subdomainProblem(subdomain) : null;
  const host = window.location.host;

  const submit = async () => {
    const { companyName, fullName, email, password } = form.values;
    // Every field at once, in the form's order (the first one gets the focus).
    const problems = {
      ...requiredAll(t, { companyName }),
      ...(problem && (companyName.trim() || subdomainEdited) ? { subdomain: t(`subdomain.${problem}`) } : {}),
      ...requiredAll(t, { fullName }),
      ...emailErrors(t, email),
      ...newPasswordErrors(t, password),
      ...termsErrors(t, acceptTerms),
    };
    if (form.reject(problems)) return;
    const res = await form.run(() =>
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
      <ActionForm
        action={form}
        onSubmit={submit}
        testId="signup-form"
        submitLabel={t('signup.submit')}
        footer={<p className="text-center text-xs text-slate-500">{t('signup.trialNote')}</p>}
      >
        <Field
          label={t('signup.companyName')}
          autoComplete="organization"
          required
          {...form.field('companyName')}
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
            form.fields.subdomain ?? (subdomainEdited && problem ? t(`subdomain.${problem}`) : undefined)
          }
          disabled={form.busy}
          hint={t('signup.subdomainHint')}
          after={
            <AddressPreview label={t('signup.addressPreview')} testId="subdomain-preview">
              {subdomain || '…'}.{host}
            </AddressPreview>
          }
        />
        <Field label={t('signup.fullName')} autoComplete="name" required {...form.field('fullName')} />
        <EmailField autoComplete="email" required {...form.field('email')} />
        <NewPasswordField required {...form.field('password')} />
        <TermsCheckbox checked={acceptTerms} onChange={setAcceptTerms} action={form} />
      </ActionForm>
      <AuthSwitch question={t('signup.haveAccount')} href="/login">
        {t('nav.login')}
      </AuthSwitch>
    </AuthCard>
  );
}
