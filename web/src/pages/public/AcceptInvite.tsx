import { PASSWORD_MIN_LENGTH } from '@youarecoder/contract/constants';
import { type FormEvent, useState } from 'react';
import { useLocation, useSearchParams } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { TermsCheckbox } from '../../components/TermsCheckbox.tsx';
import { Button, ErrorAlert, Field, Loading, Notice } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAction, useLoad } from '../../lib/hooks.ts';
import { useSession } from '../../lib/session.tsx';

/** Join a company from an emailed invite: pick a name and a password. */
export function AcceptInvite() {
  const { t, locale, fmtDate } = useI18n();
  const { startSession } = useSession();
  const [, navigate] = useLocation();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const invite = useLoad(() => (token ? api.lookupInvite(token) : Promise.resolve(null)), [token]);
  const action = useAction();
  const [fullName, setFullName] = useState('');
  const [password, setPassword] = useState('');
  const [acceptTerms, setAcceptTerms] = useState(false);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const fields: Record<string, string> = {};
    if (password.length < PASSWORD_MIN_LENGTH)
      fields.password = t('password.tooShort', { n: PASSWORD_MIN_LENGTH });
    if (!acceptTerms) fields.acceptTerms = t('signup.mustAccept');
    if (Object.keys(fields).length) return action.fail(t('form.fixErrors'), fields);
    const res = await action.run(() =>
      api.acceptInvite({ token, fullName, password, acceptTerms: true, locale }),
    );
    if (!res) return;
    await startSession(res.csrfToken);
    navigate('/app');
  };

  if (!token) {
    return (
      <AuthCard title={t('accept.title')}>
        <Notice kind="warning">{t('accept.noToken')}</Notice>
      </AuthCard>
    );
  }
  if (invite.loading) {
    return (
      <AuthCard title={t('accept.title')}>
        <Loading />
      </AuthCard>
    );
  }
  if (invite.error || !invite.data) {
    return (
      <AuthCard title={t('accept.title')}>
        <ErrorAlert error={invite.error} />
        <p className="mt-4 text-sm text-slate-600">{t('accept.invalidHelp')}</p>
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
      <form
        onSubmit={submit}
        noValidate
        data-testid="accept-invite-form"
        className="space-y-4"
        aria-busy={action.busy}
      >
        <ErrorAlert error={action.error} />
        <Field
          label={t('common.email')}
          name="email"
          type="email"
          value={inv.email}
          readOnly
          disabled
          autoComplete="username"
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
          label={t('common.password')}
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
        <TermsCheckbox
          checked={acceptTerms}
          onChange={setAcceptTerms}
          disabled={action.busy}
          error={action.fields.acceptTerms}
        />
        <Button type="submit" busy={action.busy} className="w-full">
          {t('accept.submit')}
        </Button>
        <p className="text-center text-xs text-slate-500">
          {t('accept.expires', { date: fmtDate(inv.expiresAt) })}
        </p>
      </form>
    </AuthCard>
  );
}
