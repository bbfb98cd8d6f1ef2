import { and, eq } from 'drizzle-orm';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { randomAlnum } from '../../platform/ids.ts';
import type { BillingContext } from './billing.context.ts';
import * as repo from './billing.repo.ts';
import { orders, refunds } from './billing.schema.ts';
import {
  type BuyerParty,
  creditedSoFar,
  creditNoteAmounts,
  invoiceByOrder,
  issueInvoice,
  type SellerParty,
} from './invoices/index.ts';

/** A refund row. */
export type RefundRow = typeof refunds.$inferSelect;

/**
 * Refund part or all of a paid order through PayTR and issue the credit note. The refund is
 * recorded (pending, with its reference number) before PayTR is asked, so a network error leaves a
 * row an operator can retry: the retry first asks PayTR whether that reference was refunded.
 * Refunds change money, not the subscription (cancel separately if the service should end).
 */
export async function refundOrder(
  ctx: BillingContext,
  /** The operator who asked, or null for the platform's own refunds (a payment it cannot apply). */
  operator: Pick<Principal, 'userId' | 'email'> | null,
  orderId: string,
  body: { amountMinor?: number; reason: string },
  meta: RequestMeta | null,
): Promise<RefundRow> {
  const pending = await ctx.db.transaction(async (tx) => {
    const [order] = await tx.select().from(orders).where(eq(orders.id, orderId)).for('update');
    if (!order) throw notFound('Order');
    if (order.status !== 'paid')
      throw new AppError('CONFLICT', `Only a paid order can be refunded; this one is ${order.status}.`);
    const open = await tx
      .select()
      .from(refunds)
      .where(and(eq(refunds.orderId, orderId), eq(refunds.status, 'pending')));
    if (open[0]) return open[0];
    const left = order.amountMinor - order.refundedMinor;
    const amount = body.amountMinor ?? left;
    if (amount <= 0 || amount > left)
      throw new AppError(
        'VALIDATION_FAILED',
        `At most ${left} (minor units of ${order.currency}) can be refunded.`,
        {
          fields: { amountMinor: `must be between 1 and ${left}` },
        },
      );
    const row = {
      id: ctx.ids.id('rfd'),
      orderId,
      companyId: order.companyId,
      amountMinor: amount,
      // PayTR's reference_no: letters and digits, unique per refund.
      referenceNo: `RF${randomAlnum(24).toUpperCase()}`,
      status: 'pending' as const,
      reason: body.reason,
      requestedBy: operator?.userId ?? null,
      createdAt: ctx.clock.now(),
    };
    await tx.insert(refunds).values(row);
    return { ...row, error: null, creditNoteId: null, completedAt: null };
  });
  const order = await repo.findOrder(ctx.db, pending.companyId, orderId);
  if (!order) throw notFound('Order');

  // After an unclear earlier attempt, PayTR's own record decides (never refund twice).
  let refundedAlready = false;
  try {
    const known = await ctx.gateway.inquire(order.merchantOid);
    refundedAlready = known.found && known.refunds.some((r) => r.referenceNo === pending.referenceNo);
  } catch {
    // The inquiry is only a guard; the refund call below reports its own errors.
  }
  if (!refundedAlready) {
    let r: Awaited<ReturnType<typeof ctx.gateway.refund>>;
    try {
      r = await ctx.gateway.refund(order.merchantOid, pending.amountMinor, pending.referenceNo);
    } catch (err) {
      throw new AppError(
        'PAYMENT_PROVIDER_ERROR',
        `PayTR could not be asked (${(err as Error).message}); the refund stays pending: retry it, PayTR's record is checked first.`,
        { cause: err },
      );
    }
    if (!r.ok) {
      await ctx.db
        .update(refunds)
        .set({ status: 'failed', error: `${r.errNo} ${r.errMsg}`.trim(), completedAt: ctx.clock.now() })
        .where(eq(refunds.id, pending.id));
      throw new AppError('PAYMENT_PROVIDER_ERROR', `PayTR refused the refund: ${r.errMsg || r.errNo}`);
    }
  }
  const done = await ctx.db.transaction(async (tx) => {
    const locked = await repo.lockOrderByOid(tx, order.merchantOid);
    const [row] = await tx.select().from(refunds).where(eq(refunds.id, pending.id)).for('update');
    if (!locked || !row) throw notFound('Refund');
    if (row.status === 'done') return row;
    const invoice = await invoiceByOrder(tx, order.id);
    let creditNoteId: string | null = null;
    if (invoice) {
      const already = await creditedSoFar(tx, order.companyId, invoice.id);
      const amounts = creditNoteAmounts({ ...invoice, tryRate: invoice.tryRate }, row.amountMinor, {
        netMinor: already.netMinor,
        totalMinor: already.totalMinor,
      });
      const note = await issueInvoice(
        tx,
        {
          ...amounts,
          kind: 'credit_note',
          companyId: order.companyId,
          orderId: order.id,
          creditedInvoiceId: invoice.id,
          currency: invoice.currency,
          tryRate: invoice.tryRate,
          fxDate: invoice.fxDate,
          fxRateType: invoice.fxRateType,
          seller: invoice.seller as SellerParty,
          buyer: invoice.buyer as BuyerParty,
          lines: [
            {
              description: `İade / refund: ${invoice.number} — ${row.reason ?? ''}`.slice(0, 300),
              quantity: 1,
              unitNetMinor: amounts.netMinor,
              netMinor: amounts.netMinor,
            },
          ],
          periodStart: invoice.periodStart,
          periodEnd: invoice.periodEnd,
        },
        { ids: ctx.ids, clock: ctx.clock, prefix: ctx.config.INVOICE_PREFIX },
      );
      creditNoteId = note.id;
    }
    const now = ctx.clock.now();
    await repo.updateOrder(tx, order.id, { refundedMinor: locked.refundedMinor + row.amountMinor });
    await tx
      .update(refunds)
      .set({ status: 'done', creditNoteId, completedAt: now, error: null })
      .where(eq(refunds.id, row.id));
    await ctx.audit.record(tx, {
      companyId: order.companyId,
      actor: operator ? { userId: operator.userId, email: operator.email } : null,
      action: 'billing.refunded',
      target: { type: 'order', id: order.id },
      metadata: {
        amountMinor: row.amountMinor,
        currency: order.currency,
        referenceNo: row.referenceNo,
        reason: row.reason,
      },
      meta,
    });
    ctx.counters.payments.labels('refunded', order.currency).inc();
    return { ...row, status: 'done' as const, creditNoteId, completedAt: now };
  });
  // The credit note's mail goes out after the commit.
  ctx.kickMails();
  return done;
}
