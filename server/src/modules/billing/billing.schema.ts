import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { companies } from '../companies/companies.schema.ts';
import type { TaxEvidence } from './tax-evidence.ts';

const tz = (name: string) => timestamp(name, { withTimezone: true });
/** Money: integer minor units (kuruş, cents); bigint read back as a JS number (safe far past any price). */
const money = (name: string) => bigint(name, { mode: 'number' });
const day = (name: string) => date(name, { mode: 'string' });

/** TCMB bulletins as fetched: the raw XML is kept as evidence of the rate used. */
export const fxBulletins = pgTable('fx_bulletins', {
  /** The bulletin's date (Tarih), Istanbul calendar day. */
  date: day('date').primaryKey(),
  bulletinNo: text('bulletin_no').notNull(),
  sourceUrl: text('source_url').notNull(),
  rawXml: text('raw_xml').notNull(),
  fetchedAt: tz('fetched_at').notNull(),
});

/** One currency of a bulletin; values are TRY per `unit` units of the currency, as printed. */
export const fxRates = pgTable(
  'fx_rates',
  {
    bulletinDate: day('bulletin_date')
      .notNull()
      .references(() => fxBulletins.date, { onDelete: 'cascade' }),
    currency: text('currency').notNull(),
    unit: integer('unit').notNull(),
    forexBuying: numeric('forex_buying', { precision: 18, scale: 6 }),
    forexSelling: numeric('forex_selling', { precision: 18, scale: 6 }),
    banknoteBuying: numeric('banknote_buying', { precision: 18, scale: 6 }),
    banknoteSelling: numeric('banknote_selling', { precision: 18, scale: 6 }),
  },
  (t) => [primaryKey({ columns: [t.bulletinDate, t.currency] })],
);

/** Who the invoices are made out to; required before the first payment. */
export const billingDetails = pgTable('billing_details', {
  companyId: text('company_id')
    .primaryKey()
    .references(() => companies.id, { onDelete: 'cascade' }),
  legalName: text('legal_name').notNull(),
  taxOffice: text('tax_office').notNull(),
  /** VKN (10 digits) or TCKN (11 digits); foreign customers their own tax id. */
  taxNumber: text('tax_number').notNull(),
  address: text('address').notNull(),
  city: text('city').notNull(),
  /** ISO 3166-1 alpha-2. */
  country: text('country').notNull(),
  /** PayTR requires a payer phone on each payment. */
  phone: text('phone'),
  /** Currency the portal shows and renewals charge in. */
  currency: text('currency', { enum: ['TRY', 'USD', 'EUR'] })
    .notNull()
    .default('TRY'),
  updatedAt: tz('updated_at').notNull(),
  updatedBy: text('updated_by'),
  /**
   * An operator's review of an export exemption the details contradict (a foreign country with a Turkish
   * tax number, say): pending until confirmed or refused; taxed meanwhile. Tied to the country and tax
   * number it was asked for (`exemptionReviewKey`): changing them asks again.
   */
  exemptionReview: text('exemption_review', { enum: ['pending', 'confirmed', 'refused'] }),
  exemptionReviewKey: text('exemption_review_key'),
  exemptionReviewedBy: text('exemption_reviewed_by'),
  exemptionReviewedAt: tz('exemption_reviewed_at'),
  exemptionReviewNote: text('exemption_review_note'),
});

