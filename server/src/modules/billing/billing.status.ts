import type { SubscriptionStatus } from '@youarecoder/contract';
import type { Tx } from '../../platform/db/client.ts';
import type { BillingContext } from './billing.context.ts';

/**
 * Tell the modules above billing that a company's subscription changed state, in the same
 * transaction: suspension stops workspaces (data kept), a payment allows them again.
 */
export async function changeStatus(
  ctx: BillingContext,
  tx: Tx,
  companyId: string,
  from: SubscriptionStatus,
  to: SubscriptionStatus,
  reason: string,
): Promise<void> {
  if (from === to) return;
  for (const h of ctx.hooks.statusChanged) await h(tx, { companyId, from, to, reason });
}
