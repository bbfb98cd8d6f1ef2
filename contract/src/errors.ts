// No zod here: the portal imports this module (through `@youarecoder/contract/errors`).

/** Every error code the API can answer with; the only list. */
export const ERROR_CODES = {
  VALIDATION_FAILED: 400,
  BAD_REQUEST: 400,
  TOKEN_INVALID: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  CSRF_FAILED: 403,
  FORBIDDEN: 403,
  EMAIL_NOT_VERIFIED: 403,
  TWO_FACTOR_REQUIRED: 403,
  SSO_REQUIRED: 403,
  FEATURE_NOT_IN_PLAN: 402,
  NOT_FOUND: 404,
  CONFLICT: 409,
  SUBDOMAIN_TAKEN: 409,
  EMAIL_TAKEN: 409,
  QUOTA_EXCEEDED: 409,
  BILLING_DETAILS_REQUIRED: 409,
  PLAN_LIMIT_EXCEEDED: 409,
  SUBSCRIPTION_INACTIVE: 402,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  PAYMENT_PROVIDER_ERROR: 502,
  UNAVAILABLE: 503,
} as const;

/** One of the closed list of error codes. */
export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Why one field was refused, for clients that show their own (translated) text. The first group
 * are zod's issue codes, passed through from schema validation; the rest are the API's own.
 */
export const FIELD_CODES = [
  'invalid_type',
  'too_small',
  'too_big',
  'invalid_format',
  'invalid_value',
  'not_multiple_of',
  'unrecognized_keys',
  'invalid_union',
  'invalid_key',
  'invalid_element',
  'custom',
  'must_accept',
  'password_common',
  'password_repeated',
  'password_contains_email',
  'wrong_password',
  'subdomain_too_short',
  'subdomain_too_long',
  'subdomain_chars',
  'subdomain_double_hyphen',
  'subdomain_reserved',
  'already_taken',
  'already_invited',
  'token_invalid',
  'not_verified',
  'country_unknown',
  'tax_number_invalid',
  'rates_unavailable',
  'sso_unavailable',
] as const;
/** A machine-readable reason for a field error. */
export type FieldCode = (typeof FIELD_CODES)[number];

/** Whether `s` is a field code this version of the contract knows. */
export function isFieldCode(s: unknown): s is FieldCode {
  return typeof s === 'string' && (FIELD_CODES as readonly string[]).includes(s);
}

/** Numbers and names a field code's message needs, e.g. `{ minimum: 10, origin: 'string' }` for too_small. */
export type FieldParams = Record<string, string | number>;

/** The body of every error answer. */
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  /** Field name -> English text, for people reading the API's answers. */
  fields?: Record<string, string>;
  /**
   * Field name -> machine-readable reason (a FieldCode; clients must tolerate codes they do not know
   * and fall back to `fields`). Set where the server knows the reason.
   */
  fieldCodes?: Record<string, string>;
  /** Field name -> values the reason's message needs (limits of too_small/too_big). */
  fieldParams?: Record<string, FieldParams>;
  requestId: string;
}
