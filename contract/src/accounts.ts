import { z } from 'zod';
import {
  acceptTermsSchema,
  emailSchema,
  fullNameSchema,
  localeSchema,
  passwordSchema,
  payerEmailSchema,
  roleSchema,
  subdomainSchema,
} from './common.ts';
import {
  API_TOKEN_SCOPES,
  NO_CONTROL_CHARS,
  NO_CONTROL_CHARS_MESSAGE,
  PASSWORD_MAX_LENGTH,
} from './constants.ts';

/** POST /api/v1/signup */
export const signupBody = z.object({
  companyName: z
    .string()
    .trim()
    // An empty name is "required" (the first problem of a field is the one shown), not "too short".
    .min(1, 'is required')
    .min(2, 'must be at least 2 characters')
    .max(120, 'must be at most 120 characters')
    .regex(NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE),
  subdomain: subdomainSchema.optional(),
  fullName: fullNameSchema,
  // The owner pays with this address: PayTR's limit applies.
  email: payerEmailSchema,
  password: passwordSchema,
  acceptTerms: acceptTermsSchema,
  locale: localeSchema.optional(),
});
/** Signup input. */
export type SignupBody = z.infer<typeof signupBody>;

/** Answer to a signup. */
export const signupResult = z.object({
  company: z.object({ id: z.string(), subdomain: z.string() }),
  user: z.object({ id: z.string(), email: z.string() }),
  csrfToken: z.string(),
});

/** POST /api/v1/sessions */
export const loginBody = z.object({
  email: emailSchema,
  password: z.string().min(1, 'is required').max(PASSWORD_MAX_LENGTH),
  remember: z.boolean().optional(),
});

/** Answer to a login. */
export const csrfResult = z.object({ csrfToken: z.string() });

/**
 * Answer to POST /sessions: the CSRF token of the new session, or — two-factor on — no session yet and
 * the challenge that POST /sessions/two-factor answers with a code.
 */
export const loginResult = z.object({
  csrfToken: z.string().optional(),
  twoFactorRequired: z.boolean().optional(),
  challenge: z.string().optional(),
});

/** POST /api/v1/sessions/two-factor: the second step, a code from the app or a recovery code. */
export const twoFactorLoginBody = z
  .object({
    challenge: z.string().min(10, 'is not a valid challenge').max(200),
    code: z.string().trim().max(20).optional(),
    recoveryCode: z.string().trim().max(40).optional(),
  })
  .refine((b) => !!b.code !== !!b.recoveryCode, {
    message: 'give either a code from your app or a recovery code',
    path: ['code'],
  });

/** POST /api/v1/me/two-factor/enable */
export const enableTwoFactorBody = z.object({
  code: z.string().trim().min(6, 'must be the 6 digits your app shows').max(20),
});

/** POST /api/v1/me/two-factor/disable */
export const disableTwoFactorBody = z.object({
  password: z.string().min(1, 'is required').max(PASSWORD_MAX_LENGTH),
});

/** GET /api/v1/me/two-factor */
export const twoFactorStatusDto = z.object({
  enabled: z.boolean(),
  enabledAt: z.string().nullable(),
  recoveryCodesLeft: z.number().int(),
});

/** POST /api/v1/me/two-factor/setup: the key to scan or type (the QR code is a data: URL). */
export const twoFactorSetupDto = z.object({
  secret: z.string(),
  otpauthUrl: z.string(),
  qrDataUrl: z.string(),
});

/** POST /api/v1/me/two-factor/enable: the recovery codes, shown this once. */
export const twoFactorEnabledDto = z.object({ recoveryCodes: z.array(z.string()) });

/** The signed-in user as the API shows them. */
export const meDto = z.object({
  user: z.object({
    id: z.string(),
    email: z.string(),
    fullName: z.string(),
    locale: localeSchema,
    emailVerified: z.boolean(),
    role: roleSchema,
    workspaceQuota: z.number().int(),
    createdAt: z.string(),
    /** A platform operator in a session: the portal shows Admin (no probe of the operators' API). */
    isOperator: z.boolean(),
  }),
  company: z.object({
    id: z.string(),
    name: z.string(),
    subdomain: z.string(),
    workspaceLimit: z.number().int(),
    quotaAllocated: z.number().int(),
    memberCount: z.number().int(),
    /** The company's address, `<scheme>://<subdomain>.<base domain>/`: its sign-in and workspace list. */
    url: z.string(),
  }),
  csrfToken: z.string().nullable(),
  auth: z.enum(['session', 'token']),
  /** How this session signed in (null for a token). */
  signedInWith: z.enum(['password', 'sso']).nullable(),
  /** The company requires two-factor sign-in and this user has not set it up: only enrolment works. */
  twoFactorSetupNeeded: z.boolean(),
});
/** GET /api/v1/me */
export type MeDto = z.infer<typeof meDto>;

/** PATCH /api/v1/me */
export const updateMeBody = z
  .object({ fullName: fullNameSchema.optional(), locale: localeSchema.optional() })
  .refine((b) => Object.keys(b).length > 0, 'nothing to change');

/** POST /api/v1/me/password */
export const changePasswordBody = z.object({
  currentPassword: z.string().min(1, 'is required').max(PASSWORD_MAX_LENGTH),
  newPassword: passwordSchema,
});

/** One of the user's sessions. */
export const sessionDto = z.object({
  id: z.string(),
  current: z.boolean(),
  createdAt: z.string(),
  lastSeenAt: z.string(),
  expiresAt: z.string(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
});
/** A session in a list. */
export type SessionDto = z.infer<typeof sessionDto>;

/** POST /api/v1/api-tokens */
export const createApiTokenBody = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'is required')
    .max(80, 'must be at most 80 characters')
    .regex(NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE),
  expiresInDays: z.number().int().min(1, 'must be at least 1').max(3650, 'must be at most 3650').optional(),
  scopes: z
    .array(z.enum(API_TOKEN_SCOPES, { message: `must be among ${API_TOKEN_SCOPES.join(', ')}` }))
    .min(1, 'must name at least one scope')
    .max(API_TOKEN_SCOPES.length)
    .default(['read']),
});

/** An API token as listed (never the secret). */
export const apiTokenDto = z.object({
  id: z.string(),
  name: z.string(),
  prefix: z.string(),
  createdAt: z.string(),
  expiresAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  scopes: z.array(z.enum(API_TOKEN_SCOPES)),
});
/** A token in a list. */
export type ApiTokenDto = z.infer<typeof apiTokenDto>;

/** Answer to a token creation: the secret, shown once. */
export const createdApiTokenDto = apiTokenDto.extend({ token: z.string() });

/** POST /api/v1/verify-email */
export const tokenBody = z.object({ token: z.string().min(10, 'is not a valid token').max(200) });

/** POST /api/v1/password-resets */
export const passwordResetRequestBody = z.object({ email: emailSchema });

/** POST /api/v1/password-resets/confirm */
export const passwordResetConfirmBody = z.object({
  token: z.string().min(10, 'is not a valid token').max(200),
  password: passwordSchema,
});

/** Answer to a signup (and, same shape, to an accepted invite). */
export type SignupResult = z.infer<typeof signupResult>;
/** Login input. */
export type LoginBody = z.infer<typeof loginBody>;
/** A freshly created API token with its secret, shown once. */
export type CreatedApiTokenDto = z.infer<typeof createdApiTokenDto>;
