import { useState } from 'react';
import { api } from '../api/endpoints.ts';
import { useI18n } from '../i18n/index.tsx';
import { describeError } from '../lib/errorSummary.ts';
import { useAction } from '../lib/hooks.ts';
import { useMe } from '../lib/session.tsx';
import { Button } from './ui.tsx';

/** "Verify your email" with a resend button, on every page while the address is unconfirmed. */
export function VerifyBanner() {
  const { t, locale } = useI18n();
  const me = useMe();
  const action = useAction();
  const [sent, setSent] = useState(false);
  if (me.user.emailVerified) return null;
  const error = action.error && describeError(t, locale, action.error);
  return (
    <section
      aria-label={t('verify.bannerLabel')}
      data-testid="verify-banner"
      className="border-b border-amber-200 bg-amber-50"
    >
      <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-3 text-sm text-amber-900 sm:px-6">
        <p>
          {t('verify.banner', { email: me.user.email })}
          {sent && (
            <span className="ml-1 font-medium" role="status">
              {t('verify.sent')}
            </span>
          )}
          {error && (
            <span className="ml-1 font-medium text-red-700" role="alert">
              {error.summary}
              {error.detail && <span lang="en"> {error.detail}</span>}
            </span>
          )}
        </p>
        <Button
          size="sm"
          variant="secondary"
          busy={action.busy}
          onClick={async () => {
            setSent(false);
            const r = await action.run(() => api.resendVerification());
            if (r) setSent(true);
          }}
        >
          {t('verify.resend')}
        </Button>
      </div>
    </section>
  );
}
