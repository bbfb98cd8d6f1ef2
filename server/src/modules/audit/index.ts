export { type AuditEntry, type AuditService, createAuditService, diffOf } from './audit.service.ts';
