import { useEffect, useState } from 'react';
import { useSearchParams } from 'wouter';
import type { ApiError } from '../../api/client.ts';
import { api } from '../../api/endpoints.ts';
import { ButtonLink } from '../../components/links.tsx';
import { AuthCard } from '../../components/PublicLayout.tsx';
import { ErrorAlert, Loading, Notice } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { toApiError } from '../../lib/hooks.ts';
import { useSession } from '../../lib/session.tsx';

type Verified = { domain: string; companyName: string };

// A token works once: remember the attempt so a re-mount (StrictMode, back button) does not spend it twice.
const attempts = new Map<string, Promise<Verified>>();

/** Confirms a company's email domain from the link mailed to an address in it (no sign-in needed). */
export function VerifyDomain() {
  const { t } = useI18n();
  const { status, me } = useSession();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [result, setResult] = useState<Verified | null>(null);
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!token) return;
    let live = true;
    let p = attempts.get(token);
    if (!p) {
      p = api.verifyDomain(token);
      attempts.set(token, p);
    }
    p.then(
      (r) => {
        if (live) setResult(r);
      },
      (e: unknown) => {
        if (live) setError(toApiError(e));
      },
    );
    return () => {
      live = false;
    };
  }, [token]);

  // The owner (or an admin) who sent the link goes back to the settings; anyone else signs in.
  const manager = me?.user.role === 'owner' || me?.user.role === 'admin';
  const next =
    status === 'signedIn' ? (
      manager ? (
        <ButtonLink href="/app/security">{t('verifyDomain.toSecurity')}</ButtonLink>
      ) : (
        <ButtonLink href="/app">{t('verify.toDashboard')}</ButtonLink>
      )
    ) : (
      <ButtonLink href="/login">{t('nav.login')}</ButtonLink>
    );

  return (
    <AuthCard title={t('verifyDomain.title')}>
      {!token ? (
        <Notice kind="warning">{t('verifyDomain.noToken')}</Notice>
      ) : result ? (
        <div className="space-y-4">
          <div data-testid="domain-verified">
            <Notice>
              <p className="font-medium">
                {t('verifyDomain.done', { domain: result.domain, company: result.companyName })}
              </p>
              <p className="mt-1">{t('verifyDomain.doneBody', { domain: result.domain })}</p>
            </Notice>
          </div>
          {next}
        </div>
      ) : error ? (
        <div className="space-y-4" data-testid="domain-verify-failed">
          <ErrorAlert error={error} />
          <p className="text-sm text-slate-600">{t('verifyDomain.failed')}</p>
          {next}
        </div>
      ) : (
        <Loading label={t('verifyDomain.working')} />
      )}
    </AuthCard>
  );
}
