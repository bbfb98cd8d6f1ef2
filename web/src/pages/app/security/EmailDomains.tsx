import type { CompanyDomainDto } from '@youarecoder/contract';
import { useState } from 'react';
import { api } from '../../../api/endpoints.ts';
import { ActionForm, EmailField } from '../../../components/forms.tsx';
import { ConfirmDialog, RowList } from '../../../components/lists.tsx';
import { Button, Card, EmptyState, ErrorAlert } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { requiredErrors } from '../../../lib/formChecks.ts';
import { useAction, useConfirm, useForm } from '../../../lib/hooks.ts';
import type { SectionProps } from './common.tsx';

/** The company's email domains (proven by a mailed link): people of verified ones may join through SSO. */
export function EmailDomains({ settings, canEdit, onChange }: SectionProps) {
  const { t, fmtDate } = useI18n();
  const form = useForm({ email: '' });
  const resend = useAction();
  const [resending, setResending] = useState<string | null>(null);
  // Domains whose link went out again just now (the row itself names the address).
  const [resent, setResent] = useState<string[]>([]);
  const remove = useConfirm(
    (d: CompanyDomainDto) =>
      api.removeDomain(d.id).then((r) => {
        onChange(r);
        return r;
      }),
    // The settings it answered are adopted above; the row is gone with them.
    () => undefined,
  );

  const submit = async () => {
    const email = form.values.email.trim();
    if (form.reject(requiredErrors(t, 'email', email))) return;
    const r = await form.run(() => api.addDomain(email));
    if (!r) return;
    onChange(r);
    form.set('email', '');
  };

  // Adding the domain again with the same address mails a fresh link.
  const sendAgain = async (d: CompanyDomainDto) => {
    const email = d.verificationSentTo;
    if (!email) return;
    setResending(d.id);
    const r = await resend.run(() => api.addDomain(email));
    setResending(null);
    if (!r) return;
    onChange(r);
    setResent((ids) => [...ids, d.id]);
  };

  const domains = settings.domains;

  return (
    <Card
      title={t('security.domains.title')}
      description={t('security.domains.body')}
      data-testid="security-domains"
    >
      <ErrorAlert error={resend.error} className="mb-4" />
      {domains.length === 0 ? (
        <EmptyState title={t('security.domains.empty')}>{t('security.domains.emptyBody')}</EmptyState>
      ) : (
        <RowList
          label={t('security.domains.title')}
          items={domains}
          rowTestId="domain-row"
          rowData={(d) => ({ 'data-domain': d.domain })}
        >
          {(d) => (
            <>
              <div className="min-w-0">
                <p className="break-all text-sm font-medium text-slate-900">{d.domain}</p>
                <p
                  className={`mt-0.5 break-all text-xs ${d.verifiedAt ? 'text-emerald-700' : 'text-amber-800'}`}
                  data-testid="domain-status"
                >
                  {d.verifiedAt
                    ? t('security.domains.verifiedOn', { date: fmtDate(d.verifiedAt, false) })
                    : d.verificationSentTo
                      ? t('security.domains.sentTo', { email: d.verificationSentTo })
                      : t('security.domains.notSent')}
                </p>
              </div>
              <div className="flex flex-wrap gap-2">
                {!d.verifiedAt && d.verificationSentTo && (
                  <Button
                    size="sm"
                    variant="secondary"
                    aria-label={t('security.domains.resendLabel', { domain: d.domain })}
                    busy={resending === d.id}
                    disabled={!canEdit || resending !== null || resent.includes(d.id)}
                    onClick={() => void sendAgain(d)}
                    data-testid="domain-resend"
                  >
                    {t(resent.includes(d.id) ? 'security.domains.resent' : 'security.domains.resend')}
                  </Button>
                )}
                <Button
                  size="sm"
                  variant="danger"
                  aria-label={t('security.domains.removeLabel', { domain: d.domain })}
                  disabled={!canEdit}
                  onClick={() => remove.ask(d)}
                  data-testid="domain-remove"
                >
                  {t('security.domains.remove')}
                </Button>
              </div>
            </>
          )}
        </RowList>
      )}

      <ActionForm action={form} onSubmit={submit} testId="domain-form" className="mt-6 max-w-md space-y-4">
        <EmailField
          label={t('security.domains.email')}
          hint={t('security.domains.emailHint')}
          autoComplete="off"
          placeholder="it@example.com"
          data-testid="domain-email"
          {...form.field('email')}
          disabled={!canEdit || form.busy}
        />
        <Button type="submit" busy={form.busy} disabled={!canEdit} data-testid="domain-add">
          {t('security.domains.add')}
        </Button>
      </ActionForm>

      <ConfirmDialog
        state={remove.dialog}
        title={t('security.domains.removeTitle', { domain: remove.target?.domain ?? '' })}
        submitLabel={t('security.domains.remove')}
        testId="domain-remove-dialog"
      >
        <p>{t('security.domains.removeBody', { domain: remove.target?.domain ?? '' })}</p>
      </ConfirmDialog>
    </Card>
  );
}
