import { readFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { count, eq } from 'drizzle-orm';
import { runOnce } from 'graphile-worker';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../../test/harness.ts';
import { FakeClock } from '../../../platform/clock.ts';
import type { Db } from '../../../platform/db/client.ts';
import { quietGraphileLogger } from '../../../platform/db/migrate.ts';
import { buildTaskList, enqueue } from '../../../platform/jobs/index.ts';
import { fxBulletins, fxRates } from '../billing.schema.ts';
import { createRatesService, type RateType, TcmbFetchError } from './index.ts';
import { storeBulletin } from './rates.repo.ts';
import { FIXTURES_DIR } from './rates.seed.ts';
import { parseBulletin } from './tcmb.parse.ts';

/** A stand-in for www.tcmb.gov.tr/kurlar serving the recorded bulletins. */
class FakeTcmb {
  mode: 'ok' | 'error' = 'ok';
  today = '17092026.xml';
  requests: string[] = [];
  private server = http.createServer((req, res) => void this.answer(req.url ?? '', res));
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/kurlar`;
    return this;
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async answer(url: string, res: http.ServerResponse): Promise<void> {
    this.requests.push(url);
    if (this.mode === 'error') return void res.writeHead(500).end('Internal Server Error');
    const m = /^\/kurlar\/(?:today\.xml|\d{6}\/(\d{8}\.xml))$/.exec(url);
    const file = m ? (m[1] ?? this.today) : null;
    const xml = file ? await readFile(`${FIXTURES_DIR}/${file}`, 'utf8').catch(() => null) : null;
    if (!xml) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<html>Not Found</html>');
    res.writeHead(200, { 'content-type': 'application/xml; charset=utf-8' }).end(xml);
  }
}

/** A URL on which nothing listens: connection refused. */
async function deadUrl(): Promise<string> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const port = (s.address() as AddressInfo).port;
  await new Promise((resolve) => s.close(resolve));
  return `http://127.0.0.1:${port}/kurlar`;
}

let ctx: TestContext;
let db: Db;
let tcmb: FakeTcmb;
let down: string;
const clock = new FakeClock('2026-09-17T13:00:00Z');
const logs: { level: number; msg: string; url?: string }[] = [];
const log = pino({ level: 'debug' }, { write: (line: string) => void logs.push(JSON.parse(line)) });

function service(over: { url?: string; isProduction?: boolean; rateType?: RateType } = {}) {
  const alerts: { subject: string; body: string }[] = [];
  const svc = createRatesService({
    db,
    clock,
    log,
    config: {
      TCMB_URL: over.url ?? tcmb.url,
      TCMB_RATE_TYPE: over.rateType ?? 'ForexBuying',
      isProduction: over.isProduction ?? false,
    },
    alert: async (subject, body) => void alerts.push({ subject, body }),
  });
  return { svc, alerts };
}

const bulletinCount = async () => (await db.select({ n: count() }).from(fxBulletins))[0]?.n;
const rateCount = async () => (await db.select({ n: count() }).from(fxRates))[0]?.n;
const sourceOf = async (date: string) =>
  (await db.select().from(fxBulletins).where(eq(fxBulletins.date, date)))[0]?.sourceUrl;

beforeAll(async () => {
  ctx = await createTestContext();
  db = ctx.deps.database.db;
  tcmb = await new FakeTcmb().start();
  down = await deadUrl();
});
afterAll(async () => {
  await tcmb?.stop();
  await ctx?.close();
});
beforeEach(async () => {
  await db.delete(fxBulletins);
  tcmb.mode = 'ok';
  tcmb.today = '17092026.xml';
  tcmb.requests = [];
  logs.length = 0;
  clock.set('2026-09-17T13:00:00Z');
});

describe('storing bulletins', () => {
  it('refresh() stores today.xml with its raw XML and rows, once', async () => {
    const { svc } = service();
    expect(await svc.refresh()).toEqual({ date: '2026-09-17', stored: true });
    const [row] = await db.select().from(fxBulletins);
    expect(row).toMatchObject({
      date: '2026-09-17',
      bulletinNo: '2026/177',
      sourceUrl: `${tcmb.url}/today.xml`,
    });
    expect(row?.rawXml).toBe(await readFile(`${FIXTURES_DIR}/17092026.xml`, 'utf8'));
    expect(await rateCount()).toBe(23);

    expect(await svc.refresh()).toEqual({ date: '2026-09-17', stored: false });
    expect(await bulletinCount()).toBe(1);
    expect(await rateCount()).toBe(23);
  });

  it('storing the same date twice at once is idempotent', async () => {
    const rawXml = await readFile(`${FIXTURES_DIR}/18092026.xml`, 'utf8');
    const b = { parsed: parseBulletin(rawXml), rawXml, sourceUrl: 'test', fetchedAt: clock.now() };
    const results = await Promise.all([storeBulletin(db, b), storeBulletin(db, b), storeBulletin(db, b)]);
    expect(results.sort()).toEqual([false, false, true]);
    expect(await bulletinCount()).toBe(1);
    expect(await rateCount()).toBe(23);
  });
});

describe('fetchForDate', () => {
  it('falls back from a Saturday to Friday, records and stores it', async () => {
    const { svc } = service();
    const got = await svc.fetchForDate('2026-09-19');
    expect(got).toMatchObject({ usedDate: '2026-09-18', date: '2026-09-18', bulletinNo: '2026/178' });
    expect(got.rates.find((r) => r.currency === 'USD')?.forexBuying).toBe('48.611600');
    expect(tcmb.requests).toEqual(['/kurlar/202609/19092026.xml', '/kurlar/202609/18092026.xml']);
    expect(await sourceOf('2026-09-18')).toBe(`${tcmb.url}/202609/18092026.xml`);

    // Sunday: Saturday and Sunday are asked for again, Friday comes from the database.
    tcmb.requests = [];
    expect((await svc.fetchForDate('2026-09-20')).usedDate).toBe('2026-09-18');
    expect(tcmb.requests).toEqual(['/kurlar/202609/20092026.xml', '/kurlar/202609/19092026.xml']);
    expect(await bulletinCount()).toBe(1);
  });

  it('walks back over a holiday, and gives up after 10 days', async () => {
    const { svc } = service();
    expect((await svc.fetchForDate('2026-07-15')).usedDate).toBe('2026-07-14');
    tcmb.requests = [];
    await expect(svc.fetchForDate('2026-08-31')).rejects.toThrow(TcmbFetchError);
    expect(tcmb.requests).toHaveLength(11);
    expect(tcmb.requests.at(-1)).toBe('/kurlar/202608/21082026.xml');
    await expect(svc.fetchForDate('2026-02-30')).rejects.toThrow(RangeError);
  });

  it('fails on a server error instead of skipping that day', async () => {
    const { svc } = service();
    tcmb.mode = 'error';
    await expect(svc.fetchForDate('2026-09-18')).rejects.toThrow(/HTTP 500/);
    expect(await bulletinCount()).toBe(0);
  });
});

describe('quote', () => {
  it('is null before any bulletin is stored', async () => {
    expect(await service().svc.quote(db, 'EUR')).toBeNull();
  });

  it('quotes from the newest bulletin valid for the day with the configured rate type', async () => {
    const { svc } = service();
    await svc.fetchForDate('2026-09-17');
    tcmb.today = '18092026.xml';
    await svc.refresh();
    clock.set('2026-09-19T07:00:00Z'); // Saturday 10:00: Friday's bulletin applies
    tcmb.requests = [];
    const base = { usdTry: '48.611600', date: '2026-09-18', bulletinNo: '2026/178', stale: false };
    expect(await svc.quote(db, 'TRY')).toEqual({ currency: 'TRY', tryPerUnit: '1.000000', ...base });
    expect(await svc.quote(db, 'USD')).toEqual({ currency: 'USD', tryPerUnit: '48.611600', ...base });
    expect(await svc.quote(db, 'EUR')).toEqual({ currency: 'EUR', tryPerUnit: '56.963100', ...base });
    expect(tcmb.requests).toEqual([]);

    const selling = service({ rateType: 'ForexSelling' }).svc;
    expect(await selling.quote(db, 'EUR')).toMatchObject({ tryPerUnit: '57.065600', usdTry: '48.699100' });
  });
});

describe('the bulletin valid for a day (issue 11)', () => {
  // A bulletin dated D is announced on D around 15:30 Istanbul time; it prices quotes and invoices from
  // D+1 on. Friday 2026-09-18 is D here: Thursday's bulletin prices all of Friday.
  const quotedDate = async (svc: ReturnType<typeof service>['svc']) => (await svc.quote(db, 'USD'))?.date;

  it('prices a day from the bulletin announced before it, whatever arrives during that day', async () => {
    const { svc } = service();
    await svc.fetchForDate('2026-09-17');
    tcmb.today = '18092026.xml';
    await svc.refresh(); // Friday's bulletin is stored already

    clock.set('2026-09-17T23:53:00Z'); // Friday 02:53 Istanbul
    expect(await svc.quote(db, 'USD')).toEqual({
      currency: 'USD',
      tryPerUnit: '48.587300',
      usdTry: '48.587300',
      date: '2026-09-17',
      bulletinNo: '2026/177',
      stale: false,
    });
    clock.set('2026-09-18T13:00:00Z'); // Friday 16:00, after the 15:30 announcement
    expect(await quotedDate(svc)).toBe('2026-09-17');
    clock.set('2026-09-18T20:59:59Z'); // Friday 23:59:59
    expect(await quotedDate(svc)).toBe('2026-09-17');

    clock.set('2026-09-18T21:00:00Z'); // Saturday 00:00: D+1
    expect(await svc.quote(db, 'USD')).toMatchObject({ date: '2026-09-18', tryPerUnit: '48.611600' });
    clock.set('2026-09-20T23:53:00Z'); // Monday 02:53: still Friday's over the weekend
    expect(await quotedDate(svc)).toBe('2026-09-18');

    tcmb.today = '21092026.xml';
    clock.set('2026-09-21T13:00:00Z'); // Monday 16:00: Monday's arrives
    expect(await svc.refreshIfDue()).toMatchObject({ skipped: false, latest: '2026-09-21' });
    expect(await svc.quote(db, 'USD')).toMatchObject({ date: '2026-09-18', stale: false });
    clock.set('2026-09-21T23:53:00Z'); // Tuesday 02:53
    expect(await svc.quote(db, 'USD')).toMatchObject({ date: '2026-09-21', stale: false });
  });

  it('has no quote while the only stored bulletin is one announced today', async () => {
    const { svc } = service();
    tcmb.today = '18092026.xml';
    clock.set('2026-09-18T13:00:00Z'); // Friday 16:00
    await svc.refresh();
    expect(await svc.quote(db, 'EUR')).toBeNull();
  });

  it('walks back over a day without a bulletin and tolerates it, as before', async () => {
    const { svc } = service();
    await svc.fetchForDate('2026-09-17');
    tcmb.today = '21092026.xml';
    await svc.refresh(); // Friday's is missing: a holiday, as far as anyone here knows
    clock.set('2026-09-21T07:00:00Z'); // Monday 10:00
    expect(await svc.quote(db, 'EUR')).toMatchObject({ date: '2026-09-17', stale: false });
    clock.set('2026-09-21T13:00:00Z'); // Monday 16:00
    expect(await svc.quote(db, 'EUR')).toMatchObject({ date: '2026-09-17', stale: false });
    clock.set('2026-09-22T07:00:00Z'); // Tuesday 10:00
    expect(await svc.quote(db, 'EUR')).toMatchObject({ date: '2026-09-21', stale: false });
  });
});

describe('an outage', () => {
  it('quotes from the last stored bulletin, flags it stale after a business day and alerts once', async () => {
    const { svc, alerts } = service();
    tcmb.today = '21092026.xml';
    await svc.refresh();

    tcmb.mode = 'error';
    clock.set('2026-09-22T13:00:00Z'); // Tuesday 16:00: Tuesday's is missing, Monday's is one day behind
    expect(await svc.refreshIfDue()).toMatchObject({ skipped: false, latest: '2026-09-21', stale: false });
    expect(await svc.quote(db, 'EUR')).toMatchObject({ date: '2026-09-21', stale: false });
    expect(alerts).toEqual([]);

    clock.set('2026-09-23T13:00:00Z'); // Wednesday 16:00: two business days behind
    expect(await svc.refreshIfDue()).toMatchObject({ latest: '2026-09-21', stale: true, alerted: true });
    expect(await svc.refreshIfDue()).toMatchObject({ stale: true, alerted: false });
    clock.set('2026-09-24T13:00:00Z');
    await svc.refreshIfDue();
    expect(alerts).toHaveLength(1);
    expect(alerts[0]?.subject).toContain('2026-09-21');

    const q = await svc.quote(db, 'EUR');
    expect(q).toMatchObject({ date: '2026-09-21', bulletinNo: '2026/179', stale: true });
    expect(q?.tryPerUnit).toMatch(/^\d+\.\d{6}$/);
    // Every failed fetch logged a warning.
    const warnings = logs.filter((l) => l.level === 40 && l.msg === 'TCMB bulletin fetch failed');
    expect(warnings).toHaveLength(4);
  });

  it('behaves the same when the connection is refused', async () => {
    const { svc: online } = service();
    tcmb.today = '18092026.xml';
    await online.refresh();
    const { svc, alerts } = service({ url: down });
    clock.set('2026-09-22T13:00:00Z');
    await expect(svc.refresh()).rejects.toThrow(TcmbFetchError);
    expect(await svc.refreshIfDue()).toMatchObject({ latest: '2026-09-18', stale: true, alerted: true });
    await svc.refreshIfDue();
    expect(alerts).toHaveLength(1);
    expect(await svc.quote(db, 'TRY')).toMatchObject({
      date: '2026-09-18',
      usdTry: '48.611600',
      stale: true,
    });
  });

  it('skips fetching when the expected bulletin is stored', async () => {
    const { svc } = service();
    tcmb.today = '21092026.xml';
    await svc.refresh();
    tcmb.requests = [];
    clock.set('2026-09-22T12:29:00Z'); // Tuesday 15:29: Monday's is the newest there should be
    expect(await svc.refreshIfDue()).toMatchObject({ skipped: true, expected: '2026-09-21' });
    expect(tcmb.requests).toEqual([]);
    clock.set('2026-09-22T12:31:00Z');
    expect(await svc.refreshIfDue()).toMatchObject({ skipped: false, expected: '2026-09-22' });
    expect(tcmb.requests).toEqual(['/kurlar/today.xml']);
  });

  it('runs as the billing:fx-refresh job', async () => {
    const { svc } = service();
    clock.set('2026-09-17T13:00:00Z');
    const [job] = svc.jobs;
    if (!job) throw new Error('no job');
    await enqueue(db, job, {});
    await runOnce({
      connectionString: ctx.database.url,
      taskList: buildTaskList(svc.jobs, log),
      logger: quietGraphileLogger,
    });
    expect(await sourceOf('2026-09-17')).toBe(`${tcmb.url}/today.xml`);
  });
});

describe('ensureSeed', () => {
  it('stores the newest bundled bulletin on a fresh machine without internet', async () => {
    clock.set('2026-09-22T07:00:00Z'); // Tuesday 10:00: Monday's, the newest bundled one, applies
    const { svc } = service({ url: down });
    expect(await svc.ensureSeed()).toEqual({ source: 'bundled', date: '2026-09-21' });
    expect(await sourceOf('2026-09-21')).toBe('bundled:21092026.xml');
    expect(await rateCount()).toBe(23);
    expect(await svc.quote(db, 'EUR')).toMatchObject({ date: '2026-09-21', bulletinNo: '2026/179' });
    expect(await svc.ensureSeed()).toEqual({ source: 'stored', date: '2026-09-21' });
  });

  it('fetches when it can, and never seeds in production', async () => {
    clock.set('2026-09-18T13:00:00Z'); // Friday 16:00: Thursday's bulletin prices today
    expect(await service({ url: down, isProduction: true }).svc.ensureSeed()).toEqual({
      source: 'none',
      date: null,
    });
    expect(await bulletinCount()).toBe(0);
    expect(await service({ isProduction: true }).svc.ensureSeed()).toEqual({
      source: 'fetched',
      date: '2026-09-17',
    });
  });

  it('fetches the bulletin valid today when only one announced today is stored', async () => {
    const { svc } = service({ isProduction: true });
    clock.set('2026-09-18T13:00:00Z'); // Friday 16:00, a first start right after the announcement
    tcmb.today = '18092026.xml';
    await svc.refresh();
    expect(await svc.ensureSeed()).toEqual({ source: 'fetched', date: '2026-09-17' });
    expect(tcmb.requests.at(-1)).toBe('/kurlar/202609/17092026.xml');
    expect(await svc.quote(db, 'USD')).toMatchObject({ date: '2026-09-17', stale: false });
    expect(await svc.ensureSeed()).toEqual({ source: 'stored', date: '2026-09-17' });
  });
});
