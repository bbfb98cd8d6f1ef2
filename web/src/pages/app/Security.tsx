import type { SignInSettingsDto } from '@youarecoder/contract';
import { api } from '../../api/endpoints.ts';
import { TextLink } from '../../components/links.tsx';
import { Loadable } from '../../components/lists.tsx';
import { Notice, PageHeader } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/hooks.ts';
import { useIsManager, useMe } from '../../lib/session.tsx';
import { EmailDomains } from './security/EmailDomains.tsx';
import { SsoConnection } from './security/SsoConnection.tsx';
import { SsoOnly } from './security/SsoOnly.tsx';
import { TwoFactorPolicy } from './security/TwoFactorPolicy.tsx';

/** Sign-in security (owner and admins; only the owner changes it): two-factor required, SSO, domains, SSO only. */
export function Security() {
  const { t } = useI18n();
  const manager = useIsManager();
  return (
    <>
      <PageHeader title={t('nav.security')} description={t('security.subtitle')} />
      {manager ? <SecurityBody /> : <Notice kind="warning">{t('security.forbidden')}</Notice>}
    </>
  );
}

function SecurityBody() {
  const { t } = useI18n();
  const me = useMe();
  const canEdit = me.user.role === 'owner';
  const settings = useLoad(() => api.signInSettings(), []);
  // Requiring two-factor and SSO only both need the owner's own two-factor: say so before they try
  // (the API checks it again).
  const own = useLoad(() => (canEdit ? api.twoFactorStatus() : Promise.resolve(null)), [canEdit]);
  const s = settings.data;
  // Every change answers the whole settings: they become the page's state.
  const adopt = (next: SignInSettingsDto) => settings.setData(() => next);
  const section = { canEdit, onChange: adopt };

  return (
    <Loadable loading={settings.loading && !s} error={settings.error}>
      {s && (
        <div className="space-y-6">
          {!canEdit && (
            <div data-testid="security-owner-only">
              <Notice kind="info">{t('security.ownerOnly')}</Notice>
            </div>
          )}
          {canEdit && own.data && !own.data.enabled && (
            <div data-testid="security-own-two-factor">
              <Notice kind="warning">
                {t('security.ownTwoFactorOff')}{' '}
                <TextLink href="/app/account">{t('security.toAccount')}</TextLink>
              </Notice>
            </div>
          )}
          <TwoFactorPolicy settings={s} {...section} />
          <SsoConnection settings={s} {...section} />
          {/* Domains and SSO only mean something with SSO; kept visible while there is something to undo. */}
          {(s.ssoAvailable || s.domains.length > 0) && <EmailDomains settings={s} {...section} />}
          {(s.ssoAvailable || s.ssoOnly) && <SsoOnly settings={s} {...section} />}
        </div>
      )}
    </Loadable>
  );
}
