// `npm run bench:callbacks`: valid PayTR notifications booked exactly once on PostgreSQL, per second.
//
// The bench starts the real platform (`tsx server/src/main.ts start --role api`: no job runner, so the
// invoice-mail sweep the bookings kick waits in the queue instead of rendering PDFs on the same 2
// cores; `BENCH_ROLES` changes that) on a fresh embedded PostgreSQL, seeds BENCH_ORDERS companies with
// SQL (owner, trial subscription, billing details, one pending Team order each) and posts signed
// success notifications to `POST /billing/paytr/callback` over BENCH_CONNECTIONS keep-alive connections
// in a closed loop. A share of them (BENCH_DUPLICATE_SHARE) repeats a notification already sent, byte
// for byte as PayTR retries do: half of those repeat one of the last few orders sent (often still in
// flight, so two transactions race for the same order row), half any earlier, long booked one. The
// notifications are signed with the simulator's own signer and the simulator's credentials, which a
// platform without PAYTR_* settings verifies.
//
// Side by side, in interleaved rounds (so machine noise hits all alike):
// - `GET /healthz` of the same server: the HTTP floor (what node + fastify cost per request);
// - the database floor: the smallest transaction with the same guarantees, sent over `pg` by this
//   process with as many connections as the platform's pool: lock the order row, mark it paid, store
//   the callback row, bump a one-row gapless counter and insert the numbered invoice in one statement
//   (the hot row is held for that statement and the commit only), commit; a duplicate locks, stores
//   its callback row and commits. Prepared statements, same duplicate pattern, same PostgreSQL.
// Afterwards SQL checks that every order sent was booked exactly once: one paid order, one invoice and
// one `booked` callback row per order, gapless invoice numbers, as many `duplicate` rows as duplicates
// sent. A bench that books twice says FAIL and exits 1. CPU per request comes from /proc.
//
// Knobs (environment): BENCH_CONNECTIONS (16), BENCH_ORDERS (20000), BENCH_DUPLICATE_SHARE (0.2),
// BENCH_SECONDS per scenario and round (5), BENCH_ROUNDS (3), BENCH_POOL (10: the platform's
// DATABASE_POOL_SIZE and the database floor's connections), BENCH_ROLES (api), BENCH_CPU_PROF (a folder:
// the server runs under `node --cpu-prof` and writes its profile there when it stops).
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { signedCallback } from '@youarecoder/paytr-sim';
import pg from 'pg';
import { SIMULATOR_CREDENTIALS } from '../server/src/modules/billing/gateways/index.ts';
import { TEST_VKN } from '../server/test/tax-ids.ts';
import { commit } from './lib/common.mjs';
import { merge, percentile, type RunResult, runClosedLoop, send } from './lib/load.ts';
import { type CpuSample, type Platform, ROOT, startPlatform } from './lib/platform.ts';

const int = (name: string, dflt: number, min = 1) => {
  const v = Number.parseInt(process.env[name] ?? '', 10);
  return Number.isFinite(v) && v >= min ? v : dflt;
};
const CONNECTIONS = int('BENCH_CONNECTIONS', 16);
const ORDERS = int('BENCH_ORDERS', 20_000, 100);
const SECONDS = int('BENCH_SECONDS', 5);
const ROUNDS = int('BENCH_ROUNDS', 3);
const POOL = int('BENCH_POOL', 10);
const ROLES = process.env.BENCH_ROLES || 'api';
const CPU_PROF_DIR = process.env.BENCH_CPU_PROF || '';
const DUPLICATE_SHARE = (() => {
  const v = Number.parseFloat(process.env.BENCH_DUPLICATE_SHARE ?? '');
  return Number.isFinite(v) && v >= 0 && v <= 0.9 ? v : 0.2;
})();
const FLOOR_ORDERS = 400_000;
const FLOOR_CONNECTIONS = Math.min(CONNECTIONS, POOL);
const WARMUP_MS = 1_000;
const TARGET_PER_SECOND = 500;
// A Team month in TRY as checkout would price it at 40 TRY per USD: 99 USD net, 20 % KDV.
const USD_NET_MINOR = 9_900;
const NET_MINOR = 396_000;
const VAT_MINOR = 79_200;
const AMOUNT_MINOR = NET_MINOR + VAT_MINOR;

