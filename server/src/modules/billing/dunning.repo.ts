// Queries of the dunning retries: the stored-card charges of one renewal period.
import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { orders } from './billing.schema.ts';

/** A stored-card charge of a period: which attempt, and how it ended. */
export type PeriodCharge = Pick<
  typeof orders.$inferSelect,
  'id' | 'status' | 'dunningAttempt' | 'failedReasonCode' | 'failedReasonMsg' | 'settledAt' | 'createdAt'
>;

/** The stored-card charges for the period starting at `periodStart`, first attempt first. */
export async function chargesOfPeriod(
  exec: Executor,
  companyId: string,
  periodStart: Date,
): Promise<PeriodCharge[]> {
  return exec
    .select({
      id: orders.id,
      status: orders.status,
      dunningAttempt: orders.dunningAttempt,
      failedReasonCode: orders.failedReasonCode,
      failedReasonMsg: orders.failedReasonMsg,
      settledAt: orders.settledAt,
      createdAt: orders.createdAt,
    })
    .from(orders)
    .where(
      and(eq(orders.companyId, companyId), eq(orders.autoCharge, true), eq(orders.periodStart, periodStart)),
    )
    .orderBy(asc(orders.dunningAttempt));
}
