import { formatMoney, PLAN_NAMES, type RefundOffer, refundOffer } from '@youarecoder/contract';
import type { Executor } from '../../platform/db/client.ts';
import { type Principal, type RequestMeta, requireRole } from '../../platform/http/auth.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import type { BillingContext } from './billing.context.ts';
import { alertOps, billingUrl, mailBilling } from './billing.mail.ts';
import type { OrderRow } from './billing.repo.ts';
import * as legalRepo from './legal.repo.ts';

/** The request as the API shows it. */
export function presentRefundRequest(r: legalRepo.RefundRequestRow) {
  return {
    id: r.id,
    orderId: r.orderId,
    status: r.status,
    reason: r.reason,
    rule: r.rule,
    amountMinor: r.amountMinor,
    currency: r.currency,
    createdAt: r.createdAt.toISOString(),
    decidedAt: r.decidedAt?.toISOString() ?? null,
    decisionNote: r.decisionNote,
    refundId: r.refundId,
  };
}

/** What the policy gives now for a paid order (contract `refundOffer`, the portal shows the same). */
export function offerFor(order: OrderRow, firstPaidAt: Date, now: Date): RefundOffer {
  return refundOffer(
    {
      amountMinor: order.amountMinor,
      refundedMinor: order.refundedMinor,
      // An upgrade pays for the rest of the period from the moment it was paid.
      coverStart: order.kind === 'upgrade' ? (order.paidAt ?? order.createdAt) : order.periodStart,
      periodEnd: order.periodEnd,
    },
    firstPaidAt,
    now,
  );
}

/** Mail the company's billing contacts how their request stands (received, approved, declined). */
async function mailUpdate(
  ctx: BillingContext,
  exec: Executor,
  r: legalRepo.RefundRequestRow,
  order: OrderRow,
  status: 'received' | 'approved' | 'declined',
  requestId?: string,
) {
  await mailBilling(
    ctx,
    exec,
    r.companyId,
    'refund_request_update',
    (c) => ({
      name: c.name,
      companyName: c.companyName,
      status,
      planName: PLAN_NAMES[order.plan],
      amount: formatMoney(r.amountMinor, r.currency, c.locale),
      note: r.decisionNote ?? '',
      billingUrl: billingUrl(ctx),
    }),
    { requestId },
  );
}

