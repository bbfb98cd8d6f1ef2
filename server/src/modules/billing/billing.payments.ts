// PayTR's notifications and the status inquiry: verified, then each settles its order once (booking
// itself is billing.booking.ts); failures recorded; orders left waiting asked about and settled.
import { type Currency, formatMoney, PLAN_NAMES } from '@youarecoder/contract';
import type { Tx } from '../../platform/db/client.ts';
import { bookPaid, refundStale, type Settlement } from './billing.booking.ts';
import type { BillingContext } from './billing.context.ts';
import { mailRetryOutcome } from './billing.dunning.ts';
import { alertOps, billingUrl, mailBilling } from './billing.mail.ts';
import * as repo from './billing.repo.ts';
import { storedNotification } from './callback-guard.ts';
import type { InquiryResult, PaymentNotification } from './gateways/gateway.ts';

/** Record a failed attempt (the payer may still try again on the same page). */
export async function recordFailure(
  ctx: BillingContext,
  tx: Tx,
  order: repo.OrderRow,
  code: string | null,
  msg: string | null,
  status: 'failed' | 'expired' = 'failed',
): Promise<void> {
  const now = ctx.clock.now();
  await repo.updateOrder(tx, order.id, {
    status,
    failedReasonCode: code,
    failedReasonMsg: msg,
    settledAt: now,
  });
  await ctx.audit.record(tx, {
    companyId: order.companyId,
    actor: null,
    meta: null,
    action: 'billing.payment_failed',
    target: { type: 'order', id: order.id },
    metadata: { merchantOid: order.merchantOid, code, msg, status },
  });
  ctx.counters.payments.labels(status, order.currency).inc();
  // A stored-card decline is reported twice (PayTR's direct answer, then its notification): one mail.
  const repeated = order.autoCharge && order.status !== 'pending';
  // A dunning retry's decline gets its own mail: when it was tried, when the next try is.
  if (status === 'failed' && order.dunningAttempt > 0 && !repeated)
    await mailRetryOutcome(ctx, tx, order, { paid: false, reason: msg, code });
  else if (status === 'failed' && !repeated)
    await mailBilling(ctx, tx, order.companyId, 'payment_failed', (c) => ({
      name: c.name,
      companyName: c.companyName,
      planName: PLAN_NAMES[order.plan],
      amount: formatMoney(order.amountMinor, order.currency, c.locale),
      reason: msg ?? '',
      reasonCode: code,
      billingUrl: billingUrl(ctx),
    }));
}

/** Why a success cannot be booked as it stands (held for an operator), or null. */
export function mismatch(
  order: repo.OrderRow,
  n: { totalMinor: number; currency: Currency | 'unknown' | null },
): string | null {
  if (n.currency && n.currency !== order.currency) return 'currency_mismatch';
  if (n.totalMinor < order.amountMinor) return 'amount_mismatch';
  return null;
}

/** Outcome of one notification. */
export interface NotificationOutcome {
  /** Answer `OK` (the notification is dealt with, booked or stored); false: PayTR should retry. */
  ok: boolean;
  outcome: 'booked' | 'failure_recorded' | 'duplicate' | 'rejected' | 'held';
  reason?: string;
}

