import {
  and,
  desc,
  eq,
  getTableColumns,
  gt,
  type InferSelectModel,
  lt,
  lte,
  max,
  ne,
  or,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type Executor, executePrepared, type Tx } from '../../platform/db/client.ts';
import { companies } from '../companies/companies.schema.ts';
import {
  billingDetails,
  billingNotices,
  invoices,
  orders,
  paymentCallbacks,
  subscriptions,
} from './billing.schema.ts';

/** A subscription row. */
export type SubscriptionRow = typeof subscriptions.$inferSelect;
/** An order row. */
export type OrderRow = typeof orders.$inferSelect;
/** Billing details row. */
export type DetailsRow = typeof billingDetails.$inferSelect;
/** A stored notification. */
export type CallbackRow = typeof paymentCallbacks.$inferSelect;

/** The company's subscription. */
export async function findSubscription(
  exec: Executor,
  companyId: string,
): Promise<SubscriptionRow | undefined> {
  const [row] = await exec.select().from(subscriptions).where(eq(subscriptions.companyId, companyId));
  return row;
}

/** The subscription, locked: every change of one company's billing runs one at a time. */
export async function lockSubscription(tx: Tx, companyId: string): Promise<SubscriptionRow | undefined> {
  const [row] = await tx
    .select()
    .from(subscriptions)
    .where(eq(subscriptions.companyId, companyId))
    .for('update');
  return row;
}

/** Create a subscription (idempotent). */
export async function insertSubscription(
  exec: Executor,
  row: typeof subscriptions.$inferInsert,
): Promise<void> {
  await exec.insert(subscriptions).values(row).onConflictDoNothing();
}

/** Change a subscription. */
export async function updateSubscription(
  exec: Executor,
  companyId: string,
  patch: Partial<typeof subscriptions.$inferInsert>,
): Promise<void> {
  await updateSubscriptionSql(exec, companyId, patch);
}

/**
 * Companies whose subscription may need the lifecycle's attention at `now`: a trial within its
 * reminder window or over, a period within its renewal window or over, anything past due. The
 * others are not even locked.
 */
export async function subscriptionsToReview(
  exec: Executor,
  now: Date,
  windows: { trialDays: number; renewalDays: number },
): Promise<string[]> {
  const day = 86_400_000;
  const rows = await exec
    .select({ id: subscriptions.companyId })
    .from(subscriptions)
    .where(
      or(
        and(
          eq(subscriptions.status, 'trialing'),
          lte(subscriptions.trialEndsAt, new Date(now.getTime() + windows.trialDays * day)),
        ),
        and(
          eq(subscriptions.status, 'active'),
          lte(subscriptions.currentPeriodEnd, new Date(now.getTime() + windows.renewalDays * day)),
        ),
        eq(subscriptions.status, 'past_due'),
      ),
    );
  return rows.map((r) => r.id);
}

/** One order of a company with its invoice's id. */
export async function findOrderWithInvoice(exec: Executor, companyId: string, id: string) {
  const [row] = await ordersWithInvoice(exec).where(and(eq(orders.companyId, companyId), eq(orders.id, id)));
  return row;
}

/** Subscriptions counted by state (Prometheus). */
export async function countSubscriptions(exec: Executor): Promise<{ status: string; n: number }[]> {
  return exec
    .select({ status: subscriptions.status, n: sql<number>`count(*)::int` })
    .from(subscriptions)
    .groupBy(subscriptions.status);
}

/** The company's billing details. */
export async function findDetails(exec: Executor, companyId: string): Promise<DetailsRow | undefined> {
  const [row] = await exec.select().from(billingDetails).where(eq(billingDetails.companyId, companyId));
  return row;
}

/** Create or replace billing details. */
export async function upsertDetails(exec: Executor, row: typeof billingDetails.$inferInsert): Promise<void> {
  const { companyId: _, ...rest } = row;
  await exec
    .insert(billingDetails)
    .values(row)
    .onConflictDoUpdate({ target: billingDetails.companyId, set: rest });
}

/** Insert an order. */
export async function insertOrder(exec: Executor, row: typeof orders.$inferInsert): Promise<void> {
  await exec.insert(orders).values(row);
}

