import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { type PaytrSim, startPaytrSim } from '@youarecoder/paytr-sim';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { runOnce } from 'graphile-worker';
import { buildApp } from '../src/app.ts';
import { type Config, loadConfig } from '../src/config/index.ts';
import { createDeps, type Deps } from '../src/deps.ts';
import { createPaymentGateway, SIMULATOR_CREDENTIALS } from '../src/modules/billing/index.ts';
import { type Clock, FakeClock } from '../src/platform/clock.ts';
import { quietGraphileLogger } from '../src/platform/db/migrate.ts';
import { buildTaskList } from '../src/platform/jobs/index.ts';
import { createLogger } from '../src/platform/logger.ts';
import { createFileTransport, createSmtpTransport } from '../src/platform/mail/transport.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { SmtpSink } from './smtp-sink.ts';

/** One test file's world: its own database, a real SMTP sink, the app (inject only). */
export interface TestContext {
  app: FastifyInstance;
  deps: Deps;
  config: Config;
  clock: Clock;
  fakeClock?: FakeClock;
  database: TestDatabase;
  /** A temporary DATA_DIR of its own, removed by close(). */
  dataDir: string;
  smtp: SmtpSink;
  /** The PayTR simulator (with `paytr: true`); its notifications reach the listening app. */
  sim?: PaytrSim;
  /** Base URL of the app when it listens (with `paytr: true`). */
  appUrl?: string;
  /** Every line the platform logged, as JSON text (with `captureLogs: true`, at level debug). */
  logs: string[];
  /** Run every job that is due now, once (graphile-worker runOnce with the app's job list). */
  runJobs: () => Promise<void>;
  close: () => Promise<void>;
}

/**
 * Build a test context. `fakeClock: true` gives a clock the test moves by hand. Mail goes to the
 * context's SMTP sink (`smtp`, the default), to `.eml` files under DATA_DIR/mail (`file`), or
 * wherever the configuration says, as `npm start` would choose (`from-config`).
 */
