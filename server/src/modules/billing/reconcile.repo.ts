import { and, desc, eq, gte, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/client.ts';
import { companies } from '../companies/companies.schema.ts';
import {
  reconciliationDiscrepancies as disc,
  orders,
  refunds,
  reconciliationRuns as runs,
} from './billing.schema.ts';
import type { BookRecord, Finding } from './reconcile.compare.ts';

/** A reconciliation run row. */
export type RunRow = typeof runs.$inferSelect;
/** A discrepancy row. */
export type DiscrepancyRow = typeof disc.$inferSelect;

/** Serialises reconciliations (the schedule and an operator's at once) until the transaction ends. */
export async function lockReconciliation(exec: Executor): Promise<void> {
  await exec.execute(sql`select pg_advisory_xact_lock(hashtext('billing:reconcile'))`);
}

/** Records a run as started. */
export async function insertRun(exec: Executor, row: typeof runs.$inferInsert): Promise<void> {
  await exec.insert(runs).values(row);
}

/** Writes a run's outcome. */
export async function finishRun(exec: Executor, id: string, set: Partial<typeof runs.$inferInsert>) {
  const [row] = await exec.update(runs).set(set).where(eq(runs.id, id)).returning();
  return row as RunRow;
}

/** A run still "running" long after it started died with its process: it counts as failed. */
export async function failStaleRuns(exec: Executor, startedBefore: Date, now: Date): Promise<void> {
  await exec
    .update(runs)
    .set({ status: 'failed', finishedAt: now, error: 'interrupted' })
    .where(and(eq(runs.status, 'running'), lt(runs.startedAt, startedBefore)));
}

/** The earliest day from `since` to `until` whose latest run failed: the schedule covers it again. */
export async function earliestFailedDay(
  exec: Executor,
  since: string,
  until: string,
): Promise<string | null> {
  const r = await exec.execute<{ day: string }>(sql`
    select to_char(d, 'YYYY-MM-DD') as day
      from generate_series(${since}::date, ${until}::date, interval '1 day') d
     where (select status from ${runs} r
             where r.from_day <= d and r.to_day >= d and r.status <> 'running'
             order by r.started_at desc limit 1) = 'failed'
     order by d limit 1`);
  return r.rows[0]?.day ?? null;
}

/**
 * Our paid sales and completed refunds dated in [from, to), and those of the given merchant_oids whenever
 * they were booked (PayTR dated them in the range; we may have booked them days later).
 */
export async function ourRecords(
  exec: Executor,
  from: Date,
  to: Date,
  oids: string[],
): Promise<BookRecord[]> {
  const byOid = oids.length ? inArray(orders.merchantOid, oids) : sql`false`;
  const sales = await exec
    .select({
      oid: orders.merchantOid,
      total: orders.paidTotalMinor,
      amount: orders.amountMinor,
      currency: orders.currency,
      at: orders.paidAt,
    })
    .from(orders)
    .where(and(eq(orders.status, 'paid'), or(and(gte(orders.paidAt, from), lt(orders.paidAt, to)), byOid)));
  const back = await exec
    .select({
      oid: orders.merchantOid,
      amount: refunds.amountMinor,
      currency: orders.currency,
      at: refunds.completedAt,
    })
    .from(refunds)
    .innerJoin(orders, eq(orders.id, refunds.orderId))
    .where(
      and(
        eq(refunds.status, 'done'),
        or(and(gte(refunds.completedAt, from), lt(refunds.completedAt, to)), byOid),
      ),
    );
  return [
    ...sales.map((s) => ({
      type: 'sale' as const,
      merchantOid: s.oid,
      amountMinor: s.total ?? s.amount,
      currency: s.currency,
      at: s.at ?? from,
    })),
    ...back.map((r) => ({
      type: 'refund' as const,
      merchantOid: r.oid,
      amountMinor: r.amount,
      currency: r.currency,
      at: r.at ?? from,
    })),
  ];
}

/** Our orders of these merchant_oids, in any state. */
export async function ordersByOid(exec: Executor, oids: string[]) {
  if (!oids.length) return new Map<string, { id: string; companyId: string }>();
  const rows = await exec
    .select({ id: orders.id, companyId: orders.companyId, oid: orders.merchantOid })
    .from(orders)
    .where(inArray(orders.merchantOid, oids));
  return new Map(rows.map((r) => [r.oid, { id: r.id, companyId: r.companyId }]));
}

/** Open discrepancies of the days from `from` to `to`. */
export async function openDiscrepancies(exec: Executor, from: string, to: string): Promise<DiscrepancyRow[]> {
  return exec
    .select()
    .from(disc)
    .where(and(eq(disc.status, 'open'), gte(disc.day, from), lte(disc.day, to)));
}

/**
 * Records a finding: a new row, or the existing one brought up to date (a cleared one opens again; one an
 * operator resolved stays resolved). Whether it is open now and was not before.
 */
export async function upsertDiscrepancy(
  exec: Executor,
  f: Finding,
  o: { id: string; runId: string; now: Date; order: { id: string; companyId: string } | null },
): Promise<boolean> {
  const values = {
    paytrAmountMinor: f.paytr?.amountMinor ?? null,
    paytrCurrency: f.paytr?.currency ?? null,
    paytrAt: f.paytr?.at ?? null,
    ourAmountMinor: f.ours?.amountMinor ?? null,
    ourCurrency: f.ours?.currency ?? null,
    ourAt: f.ours?.at ?? null,
    orderId: o.order?.id ?? null,
    companyId: o.order?.companyId ?? null,
    lastRunId: o.runId,
    lastSeenAt: o.now,
  };
  const r = await exec.execute<{ opened: boolean }>(sql`
    with before as (
      select status from ${disc}
       where day = ${f.day} and merchant_oid = ${f.merchantOid} and subject = ${f.subject} and kind = ${f.kind}
    ), up as (
      insert into ${disc} (id, day, merchant_oid, subject, kind, status, order_id, company_id,
        paytr_amount_minor, paytr_currency, paytr_at, our_amount_minor, our_currency, our_at,
        first_run_id, last_run_id, first_seen_at, last_seen_at)
      values (${o.id}, ${f.day}, ${f.merchantOid}, ${f.subject}, ${f.kind}, 'open', ${values.orderId},
        ${values.companyId}, ${values.paytrAmountMinor}, ${values.paytrCurrency}, ${values.paytrAt},
        ${values.ourAmountMinor}, ${values.ourCurrency}, ${values.ourAt}, ${o.runId}, ${o.runId}, ${o.now}, ${o.now})
      on conflict (day, merchant_oid, subject, kind) do update set
        status = case when ${disc.status} = 'cleared' then 'open' else ${disc.status} end,
        cleared_at = case when ${disc.status} = 'cleared' then null else ${disc.clearedAt} end,
        order_id = excluded.order_id, company_id = excluded.company_id,
        paytr_amount_minor = excluded.paytr_amount_minor, paytr_currency = excluded.paytr_currency,
        paytr_at = excluded.paytr_at, our_amount_minor = excluded.our_amount_minor,
        our_currency = excluded.our_currency, our_at = excluded.our_at,
        last_run_id = excluded.last_run_id, last_seen_at = excluded.last_seen_at
      returning status
    )
    select (select status from up) = 'open' and coalesce((select status from before), '') <> 'open' as opened`);
  return r.rows[0]?.opened === true;
}

/** Marks discrepancies cleared: a later run no longer sees them. */
export async function clearDiscrepancies(
  exec: Executor,
  ids: string[],
  runId: string,
  now: Date,
): Promise<void> {
  if (!ids.length) return;
  await exec
    .update(disc)
    .set({ status: 'cleared', clearedAt: now, lastRunId: runId })
    .where(and(inArray(disc.id, ids), eq(disc.status, 'open')));
}

/** Discrepancies for operators, with the payment they concern; open first, newest days first. */
export async function listDiscrepancies(
  exec: Executor,
  status: DiscrepancyRow['status'] | 'all',
  limit = 500,
) {
  const q = exec
    .select({
      d: disc,
      order: {
        status: orders.status,
        kind: orders.kind,
        plan: orders.plan,
        period: orders.period,
        amountMinor: orders.amountMinor,
        currency: orders.currency,
        refundedMinor: orders.refundedMinor,
        createdAt: orders.createdAt,
        paidAt: orders.paidAt,
      },
      companyName: companies.name,
    })
    .from(disc)
    .leftJoin(orders, eq(orders.id, disc.orderId))
    .leftJoin(companies, eq(companies.id, disc.companyId));
  const filtered = status === 'all' ? q : q.where(eq(disc.status, status));
  return filtered
    .orderBy(sql`case ${disc.status} when 'open' then 0 else 1 end`, desc(disc.day), disc.merchantOid)
    .limit(limit);
}

/** The latest runs. */
export async function latestRuns(exec: Executor, limit = 10): Promise<RunRow[]> {
  return exec.select().from(runs).orderBy(desc(runs.startedAt)).limit(limit);
}

/** One discrepancy. */
export async function findDiscrepancy(exec: Executor, id: string): Promise<DiscrepancyRow | undefined> {
  const [row] = await exec.select().from(disc).where(eq(disc.id, id));
  return row;
}

/** Closes a discrepancy with an operator's note; undefined when it was resolved already (or is gone). */
export async function resolveDiscrepancy(exec: Executor, id: string, by: string, note: string, now: Date) {
  const [row] = await exec
    .update(disc)
    .set({ status: 'resolved', resolvedAt: now, resolvedBy: by, resolutionNote: note })
    .where(and(eq(disc.id, id), sql`${disc.status} <> 'resolved'`))
    .returning();
  return row;
}
