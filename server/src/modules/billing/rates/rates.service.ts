// Exchange rates from TCMB: bulletins are fetched by a cron job and stored; prices are quoted from stored
// bulletins only, so a checkout never waits on (or fails with) TCMB. A day's quotes and invoices use the
// newest bulletin announced before that day (Istanbul calendar): the one dated D, announced on D around
// 15:30, applies from D+1, so prices never jump during a day. A bulletin that is more than one business
// day behind is "stale": quotes still answer, with the flag and the date,
// and operators get one alert per stale bulletin date per process (in memory: a restart may alert
// again, several worker processes may each alert once; both are acceptable for an outage notice).
import type { Currency } from '@youarecoder/contract';
import { z } from 'zod';
import type { Clock } from '../../../platform/clock.ts';
import type { Db, Executor } from '../../../platform/db/client.ts';
import { type AnyJob, type CronEntry, defineJob } from '../../../platform/jobs/index.ts';
import type { Logger } from '../../../platform/logger.ts';
import { perUnit, RATE_SCALE } from './fx.math.ts';
import {
  addDays,
  expectedBulletinDate,
  isIsoDay,
  isQuoteStale,
  isStale,
  istanbulDay,
} from './rates.calendar.ts';
import { bulletinByDate, latestBulletinBefore, latestBulletinDate, storeBulletin } from './rates.repo.ts';
import { newestBundledBulletin } from './rates.seed.ts';
import { createTcmbClient, TcmbFetchError } from './tcmb.client.ts';
import { type ParsedBulletin, type ParsedRate, parseBulletin } from './tcmb.parse.ts';

/** Which of a bulletin's four rates converts prices (config TCMB_RATE_TYPE). */
export type RateType = 'ForexBuying' | 'ForexSelling' | 'BanknoteBuying' | 'BanknoteSelling';

/** The job that fetches the day's bulletin. */
export const FX_REFRESH_JOB = 'billing:fx-refresh';

/**
 * Weekdays every 15 minutes 12:00-14:45 UTC (15:00-17:45 Istanbul, around the 15:30 publication)
 * and 06:00-06:45 UTC (09:00-09:45 Istanbul, a morning retry after an afternoon outage).
 * graphile-worker 0.17 matches crontab fields in UTC (digestTimestamp uses getUTCHours). One line,
 * because it refuses two crontab lines for one task without distinct ?id= options, which CronEntry
 * cannot express; the runs before 15:30 cost one indexed query each, as the handler skips them.
 */
export const FX_REFRESH_CRON: CronEntry = { pattern: '*/15 6,12-14 * * 1-5', job: FX_REFRESH_JOB };

/** Walk back at most this many days from a date without a bulletin (long holidays, e.g. Kurban Bayramı). */
export const MAX_WALK_BACK_DAYS = 10;

/** TRY per one unit of a currency from the bulletin valid today, with that bulletin's identity. */
export interface FxQuote {
  currency: Currency;
  /** TRY per 1 unit at 6 decimals; '1.000000' for TRY. */
  tryPerUnit: string;
  /** TRY per 1 USD from the same bulletin and rate type. */
  usdTry: string;
  /** The bulletin's date (YYYY-MM-DD). */
  date: string;
  bulletinNo: string;
  /** More than one business day is missing before this bulletin, or fetching is behind (isQuoteStale). */
  stale: boolean;
}

/** What createRatesService needs. */
export interface RatesServiceDeps {
  db: Db;
  clock: Clock;
  log: Logger;
  config: { TCMB_URL: string; TCMB_RATE_TYPE: RateType; isProduction: boolean };
  fetch?: typeof fetch;
  /** Tell operators (e.g. by email); without it the alert is logged as an error. */
  alert?: (subject: string, body: string) => Promise<void>;
}

/** How ensureSeed found or got a bulletin. */
export interface SeedResult {
  source: 'stored' | 'fetched' | 'bundled' | 'none';
  date: string | null;
}

/** What one run of the refresh job did. */
export interface RefreshCheck {
  /** The expected bulletin was stored already: nothing fetched. */
  skipped: boolean;
  expected: string;
  latest: string | null;
  stale: boolean;
  /** An alert was sent by this run. */
  alerted: boolean;
}

