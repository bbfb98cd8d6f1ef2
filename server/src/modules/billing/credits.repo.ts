// The credit ledger (billing_credits) and the order rows that hold part of it.
import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { billingCredits, orders } from './billing.schema.ts';

/** A ledger row. */
export type CreditRow = typeof billingCredits.$inferSelect;

/** The company's credit balance: grants less uses (USD cents of list price). */
export async function creditBalance(exec: Executor, companyId: string): Promise<number> {
  const [r] = await exec
    .select({ n: sql<string>`coalesce(sum(${billingCredits.amountUsdMinor}), 0)::text` })
    .from(billingCredits)
    .where(eq(billingCredits.companyId, companyId));
  return Number(r?.n ?? 0);
}

/**
 * Credit a new order may use: the balance less what pending stored-card charges hold (they will be
 * paid without anyone at a browser). A use is written to the ledger only when its order is paid, so
 * a failed or expired order gives its credit back by not being paid. A payer's own checkout holds
 * nothing: one who closes the payment page and starts again must see the credit again (two such
 * orders both paid is alerted when the second is booked: useCredit).
 */
export async function availableCredit(exec: Executor, companyId: string): Promise<number> {
  const [held] = await exec
    .select({ n: sql<string>`coalesce(sum(${orders.creditUsdMinor}), 0)::text` })
    .from(orders)
    .where(and(eq(orders.companyId, companyId), eq(orders.status, 'pending'), eq(orders.autoCharge, true)));
  return Math.max(0, (await creditBalance(exec, companyId)) - Number(held?.n ?? 0));
}

/** Write a ledger row; a use of one order is written once (false when it already was). */
export async function insertCredit(
  exec: Executor,
  row: typeof billingCredits.$inferInsert,
): Promise<boolean> {
  const rows = await exec
    .insert(billingCredits)
    .values(row)
    .onConflictDoNothing()
    .returning({ id: billingCredits.id });
  return rows.length > 0;
}

/** The company's ledger, newest first. */
export async function listCredits(exec: Executor, companyId: string): Promise<CreditRow[]> {
  return exec
    .select()
    .from(billingCredits)
    .where(eq(billingCredits.companyId, companyId))
    .orderBy(sql`${billingCredits.createdAt} desc`);
}

/**
 * Paid orders that cover the period ending at `periodEnd` (its renewal or first payment and its
 * upgrades), and paid periods after it (paid ahead).
 */
export async function paidCoverage(
  exec: Executor,
  companyId: string,
  periodEnd: Date,
): Promise<{ current: (typeof orders.$inferSelect)[]; ahead: (typeof orders.$inferSelect)[] }> {
  const rows = await exec
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.companyId, companyId),
        eq(orders.status, 'paid'),
        sql`(${orders.periodEnd} = ${periodEnd.toISOString()}::timestamptz or (${orders.kind} <> 'upgrade' and ${orders.periodStart} >= ${periodEnd.toISOString()}::timestamptz))`,
      ),
    );
  return {
    current: rows.filter((o) => o.periodEnd.getTime() === periodEnd.getTime()),
    ahead: rows.filter((o) => o.periodEnd.getTime() !== periodEnd.getTime()),
  };
}

/**
 * Stored-card charges not yet sent to PayTR, marked failed: a canceled subscription must not be
 * charged. One already sent cannot be recalled; its outcome is booked like any payment.
 */
export async function dropUnsentCharges(exec: Executor, companyId: string, now: Date): Promise<number> {
  const rows = await exec
    .update(orders)
    .set({ status: 'failed', failedReasonMsg: 'subscription canceled before the charge', settledAt: now })
    .where(
      and(
        eq(orders.companyId, companyId),
        eq(orders.status, 'pending'),
        eq(orders.autoCharge, true),
        sql`${orders.chargeSentAt} is null`,
      ),
    )
    .returning({ id: orders.id });
  return rows.length;
}
