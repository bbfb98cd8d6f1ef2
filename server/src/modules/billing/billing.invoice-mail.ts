import { formatMoney, PLAN_NAMES } from '@youarecoder/contract';
import { and, gt, sql } from 'drizzle-orm';
import { z } from 'zod';
import { defineJob, enqueue } from '../../platform/jobs/index.ts';
import type { BillingContext } from './billing.context.ts';
import { billingUrl, mailBilling, periodLabel } from './billing.mail.ts';
import * as repo from './billing.repo.ts';
import { billingNotices, invoices } from './billing.schema.ts';
import { invoicePdf } from './invoices/index.ts';
import { DAY } from './periods.ts';

// Payment and refund mails carry a rendered PDF (about 44 ms of CPU). They are sent by a sweep over
// invoices without a sent mail: kicked once per burst of payments after their commits, and every
// minute as the safety net. No job is queued inside the paying transaction, which keeps the
// notification's transaction short (a job per payment cost about 0.8 ms of PostgreSQL CPU).

/** The sweep job; queued under one key, so a burst of payments queues it once. */
export const invoiceMailsJob = defineJob({
  id: 'billing:invoice-mails',
  payload: z.object({}).passthrough(),
  handler: async () => {
    throw new Error('bound in billingJobs');
  },
});

/** Send the mails of invoices and credit notes of the last 30 days that have none yet. */
export async function sweepInvoiceMails(ctx: BillingContext): Promise<number> {
  const since = new Date(ctx.clock.now().getTime() - 30 * DAY);
  let sent = 0;
  for (;;) {
    const due = await ctx.db
      .select({ id: invoices.id, companyId: invoices.companyId })
      .from(invoices)
      .where(
        and(
          gt(invoices.issuedAt, since),
          sql`not exists (select 1 from ${billingNotices} n where n.company_id = ${invoices.companyId}
                and n.kind in ('mail:payment_succeeded', 'mail:refund_issued') and n.key = ${invoices.id})`,
        ),
      )
      .orderBy(invoices.issuedAt)
      .limit(50);
    for (const inv of due) await sendInvoiceMail(ctx, inv.companyId, inv.id);
    sent += due.length;
    if (due.length < 50) return sent;
  }
}

/** A kick that queues the sweep once per burst (after the paying transactions committed). */
export function createMailKicker(ctx: Pick<BillingContext, 'db' | 'log'>, delayMs = 50): () => void {
  let timer: NodeJS.Timeout | null = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      enqueue(ctx.db, invoiceMailsJob, {}, { jobKey: invoiceMailsJob.id }).catch((err) =>
        ctx.log.warn({ err }, 'invoice mails not queued now; the minute sweep sends them'),
      );
    }, delayMs);
    timer.unref();
  };
}

/** Mail an invoice (payment received) or a credit note (refund issued) with its PDF, once. */
async function sendInvoiceMail(ctx: BillingContext, companyId: string, id: string): Promise<void> {
  const rendered = await invoicePdf(ctx.db, companyId, id, { locale: 'tr' });
  if (!rendered) return;
  const inv = rendered.invoice;
  const order = await repo.findOrder(ctx.db, companyId, inv.orderId);
  const pdfs = { tr: rendered.pdf };
  const template = inv.kind === 'credit_note' ? 'refund_issued' : 'payment_succeeded';
  await ctx.db.transaction(async (tx) => {
    // Sent once per invoice even if this job runs again.
    if (!(await repo.claimNotice(tx, companyId, `mail:${template}`, inv.id, ctx.clock.now()))) return;
    const attachments = [
      {
        filename: `${inv.number}.pdf`,
        contentType: 'application/pdf',
        contentBase64: pdfs.tr.toString('base64'),
      },
    ];
    if (template === 'refund_issued')
      await mailBilling(
        ctx,
        tx,
        companyId,
        'refund_issued',
        (c) => ({
          name: c.name,
          companyName: c.companyName,
          amount: formatMoney(inv.totalMinor, inv.currency, c.locale),
          creditNoteNumber: inv.number,
          billingUrl: billingUrl(ctx),
        }),
        { attachments },
      );
    else
      await mailBilling(
        ctx,
        tx,
        companyId,
        'payment_succeeded',
        (c) => ({
          name: c.name,
          companyName: c.companyName,
          planName: order ? PLAN_NAMES[order.plan] : '',
          periodLabel: periodLabel(order?.period ?? 'monthly', c.locale),
          amount: formatMoney(inv.totalMinor, inv.currency, c.locale),
          invoiceNumber: inv.number,
          billingUrl: billingUrl(ctx),
        }),
        { attachments },
      );
  });
}
