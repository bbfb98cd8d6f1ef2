// The platform itself, started by main.ts once the database is open: the services, the job runner, the
// HTTP app and the gateway. Imported lazily by main.ts, while the embedded PostgreSQL starts.
import { buildApp } from './app.ts';
import { type Config, redactedConfig } from './config/index.ts';
import { createDeps } from './deps.ts';
import {
  createPaymentGateway,
  type MerchantCredentials,
  simulatorCredentials,
} from './modules/billing/index.ts';
import { attachGateway } from './modules/gateway/index.ts';
import { chooseRuntimeDriverAsync, queueReconcile } from './modules/workspaces/index.ts';
import { type JobRunner, startJobRunner } from './platform/jobs/index.ts';
import type { Logger } from './platform/logger.ts';
import type { ProcessRole } from './roles.ts';

export { migrateDatabase } from './platform/db/migrate.ts';

/**
 * What start-up can learn before the database is migrated: the runtime driver (podman checks run as
 * child processes, alongside the migrations). Never rejects: a failed check means the process driver.
 */
export function prepareRoles(config: Config): Promise<Prepared> {
  return chooseRuntimeDriverAsync(config.WORKSPACE_DRIVER)
    .then((driverChoice) => ({ driverChoice }))
    .catch(() => ({}));
}

/** See prepareRoles. */
export interface Prepared {
  driverChoice?: Awaited<ReturnType<typeof chooseRuntimeDriverAsync>>;
}

/** Start this process's roles on an open, migrated database; undoes what it started when it fails. */
export async function startRoles(
  config: Config,
  log: Logger,
  url: string,
  roles: Set<ProcessRole>,
  embedded: boolean,
  t0: number,
  onCrash: (err: unknown) => void,
  prepared: Prepared = {},
) {
  // Started first: with PAYTR_SIM_PORT=0 the gateway learns the port the simulator got.
  // Its key and salt are this start's own (random unless PAYTR_SIM_KEY/SALT say otherwise).
  const simCredentials = simulatorCredentials(config);
  const sim =
    roles.has('api') && config.paytrSimulated ? await startSimulator(config, log, simCredentials) : undefined;
  const deps = createDeps(config, log, url, {
    driverChoice: prepared.driverChoice,
    paymentGateway: sim
      ? createPaymentGateway(config, { apiBase: sim.url, simulator: simCredentials })
      : undefined,
  });
  log.debug({ config: redactedConfig(config) }, 'configuration');
  if (!deps.driver.isolated)
    log.warn(
      'workspaces are NOT isolated: the platform does not run as root, so every workspace runs as this user and can read the others and the platform data (development only)',
    );
  let runner: JobRunner | undefined;
  // The job runner connects and checks its schema while the app is built: waits on PostgreSQL and work
  // on the event loop overlap. The port opens only once both are done (/readyz is then 200 at once).
  const worker = roles.has('worker') ? startWorker() : undefined;
  async function startWorker() {
    runner = await startJobRunner({
      connectionString: url,
      jobs: deps.jobs,
      cron: deps.cron,
      concurrency: config.WORKER_CONCURRENCY,
      log,
      onJobDone: (job, ok) => deps.metrics.jobsDone.labels(job, ok ? 'ok' : 'error').inc(),
      onCrash,
    });
    deps.jobRunnerHealthy = () => runner?.healthy() ?? false;
    // Converge what a previous run left (running IDEs are adopted, half-done operations finished).
    await queueReconcile(deps.database.db);
    deps.ide.onReady(
      () => void queueReconcile(deps.database.db).catch((err) => log.error({ err }, 'reconcile')),
    );
    if (!deps.ide.ready() && config.IDE_AUTO_INSTALL === '1') void deps.ide.installInBackground();
  }
  let app: Awaited<ReturnType<typeof buildApp>> | undefined;
  try {
    app = roles.has('api') || roles.has('gateway') ? await buildApp(deps) : undefined;
    await worker;
    // Workspace hosts are answered by the gateway before fastify sees them (bodies stream untouched).
    if (app) attachGateway(app.server, deps.gateway);
    if (app) await app.listen({ port: config.PORT, host: config.HOST });
  } catch (err) {
    await worker?.catch(() => {});
    // Nothing of this start may outlive it (a busy port, say): the caller then stops the database.
    deps.gateway.close();
    await sim?.close().catch(() => {});
    await app?.close().catch(() => {});
    await runner?.stop().catch(() => {});
    await deps.listener.close();
    await deps.database.close();
    throw err;
  }
  // Prices need a TCMB bulletin; fetched in the background, once the port is open, so neither a slow
  // TCMB nor parsing the bundled bulletin delays the start.
  if (roles.has('worker') || roles.has('api'))
    void deps.rates.ensureSeed().catch((err) => log.warn({ err }, 'exchange rates not available yet'));
  const gateway = app ? deps.gateway : undefined;
  log.info(
    {
      roles: [...roles],
      ms: Date.now() - t0,
      database: embedded ? 'embedded' : 'external',
      mail: deps.mail.kind,
    },
    app ? `YouAreCoder is running: ${config.publicUrl}` : 'YouAreCoder worker is running',
  );
  if (app) console.log(`\n  Portal: ${config.publicUrl}\n`);
  return { deps, app, runner, gateway, sim };
}

/** Development without PayTR credentials: the bundled simulator stands in, on PAYTR_SIM_PORT. */
async function startSimulator(config: Config, log: Logger, credentials: MerchantCredentials) {
  const { startPaytrSim } = await import('@youarecoder/paytr-sim');
  const callbackUrl =
    config.PAYTR_SIM_CALLBACK_URL ?? `http://127.0.0.1:${config.PORT}/billing/paytr/callback`;
  try {
    const sim = await startPaytrSim({
      ...credentials,
      host: '127.0.0.1',
      port: config.PAYTR_SIM_PORT,
      callbackUrl,
      retryIntervalMs: 60_000,
    });
    log.warn(
      { url: sim.url, callbackUrl },
      'no PayTR credentials: payments go to the bundled PayTR simulator (test cards only; set PAYTR_MERCHANT_ID, PAYTR_MERCHANT_KEY and PAYTR_MERCHANT_SALT for real payments)',
    );
    return sim;
  } catch (err) {
    log.error(
      { err, port: config.PAYTR_SIM_PORT },
      'the PayTR simulator could not start; checkout will fail',
    );
    return undefined;
  }
}
