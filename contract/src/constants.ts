// Plain values shared by the zod schemas, the server and the portal. No zod here: the portal
// imports this module (through `@youarecoder/contract/constants`) and must not pull zod into its bundle.

/** Locales the product speaks. */
export const LOCALES = ['en', 'tr'] as const;
/** A product locale. */
export type Locale = (typeof LOCALES)[number];

/** Roles inside a company, strongest first. */
export const ROLES = ['owner', 'admin', 'member'] as const;
/** A role inside a company. */
export type Role = (typeof ROLES)[number];

/** Password rules a client can check before sending (the server also checks a common-password list). */
export const PASSWORD_MIN_LENGTH = 10;
/** Longest accepted password (argon2 input stays bounded). */
export const PASSWORD_MAX_LENGTH = 200;

/**
 * What an API token may do: `read` (every GET outside billing), `workspaces` (workspaces and templates),
 * `team` (members, invites, the company), `billing` (all of billing, reads included). Nothing else:
 * tokens never manage tokens, sessions, passwords or the operators' pages.
 */
export const API_TOKEN_SCOPES = ['read', 'workspaces', 'team', 'billing'] as const;
/** One scope of an API token. */
export type ApiTokenScope = (typeof API_TOKEN_SCOPES)[number];

/** The longest payer email PayTR accepts (its `email` field): a company's owner pays with theirs. */
export const PAYER_EMAIL_MAX_LENGTH = 100;

/** Control characters (NUL, newlines, escapes): PostgreSQL text cannot hold NUL, and none belong in a one-line name. */
export const NO_CONTROL_CHARS = /^[^\p{Cc}]*$/u;
/** Message for a value with control characters. */
export const NO_CONTROL_CHARS_MESSAGE = 'may not contain control characters';

/** Every audited action. */
export const AUDIT_ACTIONS = [
  'company.created',
  'company.updated',
  'user.signup',
  'user.login',
  'user.login_failed',
  'user.locked',
  'user.login_throttled',
  'user.2fa_enabled',
  'user.2fa_disabled',
  'user.2fa_recovery_used',
  'user.sso_login',
  'user.sso_linked',
  'user.sso_joined',
  'company.sign_in_policy_changed',
  'company.sso_configured',
  'company.sso_removed',
  'company.domain_added',
  'company.domain_verified',
  'company.domain_removed',
  'user.logout',
  'user.password_changed',
  'user.password_reset_requested',
  'user.password_reset',
  'user.email_verified',
  'user.profile_updated',
  'session.revoked',
  'api_token.created',
  'api_token.revoked',
  'invite.sent',
  'invite.resent',
  'invite.accepted',
  'invite.revoked',
  'member.role_changed',
  'member.quota_changed',
  'member.removed',
  'company.ownership_transferred',
  'workspace.created',
  'workspace.started',
  'workspace.stopped',
  'workspace.restarted',
  'workspace.auto_stopped',
  'workspace.failed',
  'workspace.out_of_memory',
  'workspace.updated',
  'workspace.deleted',
  'workspace.transferred',
  'template.created',
  'template.updated',
  'template.deleted',
  'template_asset.uploaded',
  'template_asset.deleted',
  'billing.details_updated',
  'billing.currency_changed',
  'billing.checkout_started',
  'billing.payment_succeeded',
  'billing.payment_failed',
  'billing.plan_changed',
  'billing.downgrade_scheduled',
  'billing.downgrade_canceled',
  'billing.cancel_scheduled',
  'billing.resumed',
  'billing.trial_ended',
  'billing.past_due',
  'billing.suspended',
  'billing.restored',
  'billing.canceled',
  'billing.refunded',
  'billing.stale_payment',
  'billing.vat_exemption_review_requested',
  'billing.vat_exemption_reviewed',
  'billing.dunning_retry',
  'billing.canceled_now',
  'billing.credit_applied',
  'billing.legal_accepted',
  'billing.refund_requested',
  'billing.refund_request_approved',
  'billing.refund_request_declined',
  'billing.reconciled',
  'billing.discrepancy_resolved',
] as const;
/** An audited action. */
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
