import { api } from '../../api/endpoints.ts';
import { QuotaSummary } from '../../components/QuotaSummary.tsx';
import { Card, PageHeader } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/hooks.ts';
import { useMe } from '../../lib/session.tsx';
import { Pricing } from '../public/Pricing.tsx';

/** Billing: shows the current limit; checkout comes later. */
export function Billing() {
  const { t } = useI18n();
  const me = useMe();
  const company = useLoad(() => api.company(), []);
  const c = company.data ?? me.company;
  return (
    <>
      <PageHeader title={t('nav.billing')} description={t('billing.subtitle')} />
      <Card title={t('billing.current')}>
        <p className="text-sm text-slate-600">{t('billing.limit')}</p>
        <p className="mt-1 text-3xl font-semibold text-slate-900" data-testid="billing-limit">
          {t('billing.limitValue', { n: c.workspaceLimit })}
        </p>
        <div className="mt-4 max-w-md">
          <QuotaSummary company={c} />
        </div>
        <p className="mt-4 rounded-md bg-indigo-50 px-4 py-3 text-sm text-indigo-900">{t('billing.soon')}</p>
      </Card>
      <h2 className="mt-10 mb-4 text-lg font-semibold text-slate-900">{t('billing.plans')}</h2>
      <Pricing showCta={false} />
    </>
  );
}
