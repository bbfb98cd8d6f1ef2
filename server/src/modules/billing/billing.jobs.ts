import { z } from 'zod';
import { type AnyJob, type CronEntry, defineJob, failingJobs } from '../../platform/jobs/index.ts';
import type { BillingContext } from './billing.context.ts';
import { invoiceMailsJob, sweepInvoiceMails } from './billing.invoice-mail.ts';
import { runLifecycle } from './billing.lifecycle.ts';
import { alertOps } from './billing.mail.ts';
import { settleOverdue } from './billing.payments.ts';
import { reconcileScheduled } from './billing.reconcile.ts';

/** Jobs of billing: lifecycle every minute, overdue orders every five, reconciliation daily, mails on demand. */
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
  const reconcile = defineJob({
    id: 'billing:reconcile',
    payload: z.object({}).passthrough(),
    // The failed run is recorded; failing the job too lets graphile-worker try again with backoff, and
    // the failing-jobs watch tell operators when it keeps failing.
    maxAttempts: 5,
    handler: async () => {
      const { run } = await reconcileScheduled(ctx);
      if (run.status === 'failed') throw new Error(`reconciliation with PayTR failed: ${run.error ?? ''}`);
    },
  });
  const invoiceMails = defineJob({
    ...invoiceMailsJob,
    handler: async () => {
      await sweepInvoiceMails(ctx);
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
    jobs: [lifecycle, settle, reconcile, invoiceMails, watch, ...ctx.rates.jobs],
    cron: [
      { pattern: '* * * * *', job: lifecycle.id },
      { pattern: '*/5 * * * *', job: settle.id },
      // Crontab fields are UTC (graphile-worker); Istanbul is UTC+3 all year.
      {
        pattern: `0 ${(ctx.config.PAYTR_RECONCILE_HOUR + 21) % 24} * * *`,
        job: reconcile.id,
        backfill: '12h',
      },
      // The safety net: mails of invoices whose kick was lost (a crash right after a payment).
      { pattern: '* * * * *', job: invoiceMails.id },
      { pattern: '*/10 * * * *', job: watch.id },
      ...ctx.rates.cron,
    ],
  };
}
