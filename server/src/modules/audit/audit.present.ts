import type { AuditEventDto } from '@youarecoder/contract';
import type { AuditEventRow } from './audit.repo.ts';

/** Stored row -> API shape (a whitelist: request ids and company ids stay inside). */
export function presentAuditEvent(r: AuditEventRow): AuditEventDto {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    action: r.action,
    actor: r.actorUserId ? { id: r.actorUserId, email: r.actorEmail } : null,
    targetType: r.targetType,
    targetId: r.targetId,
    ip: r.ip,
    userAgent: r.userAgent,
    diff: r.diff ?? null,
    metadata: r.metadata ?? null,
  };
}

/** Columns of the CSV export, in order. */
export const AUDIT_CSV_COLUMNS = [
  'id',
  'createdAt',
  'action',
  'actorId',
  'actorEmail',
  'targetType',
  'targetId',
  'ip',
  'userAgent',
  'diff',
  'metadata',
] as const;

// A spreadsheet runs a cell starting with one of these as a formula (CSV injection); tab and CR
// are on OWASP's list too because some programs skip them before looking for `=`.
const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV cell: formula guard, then RFC 4180 quoting. */
export function csvCell(value: string | null): string {
  let s = value ?? '';
  if (FORMULA_START.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

function cellsOf(e: AuditEventDto): (string | null)[] {
  return [
    e.id,
    e.createdAt,
    e.action,
    e.actor?.id ?? null,
    e.actor?.email ?? null,
    e.targetType,
    e.targetId,
    e.ip,
    e.userAgent,
    e.diff ? JSON.stringify(e.diff) : null,
    e.metadata ? JSON.stringify(e.metadata) : null,
  ];
}

/**
 * The export file: a header row, then one row per event, CRLF line ends (RFC 4180). It starts
 * with a UTF-8 byte order mark so Excel shows Turkish letters instead of mojibake.
 */
export function auditCsv(events: AuditEventDto[]): string {
  const lines = [AUDIT_CSV_COLUMNS.join(',')];
  for (const e of events) lines.push(cellsOf(e).map(csvCell).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
