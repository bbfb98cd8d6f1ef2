import { Card } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { PolicyButton, type SectionProps } from './common.tsx';

/** Two-factor sign-in required of everyone, or not; and how many have not turned it on. */
export function TwoFactorPolicy({ settings, canEdit, onChange }: SectionProps) {
  const { t } = useI18n();
  const on = settings.requireTwoFactor;
  const missing = settings.membersWithoutTwoFactor;
  return (
    <Card
      title={t('security.twoFactor.title')}
      description={t('security.twoFactor.body')}
      data-testid="security-two-factor"
    >
      <p className="text-sm font-medium text-slate-900" data-testid="require-two-factor-state">
        {t(on ? 'security.twoFactor.on' : 'security.twoFactor.off')}
      </p>
      <p className="mt-1 text-sm text-slate-600" data-testid="members-without-two-factor">
        {missing === 0 ? t('security.twoFactor.allOn') : t('security.twoFactor.missing', { n: missing })}
      </p>
      <p className="mt-3 max-w-2xl text-sm text-slate-600">{t('security.twoFactor.explain')}</p>
      <PolicyButton
        field="requireTwoFactor"
        value={on}
        canEdit={canEdit}
        onChange={onChange}
        turnOn={t('security.twoFactor.require')}
        turnOff={t('security.twoFactor.stop')}
        testId="require-two-factor"
      />
    </Card>
  );
}