/** One order of a company. */
export async function findOrder(
  exec: Executor,
  companyId: string,
  id: string,
): Promise<OrderRow | undefined> {
  const [row] = await exec
    .select()
    .from(orders)
    .where(and(eq(orders.companyId, companyId), eq(orders.id, id)));
  return row;
}

/**
 * Stored-card renewals still to send: never sent, or sent `retryBefore` ago without an outcome (the
 * answer was lost), at most `maxAttempts` times.
 */
export async function unsentCharges(exec: Executor, retryBefore: Date, maxAttempts: number) {
  return exec
    .select({ id: orders.id, companyId: orders.companyId })
    .from(orders)
    .where(
      and(
        eq(orders.status, 'pending'),
        eq(orders.autoCharge, true),
        sql`(${orders.chargeSentAt} is null or (${orders.chargeSentAt} < ${retryBefore.toISOString()}::timestamptz and ${orders.chargeAttempts} < ${maxAttempts}))`,
      ),
    )
    .orderBy(orders.createdAt)
    .limit(100);
}

/** The order of a merchant_oid, locked (callbacks of one order are booked one at a time). */
export async function lockOrderByOid(tx: Tx, merchantOid: string): Promise<OrderRow | undefined> {
  const [row] = await tx.select().from(orders).where(eq(orders.merchantOid, merchantOid)).for('update');
  return row;
}

/** Change an order. */
export async function updateOrder(exec: Executor, id: string, patch: Partial<typeof orders.$inferInsert>) {
  await updateOrderSql(exec, id, patch);
}

/** Orders joined with their invoice's id (credit notes left out). */
const ordersWithInvoice = (exec: Executor) =>
  exec
    .select({ order: orders, invoiceId: invoices.id })
    .from(orders)
    .leftJoin(invoices, and(eq(invoices.orderId, orders.id), eq(invoices.kind, 'invoice')));

/** A company's orders, newest first, with their invoice ids. */
export async function listOrders(exec: Executor, companyId: string, limit = 100) {
  return ordersWithInvoice(exec)
    .where(eq(orders.companyId, companyId))
    .orderBy(desc(orders.createdAt))
    .limit(limit);
}

/** Pending orders past their payment page's timeout (the status inquiry job settles them). */
export async function overdueOrders(exec: Executor, now: Date, limit = 50): Promise<OrderRow[]> {
  return exec
    .select()
    .from(orders)
    .where(and(eq(orders.status, 'pending'), lt(orders.expiresAt, now)))
    .orderBy(orders.expiresAt)
    .limit(limit);
}

/** Pending orders still inside their payment window (Prometheus: awaiting a callback). */
export async function countAwaiting(exec: Executor, now: Date): Promise<number> {
  const [r] = await exec
    .select({ n: sql<number>`count(*)::int` })
    .from(orders)
    .where(and(eq(orders.status, 'pending'), gt(orders.expiresAt, now)));
  return r?.n ?? 0;
}

/** End of the last service period paid for (upgrades pay no period of their own). */
export async function paidThrough(exec: Executor, companyId: string): Promise<Date | null> {
  const [r] = await exec
    .select({ end: max(orders.periodEnd) })
    .from(orders)
    .where(and(eq(orders.companyId, companyId), eq(orders.status, 'paid'), ne(orders.kind, 'upgrade')));
  return r?.end ? new Date(r.end) : null;
}

/** The paid order whose period starts at `start` (the next period, paid ahead). */
export async function paidOrderStarting(
  exec: Executor,
  companyId: string,
  start: Date,
): Promise<OrderRow | undefined> {
  const [row] = await exec
    .select()
    .from(orders)
    .where(
      and(
        eq(orders.companyId, companyId),
        eq(orders.status, 'paid'),
        ne(orders.kind, 'upgrade'),
        eq(orders.periodStart, start),
      ),
    );
  return row;
}

/** Store a notification with what was done with it. */
export async function insertCallback(
  exec: Executor,
  row: typeof paymentCallbacks.$inferInsert,
): Promise<void> {
  await insertCallbackSql(exec, row);
}

