import { z } from 'zod';

/** Locales the product speaks. */
export const LOCALES = ['en', 'tr'] as const;
/** A product locale. */
export type Locale = (typeof LOCALES)[number];
/** Schema of a locale. */
export const localeSchema = z.enum(LOCALES);

/** Roles inside a company, strongest first. */
export const ROLES = ['owner', 'admin', 'member'] as const;
/** A role inside a company. */
export type Role = (typeof ROLES)[number];
/** Schema of a role. */
export const roleSchema = z.enum(ROLES);

/** A normalised email address. */
export const emailSchema = z
  .string()
  .trim()
  .max(254, 'must be at most 254 characters')
  .pipe(z.email({ message: 'must be a valid email address' }))
  .transform((s) => s.toLowerCase());

/** Password rules a client can check before sending (the server also checks a common-password list). */
export const PASSWORD_MIN_LENGTH = 10;
/** A new password. */
export const passwordSchema = z
  .string({ message: 'is required' })
  .min(PASSWORD_MIN_LENGTH, `must be at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200, 'must be at most 200 characters');

/** Control characters (NUL, newlines, escapes): PostgreSQL text cannot hold NUL, and none belong in a one-line name. */
export const NO_CONTROL_CHARS = /^[^\p{Cc}]*$/u;
/** Message for a value with control characters. */
export const NO_CONTROL_CHARS_MESSAGE = 'may not contain control characters';

/** A person's display name. */
export const fullNameSchema = z
  .string()
  .trim()
  .min(1, 'is required')
  .max(120, 'must be at most 120 characters')
  .regex(NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE);

/** Reserved subdomains that no company may take. */
export const RESERVED_SUBDOMAINS = [
  'www', 'api', 'admin', 'app', 'mail', 'smtp', 'imap', 'pop', 'ftp', 'static', 'assets', 'cdn', 'docs',
  'help', 'support', 'status', 'billing', 'pay', 'login', 'auth', 'sso', 'portal', 'dashboard', 'console',
  'blog', 'dev', 'staging', 'test', 'demo', 'root', 'system', 'youarecoder', 'ws', 'gateway', 'ns1', 'ns2',
];

/** Subdomain syntax: DNS-safe label, 3–40 characters, no double hyphen (workspace hosts use `--`). */
export const subdomainSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(3, 'must be at least 3 characters')
  .max(40, 'must be at most 40 characters')
  .regex(/^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/, 'may contain only a–z, 0–9 and inner hyphens')
  .refine((s) => !s.includes('--'), 'may not contain two hyphens in a row')
  .refine((s) => !RESERVED_SUBDOMAINS.includes(s), 'is reserved');

/** Page of results with an opaque cursor. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().max(200).optional(),
});
