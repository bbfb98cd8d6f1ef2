import { type auditQuery, NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE } from '@youarecoder/contract';
import type { z } from 'zod';
import type { Clock } from '../../platform/clock.ts';
import type { Db } from '../../platform/db/client.ts';
import { type Principal, requireRole } from '../../platform/http/auth.ts';
import { invalid } from '../../platform/http/errors.ts';
import { type AuditEventRow, type AuditFilter, listAuditEvents } from './audit.repo.ts';

/** The parsed query of GET /audit-events. */
export type AuditListQuery = z.output<typeof auditQuery>;

/** Most rows one CSV export holds; beyond that the caller narrows the time range. */
export const CSV_MAX_ROWS = 10_000;

const CURSOR_ID = /^[A-Za-z0-9_-]{1,80}$/;

/** Opaque page cursor: base64url of the last row's time and id (the keyset of the listing order). */
export function encodeCursor(row: { createdAt: Date; id: string }): string {
  return Buffer.from(`${row.createdAt.toISOString()}|${row.id}`, 'utf8').toString('base64url');
}

/** Read a cursor back; a tampered or foreign one is a field error, never a 500. */
export function decodeCursor(cursor: string): { createdAt: Date; id: string } {
  const [iso, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  const createdAt = new Date(iso ?? '');
  if (rest.length || !id || !CURSOR_ID.test(id) || Number.isNaN(createdAt.getTime())) {
    throw invalid({ cursor: 'is not a cursor this API gave out' }, 'cursor is not valid', {
      cursor: 'invalid_value',
    });
  }
  return { createdAt, id };
}

// Calendar date in the company's business time zone, for the export's file name.
const istanbulDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Istanbul',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

type Deps = {
  db: Db;
  clock: Clock;
  /** The company's subdomain for file names; the company id is used when absent. */
  companyLabel?: (p: Principal) => Promise<string | null>;
};

/** Reading and exporting the audit log: owners and admins only, always one company's events. */
export function auditReadService(deps: Deps) {
  const { db, clock } = deps;

  function filterOf(p: Principal, q: AuditListQuery): Omit<AuditFilter, 'limit'> {
    const bad: Record<string, string> = {};
    const codes: Record<string, 'invalid_format'> = {};
    for (const key of ['action', 'actorId', 'targetId'] as const) {
      const v = q[key];
      // PostgreSQL refuses NUL in text: catch it here as a field error instead of a 500.
      if (v !== undefined && !NO_CONTROL_CHARS.test(v)) {
        bad[key] = NO_CONTROL_CHARS_MESSAGE;
        codes[key] = 'invalid_format';
      }
    }
    if (Object.keys(bad).length) throw invalid(bad, undefined, codes);
    return {
      companyId: p.companyId,
      action: q.action || undefined,
      actorId: q.actorId || undefined,
      targetId: q.targetId || undefined,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
    };
  }

  return {
    /** One page of events, newest first, and the cursor of the next page (null on the last). */
    async list(
      p: Principal,
      q: AuditListQuery,
    ): Promise<{ rows: AuditEventRow[]; nextCursor: string | null }> {
      requireRole(p, 'owner', 'admin');
      const filter = filterOf(p, q);
      const before = q.cursor ? decodeCursor(q.cursor) : undefined;
      // One extra row tells whether another page exists without a count query.
      const rows = await listAuditEvents(db, { ...filter, before, limit: q.limit + 1 });
      const page = rows.slice(0, q.limit);
      const last = page.at(-1);
      return { rows: page, nextCursor: rows.length > q.limit && last ? encodeCursor(last) : null };
    },

    /** Every matching event (up to CSV_MAX_ROWS) for a download, with its file name. */
    async export(
      p: Principal,
      q: AuditListQuery,
    ): Promise<{ rows: AuditEventRow[]; truncated: boolean; filename: string }> {
      requireRole(p, 'owner', 'admin');
      const rows = await listAuditEvents(db, { ...filterOf(p, q), limit: CSV_MAX_ROWS + 1 });
      const label = (await deps.companyLabel?.(p))?.replace(/[^a-z0-9-]/gi, '') || p.companyId;
      return {
        rows: rows.slice(0, CSV_MAX_ROWS),
        truncated: rows.length > CSV_MAX_ROWS,
        filename: `audit-${label}-${istanbulDate.format(clock.now())}.csv`,
      };
    },
  };
}

/** The audit read service. */
export type AuditReadService = ReturnType<typeof auditReadService>;
