import type { SubscriptionStatus } from '@youarecoder/contract';
import type { Config } from '../../config/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { Db, Executor, Tx } from '../../platform/db/client.ts';
import type { Ids } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/metrics.ts';
import type { AuditService } from '../audit/index.ts';
import type { CompaniesService } from '../companies/index.ts';
import type { Notifications } from '../notifications/index.ts';
import type { PaymentGateway } from './gateways/gateway.ts';
import type { RatesService } from './rates/index.ts';

/** A subscription moved between states (modules above billing stop or allow workspaces). */
export type StatusChangeHandler = (
  tx: Tx,
  change: { companyId: string; from: SubscriptionStatus; to: SubscriptionStatus; reason: string },
) => Promise<void>;

/** What is in use that a smaller plan would not allow (modules above billing answer). */
export type UsageProbe = (
  tx: Tx,
  companyId: string,
) => Promise<{ workspaces: { name: string; diskBytes: number | null }[] }>;

/** What the company's workspaces did in a window: running time and every change of state. */
export interface WorkspaceUsage {
  workspaces: { id: string; name: string; runningSeconds: number; starts: number }[];
  transitions: {
    workspaceId: string;
    workspaceName: string;
    from: string | null;
    to: string;
    reason: string | null;
    at: string;
  }[];
}

/** Reads workspace usage for chargeback evidence (the workspaces module answers; billing cannot import it). */
export type UsageHistory = (
  exec: Executor,
  companyId: string,
  from: Date,
  to: Date,
) => Promise<WorkspaceUsage>;

/** What the billing module is built from. */
export interface BillingDeps {
  db: Db;
  clock: Clock;
  ids: Ids;
  config: Config;
  log: Logger;
  metrics: Metrics;
  audit: AuditService;
  notifications: Notifications;
  companies: CompaniesService;
  rates: RatesService;
  gateway: PaymentGateway;
}

/** Deps plus the hooks modules above billing registered. */
export interface BillingContext extends BillingDeps {
  hooks: {
    statusChanged: StatusChangeHandler[];
    usage: UsageProbe | null;
    usageHistory: UsageHistory | null;
  };
  /** Queue the invoice-mail sweep soon (after a commit that issued an invoice or credit note). */
  kickMails: () => void;
  /** Limits on the public notification URL (allow-list, rejected per address, coalesced alerts). */
  callbackGuard: import('./callback-guard.ts').CallbackGuard;
  /** RATES_MAX_AGE_DAYS: which conversions are refused now, with one operator alert per bulletin. */
  rateAge: import('./rates/rates.age.ts').RateAgeLimit;
  counters: {
    payments: import('prom-client').Counter<'outcome' | 'currency'>;
    callbacksRejected: import('prom-client').Counter<'reason'>;
  };
}
