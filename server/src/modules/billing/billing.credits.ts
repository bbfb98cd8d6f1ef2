// Credit on a company (billing_credits): granted by an immediate cancellation under
// CANCEL_REFUND_POLICY=prorated_credit, used by the next paid order. On the invoice the credit is an
// iskonto (discount) on the sale's line, not a line of its own: GİB's e-invoice format (UBL-TR) has no
// negative lines, and a discount granted at the sale is left out of the VAT base (KDV Kanunu 25/a), so
// the VAT is computed on the net after it, as priceFrom does.
import { planPriceUsdCents } from '@youarecoder/contract';
import type { Tx } from '../../platform/db/client.ts';
import type { BillingContext } from './billing.context.ts';
import { alertOps } from './billing.mail.ts';
import type * as repo from './billing.repo.ts';
import { creditBalance, insertCredit } from './credits.repo.ts';
import { DAY } from './periods.ts';

/** The text of a credit's discount on an invoice line (Turkish / English, as the other lines). */
export const CREDIT_DISCOUNT_TEXT = 'Kullanılmayan süre kredisi / credit for unused time';

/** An order's invoice line: the full price, less the credit it used as the line's discount. */
export function invoiceLine(order: repo.OrderRow, description: string) {
  const base = { description, quantity: 1, netMinor: order.netMinor };
  if (order.discountMinor <= 0) return { ...base, unitNetMinor: order.netMinor };
  return {
    ...base,
    unitNetMinor: order.netMinor + order.discountMinor,
    discountMinor: order.discountMinor,
    discountText: CREDIT_DISCOUNT_TEXT,
  };
}

/** Write the use of an order's credit to the ledger, in the transaction that books the order. */
export async function useCredit(ctx: BillingContext, tx: Tx, order: repo.OrderRow): Promise<void> {
  const written = await insertCredit(tx, {
    id: ctx.ids.id('crd'),
    companyId: order.companyId,
    kind: 'applied',
    amountUsdMinor: -order.creditUsdMinor,
    orderId: order.id,
    note: `used by order ${order.merchantOid}`,
    createdBy: null,
    createdAt: ctx.clock.now(),
  });
  if (!written) return;
  const balance = await creditBalance(tx, order.companyId);
  if (balance < 0)
    await alertOps(
      ctx,
      tx,
      `Credit used twice by company ${order.companyId}`,
      `Order ${order.merchantOid} was paid with ${order.creditUsdMinor} USD cents of credit the company no longer had (two orders priced with the same credit were both paid); the balance is now ${balance}. Charge the difference or write it off.`,
    );
  await ctx.audit.record(tx, {
    companyId: order.companyId,
    actor: null,
    meta: null,
    action: 'billing.credit_applied',
    target: { type: 'order', id: order.id },
    metadata: {
      creditUsdMinor: order.creditUsdMinor,
      discountMinor: order.discountMinor,
      currency: order.currency,
    },
  });
}

/** What the paid orders of the current period brought in, USD cents of list price after credit and refunds. */
function paidUsd(orders: repo.OrderRow[]): number {
  let sum = 0;
  for (const o of orders) {
    const usd = o.usdNetMinor - o.creditUsdMinor;
    const kept = o.amountMinor > 0 ? (o.amountMinor - o.refundedMinor) / o.amountMinor : 0;
    sum += Math.floor(usd * Math.max(0, kept));
  }
  return sum;
}

/**
 * The credit for canceling now: the unused whole days of the current paid period at the plan's list
 * price (never more than was paid for the period), plus any period already paid ahead in full.
 * `current` are the period's paid orders (renewal or first payment, and upgrades), `ahead` those of
 * later periods.
 */
export function cancellationCredit(
  sub: repo.SubscriptionRow,
  now: Date,
  current: repo.OrderRow[],
  ahead: repo.OrderRow[],
): { unusedDays: number; creditUsdMinor: number } {
  const start = sub.currentPeriodStart;
  const end = sub.currentPeriodEnd;
  if (sub.status !== 'active' || !start || !end || end <= now)
    return { unusedDays: 0, creditUsdMinor: paidUsd(ahead) };
  const unusedDays = Math.floor((end.getTime() - now.getTime()) / DAY);
  const periodDays = Math.max(1, Math.round((end.getTime() - start.getTime()) / DAY));
  const list = planPriceUsdCents(sub.plan, sub.period);
  // Integer arithmetic: list × days stays far below 2^53.
  const prorated = Math.min(Math.floor((list * unusedDays) / periodDays), paidUsd(current));
  return { unusedDays, creditUsdMinor: prorated + paidUsd(ahead) };
}
