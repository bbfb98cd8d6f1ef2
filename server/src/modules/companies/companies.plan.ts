import type { PlanId } from '@youarecoder/contract';
import { PLANS } from '@youarecoder/contract/plans';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import { executePrepared, type Tx } from '../../platform/db/client.ts';
import { users } from '../accounts/accounts.schema.ts';
import { companies } from './companies.schema.ts';
import { allocatedQuota } from './members.repo.ts';

/**
 * Move a company to a plan in the caller's transaction: plan, workspace limit and personal quotas
 * change together. A larger limit goes to the owner (who held the whole starter limit); a smaller
 * one takes the excess from the owner first, then from the largest member quotas. Says whether the
 * company moved (false: it was on that plan already).
 */
export async function applyPlan(tx: Tx, companyId: string, plan: PlanId, now: Date): Promise<boolean> {
  const limit = PLANS[plan].workspaceLimit;
  // One statement for the usual case: lock the company, move it, and give a larger limit's growth
  // to the owner. It answers the old limit only when something changed.
  const res = await executePrepared<{ old_limit: number }>(
    tx,
    sql`
    with old as (
      select ${companies.id} as id, ${companies.workspaceLimit} as old_limit, ${companies.plan} as old_plan
        from ${companies} where ${companies.id} = ${companyId} for update),
    moved as (
      update ${companies} set plan = ${plan}, workspace_limit = ${limit}, updated_at = ${now.toISOString()}::timestamptz
        from old where ${companies.id} = old.id and (old.old_plan <> ${plan} or old.old_limit <> ${limit})
        returning old.old_limit),
    grown as (
      update ${users} set workspace_quota = workspace_quota + (${limit} - moved.old_limit),
             updated_at = ${now.toISOString()}::timestamptz
        from moved where ${users.companyId} = ${companyId} and ${users.role} = 'owner' and ${limit} > moved.old_limit)
    select old_limit from moved`,
  );
  const old = res.rows[0]?.old_limit;
  if (old === undefined) return false;
  if (limit >= old) return true;
  let excess = (await allocatedQuota(tx, companyId, now)) - limit;
  if (excess <= 0) return true;
  const members = await tx
    .select({ id: users.id, role: users.role, quota: users.workspaceQuota })
    .from(users)
    .where(and(eq(users.companyId, companyId), ne(users.workspaceQuota, 0)))
    .orderBy(sql`${users.role} = 'owner' desc`, desc(users.workspaceQuota));
  for (const m of members) {
    if (excess <= 0) break;
    const take = Math.min(excess, m.quota);
    excess -= take;
    await tx
      .update(users)
      .set({ workspaceQuota: m.quota - take, updatedAt: now })
      .where(eq(users.id, m.id));
  }
  return true;
}
