// What one workspace may use under a plan, in the runtime's terms (the plan catalog says it in its own).
import type { PlanId } from '@youarecoder/contract';
import { PLANS } from '@youarecoder/contract/plans';
import type { Executor } from '../../platform/db/client.ts';
import type { WorkspaceModuleDeps } from './deps.ts';
import type { WorkspaceLimits } from './runtime.ts';

/** A plan's per-workspace limits. */
export function workspaceLimits(plan: PlanId): WorkspaceLimits {
  const p = PLANS[plan];
  return {
    cpus: p.cpuLimit,
    memoryBytes: p.memoryLimitBytes,
    processes: p.processLimit,
    diskBytes: p.diskQuotaBytes,
  };
}

/** The limits a company's workspaces run with now (its subscription's plan). */
export async function limitsOf(
  d: Pick<WorkspaceModuleDeps, 'entitlements'>,
  exec: Executor,
  companyId: string,
): Promise<WorkspaceLimits> {
  return workspaceLimits((await d.entitlements(exec, companyId)).plan);
}
