import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { AppError, invalid, notFound } from '../../platform/http/errors.ts';
import type { BillingContext } from './billing.context.ts';
import { reconcileDays } from './billing.reconcile.ts';
import { istanbulDayOf } from './reconcile.compare.ts';
import * as repo from './reconcile.repo.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const side = (amount: number | null, currency: string | null, at: Date | null) =>
  amount === null || currency === null || at === null
    ? null
    : { amountMinor: amount, currency, at: at.toISOString() };

/** A run as operators see it. */
export function presentRun(r: repo.RunRow) {
  return {
    id: r.id,
    fromDay: r.fromDay,
    toDay: r.toDay,
    trigger: r.trigger,
    status: r.status,
    startedAt: r.startedAt.toISOString(),
    finishedAt: iso(r.finishedAt),
    paytrRecords: r.paytrRecords,
    ourRecords: r.ourRecords,
    found: r.found,
    opened: r.opened,
    cleared: r.cleared,
    error: r.error,
  };
}

type Listed = Awaited<ReturnType<typeof repo.listDiscrepancies>>[number];

function presentDiscrepancy({ d, order, companyName }: Listed) {
  return {
    id: d.id,
    day: d.day,
    merchantOid: d.merchantOid,
    subject: d.subject,
    kind: d.kind,
    status: d.status,
    paytr: side(d.paytrAmountMinor, d.paytrCurrency, d.paytrAt),
    ours: side(d.ourAmountMinor, d.ourCurrency, d.ourAt),
    firstSeenAt: d.firstSeenAt.toISOString(),
    lastSeenAt: d.lastSeenAt.toISOString(),
    clearedAt: iso(d.clearedAt),
    resolvedAt: iso(d.resolvedAt),
    resolutionNote: d.resolutionNote,
    payment:
      order && d.orderId && d.companyId
        ? {
            orderId: d.orderId,
            companyId: d.companyId,
            companyName,
            status: order.status,
            kind: order.kind,
            plan: order.plan,
            period: order.period,
            amountMinor: order.amountMinor,
            currency: order.currency,
            refundedMinor: order.refundedMinor,
            createdAt: order.createdAt.toISOString(),
            paidAt: iso(order.paidAt),
          }
        : null,
  };
}

/** Operators' side of reconciliation: list, run on demand, resolve. `operator` refuses everyone else. */
export function createReconcileAdmin(ctx: BillingContext, operator: (p: Principal) => Promise<void>) {
  const { db } = ctx;
  return {
    async reconciliation(p: Principal, status: 'open' | 'cleared' | 'resolved' | 'all') {
      await operator(p);
      return {
        discrepancies: (await repo.listDiscrepancies(db, status)).map(presentDiscrepancy),
        runs: (await repo.latestRuns(db)).map(presentRun),
      };
    },

    async reconcile(p: Principal, body: { from: string; to: string }, meta: RequestMeta) {
      await operator(p);
      // Today is not over: PayTR would still add to it.
      if (body.to >= istanbulDayOf(ctx.clock.now())) throw invalid({ to: 'must be before today (Istanbul)' });
      const { run } = await reconcileDays(ctx, body.from, body.to, {
        trigger: 'operator',
        actor: { userId: p.userId, email: p.email },
        meta,
      });
      if (run.status === 'failed')
        throw new AppError('PAYMENT_PROVIDER_ERROR', `PayTR's transaction report failed: ${run.error ?? ''}`);
      return presentRun(run);
    },

    async resolveDiscrepancy(p: Principal, id: string, note: string, meta: RequestMeta) {
      await operator(p);
      return db.transaction(async (tx) => {
        const before = await repo.findDiscrepancy(tx, id);
        if (!before) throw notFound('Discrepancy');
        const row = await repo.resolveDiscrepancy(tx, id, p.userId, note, ctx.clock.now());
        if (!row) throw new AppError('CONFLICT', 'This discrepancy is resolved already.');
        await ctx.audit.record(tx, {
          // Platform-level: a company's own audit log must not show operators' notes.
          companyId: null,
          actor: { userId: p.userId, email: p.email },
          meta,
          action: 'billing.discrepancy_resolved',
          target: { type: 'reconciliation_discrepancy', id },
          diff: { status: { from: before.status, to: 'resolved' } },
          metadata: {
            merchantOid: row.merchantOid,
            day: row.day,
            kind: row.kind,
            subject: row.subject,
            note,
          },
        });
        return { ok: true };
      });
    },
  };
}
