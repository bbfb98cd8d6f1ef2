import { z } from 'zod';
import {
  LOCALES,
  NO_CONTROL_CHARS,
  NO_CONTROL_CHARS_MESSAGE,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  PAYER_EMAIL_MAX_LENGTH,
  ROLES,
} from './constants.ts';
import {
  SUBDOMAIN_FIELD_CODES,
  SUBDOMAIN_MAX_LENGTH,
  SUBDOMAIN_MIN_LENGTH,
  SUBDOMAIN_PATTERN,
  SUBDOMAIN_PROBLEM_MESSAGES,
  subdomainProblem,
} from './subdomain.ts';

/** Schema of a locale. */
export const localeSchema = z.enum(LOCALES);

/** Schema of a role. */
export const roleSchema = z.enum(ROLES);

/** A normalised email address. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ message: 'must be a valid email address' }))
  .transform((s) => s.toLowerCase());

/**
 * The email of someone who will pay (a new company's owner): PayTR refuses payer addresses longer than
 * PAYER_EMAIL_MAX_LENGTH, and a company that cannot pay cannot keep its workspaces.
 */
export const payerEmailSchema = z
  .string()
  .trim()
  .max(
    PAYER_EMAIL_MAX_LENGTH,
    `must be at most ${PAYER_EMAIL_MAX_LENGTH} characters: our card processor, PayTR, accepts no longer payer addresses`,
  )
  .pipe(emailSchema);

/** A new password. */
export const passwordSchema = z
  .string({ message: 'is required' })
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(PASSWORD_MAX_LENGTH, `must be at most ${PASSWORD_MAX_LENGTH} characters`);

/** A person's display name. */
export const fullNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(120, 'must be at most 120 characters')
  .regex(NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE);

/**
 * Subdomain syntax: DNS-safe label, 3–40 characters, no double hyphen, not reserved. The rules are
 * subdomainProblem's (shared with the portal); a refusal carries its field code in `params.reason`.
 */
export const subdomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .superRefine((s, ctx) => {
    const problem = subdomainProblem(s);
    if (problem) {
      ctx.addIssue({
        code: 'custom',
        message: SUBDOMAIN_PROBLEM_MESSAGES[problem],
        params: { reason: SUBDOMAIN_FIELD_CODES[problem] },
      });
    }
  })
  // The refinement is opaque to JSON Schema: describe the same rules for the OpenAPI document.
  .meta({
    minLength: SUBDOMAIN_MIN_LENGTH,
    maxLength: SUBDOMAIN_MAX_LENGTH,
    pattern: SUBDOMAIN_PATTERN.source,
    description: 'DNS-safe label: a–z, 0–9 and inner hyphens, no "--", not a reserved name',
  });

/** Consent to the terms: exactly `true`; anything else (or nothing) is a field error with the code `must_accept`. */
export const acceptTermsSchema = z
  .custom<true>((v) => v === true, { message: 'must be accepted', params: { reason: 'must_accept' } })
  .meta({ type: 'boolean', const: true });

/** Page of results with an opaque cursor. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
