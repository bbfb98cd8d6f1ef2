import path from 'node:path';
import type { Config } from './config/index.ts';
import { type AccountsService, createAccountsService } from './modules/accounts/index.ts';
import { type AuditReadService, auditReadService } from './modules/audit/audit.read.ts';
import { type AuditService, createAuditService } from './modules/audit/index.ts';
import {
  type BillingModule,
  type BillingService,
  createBillingModule,
  createPaymentGateway,
  createRatesService,
  type PaymentGateway,
  type RatesService,
} from './modules/billing/index.ts';
import {
  type CompaniesService,
  createCompaniesService,
  createOidcRelyingParty,
} from './modules/companies/index.ts';
import { createDbGatewayWorkspaces, createGateway, type Gateway } from './modules/gateway/index.ts';
import {
  countMailByStatus,
  createNotifications,
  MAIL_CLEANUP_CRON,
  mailJobs,
  type Notifications,
} from './modules/notifications/index.ts';
import {
  type Converger,
  chooseRuntimeDriver,
  createRuntimeDriver,
  createWorkspaceEvents,
  createWorkspacesModule,
  type RuntimeDriver,
  type RuntimeDriverName,
  type TemplatesService,
  type WorkspaceEvents,
  type WorkspacesService,
} from './modules/workspaces/index.ts';
import {
  metricsJobs,
  registerWorkspaceGauges,
  WORKSPACE_DOWNSAMPLE_CRON,
  WORKSPACE_SAMPLE_CRON,
} from './modules/workspaces/metrics.ts';
import { type Clock, systemClock } from './platform/clock.ts';
import { createDatabase, type Database } from './platform/db/client.ts';
import { createListener, type Listener } from './platform/db/listen.ts';
import { createIdeRuntime, type IdeRuntime } from './platform/ide-installer.ts';
import { cryptoIds, type Ids } from './platform/ids.ts';
import type { AnyJob, CronEntry } from './platform/jobs/index.ts';
import type { Logger } from './platform/logger.ts';
import { createFileTransport, createSmtpTransport, type MailTransport } from './platform/mail/transport.ts';
import { createMetrics, type Metrics } from './platform/metrics.ts';
import { createSecretBox, loadSecretsKey } from './platform/secret-box.ts';

/** Everything the application is built from. The one composition root. */
export interface Deps {
  config: Config;
  log: Logger;
  clock: Clock;
  ids: Ids;
  database: Database;
  mail: MailTransport;
  metrics: Metrics;
  /** Runs workspace IDEs (the registry's driver named by WORKSPACE_DRIVER). */
  driver: RuntimeDriver;
  /** The IDE runtime (Node 24 + code-server) and its background installer. */
  ide: IdeRuntime;
  /** The process's LISTEN connection (opened on first use). */
  listener: Listener;
  events: WorkspaceEvents;
  converger: Converger;
  /** Serves workspace hosts: access handshake, proxy to the IDE, state pages. */
  gateway: Gateway;
  /** PayTR (or its simulator in development). */
  paymentGateway: PaymentGateway;
  rates: RatesService;
  /** Payment notifications, overdue orders, the subscription lifecycle. */
  payments: BillingModule['payments'];
  billing: BillingModule;
  services: {
    audit: AuditService;
    auditRead: AuditReadService;
    notifications: Notifications;
    accounts: AccountsService;
    companies: CompaniesService;
    workspaces: WorkspacesService;
    templates: TemplatesService;
    billing: BillingService;
  };
  jobs: AnyJob[];
  cron: CronEntry[];
  /** null when this process runs no job runner; else whether it is healthy. */
  jobRunnerHealthy: () => boolean | null;
}

/** Overridable parts (tests pass a fake clock, a test SMTP sink, …). */
export interface DepsOverrides {
  clock?: Clock;
  ids?: Ids;
  mail?: MailTransport;
  metrics?: Metrics;
  driver?: RuntimeDriver;
  /** The driver `auto` chose, when the caller already asked (chooseRuntimeDriverAsync). */
  driverChoice?: { name: RuntimeDriverName; fallbackReason: string | null };
  paymentGateway?: PaymentGateway;
  /** Network access of billing (TCMB bulletins); tests serve recorded ones. */
  fetch?: typeof fetch;
}

/** The runtime driver's name; `auto` says which it took and, when not containers, why. */
function pickDriver(config: Config, log: Logger, known?: DepsOverrides['driverChoice']): RuntimeDriverName {
  const choice = known ?? chooseRuntimeDriver(config.WORKSPACE_DRIVER);
  if (config.WORKSPACE_DRIVER === 'auto')
    if (choice.fallbackReason)
      log.warn(
        { driver: choice.name, reason: choice.fallbackReason },
        `workspaces run as processes on this host, not in containers: ${choice.fallbackReason}`,
      );
    else log.info({ driver: choice.name }, 'workspaces run in containers (podman)');
  return choice.name;
}