/** One subscription per company: the source its entitlements are derived from. */
export const subscriptions = pgTable(
  'subscriptions',
  {
    companyId: text('company_id')
      .primaryKey()
      .references(() => companies.id, { onDelete: 'cascade' }),
    status: text('status', { enum: ['trialing', 'active', 'past_due', 'suspended', 'canceled'] }).notNull(),
    plan: text('plan', { enum: ['starter', 'team', 'enterprise'] }).notNull(),
    period: text('period', { enum: ['monthly', 'annual'] })
      .notNull()
      .default('monthly'),
    currency: text('currency', { enum: ['TRY', 'USD', 'EUR'] })
      .notNull()
      .default('TRY'),
    trialEndsAt: tz('trial_ends_at'),
    currentPeriodStart: tz('current_period_start'),
    currentPeriodEnd: tz('current_period_end'),
    /**
     * Start of the first paid period of the current run: renewals end on its Istanbul day and time
     * a whole number of months later (periods.ts `anchoredPeriodEnd`). Set by a fresh start.
     */
    billingAnchor: tz('billing_anchor'),
    cancelAtPeriodEnd: boolean('cancel_at_period_end').notNull().default(false),
    /** A downgrade (or period change) waiting for the period end. */
    nextPlan: text('next_plan', { enum: ['starter', 'team', 'enterprise'] }),
    nextPeriod: text('next_period', { enum: ['monthly', 'annual'] }),
    pastDueSince: tz('past_due_since'),
    suspendedAt: tz('suspended_at'),
    canceledAt: tz('canceled_at'),
    /** Stored card (PAYTR_RECURRING=1): PayTR's user and card tokens. */
    cardUtoken: text('card_utoken'),
    cardCtoken: text('card_ctoken'),
    cardLast4: text('card_last4'),
    createdAt: tz('created_at').notNull(),
    updatedAt: tz('updated_at').notNull(),
  },
  (t) => [index('subscriptions_status_idx').on(t.status)],
);

/** Payment attempts. The price is fixed here at creation, with the rate and bulletin it came from. */
export const orders = pgTable(
  'orders',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    /** PayTR's order id: letters and digits only, at most 64. */
    merchantOid: text('merchant_oid').notNull(),
    kind: text('kind', { enum: ['subscribe', 'renewal', 'upgrade'] }).notNull(),
    plan: text('plan', { enum: ['starter', 'team', 'enterprise'] }).notNull(),
    period: text('period', { enum: ['monthly', 'annual'] }).notNull(),
    currency: text('currency', { enum: ['TRY', 'USD', 'EUR'] }).notNull(),
    /** List price in USD cents before conversion (prorated for upgrades). */
    usdNetMinor: money('usd_net_minor').notNull(),
    netMinor: money('net_minor').notNull(),
    vatMinor: money('vat_minor').notNull(),
    /** What the payer is asked for: net + VAT. */
    amountMinor: money('amount_minor').notNull(),
    /** VAT rate in basis points (2000 = 20 %); 0 with a reason when exempt. */
    vatRateBp: integer('vat_rate_bp').notNull(),
    vatExemptReason: text('vat_exempt_reason'),
    /** Why VAT was charged or not, as the buyer's details and any operator review showed (TaxEvidence). */
    taxEvidence: jsonb('tax_evidence').$type<TaxEvidence>(),
    /** TRY per one unit of `currency` (1 for TRY) and USD's, as decimal strings, and their bulletin. */
    tryRate: numeric('try_rate', { precision: 18, scale: 6 }).notNull(),
    usdTryRate: numeric('usd_try_rate', { precision: 18, scale: 6 }),
    fxDate: day('fx_date'),
    fxRateType: text('fx_rate_type').notNull().default('ForexBuying'),
    /** The service period this order pays for. */
    periodStart: tz('period_start').notNull(),
    periodEnd: tz('period_end').notNull(),
    status: text('status', { enum: ['pending', 'paid', 'failed', 'expired'] }).notNull(),
    failedReasonCode: text('failed_reason_code'),
    failedReasonMsg: text('failed_reason_msg'),
    /** total_amount of the success callback (installments may make it exceed amountMinor). */
    paidTotalMinor: money('paid_total_minor'),
    refundedMinor: money('refunded_minor').notNull().default(0),
    installmentCount: integer('installment_count'),
    paymentType: text('payment_type'),
    /** How the outcome was learnt: the callback, or the status inquiry job. */
    settledBy: text('settled_by', { enum: ['callback', 'inquiry', 'direct'] }),
    paidAt: tz('paid_at'),
    settledAt: tz('settled_at'),
    testMode: boolean('test_mode').notNull(),
    userIp: text('user_ip').notNull(),
    email: text('email').notNull(),
    createdBy: text('created_by'),
    createdAt: tz('created_at').notNull(),
    /** Past this without a callback the inquiry job asks PayTR. */
    expiresAt: tz('expires_at').notNull(),
    /**
     * A renewal the platform charges to the stored card (no payer at a browser): each lifecycle run
     * sends it until PayTR has it, so a crash between the order and the charge loses nothing.
     */
    autoCharge: boolean('auto_charge').notNull().default(false),
    chargeAttempts: integer('charge_attempts').notNull().default(0),
    chargeSentAt: tz('charge_sent_at'),
    /**
     * 0 for a renewal's first stored-card charge; n for the n-th dunning retry of the same period
     * (billing.dunning.ts). With the period it keys the charge, so each retry is made once.
     */
    dunningAttempt: integer('dunning_attempt').notNull().default(0),
    /** Credit from billing_credits used by this order, in USD cents of list price (0: none). */
    creditUsdMinor: money('credit_usd_minor').notNull().default(0),
    /** The credit in the order's currency: the invoice line's discount (iskonto); net is after it. */
    discountMinor: money('discount_minor').notNull().default(0),
  },
  (t) => [
    uniqueIndex('orders_merchant_oid_key').on(t.merchantOid),
    index('orders_auto_charge_idx').on(t.createdAt).where(sql`status = 'pending' and auto_charge`),
    index('orders_company_idx').on(t.companyId, t.createdAt),
    index('orders_pending_idx').on(t.expiresAt).where(sql`status = 'pending'`),
    // One stored-card charge per period and attempt, even with two workers or after a crash.
    uniqueIndex('orders_one_auto_charge_attempt')
      .on(t.companyId, t.periodStart, t.dunningAttempt)
      .where(sql`auto_charge`),
    // No service period is paid twice: the backstop under the service's own checks.
    uniqueIndex('orders_one_paid_period')
      .on(t.companyId, t.periodStart)
      .where(sql`status = 'paid' and kind <> 'upgrade'`),
  ],
);

