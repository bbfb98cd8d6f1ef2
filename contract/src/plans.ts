// The plan catalog: the one place that says what each plan gives. No zod here: the portal imports
// this module (through `@youarecoder/contract/plans`). Billing adds prices; limits live here only.

/** Plan ids, smallest first. */
export const PLAN_IDS = ['starter', 'team', 'enterprise'] as const;
/** A plan id. */
export type PlanId = (typeof PLAN_IDS)[number];

/** What a plan entitles a company to. */
export interface PlanLimits {
  /** Workspaces the company may have at once (all states but deleted). */
  readonly workspaceLimit: number;
  /** Disk each workspace may use, in bytes (a hard limit where workspaces run in containers). */
  readonly diskQuotaBytes: number;
  /** CPU cores each workspace may use. */
  readonly cpuLimit: number;
  /** Memory each workspace may use, in bytes. */
  readonly memoryLimitBytes: number;
  /** Processes (and threads) each workspace may run at once. */
  readonly processLimit: number;
  /** Idle timeout a new workspace gets. */
  readonly defaultIdleTimeoutMinutes: number;
  /** Longest idle timeout an owner may choose. */
  readonly maxIdleTimeoutMinutes: number;
  /** Single sign-on through the company's OpenID Connect provider. */
  readonly sso: boolean;
}

const GB = 1024 ** 3;

/**
 * Each plan's limits (issue 3: starter 5 / 10 GB, team 20 / 50 GB, enterprise 150 / 250 GB; issue 9: per
 * workspace 2 vCPU / 4 GB, 4 vCPU / 8 GB, 8 vCPU / 16 GB, 2,048 processes).
 */
export const PLANS: Readonly<Record<PlanId, PlanLimits>> = Object.freeze({
  starter: {
    workspaceLimit: 5,
    diskQuotaBytes: 10 * GB,
    cpuLimit: 2,
    memoryLimitBytes: 4 * GB,
    processLimit: 2048,
    defaultIdleTimeoutMinutes: 60,
    maxIdleTimeoutMinutes: 480,
    sso: false,
  },
  team: {
    workspaceLimit: 20,
    diskQuotaBytes: 50 * GB,
    cpuLimit: 4,
    memoryLimitBytes: 8 * GB,
    processLimit: 2048,
    defaultIdleTimeoutMinutes: 60,
    maxIdleTimeoutMinutes: 480,
    sso: false,
  },
  enterprise: {
    workspaceLimit: 150,
    diskQuotaBytes: 250 * GB,
    cpuLimit: 8,
    memoryLimitBytes: 16 * GB,
    processLimit: 2048,
    defaultIdleTimeoutMinutes: 60,
    maxIdleTimeoutMinutes: 480,
    sso: true,
  },
});

/** What the pricing page and the plan comparison show of a plan (the API's `limits` of a plan). */
export function publicPlanLimits(plan: PlanId) {
  const p = PLANS[plan];
  return {
    workspaceLimit: p.workspaceLimit,
    diskQuotaBytes: p.diskQuotaBytes,
    maxIdleTimeoutMinutes: p.maxIdleTimeoutMinutes,
    cpuLimit: p.cpuLimit,
    memoryLimitBytes: p.memoryLimitBytes,
    processLimit: p.processLimit,
    sso: p.sso,
  };
}

/** Shortest idle timeout an owner may choose. */
export const MIN_IDLE_TIMEOUT_MINUTES = 15;

/** Whether `id` names a plan. */
export function isPlanId(id: string): id is PlanId {
  return (PLAN_IDS as readonly string[]).includes(id);
}

/** The limits of a plan. */
export function planLimits(plan: PlanId): PlanLimits {
  return PLANS[plan];
}

/** Plan names for people (the same in English and Turkish). */
export const PLAN_NAMES: Readonly<Record<PlanId, string>> = Object.freeze({
  starter: 'Starter',
  team: 'Team',
  enterprise: 'Enterprise',
});

/** Plans ordered by size: an upgrade goes to a higher rank. */
export function planRank(plan: PlanId): number {
  return PLAN_IDS.indexOf(plan);
}
