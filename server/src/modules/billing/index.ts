import { splitList } from '../../config/index.ts';
import type { Executor } from '../../platform/db/client.ts';
import { createBillingAdmin } from './billing.admin.ts';
import type {
  BillingContext,
  BillingDeps,
  StatusChangeHandler,
  UsageHistory,
  UsageProbe,
} from './billing.context.ts';
import { createMailKicker, sweepInvoiceMails } from './billing.invoice-mail.ts';
import { billingJobs } from './billing.jobs.ts';
import { runLifecycle } from './billing.lifecycle.ts';
import { alertOps } from './billing.mail.ts';
import { handleNotification, settleOverdue } from './billing.payments.ts';
import { reconcileDays, reconcileScheduled } from './billing.reconcile.ts';
import * as repo from './billing.repo.ts';
import { createBillingService } from './billing.service.ts';
import { createCallbackGuard } from './callback-guard.ts';
import { type Entitlements, entitlementsOf } from './entitlements.ts';
import { createRateAgeLimit } from './rates/rates.age.ts';

export { billingAdminRoutes } from './billing.admin.routes.ts';
export type { StatusChangeHandler, UsageHistory, UsageProbe, WorkspaceUsage } from './billing.context.ts';
export { billingLegalRoutes } from './billing.legal.routes.ts';
export { billingRoutes, paytrCallbackRoute } from './billing.routes.ts';
export type { BillingService } from './billing.service.ts';
export type { Entitlements } from './entitlements.ts';
export type { PaymentGateway } from './gateways/index.ts';
export {
  createPaymentGateway,
  type MerchantCredentials,
  SIMULATOR_CREDENTIALS,
  simulatorCredentials,
  simulatorUrl,
} from './gateways/index.ts';
export { createRatesService, type RatesService } from './rates/index.ts';

/** Build billing: the account-facing service, the payment paths, jobs and hooks for modules above it. */
export function createBillingModule(deps: BillingDeps) {
  const ctx: BillingContext = {
    ...deps,
    callbackGuard: createCallbackGuard({
      clock: deps.clock,
      allowed: splitList(deps.config.PAYTR_CALLBACK_IPS),
      rejectLimit: deps.config.PAYTR_CALLBACK_REJECT_LIMIT,
      windowMs: 15 * 60_000,
      // Outside any request: its own transaction for the alert's mail.
      alert: (subject, body) => deps.db.transaction((tx) => alertOps(ctx, tx, subject, body)),
      onError: (err) => deps.log.error({ err }, 'payment notification alert failed'),
    }),
    rateAge: createRateAgeLimit({
      clock: deps.clock,
      maxAgeDays: deps.config.RATES_MAX_AGE_DAYS,
      enforce: deps.config.isProduction,
      alert: (subject, body) => deps.db.transaction((tx) => alertOps(ctx, tx, subject, body)),
      onError: (err) => deps.log.error({ err }, 'exchange-rate age alert failed'),
    }),
    hooks: { statusChanged: [], usage: null, usageHistory: null },
    kickMails: createMailKicker(deps),
    counters: {
      payments: deps.metrics.counter('payments_total', 'Payments by outcome and currency', [
        'outcome',
        'currency',
      ]),
      callbacksRejected: deps.metrics.counter(
        'payment_callbacks_rejected_total',
        'Payment notifications rejected or held for review, by reason',
        ['reason'],
      ),
    },
  };
  deps.metrics.gauge(
    'orders_awaiting_callback',
    'Orders inside their payment window without an outcome',
    [],
    async () => [{ labels: {}, value: await repo.countAwaiting(deps.db, deps.clock.now()) }],
  );
  deps.metrics.gauge('subscriptions', 'Subscriptions by state', ['status'], async () =>
    (await repo.countSubscriptions(deps.db)).map((r) => ({ labels: { status: r.status }, value: r.n })),
  );
  const service = createBillingService(ctx);
  // A new company starts its trial in the signup transaction.
  deps.companies.onCompanyCreated((tx, c) => service.startTrial(tx, c.id, c.now));
  const { jobs, cron } = billingJobs(ctx);
  return {
    service,
    /** Platform operators' pages. */
    admin: createBillingAdmin(ctx),
    payments: {
      handleNotification: (body: Record<string, string>, ip: string | null) =>
        handleNotification(ctx, body, ip),
      settleOverdue: () => settleOverdue(ctx),
      runLifecycle: () => runLifecycle(ctx),
      /** Send the mails of invoices and credit notes that have none yet (what the sweep job does). */
      sendInvoiceMails: () => sweepInvoiceMails(ctx),
      /** The daily reconciliation with PayTR's report (what its cron job runs), on the context's clock. */
      reconcile: () => reconcileScheduled(ctx),
      /** Reconcile Istanbul days `from`..`to` (YYYY-MM-DD) as the schedule would. */
      reconcileDays: (from: string, to: string) => reconcileDays(ctx, from, to, { trigger: 'schedule' }),
    },
    jobs,
    cron,
    /** Modules above billing react to state changes inside the changing transaction. */
    onStatusChange(handler: StatusChangeHandler): void {
      ctx.hooks.statusChanged.push(handler);
    },
    /** Workspaces tell billing what is in use (a downgrade below it is refused). */
    setUsageProbe(probe: UsageProbe): void {
      ctx.hooks.usage = probe;
    },
    /** Workspaces tell billing how they were used (the chargeback evidence shows it). */
    setUsageHistory(history: UsageHistory): void {
      ctx.hooks.usageHistory = history;
    },
    /** What a company may use now. */
    async entitlements(exec: Executor, companyId: string): Promise<Entitlements> {
      return entitlementsOf(await repo.findSubscription(exec, companyId));
    },
    /** Alert the operator (OPS_EMAIL) in the caller's transaction. */
    alertOps: (exec: Executor, subject: string, body: string) => alertOps(ctx, exec, subject, body),
  };
}

/** The billing module. */
export type BillingModule = ReturnType<typeof createBillingModule>;
