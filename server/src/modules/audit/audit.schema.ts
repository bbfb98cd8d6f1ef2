import { index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** The audit log: append-only. company_id is null for events that belong to no company (unknown email). */
export const auditEvents = pgTable(
  'audit_events',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id'),
    actorUserId: text('actor_user_id'),
    actorEmail: text('actor_email'),
    action: text('action').notNull(),
    targetType: text('target_type'),
    targetId: text('target_id'),
    ip: text('ip'),
    userAgent: text('user_agent'),
    diff: jsonb('diff').$type<Record<string, unknown>>(),
    metadata: jsonb('metadata').$type<Record<string, unknown>>(),
    requestId: text('request_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('audit_events_company_time_idx').on(t.companyId, t.createdAt.desc(), t.id.desc())],
);
