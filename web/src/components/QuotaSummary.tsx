import type { CompanyDto } from '@youarecoder/contract';
import { useI18n } from '../i18n/index.tsx';
import { UsageBar } from './ui.tsx';

/** What is still free to hand out (the API's allocation already counts open invites). */
export function freeQuota(c: Pick<CompanyDto, 'workspaceLimit' | 'quotaAllocated'>): number {
  return Math.max(0, c.workspaceLimit - c.quotaAllocated);
}

/** "N of M allocated" line with its bar. */
export function QuotaSummary({
  company,
}: {
  company: Pick<CompanyDto, 'workspaceLimit' | 'quotaAllocated'>;
}) {
  const { t } = useI18n();
  return (
    <div>
      <UsageBar value={company.quotaAllocated} max={company.workspaceLimit} label={t('quota.barLabel')} />
      <p className="mt-2 text-sm text-slate-600" data-testid="quota-summary">
        {t('quota.summary', {
          allocated: company.quotaAllocated,
          limit: company.workspaceLimit,
          free: freeQuota(company),
        })}
      </p>
    </div>
  );
}
