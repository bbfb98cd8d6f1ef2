import { and, eq, getTableColumns, gte, inArray, lt, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { mailOutbox } from './notifications.schema.ts';

/** A stored message. */
export type OutboxRow = typeof mailOutbox.$inferSelect;

/** Store a new message. */
export async function insertMail(exec: Executor, row: typeof mailOutbox.$inferInsert): Promise<void> {
  await exec.insert(mailOutbox).values(row);
}

/** One message by id. */
export async function findMail(exec: Executor, id: string): Promise<OutboxRow | undefined> {
  const [row] = await exec.select().from(mailOutbox).where(eq(mailOutbox.id, id));
  return row;
}

/** Record an attempt's outcome. */
export async function updateMail(
  exec: Executor,
  id: string,
  patch: Partial<Pick<OutboxRow, 'status' | 'attempts' | 'lastError' | 'sentAt' | 'messageId'>>,
): Promise<void> {
  await exec.update(mailOutbox).set(patch).where(eq(mailOutbox.id, id));
}

/** A stored message without its attachments, for listings. */
export type OutboxListRow = Omit<OutboxRow, 'attachments'>;

// A list of 100 messages must not pull every invoice PDF out of the database.
const { attachments: _attachments, ...listColumns } = getTableColumns(mailOutbox);

/** Newest messages first, without attachment contents (development mail page). */
export async function listRecentMail(exec: Executor, limit: number): Promise<OutboxListRow[]> {
  return exec.select(listColumns).from(mailOutbox).orderBy(sql`${mailOutbox.createdAt} desc`).limit(limit);
}

/** Count of messages by status, for /metrics. */
export async function countMailByStatus(exec: Executor): Promise<{ status: string; count: number }[]> {
  const rows = await exec
    .select({ status: mailOutbox.status, count: sql<number>`count(*)::int` })
    .from(mailOutbox)
    .groupBy(mailOutbox.status);
  return rows;
}

/** Delete sent and failed messages created before `before`; returns how many. */
export async function deleteFinishedMailBefore(exec: Executor, before: Date): Promise<number> {
  const rows = await exec
    .delete(mailOutbox)
    .where(and(inArray(mailOutbox.status, ['sent', 'failed']), lt(mailOutbox.createdAt, before)))
    .returning({ id: mailOutbox.id });
  return rows.length;
}

/** What was mailed to a company from `from` to `to` (both included): metadata only, no bodies (chargeback evidence). */
export async function mailsOfCompany(exec: Executor, companyId: string, from: Date, to: Date) {
  return exec
    .select({
      id: mailOutbox.id,
      to: mailOutbox.toAddress,
      subject: mailOutbox.subject,
      template: mailOutbox.template,
      locale: mailOutbox.locale,
      status: mailOutbox.status,
      createdAt: mailOutbox.createdAt,
      sentAt: mailOutbox.sentAt,
      messageId: mailOutbox.messageId,
    })
    .from(mailOutbox)
    .where(
      and(
        eq(mailOutbox.companyId, companyId),
        gte(mailOutbox.createdAt, from),
        lte(mailOutbox.createdAt, to),
      ),
    )
    .orderBy(mailOutbox.createdAt)
    .limit(1000);
}
