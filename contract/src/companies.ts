import { z } from 'zod';
import {
  acceptTermsSchema,
  emailSchema,
  fullNameSchema,
  localeSchema,
  passwordSchema,
  roleSchema,
} from './common.ts';
import { PASSWORD_MAX_LENGTH } from './constants.ts';

/** A member of the company. */
export const memberDto = z.object({
  id: z.string(),
  email: z.string(),
  fullName: z.string(),
  role: roleSchema,
  workspaceQuota: z.number().int(),
  emailVerified: z.boolean(),
  joinedAt: z.string(),
  lastLoginAt: z.string().nullable(),
});
/** A member in a list. */
export type MemberDto = z.infer<typeof memberDto>;

/** A pending invite. */
export const inviteDto = z.object({
  id: z.string(),
  email: z.string(),
  role: z.enum(['admin', 'member']),
  workspaceQuota: z.number().int(),
  invitedBy: z.object({ id: z.string(), fullName: z.string() }).nullable(),
  createdAt: z.string(),
  expiresAt: z.string(),
  lastSentAt: z.string(),
  status: z.enum(['pending', 'expired', 'accepted', 'revoked']),
});
/** An invite in a list. */
export type InviteDto = z.infer<typeof inviteDto>;

/** The company with its quota summary. */
export const companyDto = z.object({
  id: z.string(),
  name: z.string(),
  subdomain: z.string(),
  workspaceLimit: z.number().int(),
  quotaAllocated: z.number().int(),
  memberCount: z.number().int(),
  createdAt: z.string(),
});
/** GET /api/v1/company */
export type CompanyDto = z.infer<typeof companyDto>;

/** PATCH /api/v1/company */
export const updateCompanyBody = z.object({
  name: z.string().trim().min(2, 'must be at least 2 characters').max(120, 'must be at most 120 characters'),
});

const quotaSchema = z.number().int('must be a whole number').min(0, 'may not be negative').max(10000);

/** POST /api/v1/invites */
export const createInviteBody = z.object({
  email: emailSchema,
  role: z.enum(['admin', 'member'], { message: 'must be admin or member' }),
  workspaceQuota: quotaSchema,
});

/** GET /api/v1/invites/lookup?token= : what an invitee sees before accepting. */
export const inviteLookupDto = z.object({
  email: z.string(),
  companyName: z.string(),
  role: z.enum(['admin', 'member']),
  invitedBy: z.string().nullable(),
  expiresAt: z.string(),
});

/** POST /api/v1/invites/accept */
export const acceptInviteBody = z.object({
  token: z.string().min(10, 'is not a valid token').max(200),
  fullName: fullNameSchema,
  password: passwordSchema,
  acceptTerms: acceptTermsSchema,
  locale: localeSchema.optional(),
});

/** PATCH /api/v1/members/:id */
export const updateMemberBody = z
  .object({
    role: z.enum(['admin', 'member'], { message: 'must be admin or member' }).optional(),
    workspaceQuota: quotaSchema.optional(),
  })
  .refine((b) => b.role !== undefined || b.workspaceQuota !== undefined, 'nothing to change');

/**
 * DELETE /api/v1/members/:id?resources=transfer|delete
 * What happens to the member's resources (workspaces, later) is explicit: transferred to the
 * acting admin, or deleted with the member.
 */
export const removeMemberQuery = z.object({
  resources: z.enum(['transfer', 'delete'], { message: 'must be transfer or delete' }),
});

/** POST /api/v1/company/ownership */
export const transferOwnershipBody = z.object({
  userId: z.string().min(1, 'is required'),
  password: z.string().min(1, 'is required').max(PASSWORD_MAX_LENGTH),
});

/** GET /api/v1/members */
export const memberListDto = z.object({ members: z.array(memberDto) });

/** GET /api/v1/invites */
export const inviteListDto = z.object({ invites: z.array(inviteDto) });
/** POST /api/v1/invites input. */
export type CreateInviteBody = z.infer<typeof createInviteBody>;
/** GET /api/v1/invites/lookup answer. */
export type InviteLookupDto = z.infer<typeof inviteLookupDto>;
/** POST /api/v1/invites/accept input. */
export type AcceptInviteBody = z.infer<typeof acceptInviteBody>;

/** Answer to an accepted invite: same shape as a signup's; the session cookie comes with it. */
export const acceptInviteResult = z.object({
  company: z.object({ id: z.string(), subdomain: z.string() }),
  user: z.object({ id: z.string(), email: z.string() }),
  csrfToken: z.string(),
});

/** PATCH /api/v1/members/:id input. */
export type UpdateMemberBody = z.infer<typeof updateMemberBody>;

/** Answer to DELETE /api/v1/members/:id. */
export const removeMemberResult = z.object({
  ok: z.literal(true),
  resources: z.enum(['transfer', 'delete']),
});
/** What happens to a removed member's resources. */
export type RemovedResources = z.infer<typeof removeMemberQuery>['resources'];