/** The INSERT of a notification's record, unexecuted (await it, or pass it to `together`). */
export function insertCallbackSql(exec: Executor, row: typeof paymentCallbacks.$inferInsert) {
  return exec.insert(paymentCallbacks).values(row);
}

/** The UPDATE of an order, unexecuted. */
export function updateOrderSql(exec: Executor, id: string, patch: Partial<typeof orders.$inferInsert>) {
  return exec.update(orders).set(patch).where(eq(orders.id, id));
}

/** The UPDATE of a subscription, unexecuted. */
export function updateSubscriptionSql(
  exec: Executor,
  companyId: string,
  patch: Partial<typeof subscriptions.$inferInsert>,
) {
  return exec.update(subscriptions).set(patch).where(eq(subscriptions.companyId, companyId));
}

/**
 * Run several writes as one statement (data-modifying CTEs): one round trip instead of one each.
 * They see the same snapshot, so none may depend on another's effect.
 */
export async function together(tx: Tx, writes: SQLWrapper[]): Promise<void> {
  if (writes.length === 1 && writes[0]) {
    await executePrepared(tx, writes[0].getSQL());
    return;
  }
  const parts = writes.map((w, i) => sql`${sql.raw(`w${i}`)} as (${w.getSQL()})`);
  await executePrepared(tx, sql`with ${sql.join(parts, sql`, `)} select 1`);
}

/** Notifications of an order, oldest first. */
export async function callbacksOf(exec: Executor, merchantOid: string): Promise<CallbackRow[]> {
  return exec
    .select()
    .from(paymentCallbacks)
    .where(eq(paymentCallbacks.merchantOid, merchantOid))
    .orderBy(paymentCallbacks.receivedAt);
}

/** Record that a notice went out; false when it already had (so it goes out once). */
export async function claimNotice(
  exec: Executor,
  companyId: string,
  kind: string,
  key: string,
  now: Date,
): Promise<boolean> {
  const rows = await exec
    .insert(billingNotices)
    .values({ companyId, kind, key, sentAt: now })
    .onConflictDoNothing()
    .returning({ kind: billingNotices.kind });
  return rows.length > 0;
}

/** The owner and admins a billing email goes to, with the company's name. */
export async function billingContacts(exec: Executor, companyId: string) {
  return exec.execute<{
    id: string;
    email: string;
    full_name: string;
    locale: 'en' | 'tr';
    company_name: string;
  }>(
    sql`select u.id, u.email, u.full_name, u.locale, c.name as company_name
          from users u join ${companies} c on c.id = u.company_id
         where u.company_id = ${companyId} and u.role in ('owner', 'admin')
         order by u.role = 'owner' desc, u.created_at`,
  );
}

/** Whether a user is a platform operator (set from the CLI). */
export async function isOperator(exec: Executor, userId: string): Promise<boolean> {
  const r = await exec.execute<{ ok: boolean }>(
    sql`select is_operator as ok from users where id = ${userId}`,
  );
  return r.rows[0]?.ok === true;
}

/** Every company with its subscription, owner and what it paid (operators). */
export async function adminCompanies(exec: Executor, limit = 500) {
  const r = await exec.execute<{
    id: string;
    name: string;
    subdomain: string;
    owner_email: string | null;
    plan: string;
    status: string;
    trial_ends_at: Date | null;
    current_period_end: Date | null;
    created_at: Date;
    paid: { currency: 'TRY' | 'USD' | 'EUR'; minor: number }[];
    exemption_review: 'pending' | 'confirmed' | 'refused' | null;
    exemption_review_key: string | null;
    country: string | null;
    tax_number: string | null;
  }>(sql`select c.id, c.name, c.subdomain, d.exemption_review, d.exemption_review_key, d.country, d.tax_number,
                (select email from users u where u.company_id = c.id and u.role = 'owner') as owner_email,
                coalesce(s.plan, c.plan) as plan, coalesce(s.status, 'trialing') as status,
                s.trial_ends_at, s.current_period_end, c.created_at,
                (select coalesce(json_agg(json_build_object('currency', x.currency, 'minor', x.minor)
                                          order by x.currency), '[]'::json)
                   from (select o.currency, sum(o.amount_minor - o.refunded_minor)::bigint as minor from orders o
                          where o.company_id = c.id and o.status = 'paid' group by o.currency) x) as paid
           from ${companies} c left join ${subscriptions} s on s.company_id = c.id
           left join ${billingDetails} d on d.company_id = c.id
          order by c.created_at desc limit ${limit}`);
  return r.rows;
}

