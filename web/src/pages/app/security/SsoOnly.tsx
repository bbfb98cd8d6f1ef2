import { Card } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { PolicyButton, type SectionProps } from './common.tsx';

/** Single sign-on as the only way in (the owner's password and two-factor code stay the way in when the IdP fails). */
export function SsoOnly({ settings, canEdit, onChange }: SectionProps) {
  const { t } = useI18n();
  const on = settings.ssoOnly;
  // Turning it on needs a connection; turning it off always works.
  const usable = on || settings.sso !== null;
  return (
    <Card
      title={t('security.ssoOnly.title')}
      description={t('security.ssoOnly.body')}
      data-testid="security-sso-only"
    >
      <p className="text-sm font-medium text-slate-900" data-testid="sso-only-state">
        {t(on ? 'security.ssoOnly.on' : 'security.ssoOnly.off')}
      </p>
      <p className="mt-3 max-w-2xl text-sm text-slate-600">{t('security.ssoOnly.explain')}</p>
      <PolicyButton
        field="ssoOnly"
        value={on}
        canEdit={canEdit}
        disabled={!usable}
        onChange={onChange}
        turnOn={t('security.ssoOnly.enable')}
        turnOff={t('security.ssoOnly.disable')}
        testId="sso-only"
      />
      {!usable && (
        <p className="mt-2 text-xs text-slate-500" data-testid="sso-only-needs-sso">
          {t('security.ssoOnly.needsSso')}
        </p>
      )}
    </Card>
  );
}
