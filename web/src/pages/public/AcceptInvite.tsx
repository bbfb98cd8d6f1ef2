import { useState } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { ActionForm, EmailField, NewPasswordField } from '../../components/forms.tsx';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { TermsCheckbox } from '../../components/TermsCheckbox.tsx';
import { ErrorAlert, Field, Loading, Notice } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { newPasswordErrors, requiredAll, termsErrors } from '../../lib/formChecks.ts';
import { useForm, useLoad } from '../../lib/hooks.ts';
import { useSession } from '../../lib/session.tsx';

/** Join a company from an emailed invite: pick a name and a password. */
export function AcceptInvite() {
  const { t, locale, fmtDate } = useI18n();
  const { startSession } = useSession();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invite = useLoad(() => (token ? api.lookupInvite(token) : Promise.resolve(null)), [token]);
  const form = useForm({ fullName: '', password: '' });
  const [acceptTerms, setAcceptTerms] = useState(false);

  const submit = async () => {
    const { fullName, password } = form.values;
    const problems = {
      ...requiredAll(t, { fullName }),
      ...newPasswordErrors(t, password),
      ...termsErrors(t, acceptTerms),
    };
    if (form.reject(problems)) return;
    const res = await form.run(() =>
      api.acceptInvite({ token, fullName, password, acceptTerms: true, locale }),
    );
    if (!res) return;
    await startSession(res.csrfToken);
    navigate('/app');
  };

  if (!token || invite.loading || invite.error || !invite.data) {
    return (
      <AuthCard title={t('accept.title')}>
        {!token ? (
          <Notice kind="warning">{t('accept.noToken')}</Notice>
        ) : invite.loading ? (
          <Loading />
        ) : (
          <>
            <ErrorAlert error={invite.error} />
            <p className="mt-4 text-sm text-slate-600">{t('accept.invalidHelp')}</p>
          </>
        )}
      </AuthCard>
    );
  }

  const inv = invite.data;
  return (
    <AuthCard
      title={t('accept.titleCompany', { company: inv.companyName })}
      subtitle={t(inv.invitedBy ? 'accept.subtitleBy' : 'accept.subtitle', {
        name: inv.invitedBy ?? '',
        company: inv.companyName,
        role: t(`role.${inv.role}`),
      })}
    >
      <ActionForm
        action={form}
        onSubmit={submit}
        testId="accept-invite-form"
        submitLabel={t('accept.submit')}
        footer={
          <p className="text-center text-xs text-slate-500">
            {t('accept.expires', { date: fmtDate(inv.expiresAt) })}
          </p>
        }
      >
        <EmailField name="email" value={inv.email} readOnly disabled autoComplete="username" />
        <Field label={t('signup.fullName')} autoComplete="name" required {...form.field('fullName')} />
        <NewPasswordField required {...form.field('password')} />
        <TermsCheckbox checked={acceptTerms} onChange={setAcceptTerms} action={form} />
      </ActionForm>
    </AuthCard>
  );
}
