import { z } from 'zod';

/** An audit event as the API shows it. */
export const auditEventDto = z.object({
  id: z.string(),
  createdAt: z.string(),
  action: z.string(),
  actor: z.object({ id: z.string(), email: z.string().nullable() }).nullable(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  diff: z.record(z.string(), z.unknown()).nullable(),
  metadata: z.record(z.string(), z.unknown()).nullable(),
});
/** An audit event. */
export type AuditEventDto = z.infer<typeof auditEventDto>;

/** GET /api/v1/audit-events query. */
export const auditQuery = z.object({
  action: z.string().max(80).optional(),
  actorId: z.string().max(80).optional(),
  targetId: z.string().max(80).optional(),
  from: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  to: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 date-time' }).optional(),
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(200).optional(),
});

/** GET /api/v1/audit-events query as a client sends it. */
export type AuditQuery = z.input<typeof auditQuery>;

/** GET /api/v1/audit-events answer (format=json): newest first, with an opaque cursor to the next page. */
export const auditPageDto = z.object({
  events: z.array(auditEventDto),
  nextCursor: z.string().nullable(),
});
/** A page of audit events. */
export type AuditPageDto = z.infer<typeof auditPageDto>;
