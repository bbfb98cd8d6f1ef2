import { formatMoney } from '@youarecoder/contract/billing-rules';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { useState } from 'react';
import { type AdminCompany, adminApi } from '../../../api/admin.ts';
import { cellClass, DataTable } from '../../../components/table.tsx';
import { Badge, Button, EmptyState } from '../../../components/ui.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { formatBillingDate, SUBSCRIPTION_TONE } from '../../../lib/billing.ts';
import { useLoad } from '../../../lib/hooks.ts';
import { AdminCard, None } from './common.tsx';
import { VatReviewDialog } from './VatReviewDialog.tsx';

const { td } = cellClass;

/** The date that matters next: the trial's end while trialing (or without a period), else the period's. */
function EndDate({ company: c }: { company: AdminCompany }) {
  const { t, locale } = useI18n();
  const trial = c.trialEndsAt && (c.status === 'trialing' || !c.currentPeriodEnd);
  if (trial) return <>{t('admin.companies.trialEnds', { date: formatBillingDate(c.trialEndsAt, locale) })}</>;
  if (c.currentPeriodEnd)
    return <>{t('admin.companies.periodEnds', { date: formatBillingDate(c.currentPeriodEnd, locale) })}</>;
  return <None />;
}

/** An address that may break before its @ on a narrow column, rather than anywhere. */
function Email({ address }: { address: string | null }) {
  if (!address) return <None />;
  const at = address.lastIndexOf('@');
  if (at <= 0) return <>{address}</>;
  return (
    <>
      {address.slice(0, at)}
      <wbr />
      {address.slice(at)}
    </>
  );
}

/** Every company with its owner, plan, subscription state and dates. */
export function CompaniesPanel() {
  const { t, locale, fmtDate } = useI18n();
  const list = useLoad(() => adminApi.companies(), []);
  const [reviewing, setReviewing] = useState<AdminCompany | null>(null);
  const items = list.data?.companies ?? [];
  return (
    <AdminCard
      title={t('admin.companies.title')}
      description={t('admin.companies.subtitle')}
      testId="admin-companies"
      loaded={list}
      empty={items.length === 0 && <EmptyState title={t('admin.companies.empty')} />}
    >
      <DataTable
        label={t('admin.companies.title')}
        head={[
          t('admin.companies.name'),
          t('admin.companies.subdomain'),
          t('admin.companies.owner'),
          t('admin.companies.plan'),
          t('admin.companies.status'),
          t('admin.companies.dates'),
          t('admin.companies.created'),
          t('admin.companies.paid'),
        ]}
      >
        {items.map((c) => (
          <tr key={c.id} data-testid="admin-company-row" data-company={c.id} data-status={c.status}>
            <td className={`${td} min-w-36`}>
              <p className="font-medium text-slate-900">{c.name}</p>
              <p className="break-all font-mono text-xs text-slate-500">{c.id}</p>
              {c.vatReview?.status === 'pending' && (
                <Button
                  variant="secondary"
                  size="sm"
                  className="mt-2"
                  data-testid="vat-review-open"
                  onClick={() => setReviewing(c)}
                >
                  {t('admin.vatReview.open')}
                </Button>
              )}
              {c.vatReview && c.vatReview.status !== 'pending' && (
                <Badge tone={c.vatReview.status === 'confirmed' ? 'green' : 'slate'}>
                  {t(`admin.vatReview.${c.vatReview.status}`)}
                </Badge>
              )}
            </td>
            <td className={`${td} font-mono text-slate-700`}>{c.subdomain}</td>
            <td className={`${td} break-words text-slate-700`}>
              <Email address={c.ownerEmail} />
            </td>
            <td className={`${td} whitespace-nowrap`}>{PLAN_NAMES[c.plan]}</td>
            <td className={td}>
              <Badge tone={SUBSCRIPTION_TONE[c.status] ?? 'slate'}>
                {t(`subscriptionStatus.${c.status}`)}
              </Badge>
            </td>
            <td className={`${td} min-w-32 text-slate-600`}>
              <EndDate company={c} />
            </td>
            <td className={`${td} whitespace-nowrap text-slate-600`}>
              <time dateTime={c.createdAt}>{fmtDate(c.createdAt, false)}</time>
            </td>
            <td className={`${td} whitespace-nowrap tabular-nums text-slate-700`}>
              {c.paid.length === 0
                ? '—'
                : c.paid.map((x) => (
                    <p key={x.currency} data-testid="admin-company-paid" data-currency={x.currency}>
                      {formatMoney(x.minor, x.currency, locale)}
                    </p>
                  ))}
            </td>
          </tr>
        ))}
      </DataTable>
      <p className="mt-3 text-xs text-slate-500">{t('admin.companies.paidNote')}</p>
      <VatReviewDialog
        company={reviewing}
        onClose={() => setReviewing(null)}
        onDone={() => {
          setReviewing(null);
          list.reload();
        }}
      />
    </AdminCard>
  );
}
