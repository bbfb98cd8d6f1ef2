import { useState } from 'react';
import { PageHeader } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { ApiTokens } from './account/ApiTokens.tsx';
import { ChangePassword } from './account/ChangePassword.tsx';
import { Profile } from './account/Profile.tsx';
import { Sessions } from './account/Sessions.tsx';
import { TwoFactor } from './account/TwoFactor.tsx';

/** The user's own settings. */
export function Account() {
  const { t } = useI18n();
  // A password change ends other sessions: reload the list afterwards.
  const [sessionsKey, setSessionsKey] = useState(0);
  return (
    <>
      <PageHeader title={t('nav.account')} description={t('account.subtitle')} />
      <div className="space-y-6">
        <Profile />
        <ChangePassword onChanged={() => setSessionsKey((k) => k + 1)} />
        <TwoFactor />
        <Sessions reloadKey={sessionsKey} />
        <ApiTokens />
      </div>
    </>
  );
}
