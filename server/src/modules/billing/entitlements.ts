import type { PlanId, SubscriptionStatus } from '@youarecoder/contract';
import { PLANS } from '@youarecoder/contract/plans';

/** What a company may use, derived from its subscription, in this one place. */
export interface Entitlements {
  plan: PlanId;
  workspaceLimit: number;
  diskQuotaBytes: number;
  maxIdleTimeoutMinutes: number;
  /** Suspended or canceled companies keep their data but may not create or start workspaces. */
  canUseWorkspaces: boolean;
}

/** Statuses in which workspaces run (a past-due company keeps running during its grace). */
const SERVING_STATUSES: readonly SubscriptionStatus[] = ['trialing', 'active', 'past_due'];

/** Entitlements of a subscription (a company without one is on its starter trial). */
export function entitlementsOf(sub: { status: SubscriptionStatus; plan: PlanId } | undefined): Entitlements {
  const plan = sub?.plan ?? 'starter';
  const limits = PLANS[plan];
  return {
    plan,
    workspaceLimit: limits.workspaceLimit,
    diskQuotaBytes: limits.diskQuotaBytes,
    maxIdleTimeoutMinutes: limits.maxIdleTimeoutMinutes,
    canUseWorkspaces: SERVING_STATUSES.includes(sub?.status ?? 'trialing'),
  };
}
