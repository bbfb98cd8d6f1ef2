import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';

/** Tenants. */
export const companies = pgTable(
  'companies',
  {
    id: text('id').primaryKey(),
    name: text('name').notNull(),
    subdomain: text('subdomain').notNull(),
    /** The plan (contract/src/plans.ts); billing moves it, the workspace limit follows. */
    plan: text('plan', { enum: ['starter', 'team', 'enterprise'] })
      .notNull()
      .default('starter'),
    workspaceLimit: integer('workspace_limit').notNull().default(5),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('companies_subdomain_key').on(t.subdomain)],
);

/** Invitations to join a company. */
export const invites = pgTable(
  'invites',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'member'] }).notNull(),
    workspaceQuota: integer('workspace_quota').notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: text('invited_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
    lastSentAt: timestamp('last_sent_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('invites_token_hash_key').on(t.tokenHash),
    index('invites_company_idx').on(t.companyId),
    // One open invite per address per company; resending reuses it.
    uniqueIndex('invites_open_email_key')
      .on(t.companyId, t.email)
      .where(sql`accepted_at is null and revoked_at is null`),
  ],
);
