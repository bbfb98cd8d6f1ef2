import { useLocation, useParams } from 'wouter';
import { Tabs } from '../../components/Tabs.tsx';
import { PageHeader } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useIsOperator } from '../../lib/operator.ts';
import { NotFound } from '../public/NotFound.tsx';
import { CallbacksPanel } from './admin/Callbacks.tsx';
import { CompaniesPanel } from './admin/Companies.tsx';
import { JobsPanel } from './admin/Jobs.tsx';
import { PaymentsPanel } from './admin/Payments.tsx';
import { ReconciliationPanel } from './admin/Reconciliation.tsx';

const TABS = ['companies', 'payments', 'callbacks', 'reconciliation', 'jobs'] as const;
type Tab = (typeof TABS)[number];
const isTab = (s: string | undefined): s is Tab => (TABS as readonly string[]).includes(s ?? '');

/**
 * The platform operators' pages (/app/admin/:tab). Everyone else sees the page that does not exist,
 * as the API answers them 404.
 */
export function Admin() {
  const { t } = useI18n();
  const isOperator = useIsOperator();
  const params = useParams<{ tab?: string }>();
  const [, navigate] = useLocation();
  const tab: Tab = isTab(params.tab) ? params.tab : 'companies';

  if (!isOperator) return <NotFound inApp />;

  return (
    <>
      <PageHeader title={t('admin.title')} description={t('admin.subtitle')} />
      <Tabs<Tab>
        label={t('admin.sections')}
        selected={tab}
        // The tab is in the address (a link or a reload opens it), without a history entry per arrow key.
        onSelect={(id) => navigate(`/app/admin/${id}`, { replace: true })}
        tabs={[
          { id: 'companies', label: t('admin.tab.companies'), panel: <CompaniesPanel /> },
          { id: 'payments', label: t('admin.tab.payments'), panel: <PaymentsPanel /> },
          { id: 'callbacks', label: t('admin.tab.callbacks'), panel: <CallbacksPanel /> },
          { id: 'reconciliation', label: t('admin.recon.tab'), panel: <ReconciliationPanel /> },
          { id: 'jobs', label: t('admin.tab.jobs'), panel: <JobsPanel /> },
        ]}
      />
    </>
  );
}
