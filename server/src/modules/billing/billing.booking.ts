// Booking a paid order: the order, its invoice, the subscription, the company's plan, limits and quotas
// in the caller's transaction; or, for an upgrade paid after its period, money received and refunded.
import { PLAN_NAMES, planRank } from '@youarecoder/contract';
import type { SQLWrapper } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import type { BillingContext } from './billing.context.ts';
import { invoiceLine, useCredit } from './billing.credits.ts';
import { mailRetryOutcome } from './billing.dunning.ts';
import { alertOps, billingUrl, mailBilling } from './billing.mail.ts';
import { refundOrder } from './billing.refunds.ts';
import * as repo from './billing.repo.ts';
import { changeStatus } from './billing.status.ts';
import {
  type BuyerParty,
  type InvoiceLine,
  issueInvoice,
  sellerFromConfig,
  surchargedAmounts,
} from './invoices/index.ts';
import { anchoredPeriodEnd, istanbulDate, trialKeptUntil } from './periods.ts';

/** What a payment settled with (a notification or the status inquiry). */
export interface Settlement {
  totalMinor: number;
  installmentCount: number | null;
  paymentType: string | null;
  utoken?: string | null;
  ctoken?: string | null;
  settledBy: 'callback' | 'inquiry' | 'direct';
}

/**
 * Book a paid order in the caller's transaction (which holds the order's row lock): the order,
 * its invoice, the subscription, the company's plan, limits and quotas move together or not at all.
 */
