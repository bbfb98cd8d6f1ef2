import type { InviteDto, InviteLookupDto, MemberDto } from '@youarecoder/contract';
import type { InviteRow } from './invites.repo.ts';
import type { MemberRow } from './members.repo.ts';

/** User row -> member DTO (no password hash, lock state or other internals). */
export function presentMember(u: MemberRow): MemberDto {
  return {
    id: u.id,
    email: u.email,
    fullName: u.fullName,
    role: u.role,
    workspaceQuota: u.workspaceQuota,
    emailVerified: !!u.emailVerifiedAt,
    joinedAt: u.createdAt.toISOString(),
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
  };
}

/** Where an invite stands at `now`. */
export function inviteStatus(i: InviteRow, now: Date): InviteDto['status'] {
  if (i.acceptedAt) return 'accepted';
  if (i.revokedAt) return 'revoked';
  return i.expiresAt > now ? 'pending' : 'expired';
}

/** Invite row -> DTO (never the token hash). */
export function presentInvite(
  i: InviteRow,
  inviter: { id: string; fullName: string } | null,
  now: Date,
): InviteDto {
  return {
    id: i.id,
    email: i.email,
    role: i.role,
    workspaceQuota: i.workspaceQuota,
    invitedBy: inviter,
    createdAt: i.createdAt.toISOString(),
    expiresAt: i.expiresAt.toISOString(),
    lastSentAt: i.lastSentAt.toISOString(),
    status: inviteStatus(i, now),
  };
}

/** What the invitee sees before accepting. */
export function presentInviteLookup(
  i: InviteRow,
  companyName: string,
  inviterName: string | null,
): InviteLookupDto {
  return {
    email: i.email,
    companyName,
    role: i.role,
    invitedBy: inviterName,
    expiresAt: i.expiresAt.toISOString(),
  };
}