/** Exchange rates: quotes from stored bulletins, fetching, seeding and the refresh job. */
export interface RatesService {
  /**
   * A quote from the newest stored bulletin dated before today in Istanbul (never fetched live; one
   * announced today applies from tomorrow); null if there is none or it lacks the rate.
   */
  quote(exec: Executor, currency: Currency): Promise<FxQuote | null>;
  /** The newest bulletin date that should exist at `now` (Istanbul time, holidays unknown). */
  expectedBulletinDate(now: Date): string;
  /** Fetch today.xml and store it if new. */
  refresh(): Promise<{ date: string; stored: boolean }>;
  /**
   * The bulletin dated `date`, or for a day without one the newest within MAX_WALK_BACK_DAYS before it.
   * (What prices a day D is the bulletin for D-1: see validBulletinDate.)
   */
  fetchForDate(date: string): Promise<ParsedBulletin & { usedDate: string }>;
  /** Make sure a bulletin valid today is stored: fetch, or outside production fall back to a bundled one. */
  ensureSeed(): Promise<SeedResult>;
  /** The refresh job's work: skip when the expected bulletin is stored, else fetch; alert when stale. */
  refreshIfDue(): Promise<RefreshCheck>;
  jobs: AnyJob[];
  cron: CronEntry[];
}

const FIELD = {
  ForexBuying: 'forexBuying',
  ForexSelling: 'forexSelling',
  BanknoteBuying: 'banknoteBuying',
  BanknoteSelling: 'banknoteSelling',
} as const satisfies Record<RateType, keyof ParsedRate>;

const ONE = `1.${'0'.repeat(RATE_SCALE)}`;