/** Recent orders across companies, with the company's name (operators). */
export async function adminOrders(exec: Executor, limit = 200) {
  return exec
    .select({ order: orders, companyName: companies.name, invoiceId: invoices.id })
    .from(orders)
    .innerJoin(companies, eq(companies.id, orders.companyId))
    .leftJoin(invoices, and(eq(invoices.orderId, orders.id), eq(invoices.kind, 'invoice')))
    .orderBy(desc(orders.createdAt))
    .limit(limit);
}

/** Notifications held for review and not yet reviewed, then the latest others (operators). */
export async function adminCallbacks(exec: Executor, onlyOpen: boolean, limit = 200): Promise<CallbackRow[]> {
  const q = exec.select().from(paymentCallbacks);
  const filtered = onlyOpen
    ? q.where(and(eq(paymentCallbacks.outcome, 'held'), sql`${paymentCallbacks.reviewedAt} is null`))
    : q.where(ne(paymentCallbacks.outcome, 'duplicate'));
  return filtered.orderBy(desc(paymentCallbacks.receivedAt)).limit(limit);
}

/** Mark a held notification reviewed. */
export async function reviewCallback(exec: Executor, id: string, by: string, note: string, now: Date) {
  const rows = await exec
    .update(paymentCallbacks)
    .set({ reviewedAt: now, reviewedBy: by, reviewNote: note })
    .where(eq(paymentCallbacks.id, id))
    .returning({ id: paymentCallbacks.id });
  return rows.length > 0;
}

/** An order by id, any company (operators). */
export async function findOrderAnyCompany(exec: Executor, id: string): Promise<OrderRow | undefined> {
  const [row] = await exec.select().from(orders).where(eq(orders.id, id));
  return row;
}

/** A company's name and subdomain. */
export async function companyOf(exec: Executor, id: string) {
  const [row] = await exec
    .select({ id: companies.id, name: companies.name, subdomain: companies.subdomain })
    .from(companies)
    .where(eq(companies.id, id));
  return row;
}

/** What booking a payment needs, read and locked in one statement. */
export interface BookingContext {
  order: OrderRow;
  sub: SubscriptionRow;
  details: DetailsRow | undefined;
}

/**
 * The order of a merchant_oid with its company's subscription (both locked, order first, in this
 * one statement) and billing details: one round trip on the notification path. Nothing derived
 * from other rows is read here: after waiting for the locks such a value would be the snapshot's,
 * older than the rows just locked.
 */
export async function lockForBooking(tx: Tx, merchantOid: string): Promise<BookingContext | undefined> {
  // Rows come back as JSON and are mapped by the tables' own column definitions: drizzle's select
  // builder spent more CPU assembling this 60-column statement than PostgreSQL spent running it.
  const res = await executePrepared<{
    o: Record<string, unknown>;
    s: Record<string, unknown>;
    d: Record<string, unknown> | null;
  }>(
    tx,
    sql`select to_jsonb(o) as o, to_jsonb(s) as s, to_jsonb(d) as d
          from ${orders} o join ${subscriptions} s on s.company_id = o.company_id
          left join ${billingDetails} d on d.company_id = o.company_id
         where o.merchant_oid = ${merchantOid}
           for update of o, s`,
  );
  const row = res.rows[0];
  if (!row) return undefined;
  return {
    order: fromJsonRow(orders, row.o),
    sub: fromJsonRow(subscriptions, row.s),
    details: row.d ? fromJsonRow(billingDetails, row.d) : undefined,
  };
}

/** A row of `table` given as `to_jsonb(row)`, mapped by the table's column definitions. */
function fromJsonRow<T extends PgTable>(table: T, json: Record<string, unknown>): InferSelectModel<T> {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const v = json[column.name];
    out[key] = v === null || v === undefined ? null : column.mapFromDriverValue(v);
  }
  return out as InferSelectModel<T>;
}
