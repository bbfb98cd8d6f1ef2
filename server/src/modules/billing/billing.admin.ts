import { eq } from 'drizzle-orm';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { notFound } from '../../platform/http/errors.ts';
import { failingJobs } from '../../platform/jobs/index.ts';
import { auditTrail } from '../audit/index.ts';
import { mailsOfCompany } from '../notifications/index.ts';
import type { BillingContext } from './billing.context.ts';
import { evidenceZip } from './billing.evidence.ts';
import { presentOrder } from './billing.present.ts';
import { createRefundRequests, presentRefundRequest } from './billing.refund-requests.ts';
import { refundOrder } from './billing.refunds.ts';
import * as repo from './billing.repo.ts';
import { refunds } from './billing.schema.ts';
import { invoicePdf, listInvoices } from './invoices/index.ts';
import * as legalRepo from './legal.repo.ts';
import { DAY } from './periods.ts';
import { createReconcileAdmin } from './reconcile.admin.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Platform operators: companies, payments, held notifications, failing jobs, refunds, evidence. */
export function createBillingAdmin(ctx: BillingContext) {
  const { db } = ctx;
  const requests = createRefundRequests(ctx);
  /** Operators only; everyone else gets the 404 of a route that does not exist. */
  async function operator(p: Principal): Promise<void> {
    if (!(await repo.isOperator(db, p.userId))) throw notFound('Route');
  }

  /** This order's acceptance, or for a stored-card renewal the first checkout's it rests on. */
  async function acceptanceOf(order: repo.OrderRow) {
    const own = await legalRepo.acceptancesOfOrder(db, order.id);
    if (own.length) return { basis: 'this_order' as const, records: own };
    const first = order.autoCharge ? await legalRepo.firstAcceptances(db, order.companyId) : [];
    return first.length
      ? { basis: 'first_checkout' as const, records: first }
      : { basis: 'none' as const, records: [] };
  }

  async function usage(companyId: string, from: Date, to: Date) {
    return ctx.hooks.usageHistory ? ctx.hooks.usageHistory(db, companyId, from, to) : null;
  }

  return {
    operator,
    ...createReconcileAdmin(ctx, operator),

    async companies(p: Principal) {
      await operator(p);
      return {
        companies: (await repo.adminCompanies(db)).map((r) => ({
          id: r.id,
          name: r.name,
          subdomain: r.subdomain,
          ownerEmail: r.owner_email,
          plan: r.plan as 'starter',
          status: r.status as 'trialing',
          trialEndsAt: iso(r.trial_ends_at ? new Date(r.trial_ends_at) : null),
          currentPeriodEnd: iso(r.current_period_end ? new Date(r.current_period_end) : null),
          createdAt: new Date(r.created_at).toISOString(),
          paid: r.paid.map((x) => ({ currency: x.currency, minor: Number(x.minor) })),
          vatReview:
            r.exemption_review && r.country && r.tax_number
              ? { status: r.exemption_review, country: r.country, taxNumber: r.tax_number }
              : null,
        })),
      };
    },

    async payments(p: Principal) {
      await operator(p);
      const rows = await repo.adminOrders(db);
      // The latest request of each payment sits beside it (an open one is what needs an answer).
      const latest = new Map<string, legalRepo.RefundRequestRow>();
      for (const r of await legalRepo.refundRequestsOfOrders(
        db,
        rows.map((x) => x.order.id),
      ))
        if (!latest.has(r.orderId)) latest.set(r.orderId, r);
      return {
        payments: rows.map((r) => {
          const req = latest.get(r.order.id);
          return {
            ...presentOrder(r.order, r.invoiceId),
            companyId: r.order.companyId,
            companyName: r.companyName,
            refundRequest: req ? presentRefundRequest(req) : null,
          };
        }),
      };
    },

    /** Decline a customer's refund request with a note (the customer is mailed it). */
    async declineRequest(p: Principal, id: string, note: string, meta: RequestMeta) {
      await operator(p);
      return requests.decline(p, id, note, meta);
    },

    async callbacks(p: Principal, onlyOpen: boolean) {
      await operator(p);
      return {
        callbacks: (await repo.adminCallbacks(db, onlyOpen)).map((c) => ({
          id: c.id,
          receivedAt: c.receivedAt.toISOString(),
          merchantOid: c.merchantOid,
          orderId: c.orderId,
          companyId: c.companyId,
          outcome: c.outcome,
          reason: c.reason,
          hashValid: c.hashValid,
          body: c.body,
          remoteIp: c.remoteIp,
          reviewedAt: iso(c.reviewedAt),
          reviewNote: c.reviewNote,
        })),
      };
    },

    async review(p: Principal, id: string, note: string) {
      await operator(p);
      if (!(await repo.reviewCallback(db, id, p.userId, note, ctx.clock.now())))
        throw notFound('Notification');
      return { ok: true };
    },

    /** Confirm or refuse an export exemption the company's details contradict (held for this). */
    async vatExemption(
      p: Principal,
      companyId: string,
      body: { decision: 'confirm' | 'refuse'; note: string },
      meta: RequestMeta,
    ) {
      await operator(p);
      return db.transaction(async (tx) => {
        const d = await repo.findDetails(tx, companyId);
        if (!d?.exemptionReview) throw notFound('VAT exemption review');
        const status = body.decision === 'confirm' ? ('confirmed' as const) : ('refused' as const);
        await repo.upsertDetails(tx, {
          ...d,
          exemptionReview: status,
          exemptionReviewedBy: p.userId,
          exemptionReviewedAt: ctx.clock.now(),
          exemptionReviewNote: body.note,
        });
        await ctx.audit.record(tx, {
          companyId,
          actor: { userId: p.userId, email: p.email },
          meta,
          action: 'billing.vat_exemption_reviewed',
          target: { type: 'company', id: companyId },
          metadata: { decision: status, note: body.note, country: d.country },
        });
        return { status };
      });
    },

    async jobs(p: Principal) {
      await operator(p);
      return { jobs: await failingJobs(db, 3) };
    },

    async refund(
      p: Principal,
      orderId: string,
      body: { amountMinor?: number; reason: string; requestId?: string },
      meta: RequestMeta,
    ) {
      await operator(p);
      if (body.requestId) await requests.checkOpen(body.requestId, orderId);
      const r = await refundOrder(ctx, p, orderId, body, meta);
      // A request is approved once its money went back; a failed or pending refund leaves it open.
      if (body.requestId && r.status === 'done') await requests.approved(p, body.requestId, r.id, meta);
      return {
        id: r.id,
        orderId: r.orderId,
        amountMinor: r.amountMinor,
        referenceNo: r.referenceNo,
        status: r.status,
        error: r.error,
        creditNoteId: r.creditNoteId,
        createdAt: r.createdAt.toISOString(),
      };
    },

    /** The evidence package of a disputed payment. */
    async evidence(p: Principal, orderId: string) {
      await operator(p);
      const order = await repo.findOrderAnyCompany(db, orderId);
      if (!order) throw notFound('Order');
      const company = await repo.companyOf(db, order.companyId);
      if (!company) throw notFound('Company');
      const invoices = (await listInvoices(db, order.companyId)).filter((i) => i.orderId === order.id);
      const pdfs = [];
      for (const i of invoices) {
        const r = await invoicePdf(db, order.companyId, i.id, { locale: 'tr' });
        if (r) pdfs.push({ number: i.number, pdf: r.pdf });
      }
      const at = order.paidAt ?? order.createdAt;
      const from = new Date(at.getTime() - 30 * DAY);
      const to = new Date(at.getTime() + 30 * DAY);
      const now = ctx.clock.now();
      // The paid period as far as it has run (an upgrade covers it from its payment on).
      const usageFrom = order.kind === 'upgrade' ? at : order.periodStart;
      const usageTo = new Date(
        Math.max(usageFrom.getTime(), Math.min(order.periodEnd.getTime(), now.getTime())),
      );
      const zip = await evidenceZip({
        generatedAt: ctx.clock.now(),
        company,
        order,
        callbacks: await repo.callbacksOf(db, order.merchantOid),
        invoices,
        invoicePdfs: pdfs,
        refunds: await db.select().from(refunds).where(eq(refunds.orderId, order.id)),
        audit: await auditTrail(db, order.companyId, {
          targetIds: [order.id, ...invoices.map((i) => i.id)],
          actions: [
            'billing.details_updated',
            'billing.checkout_started',
            'billing.payment_succeeded',
            'billing.payment_failed',
            'billing.refunded',
            'billing.legal_accepted',
            'billing.refund_requested',
            'billing.refund_request_approved',
            'billing.refund_request_declined',
          ],
          from,
          to,
        }),
        logins: await auditTrail(db, order.companyId, {
          targetIds: [],
          actions: ['user.login', 'user.login_failed', 'user.logout'],
          from,
          to,
        }),
        acceptance: await acceptanceOf(order),
        refundRequests: await legalRepo.refundRequestsOfOrders(db, [order.id]),
        usage: { from: usageFrom, to: usageTo, report: await usage(order.companyId, usageFrom, usageTo) },
        emails: await mailsOfCompany(db, order.companyId, from, now),
      });
      return { name: `evidence-${order.merchantOid}.zip`, zip };
    },
  };
}

/** The operators' billing service. */
export type BillingAdmin = ReturnType<typeof createBillingAdmin>;
