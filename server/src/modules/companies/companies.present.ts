import type { CompanyDto, MeDto } from '@youarecoder/contract';
import type { Principal } from '../../platform/http/auth.ts';
import type { CompanyRow, findMe } from './companies.repo.ts';

/** Company row and summary -> DTO. */
export function presentCompany(c: CompanyRow, s: { allocated: number; members: number }): CompanyDto {
  return {
    id: c.id,
    name: c.name,
    subdomain: c.subdomain,
    workspaceLimit: c.workspaceLimit,
    quotaAllocated: s.allocated,
    memberCount: s.members,
    createdAt: c.createdAt.toISOString(),
  };
}

/** The /me answer. */
export function presentMe(
  row: NonNullable<Awaited<ReturnType<typeof findMe>>>,
  p: Principal,
  companyUrl: string,
): MeDto {
  const { user: u, company: c } = row;
  return {
    user: {
      id: u.id,
      email: u.email,
      fullName: u.fullName,
      locale: u.locale,
      emailVerified: !!u.emailVerifiedAt,
      role: u.role,
      workspaceQuota: u.workspaceQuota,
      createdAt: u.createdAt.toISOString(),
      // The operators' pages refuse API tokens: only a session's user is told they may open them.
      isOperator: u.isOperator && !!p.sessionId,
    },
    company: {
      id: c.id,
      name: c.name,
      subdomain: c.subdomain,
      workspaceLimit: c.workspaceLimit,
      quotaAllocated: row.allocated,
      memberCount: row.members,
      url: companyUrl,
    },
    csrfToken: p.csrfToken,
    auth: p.sessionId ? 'session' : 'token',
    signedInWith: p.signedInWith ?? null,
    twoFactorSetupNeeded: p.twoFactorSetupNeeded === true,
  };
}
