export { type AuditEventRow, auditTrail } from './audit.repo.ts';
export { type AuditEntry, type AuditService, createAuditService, diffOf } from './audit.service.ts';
