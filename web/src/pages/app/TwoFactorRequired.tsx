import { Brand } from '../../components/Brand.tsx';
import { LocaleSwitch } from '../../components/LocaleSwitch.tsx';
import { Button } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSession } from '../../lib/session.tsx';
import { TwoFactor } from './account/TwoFactor.tsx';

/**
 * What a user sees, whatever page they open, while their company requires two-factor sign-in and they have
 * not set it up: why, the enrolment itself, and a way out. Every other page would only answer 403.
 */
export function TwoFactorRequired() {
  const { t } = useI18n();
  const { me, refresh, logout } = useSession();
  return (
    <div className="min-h-screen bg-slate-50">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-3xl items-center justify-between gap-3 px-4 py-3">
          <Brand />
          <div className="flex items-center gap-2">
            <LocaleSwitch />
            <Button size="sm" variant="ghost" onClick={() => void logout()}>
              {t('nav.logout')}
            </Button>
          </div>
        </div>
      </header>
      <main id="main" className="mx-auto max-w-3xl space-y-6 px-4 py-10" data-testid="two-factor-required">
        <div className="rounded-md border border-indigo-200 bg-indigo-50 p-4">
          <h1 className="text-lg font-semibold text-indigo-950">{t('twoFactorRequired.title')}</h1>
          <p className="mt-1 text-sm text-indigo-900">
            {t('twoFactorRequired.body', { company: me?.company.name ?? '' })}
          </p>
        </div>
        <TwoFactor onCodesSaved={() => void refresh()} />
      </main>
    </div>
  );
}
