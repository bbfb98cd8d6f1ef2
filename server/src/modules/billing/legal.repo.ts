import { and, asc, desc, eq, inArray, isNotNull, min } from 'drizzle-orm';
import type { Executor, Tx } from '../../platform/db/client.ts';
import { orders } from './billing.schema.ts';
import { legalAcceptances, refundRequests } from './legal.schema.ts';

/** A checkout's acceptance of one legal document. */
export type AcceptanceRow = typeof legalAcceptances.$inferSelect;
/** A customer's refund request. */
export type RefundRequestRow = typeof refundRequests.$inferSelect;

/** Record the acceptances of one checkout (in the order's transaction). */
export async function insertAcceptances(
  exec: Executor,
  rows: (typeof legalAcceptances.$inferInsert)[],
): Promise<void> {
  if (rows.length) await exec.insert(legalAcceptances).values(rows);
}

/** The acceptances recorded with an order. */
export async function acceptancesOfOrder(exec: Executor, orderId: string): Promise<AcceptanceRow[]> {
  return exec
    .select()
    .from(legalAcceptances)
    .where(eq(legalAcceptances.orderId, orderId))
    .orderBy(asc(legalAcceptances.document));
}

/** The company's earliest acceptances (what a stored-card renewal rests on). */
export async function firstAcceptances(exec: Executor, companyId: string): Promise<AcceptanceRow[]> {
  const [first] = await exec
    .select({ orderId: legalAcceptances.orderId })
    .from(legalAcceptances)
    .where(eq(legalAcceptances.companyId, companyId))
    .orderBy(asc(legalAcceptances.acceptedAt))
    .limit(1);
  return first ? acceptancesOfOrder(exec, first.orderId) : [];
}

/** When the company first paid (the start of the policy's full-refund window), or null. */
export async function firstPaidAt(exec: Executor, companyId: string): Promise<Date | null> {
  const [r] = await exec
    .select({ at: min(orders.paidAt) })
    .from(orders)
    .where(and(eq(orders.companyId, companyId), eq(orders.status, 'paid'), isNotNull(orders.paidAt)));
  return r?.at ?? null;
}

/** The company's paid orders, newest first. */
export async function paidOrders(exec: Executor, companyId: string, limit = 100) {
  return exec
    .select()
    .from(orders)
    .where(and(eq(orders.companyId, companyId), eq(orders.status, 'paid')))
    .orderBy(desc(orders.paidAt))
    .limit(limit);
}

/** Lock one of the company's orders (a second request for it waits, then sees the first). */
export async function lockCompanyOrder(tx: Tx, companyId: string, orderId: string) {
  const [row] = await tx
    .select()
    .from(orders)
    .where(and(eq(orders.companyId, companyId), eq(orders.id, orderId)))
    .for('update');
  return row;
}

/** The open request of an order, if any. */
export async function openRequestOf(exec: Executor, orderId: string): Promise<RefundRequestRow | undefined> {
  const [row] = await exec
    .select()
    .from(refundRequests)
    .where(and(eq(refundRequests.orderId, orderId), eq(refundRequests.status, 'open')));
  return row;
}

/** Store a new request. */
export async function insertRefundRequest(
  exec: Executor,
  row: typeof refundRequests.$inferInsert,
): Promise<void> {
  await exec.insert(refundRequests).values(row);
}

/** A request by id, locked for its decision. */
export async function lockRefundRequest(tx: Tx, id: string): Promise<RefundRequestRow | undefined> {
  const [row] = await tx.select().from(refundRequests).where(eq(refundRequests.id, id)).for('update');
  return row;
}

/** Record an operator's decision. */
export async function decideRefundRequest(
  exec: Executor,
  id: string,
  patch: Pick<RefundRequestRow, 'status' | 'decidedAt' | 'decidedBy' | 'decisionNote'> & {
    refundId?: string | null;
  },
): Promise<void> {
  await exec.update(refundRequests).set(patch).where(eq(refundRequests.id, id));
}

/** The company's requests, newest first. */
export async function refundRequestsOf(exec: Executor, companyId: string): Promise<RefundRequestRow[]> {
  return exec
    .select()
    .from(refundRequests)
    .where(eq(refundRequests.companyId, companyId))
    .orderBy(desc(refundRequests.createdAt))
    .limit(200);
}

/** Every request of the given orders, newest first (operators' payments list, evidence). */
export async function refundRequestsOfOrders(
  exec: Executor,
  orderIds: string[],
): Promise<RefundRequestRow[]> {
  if (!orderIds.length) return [];
  return exec
    .select()
    .from(refundRequests)
    .where(inArray(refundRequests.orderId, orderIds))
    .orderBy(desc(refundRequests.createdAt));
}