const fmt = (n: number, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : '-');
const oidOf = (k: number) => `BENCH${String(k + 1).padStart(10, '0')}`;
const floorOidOf = (k: number) => `FLOOR${String(k + 1).padStart(10, '0')}`;

/** A small seeded PRNG (mulberry32), so every run sends the same pattern. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Which order each request is about: exactly `share` of the requests are duplicates (request i is one
 * when ⌊(i+1)·share⌋ > ⌊i·share⌋), half of them of one of the last `recent` orders sent, half of any.
 */
class OrderStream {
  sent = 0;
  fresh = 0;
  duplicates = 0;
  /** Duplicates sent while a request for the same order was still unanswered. */
  duplicatesInFlight = 0;
  private readonly inFlight: Uint16Array;
  private readonly random: () => number;

  constructor(
    readonly size: number,
    private readonly share: number,
    private readonly recent: number,
    seed: number,
  ) {
    this.inFlight = new Uint16Array(size);
    this.random = prng(seed);
  }

  /** No fresh order left: the run must stop (a duplicate-only tail would flatter the numbers). */
  exhausted(): boolean {
    return this.fresh >= this.size;
  }

  /** The next order index and whether it repeats one already sent; marks it in flight. */
  next(): { k: number; duplicate: boolean } {
    const i = this.sent++;
    const duplicate = this.fresh > 0 && Math.floor((i + 1) * this.share) > Math.floor(i * this.share);
    let k: number;
    if (duplicate) {
      const window = this.random() < 0.5 ? Math.min(this.recent, this.fresh) : this.fresh;
      k = this.fresh - 1 - Math.floor(this.random() * window);
      this.duplicates++;
      if ((this.inFlight[k] as number) > 0) this.duplicatesInFlight++;
    } else k = this.fresh++;
    this.inFlight[k] = (this.inFlight[k] as number) + 1;
    return { k, duplicate };
  }

  /** The answer for order k arrived. */
  done(k: number): void {
    this.inFlight[k] = (this.inFlight[k] as number) - 1;
  }
}

/** What one run of the callbacks (or of the database floor) measured. */
interface BookingRun extends RunResult {
  fresh: number;
  duplicates: number;
  duplicatesInFlight: number;
  /** The run stopped early because no fresh order was left. */
  ranOut: boolean;
}

interface LoopOptions {
  connections: number;
  durationMs: number;
  warmupMs: number;
  stream: OrderStream;
  onMeasureStart?: () => void;
  /** Book (or re-send) order k on connection c; resolves with an error text, or null when it went right. */
  book: (c: number, k: number) => Promise<string | null>;
}

/** A closed loop over `connections` workers, like runClosedLoop, but order-aware and stopping when orders run out. */
async function bookingLoop(o: LoopOptions): Promise<BookingRun> {
  const r: BookingRun = {
    requests: 0,
    errors: 0,
    unexpected: {},
    elapsedMs: 0,
    latencies: [],
    fresh: 0,
    duplicates: 0,
    duplicatesInFlight: 0,
    ranOut: false,
  };
  const s = o.stream;
  const loop = async (c: number, deadline: number, record: boolean) => {
    while (performance.now() < deadline && !s.exhausted()) {
      const inFlightBefore = s.duplicatesInFlight;
      const { k, duplicate } = s.next();
      const raced = s.duplicatesInFlight - inFlightBefore;
      const t0 = performance.now();
      const error = await o.book(c, k).catch((err: Error) => err.message.slice(0, 60));
      const ms = performance.now() - t0;
      s.done(k);
      if (!record) continue;
      r.requests++;
      r.latencies.push(ms);
      if (duplicate) r.duplicates++;
      else r.fresh++;
      r.duplicatesInFlight += raced;
      if (error !== null) {
        r.errors++;
        r.unexpected[error] = (r.unexpected[error] ?? 0) + 1;
      }
    }
  };
  if (o.warmupMs > 0) {
    const until = performance.now() + o.warmupMs;
    await Promise.all(Array.from({ length: o.connections }, (_, c) => loop(c, until, false)));
  }
  o.onMeasureStart?.();
  const start = performance.now();
  await Promise.all(Array.from({ length: o.connections }, (_, c) => loop(c, start + o.durationMs, true)));
  r.elapsedMs = performance.now() - start;
  r.ranOut = s.exhausted();
  return r;
}

