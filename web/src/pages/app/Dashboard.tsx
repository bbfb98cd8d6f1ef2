import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { Link } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { QuotaSummary } from '../../components/QuotaSummary.tsx';
import { Card, ErrorAlert, Loading, PageHeader, Stat, UsageBar } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useLoad } from '../../lib/hooks.ts';
import { useMe } from '../../lib/session.tsx';

/** Running and total workspaces and the quota use, from GET /workspaces. */
function WorkspacesCard() {
  const { t } = useI18n();
  const list = useLoad(() => api.workspaces(), []);
  const d = list.data;
  const running = d?.items.filter((w) => w.status === 'running').length ?? 0;
  return (
    <Card
      title={t('nav.workspaces')}
      className="md:col-span-2"
      data-testid="dashboard-workspaces"
      actions={
        <Link href="/app/workspaces" className="text-sm font-medium text-indigo-700 hover:underline">
          {t('dashboard.toWorkspaces')} →
        </Link>
      }
    >
      {list.loading && !d ? (
        <Loading />
      ) : list.error && !d ? (
        <ErrorAlert error={list.error} />
      ) : (
        d && (
          <>
            <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
              <Stat label={t('dashboard.running')} value={running} testId="workspaces-running" />
              <Stat label={t('dashboard.total')} value={d.items.length} testId="workspaces-total" />
              <Stat
                label={t('dashboard.mine')}
                value={`${d.quota.mine} / ${d.quota.myQuota}`}
                testId="workspaces-mine"
              />
              <Stat
                label={t('dashboard.companyUse')}
                value={`${d.quota.company} / ${d.quota.companyLimit}`}
                testId="workspaces-company"
              />
            </dl>
            <div className="mt-5">
              <UsageBar
                value={d.quota.company}
                max={d.quota.companyLimit}
                label={t('workspaces.quotaCompanyLabel')}
              />
              <p className="mt-2 text-sm text-slate-600">
                {t('workspaces.quotaCompany', {
                  n: d.quota.company,
                  max: d.quota.companyLimit,
                  plan: PLAN_NAMES[d.quota.plan],
                })}
              </p>
            </div>
          </>
        )
      )}
    </Card>
  );
}

/** Home of the signed-in portal: workspaces, company, quota summary, own quota. */
export function Dashboard() {
  const { t } = useI18n();
  const me = useMe();
  // /company has createdAt and is the fresher source; /me already holds the same summary.
  const company = useLoad(() => api.company(), []);
  const c = company.data ?? me.company;
  const isAdmin = me.user.role !== 'member';
  const host = window.location.host;

  return (
    <>
      <PageHeader
        title={t('dashboard.title', { name: me.user.fullName.split(' ')[0] ?? '' })}
        description={t('dashboard.subtitle')}
      />
      {company.error && <ErrorAlert error={company.error} className="mb-6" />}
      {!me.user.emailVerified && (
        <div
          className="mb-6 rounded-lg border border-amber-200 bg-amber-50 px-5 py-4 text-sm text-amber-900"
          data-testid="dashboard-verify"
        >
          <p className="font-medium">{t('dashboard.verifyTitle')}</p>
          <p className="mt-1">{t('dashboard.verifyBody', { email: me.user.email })}</p>
        </div>
      )}
      <div className="grid gap-6 md:grid-cols-2">
        <WorkspacesCard />
        <Card title={t('dashboard.company')}>
          <p className="text-lg font-semibold text-slate-900" data-testid="company-name">
            {c.name}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {t('dashboard.address')}{' '}
            <span className="break-all font-mono text-indigo-700" data-testid="company-subdomain">
              {c.subdomain}.{host}
            </span>
          </p>
          <p className="mt-3 text-sm text-slate-600">
            {t('dashboard.yourRole')}{' '}
            <span className="font-medium text-slate-900">{t(`role.${me.user.role}`)}</span>
          </p>
        </Card>
        <Card title={t('dashboard.yourQuota')}>
          <p className="text-3xl font-semibold text-slate-900" data-testid="own-quota">
            {me.user.workspaceQuota}
          </p>
          <p className="mt-1 text-sm text-slate-600">
            {t('dashboard.yourQuotaBody', { n: me.user.workspaceQuota })}
          </p>
          <Link
            href="/app/workspaces"
            className="mt-3 inline-block text-sm font-medium text-indigo-700 hover:underline"
          >
            {t('nav.workspaces')} →
          </Link>
        </Card>
        <Card
          title={t('dashboard.quota')}
          className="md:col-span-2"
          actions={
            isAdmin ? (
              <Link href="/app/team" className="text-sm font-medium text-indigo-700 hover:underline">
                {t('dashboard.manageTeam')}
              </Link>
            ) : undefined
          }
        >
          <dl className="grid grid-cols-3 gap-4">
            <Stat label={t('quota.limit')} value={c.workspaceLimit} testId="quota-limit" />
            <Stat label={t('quota.allocated')} value={c.quotaAllocated} testId="quota-allocated" />
            <Stat label={t('quota.members')} value={c.memberCount} testId="member-count" />
          </dl>
          <div className="mt-5">
            <QuotaSummary company={c} />
          </div>
        </Card>
      </div>
    </>
  );
}
