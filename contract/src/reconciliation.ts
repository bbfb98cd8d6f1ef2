// Reconciliation with PayTR's transaction report (operators): what differs between PayTR's books and ours.
import { z } from 'zod';
import { BILLING_PERIODS, CURRENCIES, ORDER_STATUSES } from './billing-rules.ts';
import { NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE } from './constants.ts';
import { PLAN_IDS } from './plans.ts';

/** How PayTR's books and ours disagree about one record. */
export const DISCREPANCY_KINDS = ['missing_here', 'missing_at_paytr', 'amount_mismatch'] as const;
/** Where a discrepancy stands: cleared by a later run, or resolved by an operator. */
export const DISCREPANCY_STATUSES = ['open', 'cleared', 'resolved'] as const;
/** The longest range an operator may reconcile at once, in days. */
export const RECONCILE_MAX_DAYS = 31;

const ts = z.string().describe('ISO 8601 timestamp');
/** Midnight UTC of a `YYYY-MM-DD` day; null when it is no calendar day (2026-02-30 would roll over). */
const dayMs = (s: string): number | null => {
  const ms = Date.parse(`${s}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().startsWith(s) ? ms : null;
};
/** Whether both days are real and `check` holds for them (a bad day is reported on its own field). */
const both = (a: string, b: string, check: (a: number, b: number) => boolean) => {
  const x = dayMs(a);
  const y = dayMs(b);
  return x === null || y === null || check(x, y);
};
const isoDay = z
  .string({ message: 'is required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date written YYYY-MM-DD')
  .refine((s) => dayMs(s) !== null, 'is not a calendar date')
  .describe('Istanbul calendar day, YYYY-MM-DD');

/** Query of GET /admin/reconciliation. */
export const reconciliationQuery = z.object({
  status: z
    .enum([...DISCREPANCY_STATUSES, 'all'], { message: 'must be open, cleared, resolved or all' })
    .optional(),
});

/** Body of POST /admin/reconciliation/runs: Istanbul days, both included. */
export const reconcileBody = z
  .object({ from: isoDay, to: isoDay })
  .refine((b) => both(b.from, b.to, (f, t) => t >= f), { path: ['to'], message: 'must not be before from' })
  .refine((b) => both(b.from, b.to, (f, t) => t - f < RECONCILE_MAX_DAYS * 86_400_000), {
    path: ['from'],
    message: `must be at most ${RECONCILE_MAX_DAYS} days before to`,
  });

/** Body of POST /admin/reconciliation/discrepancies/:id/resolve. */
export const resolveDiscrepancyBody = z.object({
  note: z
    .string({ message: 'is required' })
    .trim()
    .min(1, 'is required')
    .max(1000, 'must be at most 1000 characters')
    .regex(NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE),
});

const sideDto = z.object({ amountMinor: z.number().int(), currency: z.string(), at: ts });

/** A discrepancy, beside the payment it concerns (null when we have no order of that merchant_oid). */
export const discrepancyDto = z.object({
  id: z.string(),
  day: z.string(),
  merchantOid: z.string(),
  subject: z.enum(['sale', 'refund']),
  kind: z.enum(DISCREPANCY_KINDS),
  status: z.enum(DISCREPANCY_STATUSES),
  paytr: sideDto.nullable(),
  ours: sideDto.nullable(),
  firstSeenAt: ts,
  lastSeenAt: ts,
  clearedAt: ts.nullable(),
  resolvedAt: ts.nullable(),
  resolutionNote: z.string().nullable(),
  payment: z
    .object({
      orderId: z.string(),
      companyId: z.string(),
      companyName: z.string().nullable(),
      status: z.enum(ORDER_STATUSES),
      kind: z.enum(['subscribe', 'renewal', 'upgrade']),
      plan: z.enum(PLAN_IDS),
      period: z.enum(BILLING_PERIODS),
      amountMinor: z.number().int(),
      currency: z.enum(CURRENCIES),
      refundedMinor: z.number().int(),
      createdAt: ts,
      paidAt: ts.nullable(),
    })
    .nullable(),
});

/** One reconciliation run. */
export const reconciliationRunDto = z.object({
  id: z.string(),
  fromDay: z.string(),
  toDay: z.string(),
  trigger: z.enum(['schedule', 'operator']),
  status: z.enum(['running', 'succeeded', 'failed']),
  startedAt: ts,
  finishedAt: ts.nullable(),
  paytrRecords: z.number().int().nullable(),
  ourRecords: z.number().int().nullable(),
  found: z.number().int(),
  opened: z.number().int(),
  cleared: z.number().int(),
  error: z.string().nullable(),
});

/** Answer of GET /admin/reconciliation. */
export const reconciliationResult = z.object({
  discrepancies: z.array(discrepancyDto),
  runs: z.array(reconciliationRunDto),
});
