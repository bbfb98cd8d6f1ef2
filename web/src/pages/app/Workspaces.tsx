import { EmptyState, PageHeader } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useMe } from '../../lib/session.tsx';

/** Workspaces: not built yet. */
export function Workspaces() {
  const { t } = useI18n();
  const me = useMe();
  return (
    <>
      <PageHeader title={t('nav.workspaces')} description={t('workspaces.subtitle')} />
      <EmptyState title={t('workspaces.soonTitle')}>
        <p>{t('workspaces.soonBody')}</p>
        <p className="mt-2">{t('workspaces.quota', { n: me.user.workspaceQuota })}</p>
      </EmptyState>
    </>
  );
}
