import { sql } from 'drizzle-orm';
import { index, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from '../accounts/accounts.schema.ts';
import { companies } from './companies.schema.ts';

/** A company's OpenID Connect client at its identity provider (one per company). */
export const ssoConnections = pgTable('sso_connections', {
  companyId: text('company_id')
    .primaryKey()
    .references(() => companies.id, { onDelete: 'cascade' }),
  issuer: text('issuer').notNull(),
  clientId: text('client_id').notNull(),
  /** The client secret sealed with the platform's secret key (platform/secret-box.ts), never in clear. */
  clientSecretSealed: text('client_secret_sealed').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
});

/**
 * A company's email domains. Verified ones (a link mailed to an address in the domain was followed) let
 * people the IdP vouches for join just in time, and find the company's SSO from a work email. A domain is
 * verified for one company at most.
 */
export const companyDomains = pgTable(
  'company_domains',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    domain: text('domain').notNull(),
    tokenHash: text('token_hash'),
    sentTo: text('sent_to'),
    tokenExpiresAt: timestamp('token_expires_at', { withTimezone: true }),
    verifiedAt: timestamp('verified_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    uniqueIndex('company_domains_company_domain_key').on(t.companyId, t.domain),
    uniqueIndex('company_domains_verified_key').on(t.domain).where(sql`verified_at is not null`),
    uniqueIndex('company_domains_token_key').on(t.tokenHash),
  ],
);

/** A user's identity at their company's IdP (issuer + subject), linked on their first SSO sign-in. */
export const ssoIdentities = pgTable(
  'sso_identities',
  {
    id: text('id').primaryKey(),
    userId: text('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    companyId: text('company_id').notNull(),
    issuer: text('issuer').notNull(),
    subject: text('subject').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('sso_identities_issuer_subject_key').on(t.issuer, t.subject),
    index('sso_identities_user_idx').on(t.userId),
  ],
);

/**
 * A sign-in on its way through the IdP: the state (hashed) the callback must bring back, from the browser
 * that started it (its cookie, hashed), with the nonce and PKCE verifier; used once, within minutes.
 */
export const ssoLogins = pgTable(
  'sso_logins',
  {
    id: text('id').primaryKey(),
    stateHash: text('state_hash').notNull(),
    browserHash: text('browser_hash').notNull(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    nonce: text('nonce').notNull(),
    codeVerifier: text('code_verifier').notNull(),
    next: text('next'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('sso_logins_state_key').on(t.stateHash)],
);