/** Customers ask for refunds under the policy; operators decide (billing's refund path pays). */
export function createRefundRequests(ctx: BillingContext) {
  const { db, clock } = ctx;
  const billingRoles = (p: Principal) => requireRole(p, 'owner', 'admin');

  return {
    /** The policy's offer for each paid order and the requests made so far. */
    async overview(p: Principal) {
      billingRoles(p);
      const first = await legalRepo.firstPaidAt(db, p.companyId);
      const paid = first ? await legalRepo.paidOrders(db, p.companyId) : [];
      const now = clock.now();
      return {
        offers: paid.map((o) => ({
          orderId: o.id,
          currency: o.currency,
          ...offerFor(o, first ?? now, now),
        })),
        requests: (await legalRepo.refundRequestsOf(db, p.companyId)).map(presentRefundRequest),
      };
    },

    /** Ask for a refund of one paid order: what the policy gives now, one open request per payment. */
    async request(p: Principal, orderId: string, reason: string | undefined, meta: RequestMeta) {
      billingRoles(p);
      const row = await db.transaction(async (tx) => {
        const order = await legalRepo.lockCompanyOrder(tx, p.companyId, orderId);
        if (!order) throw notFound('Order');
        if (order.status !== 'paid')
          throw new AppError('CONFLICT', `Only a paid order can be refunded; this one is ${order.status}.`);
        if (await legalRepo.openRequestOf(tx, order.id))
          throw new AppError(
            'CONFLICT',
            'A refund request for this payment is already open: wait for its answer.',
          );
        const now = clock.now();
        const first = (await legalRepo.firstPaidAt(tx, p.companyId)) ?? now;
        const offer = offerFor(order, first, now);
        if (offer.rule === 'none')
          throw new AppError(
            'CONFLICT',
            'The refund policy gives nothing for this payment now: its 14 days from the first payment are over and no whole day of its period is left unused (or it is refunded already).',
          );
        const r: legalRepo.RefundRequestRow = {
          id: ctx.ids.id('rrq'),
          companyId: p.companyId,
          orderId: order.id,
          requestedBy: p.userId,
          reason: reason?.trim() || null,
          status: 'open',
          rule: offer.rule,
          amountMinor: offer.amountMinor,
          currency: order.currency,
          createdAt: now,
          decidedAt: null,
          decidedBy: null,
          decisionNote: null,
          refundId: null,
        };
        await legalRepo.insertRefundRequest(tx, r);
        await ctx.audit.record(tx, {
          companyId: p.companyId,
          actor: { userId: p.userId, email: p.email },
          action: 'billing.refund_requested',
          target: { type: 'order', id: order.id },
          metadata: { requestId: r.id, rule: r.rule, amountMinor: r.amountMinor, currency: r.currency },
          meta,
        });
        await alertOps(
          ctx,
          tx,
          `Refund request ${r.id}: ${formatMoney(r.amountMinor, r.currency, 'en')} (${r.rule})`,
          `Company ${p.companyId} asks for a refund of order ${order.id} (${order.merchantOid}).\n\nReason: ${r.reason ?? '(none given)'}\n\nApprove it (Refund, prefilled) or decline it with a note on Admin → Payments.`,
        );
        await mailUpdate(ctx, tx, r, order, 'received', meta.requestId);
        return r;
      });
      return presentRefundRequest(row);
    },

    /** Before an operator's refund that carries out a request: it must be this order's and open. */
    async checkOpen(requestId: string, orderId: string) {
      const [r] = await legalRepo
        .refundRequestsOfOrders(db, [orderId])
        .then((l) => l.filter((x) => x.id === requestId));
      if (!r) throw notFound('Refund request');
      if (r.status !== 'open') throw new AppError('CONFLICT', `This refund request is already ${r.status}.`);
    },

    /** A done refund carried out the request: mark it approved and tell the customer. */
    async approved(
      operator: Pick<Principal, 'userId' | 'email'>,
      requestId: string,
      refundId: string,
      meta: RequestMeta,
    ) {
      await decide(operator, requestId, { status: 'approved', refundId, note: null }, meta);
    },

    /** Decline an open request with a note the customer reads. */
    async decline(
      operator: Pick<Principal, 'userId' | 'email'>,
      requestId: string,
      note: string,
      meta: RequestMeta,
    ) {
      return decide(operator, requestId, { status: 'declined', refundId: null, note }, meta);
    },
  };

  async function decide(
    operator: Pick<Principal, 'userId' | 'email'>,
    requestId: string,
    d: { status: 'approved' | 'declined'; refundId: string | null; note: string | null },
    meta: RequestMeta,
  ) {
    const row = await db.transaction(async (tx) => {
      const r = await legalRepo.lockRefundRequest(tx, requestId);
      if (!r) throw notFound('Refund request');
      if (r.status !== 'open') throw new AppError('CONFLICT', `This refund request is already ${r.status}.`);
      const order = await legalRepo.lockCompanyOrder(tx, r.companyId, r.orderId);
      if (!order) throw notFound('Order');
      const patch = {
        status: d.status,
        decidedAt: clock.now(),
        decidedBy: operator.userId,
        decisionNote: d.note,
        refundId: d.refundId,
      };
      await legalRepo.decideRefundRequest(tx, r.id, patch);
      const next = { ...r, ...patch };
      await ctx.audit.record(tx, {
        companyId: r.companyId,
        actor: { userId: operator.userId, email: operator.email },
        action:
          d.status === 'approved' ? 'billing.refund_request_approved' : 'billing.refund_request_declined',
        target: { type: 'order', id: r.orderId },
        metadata: { requestId: r.id, refundId: d.refundId, note: d.note },
        meta,
      });
      await mailUpdate(ctx, tx, next, order, d.status, meta.requestId);
      return next;
    });
    return presentRefundRequest(row);
  }
}

/** The refund requests' use cases. */
export type RefundRequests = ReturnType<typeof createRefundRequests>;
