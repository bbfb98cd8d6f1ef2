import type { PlanId } from '@youarecoder/contract';
import { PLANS } from '@youarecoder/contract/plans';
import { and, desc, eq, ne, sql } from 'drizzle-orm';
import type { Tx } from '../../platform/db/client.ts';
import { users } from '../accounts/accounts.schema.ts';
import { lockCompany } from './companies.repo.ts';
import { companies } from './companies.schema.ts';
import { allocatedQuota } from './members.repo.ts';

/**
 * Move a company to a plan in the caller's transaction: plan, workspace limit and personal quotas
 * change together. A larger limit goes to the owner (who held the whole starter limit); a smaller
 * one takes the excess from the owner first, then from the largest member quotas.
 */
export async function applyPlan(tx: Tx, companyId: string, plan: PlanId, now: Date): Promise<void> {
  const company = await lockCompany(tx, companyId);
  if (!company) return;
  const limit = PLANS[plan].workspaceLimit;
  if (company.plan === plan && company.workspaceLimit === limit) return;
  await tx
    .update(companies)
    .set({ plan, workspaceLimit: limit, updatedAt: now })
    .where(eq(companies.id, companyId));
  const grow = limit - company.workspaceLimit;
  if (grow > 0) {
    await tx
      .update(users)
      .set({ workspaceQuota: sql`${users.workspaceQuota} + ${grow}`, updatedAt: now })
      .where(and(eq(users.companyId, companyId), eq(users.role, 'owner')));
    return;
  }
  let excess = (await allocatedQuota(tx, companyId, now)) - limit;
  if (excess <= 0) return;
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
}