export async function createTestContext(
  opts: {
    env?: Record<string, string>;
    fakeClock?: boolean;
    mail?: 'smtp' | 'file' | 'from-config';
    /** Start a PayTR simulator and let the app listen on a free port so notifications reach it. */
    paytr?: boolean;
    /** Keep what the platform logs (debug and up) in `logs`. */
    captureLogs?: boolean;
  } = {},
): Promise<TestContext> {
  const mailMode = opts.mail ?? 'smtp';
  const database = await createTestDatabase();
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'yac-test-data-'));
  const smtp = await new SmtpSink().start();
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: opts.captureLogs ? 'debug' : (process.env.TEST_LOG_LEVEL ?? 'silent'),
    PUBLIC_URL: 'http://localhost:8080',
    DATA_DIR: dataDir,
    ...(mailMode === 'smtp' ? { SMTP_URL: smtp.url } : {}),
    RATE_LIMIT_AUTH_PER_MINUTE: '1000',
    // Never the real TCMB from tests: nothing listens on the discard port, so the recorded bulletin is used.
    TCMB_URL: 'http://127.0.0.1:9',
    // The process driver unless a test asks for containers: the container driver has suites of its own.
    WORKSPACE_DRIVER: 'process',
    ...opts.env,
  });
  const logs: string[] = [];
  const log = createLogger({
    level: config.LOG_LEVEL,
    pretty: false,
    ...(opts.captureLogs ? { destination: { write: (line: string) => void logs.push(line) } } : {}),
  });
  const fakeClock = opts.fakeClock ? new FakeClock() : undefined;
  const mail =
    mailMode === 'smtp'
      ? createSmtpTransport(smtp.url)
      : mailMode === 'file'
        ? createFileTransport(path.join(dataDir, 'mail'))
        : undefined;
  const sim = opts.paytr
    ? await startPaytrSim({
        ...SIMULATOR_CREDENTIALS,
        port: 0,
        retryIntervalMs: 200,
        callbackTimeoutMs: 5000,
        // PayTR's report dates payments by the test's clock too, so both sides agree on their day.
        ...(fakeClock ? { now: () => fakeClock.now().getTime() } : {}),
      })
    : undefined;
  const paymentGateway = sim ? createPaymentGateway(config, { apiBase: sim.url }) : undefined;
  const deps = createDeps(config, log, database.url, { clock: fakeClock, mail, paymentGateway });
  await deps.rates.ensureSeed();
  const app = await buildApp(deps);
  await app.ready();
  let appUrl: string | undefined;
  if (sim) {
    appUrl = await app.listen({ port: 0, host: '127.0.0.1' });
    sim.setConfig({ callbackUrl: `${appUrl}/billing/paytr/callback` });
  }
  const taskList = buildTaskList(deps.jobs, log);
  return {
    app,
    deps,
    config,
    clock: deps.clock,
    fakeClock,
    database,
    dataDir,
    smtp,
    sim,
    appUrl,
    logs,
    runJobs: async () => {
      await runOnce({ connectionString: database.url, taskList, logger: quietGraphileLogger });
      // runOnce can return before the last job's outcome is written back; wait until no job is locked.
      for (let i = 0; i < 200; i++) {
        const { rows } = await deps.database.pool.query(
          'select count(*)::int as n from graphile_worker._private_jobs where locked_at is not null',
        );
        if (rows[0].n === 0) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    close: async () => {
      await sim?.close();
      await app.close();
      // Workspaces this context ran: their IDE processes, Linux users and files go.
      for (const w of await deps.driver.list().catch(() => []))
        await deps.driver.destroy(w.id, { graceMs: 1000 }).catch(() => undefined);
      deps.mail.close();
      await deps.listener.close();
      await deps.database.close();
      await smtp.stop();
      await database.drop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** A JSON answer with its parsed body. */
export interface Answer<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: LightMyRequestResponse['headers'];
  raw: LightMyRequestResponse;
}

/** An HTTP client over inject() that keeps the session cookie and CSRF token like a browser would. */
export class Client {
  cookie?: string;
  cookieName = 'yac_session';
  csrf?: string;
  bearer?: string;
  constructor(
    private readonly app: FastifyInstance,
    readonly ip = '127.0.0.1',
  ) {}

  async request<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    opts: { csrf?: boolean; headers?: Record<string, string> } = {},
  ): Promise<Answer<T>> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookie) headers.cookie = `${this.cookieName}=${this.cookie}`;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    if (this.csrf && opts.csrf !== false && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({
      method,
      url,
      headers,
      remoteAddress: this.ip,
      ...(body !== undefined ? { payload: body as object } : {}),
    });
    // On an https PUBLIC_URL (production) the session cookie is `__Host-yac_session`.
    const set = res.cookies.find((c) => c.name === 'yac_session' || c.name === '__Host-yac_session');
    if (set) {
      this.cookie = set.value || undefined;
      this.cookieName = set.name;
    }
    let parsed: unknown = res.body;
    if ((res.headers['content-type'] ?? '').toString().includes('json')) parsed = res.json();
    const b = parsed as { csrfToken?: string };
    if (b && typeof b === 'object' && typeof b.csrfToken === 'string') this.csrf = b.csrfToken;
    return { status: res.statusCode, body: parsed as T, headers: res.headers, raw: res };
  }
  get = <T = Record<string, unknown>>(url: string) => this.request<T>('GET', url);
  post = <T = Record<string, unknown>>(url: string, body?: unknown) =>
    this.request<T>('POST', url, body ?? {});
  patch = <T = Record<string, unknown>>(url: string, body?: unknown) =>
    this.request<T>('PATCH', url, body ?? {});
  put = <T = Record<string, unknown>>(url: string, body?: unknown) => this.request<T>('PUT', url, body ?? {});
  del = <T = Record<string, unknown>>(url: string) => this.request<T>('DELETE', url);
}

let seq = 0;
/** Sign up a fresh company; returns its owner's client and ids. */
export async function signupCompany(ctx: TestContext, over: Partial<Record<string, unknown>> = {}) {
  seq++;
  const tag = `${Date.now().toString(36)}${seq}`;
  const body = {
    companyName: `Company ${tag}`,
    subdomain: `co-${tag}`,
    fullName: `Owner ${tag}`,
    email: `owner-${tag}@example.com`,
    password: 'a sturdy passphrase 42',
    acceptTerms: true,
    ...over,
  };
  const client = new Client(ctx.app);
  const res = await client.post<{
    company: { id: string; subdomain: string };
    user: { id: string; email: string };
  }>('/api/v1/signup', body);
  if (res.status !== 201) throw new Error(`signup failed: ${res.status} ${JSON.stringify(res.body)}`);
  return {
    client,
    companyId: res.body.company.id,
    userId: res.body.user.id,
    email: body.email,
    password: body.password,
  };
}