/** Every notification PayTR (or anyone) posted, with what it did; held ones wait for an operator. */
export const paymentCallbacks = pgTable(
  'payment_callbacks',
  {
    id: text('id').primaryKey(),
    receivedAt: tz('received_at').notNull(),
    merchantOid: text('merchant_oid'),
    orderId: text('order_id'),
    companyId: text('company_id'),
    hashValid: boolean('hash_valid').notNull(),
    outcome: text('outcome', {
      enum: ['booked', 'failure_recorded', 'duplicate', 'rejected', 'held'],
    }).notNull(),
    /** Why held or rejected: bad_hash, unknown_order, amount_mismatch, currency_mismatch, test_mode_in_live… */
    reason: text('reason'),
    body: jsonb('body').$type<Record<string, string>>().notNull(),
    remoteIp: text('remote_ip'),
    reviewedAt: tz('reviewed_at'),
    reviewedBy: text('reviewed_by'),
    reviewNote: text('review_note'),
  },
  (t) => [
    index('payment_callbacks_oid_idx').on(t.merchantOid),
    index('payment_callbacks_held_idx').on(t.receivedAt).where(sql`outcome = 'held' and reviewed_at is null`),
  ],
);

/** The per-year counter invoice numbers come from; bumped in the paying transaction, so gapless. */
export const invoiceSequences = pgTable('invoice_sequences', {
  year: integer('year').primaryKey(),
  lastValue: integer('last_value').notNull(),
});