/** Handle one PayTR notification: verify, then book idempotently in one transaction. */
export async function handleNotification(
  ctx: BillingContext,
  body: Record<string, string>,
  remoteIp: string | null,
): Promise<NotificationOutcome> {
  const now = ctx.clock.now();
  /** The notification's own record (a query builder: awaited alone, or written with the booking). */
  const callbackRow = (tx: Tx, o: NotificationOutcome, extra = {}) =>
    repo.insertCallbackSql(tx, {
      id: ctx.ids.id('pcb'),
      receivedAt: now,
      merchantOid: body.merchant_oid?.slice(0, 100) ?? null,
      hashValid: o.outcome !== 'rejected' || o.reason !== 'bad_hash',
      outcome: o.outcome,
      reason: o.reason ?? null,
      // PayTR's fields only, each cut short: the URL is public, anyone can post anything to it.
      body: storedNotification(body),
      remoteIp,
      ...extra,
    });
  const store = (tx: Tx, o: NotificationOutcome, extra = {}) =>
    repo.together(tx, [callbackRow(tx, o, extra)]);
  const reject = async (reason: string): Promise<NotificationOutcome> => {
    const o: NotificationOutcome = { ok: false, outcome: 'rejected', reason };
    ctx.counters.callbacksRejected.labels(reason).inc();
    ctx.log.warn(
      {
        security: true,
        event: 'payment_callback_rejected',
        reason,
        merchantOid: body.merchant_oid,
        remoteIp,
      },
      'payment notification rejected',
    );
    // One alert for the first of a window; the rest are counted into the window's summary.
    const alertNow = ctx.callbackGuard.rejected(remoteIp, reason);
    await ctx.db.transaction(async (tx) => {
      await store(tx, o);
      if (alertNow)
        await alertOps(
          ctx,
          tx,
          `Payment notification rejected: ${reason}`,
          `A notification for merchant_oid ${body.merchant_oid?.slice(0, 100) ?? '(none)'} from ${remoteIp ?? 'unknown'} was rejected (${reason}). Further rejections in the next 15 minutes come as one summary with their count. A wrong PAYTR_MERCHANT_SALT/KEY would leave real payments unbooked; check the configuration if this repeats.`,
        );
    });
    return o;
  };
  // Refused unread: not from an allowed address, or an address that sent too many rejected ones.
  const refused = ctx.callbackGuard.refuse(remoteIp);
  if (refused) {
    ctx.counters.callbacksRejected.labels(refused).inc();
    return { ok: false, outcome: 'rejected', reason: refused };
  }
  if (!ctx.gateway.verifyNotification(body)) return reject('bad_hash');
  const n = ctx.gateway.parseNotification(body);
  if (!n) return reject('malformed');

  let stale: string | null = null;
  /** What a success for a failed or expired order needs first: PayTR's own record (see below). */
  const NEEDS_CONFIRMATION = { ok: false, outcome: 'rejected', reason: 'needs_confirmation' } as const;

  const attempt = (confirmation: InquiryResult | null) =>
    ctx.db.transaction(async (tx): Promise<NotificationOutcome> => {
      const held = await repo.lockForBooking(tx, n.merchantOid);
      const order = held?.order;
      const hold = async (reason: string): Promise<NotificationOutcome> => {
        const o: NotificationOutcome = { ok: true, outcome: 'held', reason };
        await store(tx, o, { orderId: order?.id ?? null, companyId: order?.companyId ?? null });
        ctx.counters.callbacksRejected.labels(reason).inc();
        await alertOps(
          ctx,
          tx,
          `Payment notification held for review: ${reason}`,
          `merchant_oid ${n.merchantOid}, status ${n.status}, total_amount ${n.totalAmountMinor}, currency ${n.currency ?? '-'}, test_mode ${n.testMode ? 1 : 0}${order ? `; order ${order.id} expects ${order.amountMinor} ${order.currency}` : '; no such order'}. Nothing was booked.`,
        );
        return o;
      };
      if (!order) return hold('unknown_order');
      if (n.testMode && !ctx.config.paytrTestMode) return hold('test_mode_in_live');
      const done = async (o: NotificationOutcome) => {
        await store(tx, o, { orderId: order.id, companyId: order.companyId });
        return o;
      };
      if (order.status === 'paid')
        return done({ ok: true, outcome: 'duplicate', reason: `already paid (${n.status})` });
      if (n.status === 'success') {
        const why = mismatch(order, { totalMinor: n.totalAmountMinor, currency: n.currency });
        if (why) return hold(why);
        if (order.status === 'failed' || order.status === 'expired') {
          // A reversal of what was recorded: PayTR's status inquiry must confirm it. Asked outside the
          // transaction (a network call must not hold the order's lock), then this runs again.
          if (!confirmation) return NEEDS_CONFIRMATION;
          const c = confirmation;
          if (!c.found || !c.paid || mismatch(order, { totalMinor: c.totalMinor, currency: c.currency }))
            return hold('success_after_failure_unconfirmed');
          await alertOps(
            ctx,
            tx,
            `Payment ${order.merchantOid} booked after a failure`,
            `PayTR first reported ${order.merchantOid} as ${order.status} (${order.failedReasonMsg ?? '-'}), then as paid; its status inquiry confirms ${c.totalMinor} ${c.currency}. Booked; check with the customer if they paid twice.`,
          );
        }
        const booked: NotificationOutcome = { ok: true, outcome: 'booked' };
        const result = await bookPaid(ctx, tx, order, settlementOf(n), held, [
          callbackRow(tx, booked, { orderId: order.id, companyId: order.companyId }),
        ]);
        if (result === 'stale') stale = order.id;
        return booked;
      }
      if (
        order.status === 'failed' &&
        order.failedReasonCode === n.failedReasonCode &&
        order.failedReasonMsg === n.failedReasonMsg
      )
        return done({ ok: true, outcome: 'duplicate', reason: 'same failure' });
      await recordFailure(ctx, tx, order, n.failedReasonCode, n.failedReasonMsg);
      return done({ ok: true, outcome: 'failure_recorded' });
    });
  // The usual path is one transaction; only a success after a failure asks PayTR and books again.
  let outcome = await attempt(null);
  if (outcome === NEEDS_CONFIRMATION) {
    let confirmation: InquiryResult;
    try {
      confirmation = await ctx.gateway.inquire(n.merchantOid);
    } catch (err) {
      ctx.log.warn({ err, merchantOid: n.merchantOid }, 'status inquiry failed; PayTR will send again');
      return { ok: false, outcome: 'rejected', reason: 'inquiry_unavailable' };
    }
    outcome = await attempt(confirmation);
  }
  if (stale) await refundStale(ctx, stale);
  // The invoice's mail (with its PDF) goes out after the commit, once per burst.
  if (outcome.outcome === 'booked') ctx.kickMails();
  return outcome;
}

