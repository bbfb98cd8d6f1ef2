import type { Decision } from '@youarecoder/contract';
import type { Executor } from '../../platform/db/client.ts';
import type { Principal } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type CompanyRow, lockCompany } from './companies.repo.ts';
import { allocatedQuota, findMember, listMembers, type MemberRow, updateMember } from './members.repo.ts';

/** Throw FORBIDDEN with the policy's reason unless allowed. */
export function allow(d: Decision): void {
  if (!d.allowed) throw new AppError('FORBIDDEN', d.reason);
}

/**
 * Lock the company row (every team change of one company runs one at a time, so quota sums and
 * the single owner hold under concurrency) and read the actor fresh: a role taken away a
 * moment ago counts, not the one the request started with.
 */
export async function lockTeam(
  tx: Executor,
  p: Principal,
): Promise<{ company: CompanyRow; actor: MemberRow }> {
  const company = await lockCompany(tx, p.companyId);
  const actor = company ? await findMember(tx, p.companyId, p.userId) : undefined;
  if (!company || !actor)
    throw new AppError('UNAUTHENTICATED', 'Your account no longer exists; sign in again.');
  return { company, actor };
}

/**
 * Refuse with QUOTA_EXCEEDED unless `wanted` fits next to everything else already promised.
 * `exclude` names the member or invite whose quota `wanted` replaces. Call after lockTeam.
 */
export async function ensureQuotaFits(
  tx: Executor,
  company: CompanyRow,
  now: Date,
  wanted: number,
  exclude: { userId?: string; inviteId?: string } = {},
): Promise<void> {
  const others = await allocatedQuota(tx, company.id, now, exclude);
  if (others + wanted <= company.workspaceLimit) return;
  const room = Math.max(0, company.workspaceLimit - others);
  throw new AppError(
    'QUOTA_EXCEEDED',
    `The company's workspace limit is ${company.workspaceLimit} and ${others} are already allocated to members and open invites; at most ${room} can be given here.`,
    {
      fields: { workspaceQuota: `may be at most ${room}` },
      fieldCodes: { workspaceQuota: 'too_big' },
      fieldParams: { workspaceQuota: { maximum: room, origin: 'number' } },
    },
  );
}

/**
 * Free room for `wanted` by lowering the owner's quota (the owner holds the whole limit from
 * signup, so a new company's first invite would otherwise always fail). Takes only what is
 * missing, never more than the owner holds; answers the owner's change, or null if none was
 * needed. Call after lockTeam, before ensureQuotaFits.
 */
export async function takeFromOwner(
  tx: Executor,
  company: CompanyRow,
  now: Date,
  wanted: number,
): Promise<{ ownerId: string; from: number; to: number } | null> {
  const short = (await allocatedQuota(tx, company.id, now)) + wanted - company.workspaceLimit;
  if (short <= 0) return null;
  const owner = (await listMembers(tx, company.id)).find((m) => m.role === 'owner');
  if (!owner || owner.workspaceQuota === 0) return null;
  const to = owner.workspaceQuota - Math.min(short, owner.workspaceQuota);
  await updateMember(tx, company.id, owner.id, { workspaceQuota: to, updatedAt: now });
  return { ownerId: owner.id, from: owner.workspaceQuota, to };
}

/** The 409 for an address that already has an account. */
export function emailTaken(): AppError {
  return new AppError(
    'EMAIL_TAKEN',
    'An account with this email address already exists, and a person can belong to only one company for now.',
    {
      fields: { email: 'is already registered' },
      fieldCodes: { email: 'already_taken' },
    },
  );
}
