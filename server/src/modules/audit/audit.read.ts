import type { Db } from '../../platform/db/client.ts';

/** Reading and exporting the audit log. (Filled in by the audit work.) */
export function auditReadService(_deps: { db: Db }) {
  return {};
}

/** The audit read service. */
export type AuditReadService = ReturnType<typeof auditReadService>;