/** Invoices and credit notes. Immutable once inserted (a trigger refuses update and delete). */
export const invoices = pgTable(
  'invoices',
  {
    id: text('id').primaryKey(),
    /** GIB format: prefix + year + 9-digit sequence, e.g. YAC2026000000001. */
    number: text('number').notNull(),
    kind: text('kind', { enum: ['invoice', 'credit_note'] }).notNull(),
    /** No foreign key: invoices outlive the company (legal retention). */
    companyId: text('company_id').notNull(),
    orderId: text('order_id').notNull(),
    creditedInvoiceId: text('credited_invoice_id'),
    issuedAt: tz('issued_at').notNull(),
    currency: text('currency', { enum: ['TRY', 'USD', 'EUR'] }).notNull(),
    netMinor: money('net_minor').notNull(),
    vatMinor: money('vat_minor').notNull(),
    totalMinor: money('total_minor').notNull(),
    vatRateBp: integer('vat_rate_bp').notNull(),
    vatExemptReason: text('vat_exempt_reason'),
    /** Why VAT was charged or not, as the buyer's details and any operator review showed (TaxEvidence). */
    taxEvidence: jsonb('tax_evidence').$type<TaxEvidence>(),
    tryRate: numeric('try_rate', { precision: 18, scale: 6 }).notNull(),
    fxDate: day('fx_date'),
    /** Which TCMB rate tryRate is (printed on the invoice). */
    fxRateType: text('fx_rate_type').notNull().default('ForexBuying'),
    /** TRY equivalent of totalMinor at tryRate (equal to it for TRY). */
    tryTotalMinor: money('try_total_minor').notNull(),
    /** The VAT base and the VAT in TRY (`tryBreakdown`); null on invoices issued before they were kept. */
    tryNetMinor: money('try_net_minor'),
    tryVatMinor: money('try_vat_minor'),
    seller: jsonb('seller').$type<Record<string, string>>().notNull(),
    buyer: jsonb('buyer').$type<Record<string, string>>().notNull(),
    lines: jsonb('lines')
      .$type<
        {
          description: string;
          quantity: number;
          unitNetMinor: number;
          /** quantity × unitNetMinor − discountMinor. */
          netMinor: number;
          /** An iskonto on the line (a credit used), with what it is; absent: none. */
          discountMinor?: number;
          discountText?: string;
        }[]
      >()
      .notNull(),
    periodStart: tz('period_start'),
    periodEnd: tz('period_end'),
  },
  (t) => [
    uniqueIndex('invoices_number_key').on(t.number),
    index('invoices_company_idx').on(t.companyId, t.issuedAt),
    uniqueIndex('invoices_one_per_order').on(t.orderId).where(sql`kind = 'invoice'`),
  ],
);

/** Refunds asked of PayTR; reference_no makes a retry after a network error safe. */
export const refunds = pgTable(
  'refunds',
  {
    id: text('id').primaryKey(),
    orderId: text('order_id')
      .notNull()
      .references(() => orders.id),
    companyId: text('company_id').notNull(),
    amountMinor: money('amount_minor').notNull(),
    referenceNo: text('reference_no').notNull(),
    status: text('status', { enum: ['pending', 'done', 'failed'] }).notNull(),
    error: text('error'),
    creditNoteId: text('credit_note_id'),
    reason: text('reason'),
    requestedBy: text('requested_by'),
    createdAt: tz('created_at').notNull(),
    completedAt: tz('completed_at'),
  },
  (t) => [uniqueIndex('refunds_reference_key').on(t.referenceNo), index('refunds_order_idx').on(t.orderId)],
);