export async function bookPaid(
  ctx: BillingContext,
  tx: Tx,
  order: repo.OrderRow,
  s: Settlement,
  locked?: repo.BookingContext,
  /** Rows to write in the same statement (the notification's own record). */
  alsoWrite: SQLWrapper[] = [],
): Promise<'booked' | 'stale'> {
  const now = ctx.clock.now();
  const held = locked ?? (await repo.lockForBooking(tx, order.merchantOid));
  if (!held) throw new Error(`order ${order.id} has no subscription`);
  const { sub, details } = held;
  if (order.kind === 'upgrade' && !upgradeStillApplies(order, sub)) {
    await bookStale(ctx, tx, order, s, alsoWrite);
    return 'stale';
  }
  let start = order.periodStart;
  let end = order.periodEnd;
  /** A fresh period (not continuing paid coverage) starts the subscription's anchor anew. */
  let fresh = false;
  let anchor: Date | null = null;
  if (order.kind !== 'upgrade') {
    // The period a renewal buys continues the paid coverage; a company that was not being served
    // (trial, suspended, canceled) starts a fresh period when it pays.
    const serving = sub.status === 'active' || sub.status === 'past_due';
    // Read after the subscription's lock was granted: a payment booked meanwhile is counted.
    const covered = serving ? await repo.paidThrough(tx, order.companyId) : null;
    const from = serving ? [sub.currentPeriodEnd, covered].filter((d): d is Date => !!d) : [];
    fresh = from.length === 0;
    start = fresh ? now : new Date(Math.max(...from.map((d) => d.getTime())));
    // Paid during the trial: the plan starts now and the trial's remaining days are kept, added to the
    // first period (it ends a period after the trial's end, and renewals fall on that day).
    const kept = fresh ? trialKeptUntil(sub, now) : null;
    // Renewals end on the anchor's day (31 Jan → 28 Feb → 31 Mar), never a month from the last end.
    anchor = fresh ? (kept ?? start) : (sub.billingAnchor ?? sub.currentPeriodStart);
    end = anchoredPeriodEnd(anchor, kept ?? start, order.period);
  }
  // The order, the subscription, the audit entry (and the notification's own row) in one statement.
  const paidOrder = repo.updateOrderSql(tx, order.id, {
    status: 'paid',
    periodStart: start,
    periodEnd: end,
    paidTotalMinor: s.totalMinor,
    installmentCount: s.installmentCount,
    paymentType: s.paymentType,
    settledBy: s.settledBy,
    paidAt: now,
    settledAt: now,
    failedReasonCode: null,
    failedReasonMsg: null,
  });
  const card = s.utoken && s.ctoken ? { cardUtoken: s.utoken, cardCtoken: s.ctoken } : {};
  const startsNow = order.kind !== 'upgrade' && start.getTime() <= now.getTime();
  const subPatch =
    order.kind === 'upgrade'
      ? { plan: order.plan, nextPlan: null, updatedAt: now }
      : startsNow
        ? {
            status: 'active' as const,
            plan: order.plan,
            period: order.period,
            currency: order.currency,
            currentPeriodStart: start,
            currentPeriodEnd: end,
            ...(fresh ? { billingAnchor: anchor } : {}),
            pastDueSince: null,
            suspendedAt: null,
            canceledAt: null,
            cancelAtPeriodEnd: false,
            nextPlan: null,
            nextPeriod: null,
            ...card,
            updatedAt: now,
          }
        : // Paid ahead: the next period's plan applies when it starts; paying means not canceling.
          { cancelAtPeriodEnd: false, nextPlan: null, nextPeriod: null, ...card, updatedAt: now };
  await repo.together(tx, [
    ...alsoWrite,
    paidOrder,
    repo.updateSubscriptionSql(tx, order.companyId, subPatch),
    ctx.audit.insertSql({
      companyId: order.companyId,
      actor: null,
      meta: null,
      action: 'billing.payment_succeeded',
      target: { type: 'order', id: order.id },
      metadata: {
        merchantOid: order.merchantOid,
        amountMinor: order.amountMinor,
        paidTotalMinor: s.totalMinor,
        currency: order.currency,
        plan: order.plan,
        settledBy: s.settledBy,
      },
    }),
  ]);
  const wasServing = sub.status === 'active' || sub.status === 'past_due' || sub.status === 'trialing';
  if (order.kind === 'upgrade' || startsNow)
    await ctx.companies.applyPlan(tx, order.companyId, order.plan, now);
  if (startsNow && sub.status !== 'active')
    await changeStatus(ctx, tx, order.companyId, sub.status, 'active', 'payment received');
  if (!wasServing) {
    await ctx.audit.record(tx, {
      companyId: order.companyId,
      actor: null,
      meta: null,
      action: 'billing.restored',
      target: { type: 'company', id: order.companyId },
      metadata: { from: sub.status },
    });
    await mailBilling(ctx, tx, order.companyId, 'restored', (c) => ({
      name: c.name,
      companyName: c.companyName,
      planName: PLAN_NAMES[order.plan],
      billingUrl: billingUrl(ctx),
    }));
  }
  if (order.dunningAttempt > 0) await mailRetryOutcome(ctx, tx, order, { paid: true });
  if (order.creditUsdMinor > 0) await useCredit(ctx, tx, order);
  // What was paid: the order's price, and any installment surcharge PayTR added on top as its own line.
  const { surchargeNetMinor, ...amounts } = surchargedAmounts(
    { ...order, totalMinor: order.amountMinor },
    Math.max(s.totalMinor, order.amountMinor),
    order.tryRate,
  );
  const lines: InvoiceLine[] = [invoiceLine(order, lineText(order, start, end))];
  if (surchargeNetMinor > 0)
    lines.push({
      description: `Taksit vade farkı / Installment surcharge (${s.installmentCount ?? '-'} taksit / instalments)`,
      quantity: 1,
      unitNetMinor: surchargeNetMinor,
      netMinor: surchargeNetMinor,
    });
  // Last, so the year's invoice counter stays locked only until the commit.
  await issueInvoice(
    tx,
    {
      kind: 'invoice',
      companyId: order.companyId,
      orderId: order.id,
      currency: order.currency,
      ...amounts,
      tryRate: order.tryRate,
      fxDate: order.fxDate,
      fxRateType: order.fxRateType,
      taxEvidence: order.taxEvidence,
      seller: sellerFromConfig(ctx.config),
      buyer: buyerOf(details),
      lines,
      periodStart: start,
      periodEnd: end,
      issuedAt: now,
    },
    { ids: ctx.ids, clock: ctx.clock, prefix: ctx.config.INVOICE_PREFIX },
    { orderFresh: true },
  );

  ctx.counters.payments.labels('paid', order.currency).inc();
  return 'booked';
}