/** Build the rates service. */
export function createRatesService(deps: RatesServiceDeps): RatesService {
  const { db, clock, log } = deps;
  const client = createTcmbClient({ baseUrl: deps.config.TCMB_URL, fetch: deps.fetch ?? globalThis.fetch });
  const field = FIELD[deps.config.TCMB_RATE_TYPE];
  const alert =
    deps.alert ?? (async (subject: string, body: string) => log.error({ body }, `ALERT: ${subject}`));
  const alertedFor = new Set<string>();

  /** Download and parse; every failure is logged here, once, and rethrown. 404 gives null. */
  async function download(url: string): Promise<{ xml: string; parsed: ParsedBulletin } | null> {
    try {
      const xml = await client.get(url);
      return xml === null ? null : { xml, parsed: parseBulletin(xml) };
    } catch (err) {
      log.warn({ err, url }, 'TCMB bulletin fetch failed');
      throw err;
    }
  }

  async function store(xml: string, parsed: ParsedBulletin, sourceUrl: string): Promise<boolean> {
    const stored = await storeBulletin(db, { parsed, rawXml: xml, sourceUrl, fetchedAt: clock.now() });
    if (stored)
      log.info({ date: parsed.date, bulletinNo: parsed.bulletinNo, sourceUrl }, 'TCMB bulletin stored');
    return stored;
  }

  function rateOf(rates: ParsedRate[], currency: string): string | null {
    const row = rates.find((r) => r.currency === currency);
    const value = row?.[field];
    return row && value ? perUnit(value, row.unit) : null;
  }

  async function refresh(): Promise<{ date: string; stored: boolean }> {
    const got = await download(client.todayUrl);
    if (!got) {
      const err = new TcmbFetchError(client.todayUrl, 'today.xml answered 404', 404);
      log.warn({ err }, 'TCMB bulletin fetch failed');
      throw err;
    }
    return { date: got.parsed.date, stored: await store(got.xml, got.parsed, client.todayUrl) };
  }

  async function alertOnce(latest: string | null, expected: string): Promise<boolean> {
    const key = latest ?? 'none';
    if (alertedFor.has(key)) return false;
    alertedFor.add(key);
    const subject = latest
      ? `TCMB exchange rates are stale: newest bulletin ${latest}`
      : 'TCMB exchange rates are missing: no bulletin stored';
    const body = [
      `Expected bulletin: ${expected}. Newest stored: ${latest ?? 'none'}.`,
      `Source: ${client.todayUrl}. Prices in TRY and EUR are quoted from the newest stored bulletin.`,
      'Fetches are retried on weekdays every 15 minutes 15:00-17:45 and 09:00-09:45 Istanbul time.',
    ].join('\n');
    try {
      await alert(subject, body);
      return true;
    } catch (err) {
      // Not sent: let the next run try again.
      alertedFor.delete(key);
      log.error({ err, subject }, 'sending the stale exchange-rate alert failed');
      return false;
    }
  }

  /** The job's work: fetch unless the expected bulletin is stored, then alert if still stale. */
  async function refreshIfDue(): Promise<RefreshCheck> {
    const now = clock.now();
    const expected = expectedBulletinDate(now);
    const before = await latestBulletinDate(db);
    if (before !== null && before >= expected)
      return { skipped: true, expected, latest: before, stale: false, alerted: false };
    await refresh().catch(() => undefined);
    const latest = await latestBulletinDate(db);
    const stale = latest === null || isStale(latest, now);
    const alerted = stale ? await alertOnce(latest, expected) : false;
    return { skipped: false, expected, latest, stale, alerted };
  }

  /** See RatesService.fetchForDate. */
  async function fetchForDate(date: string): Promise<ParsedBulletin & { usedDate: string }> {
    if (!isIsoDay(date)) throw new RangeError(`not a YYYY-MM-DD date: '${date}'`);
    for (let back = 0; back <= MAX_WALK_BACK_DAYS; back++) {
      const day = addDays(date, -back);
      const stored = await bulletinByDate(db, day);
      if (stored)
        return { date: stored.date, bulletinNo: stored.bulletinNo, rates: stored.rates, usedDate: day };
      const url = client.dayUrl(day);
      const got = await download(url);
      if (!got) continue;
      if (got.parsed.date !== day)
        log.warn({ url, bulletinDate: got.parsed.date }, 'TCMB file holds another date than its name');
      await store(got.xml, got.parsed, url);
      if (day !== date) log.info({ requested: date, usedDate: got.parsed.date }, 'no bulletin that day');
      return { ...got.parsed, usedDate: got.parsed.date };
    }
    throw new TcmbFetchError(client.dayUrl(date), `no bulletin within ${MAX_WALK_BACK_DAYS} days`, 404);
  }

  const refreshJob = defineJob({
    id: FX_REFRESH_JOB,
    payload: z.object({}).passthrough(),
    // The next cron slot is the retry; graphile-worker's backoff would only add noise.
    maxAttempts: 1,
    handler: async (_p, ctx) => {
      const r = await refreshIfDue();
      if (!r.skipped) ctx.log.info(r, 'TCMB refresh checked');
    },
  });

  return {
    async quote(exec: Executor, currency: Currency): Promise<FxQuote | null> {
      const now = clock.now();
      const b = await latestBulletinBefore(exec, istanbulDay(now));
      if (!b) return null;
      const usdTry = rateOf(b.rates, 'USD');
      const tryPerUnit = currency === 'TRY' ? ONE : rateOf(b.rates, currency);
      if (!usdTry || !tryPerUnit) {
        log.warn({ date: b.date, currency, rateType: deps.config.TCMB_RATE_TYPE }, 'bulletin lacks the rate');
        return null;
      }
      const stale = isQuoteStale(b.date, (await latestBulletinDate(exec)) ?? b.date, now);
      return { currency, tryPerUnit, usdTry, date: b.date, bulletinNo: b.bulletinNo, stale };
    },

    expectedBulletinDate,

    refresh,

    fetchForDate,

    /**
     * Make sure a bulletin valid today (dated before today) is stored: fetch yesterday's, walking back
     * over days without one, when none is (a first start after 15:30 finds only today's in today.xml);
     * outside production, if that fails, store the newest bundled one (sourceUrl bundled:<file>) so an
     * offline machine can still quote.
     */
    async ensureSeed(): Promise<SeedResult> {
      const today = istanbulDay(clock.now());
      const valid = await latestBulletinDate(db, today);
      if (valid) return { source: 'stored', date: valid };
      try {
        return { source: 'fetched', date: (await fetchForDate(addDays(today, -1))).date };
      } catch {
        // Failed downloads are logged by download(); fall through to the bundled seed where allowed.
      }
      if (deps.config.isProduction) {
        log.error(
          'no TCMB bulletin valid today is stored and none could be fetched: TRY and EUR prices are unavailable',
        );
        return { source: 'none', date: null };
      }
      const bundled = await newestBundledBulletin();
      if (!bundled) return { source: 'none', date: null };
      await store(bundled.xml, bundled.parsed, `bundled:${bundled.file}`);
      log.warn({ date: bundled.parsed.date }, 'TCMB unreachable: seeded rates from a bundled bulletin');
      return { source: 'bundled', date: bundled.parsed.date };
    },

    refreshIfDue,

    jobs: [refreshJob],
    cron: [FX_REFRESH_CRON],
  };
}
