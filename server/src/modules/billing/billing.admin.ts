import { eq } from 'drizzle-orm';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { notFound } from '../../platform/http/errors.ts';
import { failingJobs } from '../../platform/jobs/index.ts';
import { auditTrail } from '../audit/index.ts';
import type { BillingContext } from './billing.context.ts';
import { evidenceZip } from './billing.evidence.ts';
import { presentOrder } from './billing.present.ts';
import { refundOrder } from './billing.refunds.ts';
import * as repo from './billing.repo.ts';
import { refunds } from './billing.schema.ts';
import { invoicePdf, listInvoices } from './invoices/index.ts';
import { DAY } from './periods.ts';
import { createReconcileAdmin } from './reconcile.admin.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Platform operators: companies, payments, held notifications, failing jobs, refunds, evidence. */
export function createBillingAdmin(ctx: BillingContext) {
  const { db } = ctx;
  /** Operators only; everyone else gets the 404 of a route that does not exist. */
  async function operator(p: Principal): Promise<void> {
    if (!(await repo.isOperator(db, p.userId))) throw notFound('Route');
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
          paidTotalMinor: Number(r.paid_total),
        })),
      };
    },

    async payments(p: Principal) {
      await operator(p);
      return {
        payments: (await repo.adminOrders(db)).map((r) => ({
          ...presentOrder(r.order, r.invoiceId),
          companyId: r.order.companyId,
          companyName: r.companyName,
        })),
      };
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

    async jobs(p: Principal) {
      await operator(p);
      return { jobs: await failingJobs(db, 3) };
    },

    async refund(
      p: Principal,
      orderId: string,
      body: { amountMinor?: number; reason: string },
      meta: RequestMeta,
    ) {
      await operator(p);
      const r = await refundOrder(ctx, p, orderId, body, meta);
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
      });
      return { name: `evidence-${order.merchantOid}.zip`, zip };
    },
  };
}

/** The operators' billing service. */
export type BillingAdmin = ReturnType<typeof createBillingAdmin>;