/**
 * An upgrade applies to the period it was priced for, while the company is still served on the plan it
 * upgrades from. Paid later (its payment page stays open for half an hour: after a renewal rolled the
 * period over, say) it would buy a whole new period on the higher plan for the remainder's price.
 */
function upgradeStillApplies(order: repo.OrderRow, sub: repo.SubscriptionRow): boolean {
  return (
    (sub.status === 'active' || sub.status === 'past_due') &&
    sub.currentPeriodEnd?.getTime() === order.periodEnd.getTime() &&
    planRank(order.plan) > planRank(sub.plan)
  );
}

/**
 * Money received for an order that can no longer be applied: the order is paid (the money is in), nothing
 * else changes, no invoice is issued (no sale took place), the operators are alerted, and the caller
 * refunds it in full after the commit (refundStale).
 */
async function bookStale(
  ctx: BillingContext,
  tx: Tx,
  order: repo.OrderRow,
  s: Settlement,
  alsoWrite: SQLWrapper[],
) {
  const now = ctx.clock.now();
  await repo.together(tx, [
    ...alsoWrite,
    repo.updateOrderSql(tx, order.id, {
      status: 'paid',
      paidTotalMinor: s.totalMinor,
      installmentCount: s.installmentCount,
      paymentType: s.paymentType,
      settledBy: s.settledBy,
      paidAt: now,
      settledAt: now,
      failedReasonCode: null,
      failedReasonMsg: 'paid after its period ended: not applied, refunded',
    }),
    ctx.audit.insertSql({
      companyId: order.companyId,
      actor: null,
      meta: null,
      action: 'billing.stale_payment',
      target: { type: 'order', id: order.id },
      metadata: {
        merchantOid: order.merchantOid,
        kind: order.kind,
        plan: order.plan,
        amountMinor: s.totalMinor,
      },
    }),
  ]);
  await alertOps(
    ctx,
    tx,
    `Order ${order.merchantOid} paid after its period ended: refunding`,
    `The ${order.kind} to ${PLAN_NAMES[order.plan]} for ${istanbulDate(order.periodStart)} – ${istanbulDate(order.periodEnd)} was paid (${s.totalMinor} minor units of ${order.currency}) after that period ended; it was not applied. The platform refunds it in full now; if that refund fails, refund the order from the admin pages.`,
  );
}

/** Refund, after the commit, an order booked as stale; a failure is alerted and left for an operator. */
export async function refundStale(ctx: BillingContext, orderId: string): Promise<void> {
  try {
    await refundOrder(ctx, null, orderId, { reason: 'Paid after its period ended: not applied' }, null);
  } catch (err) {
    ctx.log.error({ err, orderId }, 'automatic refund of a stale payment failed');
    await alertOps(
      ctx,
      ctx.db,
      `Automatic refund of order ${orderId} failed`,
      `${(err as Error).message}. Refund it from the admin pages (Payments).`,
    );
  }
}

function buyerOf(d: repo.DetailsRow | undefined): BuyerParty {
  if (!d) throw new Error('a paid order without billing details');
  return {
    legalName: d.legalName,
    taxOffice: d.taxOffice,
    taxNumber: d.taxNumber,
    address: d.address,
    city: d.city,
    country: d.country,
  };
}

function lineText(order: repo.OrderRow, start: Date, end: Date): string {
  const plan = PLAN_NAMES[order.plan];
  const days = istanbulDate;
  if (order.kind === 'upgrade')
    return `YouAreCoder ${plan}: plan yükseltme farkı / upgrade, ${days(start)} – ${days(end)}`;
  return `YouAreCoder ${plan} (${order.period === 'annual' ? 'yıllık / annual' : 'aylık / monthly'}), ${days(start)} – ${days(end)}`;
}
