import type { AuditAction } from '@youarecoder/contract';
import type { SQL } from 'drizzle-orm';
import type { Clock } from '../../platform/clock.ts';
import type { Executor } from '../../platform/db/client.ts';
import type { RequestMeta } from '../../platform/http/auth.ts';
import type { Ids } from '../../platform/ids.ts';
import { auditInsertSql } from './audit.repo.ts';

/** One security-relevant event. */
export interface AuditEntry {
  companyId: string | null;
  actor: { userId: string; email: string } | null;
  action: AuditAction;
  target?: { type: string; id: string };
  diff?: Record<string, { from: unknown; to: unknown }>;
  metadata?: Record<string, unknown>;
  meta: RequestMeta | null;
}

/** Records audit events; always inside the caller's transaction so the log matches what happened. */
export interface AuditService {
  record(exec: Executor, entry: AuditEntry): Promise<void>;
  /** The INSERT of one event as SQL, to run inside a larger statement (a CTE on a hot path). */
  insertSql(entry: AuditEntry): SQL;
}

/** Build the audit service. */
export function createAuditService(deps: { ids: Ids; clock: Clock }): AuditService {
  const service: AuditService = {
    async record(exec, e) {
      await exec.execute(service.insertSql(e));
    },
    insertSql(e) {
      return auditInsertSql({
        id: deps.ids.id('aud'),
        companyId: e.companyId,
        actorUserId: e.actor?.userId ?? null,
        actorEmail: e.actor?.email ?? null,
        action: e.action,
        targetType: e.target?.type ?? null,
        targetId: e.target?.id ?? null,
        ip: e.meta?.ip ?? null,
        userAgent: e.meta?.userAgent ?? null,
        requestId: e.meta?.requestId ?? null,
        diff: e.diff ?? null,
        metadata: e.metadata ?? null,
        createdAt: deps.clock.now(),
      });
    },
  };
  return service;
}

/** Diff of the fields that changed between two objects. */
export function diffOf<T extends Record<string, unknown>>(
  before: T,
  after: Partial<T>,
): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const [k, v] of Object.entries(after)) {
    if (v !== undefined && before[k] !== v) out[k] = { from: before[k], to: v };
  }
  return out;
}
