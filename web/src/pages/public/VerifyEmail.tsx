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

// A token works once: remember the attempt so a re-mount (StrictMode, back button) does not spend it twice.
const attempts = new Map<string, Promise<void>>();

/** Confirms the address from the emailed link. */
export function VerifyEmail() {
  const { t } = useI18n();
  const { status, refresh } = useSession();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const [state, setState] = useState<'working' | 'done' | 'failed'>('working');
  const [error, setError] = useState<ApiError | null>(null);

  useEffect(() => {
    if (!token) return;
    let live = true;
    let p = attempts.get(token);
    if (!p) {
      p = api.verifyEmail(token).then(() => undefined);
      attempts.set(token, p);
    }
    p.then(
      () => {
        if (!live) return;
        setState('done');
        void refresh();
      },
      (e: unknown) => {
        if (!live) return;
        setError(toApiError(e));
        setState('failed');
      },
    );
    return () => {
      live = false;
    };
  }, [token, refresh]);

  const next =
    status === 'signedIn' ? (
      <ButtonLink href="/app">{t('verify.toDashboard')}</ButtonLink>
    ) : (
      <ButtonLink href="/login">{t('nav.login')}</ButtonLink>
    );

  return (
    <AuthCard title={t('verify.title')}>
      {!token ? (
        <Notice kind="warning">{t('verify.noToken')}</Notice>
      ) : state === 'working' ? (
        <Loading label={t('verify.working')} />
      ) : state === 'done' ? (
        <div className="space-y-4">
          <Notice>{t('verify.done')}</Notice>
          {next}
        </div>
      ) : (
        <div className="space-y-4">
          <ErrorAlert error={error} />
          <p className="text-sm text-slate-600">
            {status === 'signedIn' ? t('verify.failedSignedIn') : t('verify.failedSignedOut')}
          </p>
          {next}
        </div>
      )}
    </AuthCard>
  );
}