/** Wire the application for a database URL. */
export function createDeps(config: Config, log: Logger, databaseUrl: string, o: DepsOverrides = {}): Deps {
  const clock = o.clock ?? systemClock;
  const ids = o.ids ?? cryptoIds;
  const database = createDatabase(databaseUrl, config.DATABASE_POOL_SIZE);
  const db = database.db;
  const mail =
    o.mail ??
    (config.SMTP_URL
      ? createSmtpTransport(config.SMTP_URL)
      : createFileTransport(path.join(config.dataDir, 'mail')));
  const metrics = o.metrics ?? createMetrics();
  const ide = createIdeRuntime(config.IDE_CACHE_DIR, log);
  const driver =
    o.driver ??
    createRuntimeDriver(pickDriver(config, log, o.driverChoice), {
      dataDir: config.dataDir,
      // Paths are fixed; `installed` is read afresh, so a background install is seen at the next start.
      ide: Object.defineProperty({ ...ide.paths() }, 'installed', {
        get: () => ide.ready(),
        enumerable: true,
      }),
      startTimeoutMs: config.WORKSPACE_START_TIMEOUT_SECONDS * 1000,
    });
  const listener = createListener(databaseUrl, log);
  const events = createWorkspaceEvents(listener);

  const audit = createAuditService({ ids, clock });
  const notifications = createNotifications({ ids, clock });
  const accounts = createAccountsService({ db, ids, clock, config, audit, notifications, log });
  const companies = createCompaniesService({
    db,
    ids,
    clock,
    config,
    audit,
    notifications,
    accounts,
    log,
    secrets: createSecretBox(loadSecretsKey({ secretsKey: config.SECRETS_KEY, dataDir: config.dataDir })),
    oidc: createOidcRelyingParty({ allowHttp: config.ssoAllowHttp }),
  });
  const paymentGateway = o.paymentGateway ?? createPaymentGateway(config, { fetch: o.fetch });
  let billing: BillingModule | undefined;
  const rates = createRatesService({
    db,
    clock,
    log,
    config,
    fetch: o.fetch,
    alert: (subject, body) => db.transaction((tx) => (billing as BillingModule).alertOps(tx, subject, body)),
  });
  billing = createBillingModule({
    db,
    clock,
    ids,
    config,
    log,
    metrics,
    audit,
    notifications,
    companies,
    rates,
    gateway: paymentGateway,
  });
  const ws = createWorkspacesModule(
    { db, pool: database.pool, clock, ids, config, log, audit, notifications, driver, ide, events },
    companies,
    billing,
  );
  registerWorkspaceGauges(metrics, db);
  const gateway = createGateway({
    db,
    config,
    clock,
    ids,
    log,
    changes: (fn) => events.subscribeAll((c) => fn(c.id)),
    workspaces: createDbGatewayWorkspaces({
      db,
      socketPath: async (id) => (await driver.inspect(id)).socketPath,
      start: (principal, id, meta) => ws.workspaces.start(principal, id, meta),
      firstOpenFile: ws.firstOpenFile,
    }),
  });
  // Audit sits under companies: the export's file name gets the subdomain through this callback.
  const auditRead = auditReadService({
    db,
    clock,
    companyLabel: async (p) => (await companies.getCompany(p)).subdomain,
  });

  metrics.gauge('mail_messages', 'Mail messages in the outbox by status', ['status'], async () =>
    (await countMailByStatus(db)).map((r) => ({ labels: { status: r.status }, value: r.count })),
  );
  metrics.gauge('jobs_queued', 'Jobs waiting or running, by task and state', ['task', 'state'], async () => {
    const { rows } = await database.pool.query<{ task: string; state: string; n: number }>(
      `select task_identifier as task,
              case when attempts >= max_attempts then 'failed'
                   when locked_at is not null then 'running'
                   when attempts > 0 then 'retrying' else 'waiting' end as state,
              count(*)::int as n
         from graphile_worker.jobs group by 1, 2`,
    );
    return rows.map((r) => ({ labels: { task: r.task, state: r.state }, value: r.n }));
  });

  const jobs = [
    ...mailJobs({
      db,
      clock,
      transport: mail,
      from: config.MAIL_FROM,
      retentionDays: config.MAIL_RETENTION_DAYS,
    }),
    ...accounts.jobs,
    ...companies.jobs,
    ...ws.converger.jobs,
    ...gateway.jobs,
    ...metricsJobs({
      db,
      clock,
      driver,
      onOutOfMemory: (tx, e) =>
        audit.record(tx, {
          companyId: e.companyId,
          actor: null,
          action: 'workspace.out_of_memory',
          target: { type: 'workspace', id: e.workspaceId },
          metadata: { name: e.name, kills: e.kills, memoryLimitBytes: e.memoryBytes },
          meta: null,
        }),
    }),
    ...billing.jobs,
  ];
  const cron: CronEntry[] = [
    ...accounts.cron,
    ...companies.cron,
    MAIL_CLEANUP_CRON,
    ...ws.converger.cron,
    ...gateway.cron,
    WORKSPACE_SAMPLE_CRON,
    WORKSPACE_DOWNSAMPLE_CRON,
    ...billing.cron,
  ];

  return {
    config,
    log,
    clock,
    ids,
    database,
    mail,
    metrics,
    driver,
    ide,
    listener,
    events,
    converger: ws.converger,
    gateway,
    paymentGateway,
    rates,
    payments: billing.payments,
    billing,
    services: {
      audit,
      auditRead,
      notifications,
      accounts,
      companies,
      workspaces: ws.workspaces,
      templates: ws.templates,
      billing: billing.service,
    },
    jobs,
    cron,
    jobRunnerHealthy: () => null,
  };
}