/** Companies, owners, trial subscriptions, billing details and one pending Team order each, set-based. */
async function seed(client: pg.Client): Promise<void> {
  await client.query('begin');
  const cmp = `'cmp_bench' || lpad(c::text, 11, '0')`;
  await client.query(
    `insert into companies (id, name, subdomain, plan, workspace_limit, created_at, updated_at)
     select ${cmp}, 'Bench Company ' || c, 'bench-' || c, 'starter', 5, now(), now()
       from generate_series(1, $1::int) c`,
    [ORDERS],
  );
  await client.query(
    `insert into users (id, company_id, email, full_name, password_hash, locale, role, workspace_quota,
                        email_verified_at, created_at, updated_at)
     select 'usr_bench' || lpad(c::text, 11, '0'), ${cmp}, 'bench-owner-' || c || '@example.com',
            'Bench Owner ' || c, 'not-a-hash', case when c % 2 = 0 then 'tr' else 'en' end, 'owner', 5,
            now(), now(), now()
       from generate_series(1, $1::int) c`,
    [ORDERS],
  );
  await client.query(
    `insert into subscriptions (company_id, status, plan, trial_ends_at, created_at, updated_at)
     select ${cmp}, 'trialing', 'starter', now() + interval '14 days', now(), now()
       from generate_series(1, $1::int) c`,
    [ORDERS],
  );
  await client.query(
    `insert into billing_details (company_id, legal_name, tax_office, tax_number, address, city, country,
                                  phone, currency, updated_at)
     select ${cmp}, 'Bench Şirketi ' || c || ' A.Ş.', 'Kadıköy', $2::text,
            'Moda Cad. ' || c, 'İstanbul', 'TR', '+905550000000', 'TRY', now()
       from generate_series(1, $1::int) c`,
    [ORDERS, TEST_VKN],
  );
  await client.query(
    `insert into orders (id, company_id, merchant_oid, kind, plan, period, currency, usd_net_minor, net_minor,
                         vat_minor, amount_minor, vat_rate_bp, try_rate, usd_try_rate, fx_date, fx_rate_type,
                         period_start, period_end, status, test_mode, user_ip, email, created_at, expires_at)
     select 'ord_bench' || lpad(c::text, 11, '0'), ${cmp}, 'BENCH' || lpad(c::text, 10, '0'), 'subscribe',
            'team', 'monthly', 'TRY', $2, $3, $4, $5, 2000, '1', '40', current_date, 'ForexBuying',
            now(), now() + interval '1 month', 'pending', true, '127.0.0.1',
            'bench-owner-' || c || '@example.com', now(), now() + interval '30 days'
       from generate_series(1, $1::int) c`,
    [ORDERS, USD_NET_MINOR, NET_MINOR, VAT_MINOR, AMOUNT_MINOR],
  );
  // The database floor's own tables: orders, a one-row gapless counter, invoices, callback rows.
  await client.query(`create table bench_floor_orders (merchant_oid text primary key, status text not null);
    create table bench_floor_counter (id int primary key, last_value int not null);
    create table bench_floor_invoices (merchant_oid text primary key, number int not null unique);
    create table bench_floor_callbacks (id bigint generated always as identity primary key,
                                        merchant_oid text not null, outcome text not null)`);
  await client.query(
    `insert into bench_floor_orders select 'FLOOR' || lpad(g::text, 10, '0'), 'pending'
       from generate_series(1, $1::int) g`,
    [FLOOR_ORDERS],
  );
  await client.query('insert into bench_floor_counter values (1, 0)');
  await client.query('commit');
  await client.query(
    'analyze companies, users, subscriptions, billing_details, orders, bench_floor_orders, bench_floor_counter',
  );
}

