import { and, desc, eq, gte, lt, lte, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { auditEvents } from './audit.schema.ts';

/** A row to append. */
export type NewAuditEvent = typeof auditEvents.$inferInsert;
/** A stored row. */
export type AuditEventRow = typeof auditEvents.$inferSelect;

/** The INSERT of one event (run alone, or as a member of a larger statement). */
export function auditInsertSql(row: NewAuditEvent & { createdAt: Date }): SQL {
  const json = (v: unknown) => (v == null ? null : JSON.stringify(v));
  return sql`insert into ${auditEvents} (id, company_id, actor_user_id, actor_email, action, target_type,
      target_id, ip, user_agent, request_id, diff, metadata, created_at)
    values (${row.id}, ${row.companyId ?? null}, ${row.actorUserId ?? null}, ${row.actorEmail ?? null},
      ${row.action}, ${row.targetType ?? null}, ${row.targetId ?? null}, ${row.ip ?? null},
      ${row.userAgent ?? null}, ${row.requestId ?? null}, ${json(row.diff)}::jsonb, ${json(row.metadata)}::jsonb,
      ${row.createdAt.toISOString()}::timestamptz)`;
}

/** Filters of a listing; always scoped by company. */
export interface AuditFilter {
  companyId: string;
  action?: string;
  actorId?: string;
  targetId?: string;
  from?: Date;
  to?: Date;
  before?: { createdAt: Date; id: string };
  limit: number;
}

/** Newest first, keyset-paginated. */
export async function listAuditEvents(exec: Executor, f: AuditFilter): Promise<AuditEventRow[]> {
  const where: (SQL | undefined)[] = [eq(auditEvents.companyId, f.companyId)];
  if (f.action) where.push(eq(auditEvents.action, f.action));
  if (f.actorId) where.push(eq(auditEvents.actorUserId, f.actorId));
  if (f.targetId) where.push(eq(auditEvents.targetId, f.targetId));
  if (f.from) where.push(gte(auditEvents.createdAt, f.from));
  if (f.to) where.push(lte(auditEvents.createdAt, f.to));
  if (f.before) {
    where.push(
      or(
        lt(auditEvents.createdAt, f.before.createdAt),
        and(eq(auditEvents.createdAt, f.before.createdAt), lt(auditEvents.id, f.before.id)),
      ),
    );
  }
  return exec
    .select()
    .from(auditEvents)
    .where(and(...where))
    .orderBy(desc(auditEvents.createdAt), desc(auditEvents.id))
    .limit(f.limit);
}

/**
 * A company's events about some targets plus the actions named, between two instants, oldest first
 * (the evidence package of a disputed payment: what happened to the order and who signed in).
 */
export async function auditTrail(
  exec: Executor,
  companyId: string,
  f: { targetIds: string[]; actions: string[]; from: Date; to: Date },
): Promise<AuditEventRow[]> {
  const about: SQL[] = [];
  for (const id of f.targetIds) about.push(eq(auditEvents.targetId, id));
  for (const a of f.actions) about.push(eq(auditEvents.action, a));
  return exec
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.companyId, companyId),
        gte(auditEvents.createdAt, f.from),
        lte(auditEvents.createdAt, f.to),
        or(...about),
      ),
    )
    .orderBy(auditEvents.createdAt, auditEvents.id)
    .limit(5000);
}
