import { formatMoney, PLAN_NAMES } from '@youarecoder/contract';
import { z } from 'zod';
import { type AnyJob, type CronEntry, defineJob, failingJobs } from '../../platform/jobs/index.ts';
import type { BillingContext } from './billing.context.ts';
import { runLifecycle } from './billing.lifecycle.ts';
import { alertOps, billingUrl, mailBilling, periodLabel } from './billing.mail.ts';
import { paymentMailJob, settleOverdue } from './billing.payments.ts';
import * as repo from './billing.repo.ts';
import { invoiceByOrder, invoicePdf } from './invoices/index.ts';

/** Jobs of billing: lifecycle every minute, overdue orders every five, payment mails on demand. */
export function billingJobs(ctx: BillingContext): { jobs: AnyJob[]; cron: CronEntry[] } {
  const lifecycle = defineJob({
    id: 'billing:lifecycle',
    payload: z.object({}).passthrough(),
    handler: async () => {
      await runLifecycle(ctx);
    },
  });
  const settle = defineJob({
    id: 'billing:settle-overdue',
    payload: z.object({}).passthrough(),
    handler: async () => {
      await settleOverdue(ctx);
    },
  });
  const paymentMail = defineJob({
    ...paymentMailJob,
    handler: async ({ invoiceId, orderId, companyId }) => {
      const id = invoiceId ?? (orderId ? (await invoiceByOrder(ctx.db, orderId))?.id : undefined);
      if (!id) return;
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
    },
  });
  // Operators hear once per failing job (per process) when it has failed 5 times or for good.
  const alerted = new Set<string>();
  const watch = defineJob({
    id: 'ops:failing-jobs',
    payload: z.object({}).passthrough(),
    maxAttempts: 1,
    handler: async () => {
      const fresh = (await failingJobs(ctx.db, 5)).filter((j) => !alerted.has(j.id));
      if (!fresh.length) return;
      await ctx.db.transaction((tx) =>
        alertOps(
          ctx,
          tx,
          `${fresh.length} job(s) failing repeatedly`,
          fresh
            .map(
              (j) =>
                `${j.task} #${j.id}: ${j.attempts}/${j.maxAttempts} attempts; ${j.lastError?.split('\n')[0] ?? ''}`,
            )
            .join('\n\n'),
        ),
      );
      for (const j of fresh) alerted.add(j.id);
    },
  });
  return {
    jobs: [lifecycle, settle, paymentMail, watch, ...ctx.rates.jobs],
    cron: [
      { pattern: '* * * * *', job: lifecycle.id },
      { pattern: '*/5 * * * *', job: settle.id },
      { pattern: '*/10 * * * *', job: watch.id },
      ...ctx.rates.cron,
    ],
  };
}