/** Notices already sent (trial ending, renewal due, past due…), so each goes out once. */
export const billingNotices = pgTable(
  'billing_notices',
  {
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    /** What the notice is about, e.g. the period end it announces. */
    key: text('key').notNull(),
    sentAt: tz('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.companyId, t.kind, t.key] })],
);

/**
 * A company's credit balance as a ledger: a positive row grants credit (an immediate cancellation
 * under CANCEL_REFUND_POLICY=prorated_credit), a negative one uses it (the paid order it reduced).
 * Amounts are USD cents of list price, the currency plan prices are set in, so a credit keeps its
 * value whichever currency the company pays in next. The balance is the sum.
 */
export const billingCredits = pgTable(
  'billing_credits',
  {
    id: text('id').primaryKey(),
    companyId: text('company_id')
      .notNull()
      .references(() => companies.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['cancellation', 'applied'] }).notNull(),
    amountUsdMinor: money('amount_usd_minor').notNull(),
    /** The order that used it (kind applied), or the period canceled (kind cancellation). */
    orderId: text('order_id'),
    note: text('note').notNull(),
    createdBy: text('created_by'),
    createdAt: tz('created_at').notNull(),
  },
  (t) => [
    index('billing_credits_company_idx').on(t.companyId, t.createdAt),
    // A paid order uses its credit once, however often its payment is booked again.
    uniqueIndex('billing_credits_one_use_per_order').on(t.orderId).where(sql`kind = 'applied'`),
  ],
);

/** One reconciliation with PayTR's transaction report over a range of Istanbul days. */
export const reconciliationRuns = pgTable(
  'reconciliation_runs',
  {
    id: text('id').primaryKey(),
    fromDay: day('from_day').notNull(),
    toDay: day('to_day').notNull(),
    trigger: text('trigger', { enum: ['schedule', 'operator'] }).notNull(),
    requestedBy: text('requested_by'),
    /** A failed run changed nothing; the next scheduled run covers its days again. */
    status: text('status', { enum: ['running', 'succeeded', 'failed'] }).notNull(),
    startedAt: tz('started_at').notNull(),
    finishedAt: tz('finished_at'),
    paytrRecords: integer('paytr_records'),
    ourRecords: integer('our_records'),
    /** Discrepancies seen by this run, those first seen (or seen again) by it, and those it cleared. */
    found: integer('found').notNull().default(0),
    opened: integer('opened').notNull().default(0),
    cleared: integer('cleared').notNull().default(0),
    error: text('error'),
  },
  (t) => [index('reconciliation_runs_started_idx').on(t.startedAt)],
);

/** A difference between PayTR's report and our books, one per day, merchant_oid, subject and kind. */
export const reconciliationDiscrepancies = pgTable(
  'reconciliation_discrepancies',
  {
    id: text('id').primaryKey(),
    /** Istanbul day of the record (PayTR's date when PayTR has it). */
    day: day('day').notNull(),
    merchantOid: text('merchant_oid').notNull(),
    subject: text('subject', { enum: ['sale', 'refund'] }).notNull(),
    kind: text('kind', { enum: ['missing_here', 'missing_at_paytr', 'amount_mismatch'] }).notNull(),
    /** cleared: a later run no longer saw it (a late record); resolved: an operator closed it with a note. */
    status: text('status', { enum: ['open', 'cleared', 'resolved'] }).notNull(),
    /** Our order of that merchant_oid, when there is one (any state). */
    orderId: text('order_id'),
    companyId: text('company_id'),
    paytrAmountMinor: money('paytr_amount_minor'),
    paytrCurrency: text('paytr_currency'),
    paytrAt: tz('paytr_at'),
    ourAmountMinor: money('our_amount_minor'),
    ourCurrency: text('our_currency'),
    ourAt: tz('our_at'),
    firstRunId: text('first_run_id').notNull(),
    lastRunId: text('last_run_id').notNull(),
    firstSeenAt: tz('first_seen_at').notNull(),
    lastSeenAt: tz('last_seen_at').notNull(),
    clearedAt: tz('cleared_at'),
    resolvedAt: tz('resolved_at'),
    resolvedBy: text('resolved_by'),
    resolutionNote: text('resolution_note'),
  },
  (t) => [
    uniqueIndex('reconciliation_discrepancies_key').on(t.day, t.merchantOid, t.subject, t.kind),
    index('reconciliation_discrepancies_status_idx').on(t.status, t.day),
  ],
);
