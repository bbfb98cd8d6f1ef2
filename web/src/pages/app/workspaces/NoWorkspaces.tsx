import type { WorkspaceListDto } from '@youarecoder/contract';
import { EmptyState } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { CreateWorkspaceButton } from './CreateButton.tsx';

/** "No workspaces yet" with Create, the one empty state of the dashboard and the workspaces page. */
export function NoWorkspaces({
  quota,
  onCreate,
}: {
  quota: WorkspaceListDto['quota'] | undefined;
  onCreate: () => void;
}) {
  const { t } = useI18n();
  return (
    <div data-testid="no-workspaces">
      <EmptyState
        title={t('workspaces.emptyTitle')}
        action={
          <CreateWorkspaceButton
            quota={quota}
            onClick={onCreate}
            label={t('workspaces.createFirst')}
            align="center"
          />
        }
      >
        {t('workspaces.emptyBody')}
      </EmptyState>
    </div>
  );
}
