// Immediate cancellation: the subscription ends at once (workspaces stopped through the status hooks,
// as on suspension), and under CANCEL_REFUND_POLICY=prorated_credit the unused whole days of the paid
// period become a credit on the company for its next payment. The preview is the same computation the
// cancellation makes, so the confirm dialog shows exactly what happens.
import { type CancelRefundPolicy, formatMoney } from '@youarecoder/contract';
import type { Executor, Tx } from '../../platform/db/client.ts';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { BillingContext } from './billing.context.ts';
import { cancellationCredit } from './billing.credits.ts';
import { billingUrl, mailBilling } from './billing.mail.ts';
import * as repo from './billing.repo.ts';
import { changeStatus } from './billing.status.ts';
import { dropUnsentCharges, insertCredit, paidCoverage } from './credits.repo.ts';
import { istanbulDate } from './periods.ts';

/** Statuses an immediate cancellation applies to (suspended and canceled have nothing running). */
const CANCELLABLE = new Set(['trialing', 'active', 'past_due']);

/** What canceling now would do, or null when there is nothing to cancel. */
export async function cancelNowPreview(
  ctx: BillingContext,
  exec: Executor,
  sub: repo.SubscriptionRow,
): Promise<{
  policy: CancelRefundPolicy;
  endsAt: string;
  unusedDays: number;
  creditUsdMinor: number;
} | null> {
  if (!CANCELLABLE.has(sub.status)) return null;
  const now = ctx.clock.now();
  const policy = ctx.config.CANCEL_REFUND_POLICY;
  const cov = sub.currentPeriodEnd
    ? await paidCoverage(exec, sub.companyId, sub.currentPeriodEnd)
    : { current: [], ahead: [] };
  const c = cancellationCredit(sub, now, cov.current, cov.ahead);
  return {
    policy,
    endsAt: now.toISOString(),
    unusedDays: c.unusedDays,
    creditUsdMinor: policy === 'prorated_credit' ? c.creditUsdMinor : 0,
  };
}

/** End the subscription now (owner only), crediting the unused time when the policy says so. */
export async function cancelNow(
  ctx: BillingContext,
  tx: Tx,
  p: Principal,
  sub: repo.SubscriptionRow,
  meta: RequestMeta,
): Promise<void> {
  const preview = await cancelNowPreview(ctx, tx, sub);
  if (!preview)
    throw new AppError(
      'CONFLICT',
      `A ${sub.status} subscription has nothing to cancel: its workspaces are already stopped.`,
    );
  const now = ctx.clock.now();
  const companyId = sub.companyId;
  await repo.updateSubscription(tx, companyId, {
    status: 'canceled',
    canceledAt: now,
    cancelAtPeriodEnd: false,
    nextPlan: null,
    nextPeriod: null,
    // The service ended now: the period shown ends here too.
    ...(sub.currentPeriodEnd && sub.currentPeriodEnd > now ? { currentPeriodEnd: now } : {}),
    updatedAt: now,
  });
  await dropUnsentCharges(tx, companyId, now);
  await changeStatus(ctx, tx, companyId, sub.status, 'canceled', 'canceled now by the owner');
  if (preview.creditUsdMinor > 0)
    await insertCredit(tx, {
      id: ctx.ids.id('crd'),
      companyId,
      kind: 'cancellation',
      amountUsdMinor: preview.creditUsdMinor,
      orderId: null,
      note: `${preview.unusedDays} unused days of the period ending ${sub.currentPeriodEnd?.toISOString() ?? '-'}`,
      createdBy: p.userId,
      createdAt: now,
    });
  await ctx.audit.record(tx, {
    companyId,
    actor: { userId: p.userId, email: p.email },
    action: 'billing.canceled_now',
    target: { type: 'company', id: companyId },
    metadata: {
      from: sub.status,
      policy: preview.policy,
      unusedDays: preview.unusedDays,
      creditUsdMinor: preview.creditUsdMinor,
      periodEnd: sub.currentPeriodEnd?.toISOString() ?? null,
    },
    meta,
  });
  await mailBilling(ctx, tx, companyId, 'canceled_now', (c) => ({
    name: c.name,
    companyName: c.companyName,
    endedOn: istanbulDate(now),
    credit: preview.creditUsdMinor > 0 ? formatMoney(preview.creditUsdMinor, 'USD', c.locale) : null,
    billingUrl: billingUrl(ctx),
  }));
}
