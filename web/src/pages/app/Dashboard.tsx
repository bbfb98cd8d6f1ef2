import type { WorkspaceDto } from '@youarecoder/contract';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { useState } from 'react';
import { Link, useLocation } from 'wouter';
import { api } from '../../api/endpoints.ts';
import { CopyField } from '../../components/CopyField.tsx';
import { Loadable } from '../../components/lists.tsx';
import { Card, PageHeader } from '../../components/ui.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { daysLeft, formatBillingDate } from '../../lib/billing.ts';
import { useLoad } from '../../lib/hooks.ts';
import { POLL_MS, useInterval, useNow } from '../../lib/live.ts';
import { useMe } from '../../lib/session.tsx';
import { useSubscription } from '../../lib/subscription.tsx';
import { isBusy, sortWorkspaces } from '../../lib/workspaces.ts';
import { CreateWorkspaceButton } from './workspaces/CreateButton.tsx';
import { CreateWorkspaceDialog } from './workspaces/CreateWorkspaceDialog.tsx';
import { NoWorkspaces } from './workspaces/NoWorkspaces.tsx';
import { WorkspaceCard } from './workspaces/WorkspaceCard.tsx';

/** The trial's days left and its end, with the way to a plan for those who may choose one. */
function TrialCard() {
  const { t, locale } = useI18n();
  const { state, manager } = useSubscription();
  const now = useNow(60_000);
  if (state?.status !== 'trialing') return null;
  const left = daysLeft(state.trialEndsAt, now) ?? 0;
  return (
    <Card title={t('dashboard.trialTitle')} data-testid="dashboard-trial">
      <p className="text-3xl font-semibold text-slate-900" data-testid="trial-days-left">
        {t('dashboard.trialDaysLeft', { n: left })}
      </p>
      <p className="mt-1 text-sm text-slate-600">
        {t('dashboard.trialEnds', { date: formatBillingDate(state.trialEndsAt, locale) })}
      </p>
      {manager ? (
        <Link
          href="/app/billing"
          className="mt-3 inline-block text-sm font-medium text-indigo-700 hover:underline"
        >
          {t('billingBanner.choosePlan')}
        </Link>
      ) : (
        <p className="mt-3 text-sm text-slate-500">{t('billingBanner.askManager')}</p>
      )}
    </Card>
  );
}

/** Home of the signed-in portal: the person's workspaces and Create first, then trial and company. */
export function Dashboard() {
  const { t } = useI18n();
  const me = useMe();
  const [, navigate] = useLocation();
  const list = useLoad(() => api.workspaces(), []);
  const [creating, setCreating] = useState(false);
  const now = useNow();
  const c = me.company;
  const isAdmin = me.user.role !== 'member';
  const items = sortWorkspaces(list.data?.items ?? [], me.user.id);
  const mine = items.filter((w) => w.owner.id === me.user.id);
  useInterval(
    list.reload,
    POLL_MS,
    mine.some((w) => isBusy(w.status)),
  );
  const quota = list.data?.quota;
  const onChanged = (id: string, status: WorkspaceDto['status']) => {
    list.setData((d) =>
      d ? { ...d, items: d.items.map((w) => (w.id === id ? { ...w, status, statusReason: null } : w)) } : d,
    );
    list.reload();
  };
  const create = () => setCreating(true);

  return (
    <>
      <PageHeader
        title={t('dashboard.title', { name: me.user.fullName.split(' ')[0] ?? '' })}
        description={t('dashboard.subtitle')}
        actions={<CreateWorkspaceButton quota={quota} onClick={create} />}
      />
      <div className="space-y-6">
        <section aria-labelledby="dashboard-mine" data-testid="dashboard-workspaces">
          <div className="mb-3 flex items-baseline justify-between gap-3">
            <h2 id="dashboard-mine" className="text-base font-semibold text-slate-900">
              {t('dashboard.myWorkspaces')}
            </h2>
            <Link href="/app/workspaces" className="text-sm font-medium text-indigo-700 hover:underline">
              {t('dashboard.toWorkspaces')} →
            </Link>
          </div>
          <Loadable
            loading={list.loading && !list.data}
            error={list.data ? null : list.error}
            empty={mine.length === 0 && <NoWorkspaces quota={quota} onCreate={create} />}
          >
            <ul className="grid gap-4 sm:grid-cols-2" aria-labelledby="dashboard-mine">
              {mine.map((ws) => (
                <WorkspaceCard
                  key={ws.id}
                  ws={ws}
                  now={now}
                  showOwner={false}
                  canOpen
                  onChanged={(r) => onChanged(ws.id, r.status)}
                />
              ))}
            </ul>
          </Loadable>
        </section>
        <div className="grid gap-6 md:grid-cols-2">
          <TrialCard />
          <Card
            title={c.name}
            data-testid="dashboard-company"
            actions={
              isAdmin ? (
                <Link href="/app/team" className="text-sm font-medium text-indigo-700 hover:underline">
                  {t('dashboard.manageTeam')}
                </Link>
              ) : undefined
            }
          >
            <p className="text-sm text-slate-600">
              {t('dashboard.yourRole')}{' '}
              <span className="font-medium text-slate-900">{t(`role.${me.user.role}`)}</span>
            </p>
            {quota && (
              <p className="mt-2 text-sm text-slate-600" data-testid="dashboard-quota">
                {t('dashboard.quotaLine', {
                  mine: quota.mine,
                  myQuota: quota.myQuota,
                  company: quota.company,
                  max: quota.companyLimit,
                  plan: PLAN_NAMES[quota.plan],
                })}
              </p>
            )}
            <p className="mt-2 text-sm text-slate-600">{t('team.memberCount', { n: c.memberCount })}</p>
            <div className="mt-4" data-testid="dashboard-company-address">
              <p className="text-sm font-medium text-slate-900" id="company-address-label">
                {t('dashboard.address')}
              </p>
              <p className="mb-2 text-xs text-slate-500">{t('dashboard.addressHint')}</p>
              <CopyField
                asText
                value={c.url}
                href={c.url}
                display={c.url.replace(/^https?:\/\//, '').replace(/\/$/, '')}
                label={t('dashboard.address')}
                testId="company-address"
              />
            </div>
          </Card>
        </div>
      </div>
      {quota && (
        <CreateWorkspaceDialog
          open={creating}
          quota={quota}
          sampleUrl={items[0]?.url}
          onClose={() => setCreating(false)}
          onCreated={(r) => navigate(`/app/workspaces/${r.id}`)}
        />
      )}
    </>
  );
}