/** One book-once transaction of the database floor (see the file header); null when it went right. */
async function floorBooking(client: pg.Client, oid: string): Promise<string | null> {
  await client.query('begin');
  try {
    const locked = await client.query<{ status: string }>({
      name: 'floor_lock',
      text: 'select status from bench_floor_orders where merchant_oid = $1 for update',
      values: [oid],
    });
    if (locked.rows[0]?.status === 'pending') {
      await client.query({
        name: 'floor_pay',
        text: "update bench_floor_orders set status = 'paid' where merchant_oid = $1",
        values: [oid],
      });
      await client.query({
        name: 'floor_booked',
        text: "insert into bench_floor_callbacks (merchant_oid, outcome) values ($1, 'booked')",
        values: [oid],
      });
      await client.query({
        name: 'floor_invoice',
        text: `with n as (update bench_floor_counter set last_value = last_value + 1 where id = 1 returning last_value)
               insert into bench_floor_invoices (merchant_oid, number) select $1, last_value from n
               on conflict do nothing`,
        values: [oid],
      });
    } else {
      await client.query({
        name: 'floor_duplicate',
        text: "insert into bench_floor_callbacks (merchant_oid, outcome) values ($1, 'duplicate')",
        values: [oid],
      });
    }
    await client.query('commit');
    return locked.rows.length ? null : 'no such order';
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  }
}

interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

/** The exactly-once checks on the platform's tables after all runs (warm-ups included). */
async function verify(
  client: pg.Client,
  stream: OrderStream,
  answers: { ok: number; other: Record<string, number> },
  jobsExpected: boolean,
): Promise<Check[]> {
  const one = async <T>(text: string, values: unknown[] = []) =>
    (await client.query(text, values)).rows[0] as T;
  const sentOids = Array.from({ length: stream.fresh }, (_, k) => oidOf(k));
  const checks: Check[] = [];
  const add = (name: string, ok: boolean, detail: string) => checks.push({ name, ok, detail });

  const otherAnswers = Object.values(answers.other).reduce((a, b) => a + b, 0);
  add(
    'every notification answered 200 OK',
    otherAnswers === 0 && answers.ok === stream.sent,
    `${answers.ok} of ${stream.sent} OK${otherAnswers ? `; other answers ${JSON.stringify(answers.other)}` : ''}`,
  );
  const paid = await one<{ sent_paid: number; paid: number; pending_sent: number }>(
    `select count(*) filter (where status = 'paid' and merchant_oid = any($1))::int as sent_paid,
            count(*) filter (where status = 'paid')::int as paid,
            count(*) filter (where status <> 'paid' and merchant_oid = any($1))::int as pending_sent
       from orders`,
    [sentOids],
  );
  add(
    'every order sent is paid, no other order is',
    paid.sent_paid === stream.fresh && paid.paid === stream.fresh,
    `${paid.sent_paid} of ${stream.fresh} orders sent are paid, ${paid.paid} paid in all, ${paid.pending_sent} sent but not paid`,
  );
  const inv = await one<{
    n: number;
    orders: number;
    lo: number | null;
    hi: number | null;
    seq: number | null;
  }>(
    `select count(*)::int as n, count(distinct order_id)::int as orders,
            min(substring(number from 8)::int) as lo, max(substring(number from 8)::int) as hi,
            (select sum(last_value)::int from invoice_sequences) as seq
       from invoices where kind = 'invoice'`,
  );
  add(
    'one invoice per order booked',
    inv.n === stream.fresh && inv.orders === inv.n,
    `${inv.n} invoices for ${inv.orders} orders; ${stream.fresh} orders booked`,
  );
  add(
    'invoice numbers gapless',
    inv.n === 0 || (inv.lo === 1 && inv.hi === inv.n && inv.seq === inv.n),
    `numbers ${inv.lo ?? '-'}…${inv.hi ?? '-'} for ${inv.n} invoices, counter at ${inv.seq ?? '-'}`,
  );
  const cb = await one<{ booked: number; twice: number; duplicate: number; other: number }>(
    `select count(*) filter (where outcome = 'booked')::int as booked,
            (select count(*)::int from (select 1 from payment_callbacks where outcome = 'booked'
              group by merchant_oid having count(*) > 1) t) as twice,
            count(*) filter (where outcome = 'duplicate')::int as duplicate,
            count(*) filter (where outcome not in ('booked', 'duplicate'))::int as other
       from payment_callbacks`,
  );
  add(
    "no merchant_oid 'booked' twice",
    cb.twice === 0 && cb.booked === stream.fresh,
    `${cb.booked} 'booked' rows for ${stream.fresh} orders, ${cb.twice} merchant_oids booked more than once`,
  );
  add(
    "'duplicate' rows = duplicates sent",
    cb.duplicate === stream.duplicates && cb.other === 0,
    `${cb.duplicate} 'duplicate' rows, ${stream.duplicates} duplicates sent, ${cb.other} rows held/rejected/other`,
  );
  const subs = await one<{ active: number; team: number }>(
    `select count(*) filter (where s.status = 'active' and s.plan = 'team')::int as active,
            count(*) filter (where c.plan = 'team' and c.workspace_limit = 20 and u.workspace_quota = 20)::int as team
       from subscriptions s join companies c on c.id = s.company_id
       join users u on u.company_id = c.id and u.role = 'owner'`,
  );
  add(
    'subscription, plan, limit and owner quota moved once',
    subs.active === stream.fresh && subs.team === stream.fresh,
    `${subs.active} active Team subscriptions, ${subs.team} companies on Team with limit 20 and owner quota 20`,
  );
  if (jobsExpected) {
    // Mails are sent by one sweep over invoices without a mail, queued under one key per burst.
    const jobs = await one<{ n: number }>(
      "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'billing:invoice-mails'",
    );
    add('the invoice-mail sweep is queued (once)', jobs.n === 1, `${jobs.n} sweep jobs queued`);
  }
  return checks;
}

