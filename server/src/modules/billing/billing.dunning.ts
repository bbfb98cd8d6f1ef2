// Dunning: a declined stored-card renewal is charged again on the days of DUNNING_RETRY_DAYS, counted
// from the period end (pastDueSince), while the company is past due. Each retry is a new order for the
// same period (a new merchant_oid: PayTR refuses one it already has) keyed by period and attempt, so
// it is made once even with two workers (the subscription's row lock, the claimed notice, and a
// unique index under both) and, once made, is sent by the same resumable step as the first charge.
// A success books the period like any renewal (it continues from the old end, the anchor kept).
import { formatMoney, GRACE_DAYS, PLAN_NAMES } from '@youarecoder/contract';
import type { Executor, Tx } from '../../platform/db/client.ts';
import type { BillingContext } from './billing.context.ts';
import { billingUrl, mailBilling } from './billing.mail.ts';
import { createOrder, renewalSpec } from './billing.orders.ts';
import * as repo from './billing.repo.ts';
import { chargesOfPeriod } from './dunning.repo.ts';
import { DAY, istanbulDate } from './periods.ts';

/** Whether the lifecycle may charge the company's stored card at all. */
export const chargesAutomatically = (ctx: BillingContext, sub: repo.SubscriptionRow) =>
  ctx.config.PAYTR_RECURRING === '1' && !!sub.cardUtoken && !!sub.cardCtoken;

/** When retry `attempt` (1-based) of a period that went past due at `since` is due. */
const retryAt = (ctx: BillingContext, since: Date, attempt: number): Date | null => {
  const day = ctx.config.dunningRetryDays[attempt - 1];
  return day === undefined ? null : new Date(since.getTime() + day * DAY);
};

/**
 * In the lifecycle's transaction (subscription locked, status past due): create the retry that is
 * due now, if any. Only the latest due day is tried (after an outage that skipped day 1, day 3's
 * retry is made, not both). Returns the order to charge.
 */
export async function scheduleDunningRetry(
  ctx: BillingContext,
  tx: Tx,
  sub: repo.SubscriptionRow,
): Promise<{ id: string; companyId: string } | null> {
  const since = sub.pastDueSince;
  if (!since || sub.status !== 'past_due' || !chargesAutomatically(ctx, sub)) return null;
  const now = ctx.clock.now();
  if (now.getTime() >= since.getTime() + GRACE_DAYS * DAY) return null;
  const charges = await chargesOfPeriod(tx, sub.companyId, since);
  // Retries follow a declined stored-card renewal, and never while a charge is still in flight.
  if (!charges.some((c) => c.dunningAttempt === 0 && c.status === 'failed')) return null;
  if (charges.some((c) => c.status === 'pending' || c.status === 'paid')) return null;
  let attempt = 0;
  for (let i = ctx.config.dunningRetryDays.length; i >= 1; i--) {
    const at = retryAt(ctx, since, i);
    if (at && now >= at) {
      attempt = i;
      break;
    }
  }
  if (attempt === 0 || charges.some((c) => c.dunningAttempt >= attempt)) return null;
  if (!(await repo.claimNotice(tx, sub.companyId, 'dunning_retry', `${since.toISOString()}:${attempt}`, now)))
    return null;
  const { rows } = await repo.billingContacts(tx, sub.companyId);
  const order = await createOrder(ctx, tx, {
    ...renewalSpec(sub, since, rows[0]?.email ?? ''),
    autoCharge: true,
    dunningAttempt: attempt,
  });
  await ctx.audit.record(tx, {
    companyId: sub.companyId,
    actor: null,
    meta: null,
    action: 'billing.dunning_retry',
    target: { type: 'order', id: order.id },
    metadata: {
      attempt,
      day: ctx.config.dunningRetryDays[attempt - 1],
      periodStart: since.toISOString(),
      amountMinor: order.amountMinor,
      currency: order.currency,
    },
  });
  return { id: order.id, companyId: sub.companyId };
}

/** Mail the outcome of a dunning retry (declined, or paid) in the transaction that records it. */
export async function mailRetryOutcome(
  ctx: BillingContext,
  exec: Executor,
  order: repo.OrderRow,
  outcome: { paid: true } | { paid: false; reason: string | null; code: string | null },
): Promise<void> {
  const since = order.periodStart;
  const next = outcome.paid ? null : retryAt(ctx, since, order.dunningAttempt + 1);
  const suspendAt = new Date(since.getTime() + GRACE_DAYS * DAY);
  await mailBilling(ctx, exec, order.companyId, 'dunning_retry', (c) => ({
    name: c.name,
    companyName: c.companyName,
    planName: PLAN_NAMES[order.plan],
    amount: formatMoney(order.amountMinor, order.currency, c.locale),
    triedOn: istanbulDate(ctx.clock.now()),
    paid: outcome.paid,
    reason: outcome.paid ? '' : (outcome.reason ?? ''),
    reasonCode: outcome.paid ? null : outcome.code,
    nextTryOn: next && next < suspendAt ? istanbulDate(next) : null,
    suspendOn: istanbulDate(suspendAt),
    payUrl: `${billingUrl(ctx)}?renew=1`,
  }));
}

/** The portal's view of a past-due company's declined renewal and its retries, or null. */
export async function dunningView(ctx: BillingContext, exec: Executor, sub: repo.SubscriptionRow) {
  const since = sub.pastDueSince;
  if (sub.status !== 'past_due' || !since) return null;
  const charges = await chargesOfPeriod(exec, sub.companyId, since);
  const failed = charges.filter((c) => c.status === 'failed');
  const last = failed.at(-1);
  if (!last) return null;
  const made = Math.max(0, ...charges.map((c) => c.dunningAttempt));
  const next = chargesAutomatically(ctx, sub) ? retryAt(ctx, since, made + 1) : null;
  const now = ctx.clock.now();
  // A day skipped by an outage is not tried late: the next one is the first still ahead.
  let upcoming = next;
  for (let a = made + 1; upcoming && upcoming <= now; a++) upcoming = retryAt(ctx, since, a + 1);
  return {
    failedAt: (last.settledAt ?? last.createdAt).toISOString(),
    reason: last.failedReasonMsg,
    reasonCode: last.failedReasonCode,
    attempts: made,
    retryDays: ctx.config.dunningRetryDays,
    nextRetryAt:
      upcoming && upcoming.getTime() < since.getTime() + GRACE_DAYS * DAY ? upcoming.toISOString() : null,
  };
}
