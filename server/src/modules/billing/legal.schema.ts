import { sql } from 'drizzle-orm';
import { bigint, index, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema.ts';
import { orders, refunds } from './billing.schema.ts';

const tz = (name: string) => timestamp(name, { withTimezone: true });
const money = (name: string) => bigint(name, { mode: 'number' });

/**
 * A payer's acceptance of a legal document at checkout (distance sales contract, preliminary
 * information form), kept as evidence: one row per document and order, with the version, time, IP
 * and the order facts the form showed. Stored-card renewals have none: they rest on the first one.
 */
export const legalAcceptances = pgTable(
  'legal_acceptances',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    document: text('document', { enum: ['distance_sales', 'pre_information'] }).notNull(),
    version: text('version').notNull(),
    acceptedAt: tz('accepted_at').notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
    /** What the preliminary information form said: plan, period, amounts, currency, seller. */
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
  },
  (t) => [
    uniqueIndex('legal_acceptances_order_document_key').on(t.orderId, t.document),
    index('legal_acceptances_company_idx').on(t.companyId, t.acceptedAt),
  ],
);

/** A customer's request for a refund under the policy; an operator approves (refunds) or declines it. */
export const refundRequests = pgTable(
  'refund_requests',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id, { onDelete: 'cascade' }),
    requestedBy: text('requested_by').notNull(),
    reason: text('reason'),
    status: text('status', { enum: ['open', 'approved', 'declined'] }).notNull(),
    /** The policy's rule and amount when asked: what the operator's refund is prefilled with. */
    rule: text('rule', { enum: ['full', 'pro_rata'] }).notNull(),
    amountMinor: money('amount_minor').notNull(),
    currency: text('currency', { enum: ['TRY', 'USD', 'EUR'] }).notNull(),
    createdAt: tz('created_at').notNull(),
    decidedAt: tz('decided_at'),
    decidedBy: text('decided_by'),
    decisionNote: text('decision_note'),
    refundId: text('refund_id').references(() => refunds.id),
  },
  (t) => [
    // One open request per payment: the backstop under the service's own check.
    uniqueIndex('refund_requests_one_open').on(t.orderId).where(sql`status = 'open'`),
    index('refund_requests_company_idx').on(t.companyId, t.createdAt),
  ],
);
