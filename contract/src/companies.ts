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

/** A company email domain: people of verified ones may join through the company's SSO. */
export const companyDomainDto = z.object({
  id: z.string(),
  domain: z.string(),
  verifiedAt: z.string().nullable(),
  /** The address the verification link went to (while unverified). */
  verificationSentTo: z.string().nullable(),
  createdAt: z.string(),
});
/** A company email domain. */
export type CompanyDomainDto = z.infer<typeof companyDomainDto>;

/** GET /api/v1/sign-in-policy: how the company's people sign in. */
export const signInSettingsDto = z.object({
  requireTwoFactor: z.boolean(),
  ssoOnly: z.boolean(),
  /** Whether the company's plan includes single sign-on. */
  ssoAvailable: z.boolean(),
  sso: z
    .object({
      issuer: z.string(),
      clientId: z.string(),
      /** Where the IdP must send people back (register it at the IdP). */
      redirectUri: z.string(),
      updatedAt: z.string(),
    })
    .nullable(),
  /** The redirect URI to register at the IdP, also before SSO is set up. */
  redirectUri: z.string(),
  domains: z.array(companyDomainDto),
  /** Members (the owner included) who have not turned two-factor on. */
  membersWithoutTwoFactor: z.number().int(),
});
/** GET /api/v1/sign-in-policy */
export type SignInSettingsDto = z.infer<typeof signInSettingsDto>;

/** PATCH /api/v1/sign-in-policy */
export const updateSignInPolicyBody = z
  .object({ requireTwoFactor: z.boolean().optional(), ssoOnly: z.boolean().optional() })
  .refine((b) => b.requireTwoFactor !== undefined || b.ssoOnly !== undefined, {
    message: 'give requireTwoFactor or ssoOnly',
  });

/** PUT /api/v1/sso/connection: the company's OpenID Connect client at its IdP. */
export const ssoConnectionBody = z.object({
  issuer: z
    .string()
    .trim()
    .max(500, 'must be at most 500 characters')
    .pipe(z.url({ protocol: /^https?$/, message: 'must be the IdP issuer URL, https://…' })),
  clientId: z.string().trim().min(1, 'is required').max(300, 'must be at most 300 characters'),
  /** Required the first time; left out, the stored secret stays. */
  clientSecret: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(1000, 'must be at most 1000 characters')
    .optional(),
});

/** POST /api/v1/sso/domains: a domain, proven by a link mailed to an address in it. */
export const addDomainBody = z.object({ email: emailSchema });

/** POST /api/v1/sso/domains/verify */
export const verifyDomainBody = z.object({ token: z.string().min(10, 'is not a valid token').max(200) });

/** POST /api/v1/sso/start: sign in through the SSO of a work email's company (or of a subdomain). */
export const ssoStartBody = z
  .object({
    email: emailSchema.optional(),
    company: z.string().trim().toLowerCase().max(63).optional(),
    /** A portal path to return to. */
    next: z.string().max(1000).optional(),
  })
  .refine((b) => b.email !== undefined || b.company !== undefined, { message: 'give email or company' });

/** PATCH /api/v1/company */
export const updateCompanyBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .min(2, 'must be at least 2 characters')
    .max(120, 'must be at most 120 characters'),
});

const quotaSchema = z.number().int('must be a whole number').min(0, 'may not be negative').max(10000);

/** POST /api/v1/invites */
export const createInviteBody = z.object({
  email: emailSchema,
  role: z.enum(['admin', 'member'], { message: 'must be admin or member' }),
  workspaceQuota: quotaSchema,
  /** When the company's free quota is short, take the rest from the owner's quota (owner or admin). */
  takeFromOwner: z.boolean().optional(),
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