function settlementOf(n: PaymentNotification): Settlement {
  return {
    totalMinor: n.totalAmountMinor,
    installmentCount: n.installmentCount,
    paymentType: n.paymentType,
    utoken: n.utoken,
    ctoken: n.ctoken,
    settledBy: 'callback',
  };
}

/** Ask PayTR about orders left waiting past their payment page's timeout and settle them. */
export async function settleOverdue(ctx: BillingContext): Promise<{ settled: number }> {
  let settled = 0;
  const stale: string[] = [];
  for (const o of await repo.overdueOrders(ctx.db, ctx.clock.now())) {
    let r: InquiryResult;
    try {
      r = await ctx.gateway.inquire(o.merchantOid);
    } catch (err) {
      ctx.log.warn({ err, merchantOid: o.merchantOid }, 'status inquiry failed; will ask again');
      continue;
    }
    await ctx.db.transaction(async (tx) => {
      const order = await repo.lockOrderByOid(tx, o.merchantOid);
      if (order?.status !== 'pending') return;
      if (r.found) {
        const why = mismatch(order, { totalMinor: r.totalMinor, currency: r.currency });
        if (why) {
          await repo.insertCallback(tx, {
            id: ctx.ids.id('pcb'),
            receivedAt: ctx.clock.now(),
            merchantOid: order.merchantOid,
            orderId: order.id,
            companyId: order.companyId,
            hashValid: true,
            outcome: 'held',
            reason: `inquiry_${why}`,
            body: { source: 'status_inquiry', ...stringify(r) },
            remoteIp: null,
          });
          await repo.updateOrder(tx, order.id, {
            status: 'failed',
            failedReasonMsg: `held for review: ${why}`,
          });
          await alertOps(ctx, tx, `Order ${order.merchantOid} held: ${why}`, JSON.stringify(r));
          return;
        }
        const result = await bookPaid(ctx, tx, order, {
          totalMinor: r.totalMinor,
          installmentCount: null,
          paymentType: 'card',
          settledBy: 'inquiry',
        });
        if (result === 'stale') stale.push(order.id);
      } else {
        await recordFailure(ctx, tx, order, '6', 'The payment page timed out without a payment', 'expired');
      }
      settled++;
    });
  }
  for (const id of stale) await refundStale(ctx, id);
  if (settled) ctx.kickMails();
  return { settled };
}

const stringify = (o: object): Record<string, string> =>
  Object.fromEntries(Object.entries(o).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