async function main(): Promise<void> {
  const cpus = os.cpus();
  console.log(
    `bench:callbacks — ${new Date().toISOString()} — commit ${commit()} — ${cpus.length} cores (${cpus[0]?.model.trim()}), node ${process.version}, load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `closed loop: ${CONNECTIONS} keep-alive connections, ${SECONDS} s per scenario and round (after ${WARMUP_MS / 1000} s warm-up), ${ROUNDS} interleaved rounds; ${Math.round(DUPLICATE_SHARE * 100)} % duplicates; platform roles ${ROLES}, database pool ${POOL}; the load generator shares the machine.`,
  );

  let platform: Platform | undefined;
  let db: pg.Client | undefined;
  const floorClients: pg.Client[] = [];
  const stopOnSignal = async () => {
    for (const c of floorClients) await c.end().catch(() => {});
    await db?.end().catch(() => {});
    await platform?.stop().catch(() => {});
    process.exit(130);
  };
  process.once('SIGINT', stopOnSignal);
  process.once('SIGTERM', stopOnSignal);

  let failed = false;
  try {
    let t0 = performance.now();
    // With BENCH_CPU_PROF the server runs as one node process (no tsx CLI in between) under --cpu-prof.
    const profile = CPU_PROF_DIR
      ? {
          entry: path.join(ROOT, 'server/src/main.ts'),
          nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF_DIR)}`],
        }
      : {};
    platform = await startPlatform(
      {
        PAYTR_SIM_PORT: '0',
        TCMB_URL: 'http://127.0.0.1:9',
        DATABASE_POOL_SIZE: String(POOL),
        // The bench signs notifications itself: the simulator's key and salt are fixed for this run.
        PAYTR_SIM_KEY: SIMULATOR_CREDENTIALS.merchantKey,
        PAYTR_SIM_SALT: SIMULATOR_CREDENTIALS.merchantSalt,
      },
      120_000,
      { ...profile, args: ['start', '--role', ROLES] },
    );
    console.log(
      `platform ready on :${platform.port} in ${fmt(performance.now() - t0, 0)} ms (DATA_DIR ${platform.dataDir})`,
    );
    const url = platform.databaseUrl();
    db = new pg.Client({ connectionString: url });
    await db.connect();
    t0 = performance.now();
    await seed(db);
    console.log(
      `seeded ${ORDERS} companies (owner, trial subscription, billing details, one pending Team order of ${AMOUNT_MINOR} kuruş each) and ${FLOOR_ORDERS} database-floor orders in ${fmt(performance.now() - t0, 0)} ms`,
    );
    for (let c = 0; c < FLOOR_CONNECTIONS; c++) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      floorClients.push(client);
    }

    const port = platform.port;
    const p = platform;
    const stream = new OrderStream(ORDERS, DUPLICATE_SHARE, CONNECTIONS, 2026);
    const floorStream = new OrderStream(FLOOR_ORDERS, DUPLICATE_SHARE, FLOOR_CONNECTIONS, 2026);
    const answers = { ok: 0, other: {} as Record<string, number> };
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS, maxFreeSockets: CONNECTIONS });
    const secrets = {
      merchantKey: SIMULATOR_CREDENTIALS.merchantKey,
      merchantSalt: SIMULATOR_CREDENTIALS.merchantSalt,
    };
    const postCallback = async (_c: number, k: number): Promise<string | null> => {
      const fields = signedCallback(
        {
          merchantOid: oidOf(k),
          status: 'success',
          totalAmount: AMOUNT_MINOR,
          testMode: true,
          currency: 'TL',
        },
        secrets,
      );
      const res = await send(agent, port, {
        method: 'POST',
        path: '/billing/paytr/callback',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(fields).toString(),
      });
      if (res.status === 200 && res.body === 'OK') {
        answers.ok++;
        return null;
      }
      const key = `${res.status} ${res.body.slice(0, 40)}`;
      answers.other[key] = (answers.other[key] ?? 0) + 1;
      return key;
    };
    const floorBook = (c: number, k: number) => floorBooking(floorClients[c] as pg.Client, floorOidOf(k));

    const names = [
      'GET /healthz (HTTP floor)',
      'book once over pg (DB floor)',
      'POST /billing/paytr/callback',
    ];
    const runs = new Map<string, RunResult[]>(names.map((n) => [n, []]));
    const cpu = new Map<string, CpuSample>(names.map((n) => [n, { serverMs: 0, dbMs: 0 }]));
    const bookings = { fresh: 0, duplicates: 0, inFlight: 0, floorFresh: 0, floorDuplicates: 0 };
    let ranOut = false;
    const measure = async (name: string, run: (onMeasureStart: () => void) => Promise<RunResult>) => {
      let before: CpuSample = { serverMs: Number.NaN, dbMs: Number.NaN };
      const r = await run(() => {
        before = p.cpu();
      });
      const after = p.cpu();
      const sum = cpu.get(name) as CpuSample;
      sum.serverMs += after.serverMs - before.serverMs;
      sum.dbMs += after.dbMs - before.dbMs;
      runs.get(name)?.push(r);
      return r;
    };
    const line = (round: number, name: string, r: RunResult, extra = '') =>
      console.log(
        `  round ${round}: ${name.padEnd(30)} ${String(r.requests).padStart(7)} requests, ${fmt((r.requests * 1000) / r.elapsedMs).padStart(8)}/s${extra}${r.errors ? `, ${r.errors} errors ${JSON.stringify(r.unexpected)}` : ''}`,
      );

    for (let round = 1; round <= ROUNDS; round++) {
      const h = await measure(names[0] as string, (onMeasureStart) =>
        runClosedLoop({
          port,
          connections: CONNECTIONS,
          durationMs: SECONDS * 1000,
          maxRequests: 1_000_000,
          warmupMs: WARMUP_MS,
          expectStatus: 200,
          onMeasureStart,
          next: () => ({ method: 'GET', path: '/healthz' }),
        }),
      );
      line(round, names[0] as string, h);
      const f = (await measure(names[1] as string, (onMeasureStart) =>
        bookingLoop({
          connections: FLOOR_CONNECTIONS,
          durationMs: SECONDS * 1000,
          warmupMs: WARMUP_MS,
          stream: floorStream,
          onMeasureStart,
          book: floorBook,
        }),
      )) as BookingRun;
      bookings.floorFresh += f.fresh;
      bookings.floorDuplicates += f.duplicates;
      line(round, names[1] as string, f, `, ${fmt((f.fresh * 1000) / f.elapsedMs)} booked/s`);
      const b = (await measure(names[2] as string, (onMeasureStart) =>
        bookingLoop({
          connections: CONNECTIONS,
          durationMs: SECONDS * 1000,
          warmupMs: WARMUP_MS,
          stream,
          onMeasureStart,
          book: postCallback,
        }),
      )) as BookingRun;
      bookings.fresh += b.fresh;
      bookings.duplicates += b.duplicates;
      bookings.inFlight += b.duplicatesInFlight;
      line(
        round,
        names[2] as string,
        b,
        `, ${fmt((b.fresh * 1000) / b.elapsedMs)} booked/s, ${b.duplicates} duplicates (${b.duplicatesInFlight} while the original was in flight)`,
      );
      if (b.ranOut || f.ranOut) {
        ranOut = true;
        console.log(`  orders ran out in round ${round}: raise BENCH_ORDERS for longer runs; stopping here.`);
        break;
      }
    }

    // One connection: the latency of a booking without queueing behind the others.
    let single: BookingRun | undefined;
    if (!ranOut) {
      single = await bookingLoop({
        connections: 1,
        durationMs: SECONDS * 1000,
        warmupMs: 0,
        stream,
        book: postCallback,
      });
    }
    agent.destroy();

    const rows = names.map((name) => {
      const m = merge(runs.get(name) ?? []);
      const c = cpu.get(name) as CpuSample;
      return {
        name,
        m,
        rps: (m.requests * 1000) / m.elapsedMs,
        p50: percentile(m.latencies, 50),
        p95: percentile(m.latencies, 95),
        p99: percentile(m.latencies, 99),
        nodeCpu: c.serverMs / m.requests,
        pgCpu: c.dbMs / m.requests,
      };
    });
    const [http0, floor, cb] = rows as [(typeof rows)[0], (typeof rows)[0], (typeof rows)[0]];
    console.log('');
    console.log(
      `${'scenario'.padEnd(32)}${'requests'.padStart(9)}${'req/s'.padStart(9)}${'p50 ms'.padStart(8)}${'p95 ms'.padStart(8)}${'p99 ms'.padStart(8)}${'errors'.padStart(7)}${'÷ HTTP floor'.padStart(14)}${'÷ DB floor'.padStart(12)}${'node CPU ms'.padStart(13)}${'pg CPU ms'.padStart(11)}`,
    );
    for (const r of rows) {
      console.log(
        `${r.name.padEnd(32)}${String(r.m.requests).padStart(9)}${fmt(r.rps).padStart(9)}${fmt(r.p50, 2).padStart(8)}${fmt(r.p95, 2).padStart(8)}${fmt(r.p99, 2).padStart(8)}${String(r.m.errors).padStart(7)}${`${fmt(r.rps / http0.rps, 3)}×`.padStart(14)}${`${fmt(r.rps / floor.rps, 3)}×`.padStart(12)}${fmt(r.nodeCpu, 3).padStart(13)}${fmt(r.pgCpu, 3).padStart(11)}`,
      );
    }
    console.log(
      `CPU per request from /proc (10 ms ticks): the platform's node processes and its PostgreSQL; the DB floor's client is this process (not counted). The DB floor runs ${FLOOR_CONNECTIONS} connections (the platform's pool).`,
    );
    const bookedPerS = (bookings.fresh * 1000) / cb.m.elapsedMs;
    const floorBookedPerS = (bookings.floorFresh * 1000) / floor.m.elapsedMs;
    console.log('');
    console.log(
      `callbacks: ${fmt(bookedPerS)} booked/s (unique orders) + ${fmt((bookings.duplicates * 1000) / cb.m.elapsedMs)} duplicates/s = ${fmt(cb.rps)} callbacks/s; p50 ${fmt(cb.p50, 2)} ms, p95 ${fmt(cb.p95, 2)} ms, p99 ${fmt(cb.p99, 2)} ms at ${CONNECTIONS} connections; ${fmt(cb.nodeCpu + cb.pgCpu, 3)} ms CPU per callback (node ${fmt(cb.nodeCpu, 3)} + PostgreSQL ${fmt(cb.pgCpu, 3)}); ${bookings.inFlight} of ${bookings.duplicates} measured duplicates raced their original.`,
    );
    console.log(
      `DB floor: ${fmt(floorBookedPerS)} booked/s + duplicates = ${fmt(floor.rps)}/s; booked/s ÷ DB floor ${fmt(bookedPerS / floorBookedPerS, 3)}×, callbacks/s ÷ HTTP floor ${fmt(cb.rps / http0.rps, 3)}×.`,
    );
    if (single)
      console.log(
        `At 1 connection: ${fmt((single.requests * 1000) / single.elapsedMs)} callbacks/s, p50 ${fmt(percentile(single.latencies, 50), 2)} ms, p99 ${fmt(percentile(single.latencies, 99), 2)} ms (${single.errors} errors).`,
      );
    const meets = bookedPerS >= TARGET_PER_SECOND;
    console.log(
      `Target ${TARGET_PER_SECOND}/s: ${fmt(bookedPerS)} booked/s is ${meets ? 'AT OR ABOVE' : 'BELOW'} it; all callbacks, duplicates included, ${fmt(cb.rps)}/s ${cb.rps >= TARGET_PER_SECOND ? 'at or above' : 'below'}.`,
    );

    const checks = await verify(db, stream, answers, !ROLES.split(',').includes('worker'));
    const floorCheck = await db.query<{ n: number; hi: number; twice: number; dups: number }>(
      `select (select count(*)::int from bench_floor_invoices) as n,
              (select max(number)::int from bench_floor_invoices) as hi,
              (select count(*)::int from (select 1 from bench_floor_callbacks where outcome = 'booked'
                 group by merchant_oid having count(*) > 1) t) as twice,
              (select count(*)::int from bench_floor_callbacks where outcome = 'duplicate') as dups`,
    );
    const fc = floorCheck.rows[0] as { n: number; hi: number; twice: number; dups: number };
    checks.push({
      name: 'DB floor booked once too',
      ok:
        fc.n === floorStream.fresh && fc.hi === fc.n && fc.twice === 0 && fc.dups === floorStream.duplicates,
      detail: `${fc.n} invoices (last number ${fc.hi}) for ${floorStream.fresh} orders, ${fc.dups} duplicate rows for ${floorStream.duplicates} sent`,
    });
    console.log('');
    console.log(
      `exactly-once checks over all ${stream.sent} notifications sent (warm-ups included: ${stream.fresh} orders, ${stream.duplicates} duplicates, ${stream.duplicatesInFlight} of them while the original was in flight):`,
    );
    for (const c of checks) console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name}: ${c.detail}`);
    if (checks.some((c) => !c.ok)) {
      failed = true;
      console.log('\n*** FAIL: a notification was not booked exactly once (see above). ***');
    }
    if (rows.some((r) => r.m.errors > 0)) {
      failed = true;
      console.log('Some requests failed (see the rounds above): those numbers are not trustworthy.');
    }
    if (ranOut) failed = true;
  } finally {
    for (const c of floorClients) await c.end().catch(() => {});
    await db?.end().catch(() => {});
    if (platform) {
      const how = await platform.stop();
      console.log(
        `platform stopped (SIGTERM → exit ${how.code ?? how.signal} in ${how.ms} ms); temp DATA_DIR removed.${CPU_PROF_DIR ? ` CPU profile in ${path.resolve(CPU_PROF_DIR)}.` : ''}`,
      );
      if (how.code !== 0) console.log(`the platform's last output:\n${platform.output().slice(-2000)}`);
    }
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
