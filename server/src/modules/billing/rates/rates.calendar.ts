// When a TCMB bulletin should exist. Istanbul has been UTC+3 all year since 2016 (no DST), so a fixed
// offset is exact and needs no time-zone database. Turkish holidays are not known here: a weekday is
// assumed to be a business day, and staleness tolerates one missing business day for that reason.
import { HOUR } from '../../../platform/clock.ts';

/** Istanbul's offset from UTC. */
export const ISTANBUL_OFFSET_MS = 3 * HOUR;
/** Minutes after Istanbul midnight from which the day's bulletin is expected (15:30). */
export const BULLETIN_PUBLISH_MINUTE = 15 * 60 + 30;

const DAY_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toUtcMidnight(day: string): Date {
  const m = DAY_RE.exec(day);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
  if (!d || d.toISOString().slice(0, 10) !== day) throw new RangeError(`not a YYYY-MM-DD date: '${day}'`);
  return d;
}

/** Whether `day` is a real calendar date written YYYY-MM-DD. */
export function isIsoDay(day: string): boolean {
  try {
    toUtcMidnight(day);
    return true;
  } catch {
    return false;
  }
}

/** `day` moved by `n` calendar days. */
export function addDays(day: string, n: number): string {
  const d = toUtcMidnight(day);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Whether `day` falls Monday to Friday. */
export function isWeekday(day: string): boolean {
  const dow = toUtcMidnight(day).getUTCDay();
  return dow >= 1 && dow <= 5;
}

/** The weekday strictly before `day`. */
export function previousWeekday(day: string): string {
  let d = addDays(day, -1);
  while (!isWeekday(d)) d = addDays(d, -1);
  return d;
}

/** The Istanbul calendar day of an instant. */
export function istanbulDay(now: Date): string {
  return new Date(now.getTime() + ISTANBUL_OFFSET_MS).toISOString().slice(0, 10);
}

/**
 * The newest bulletin that should exist at `now`: today's on a weekday from 15:30 Istanbul time,
 * otherwise the previous weekday's (on a weekend, Friday's).
 */
export function expectedBulletinDate(now: Date): string {
  const local = new Date(now.getTime() + ISTANBUL_OFFSET_MS);
  const today = local.toISOString().slice(0, 10);
  const minute = local.getUTCHours() * 60 + local.getUTCMinutes();
  return isWeekday(today) && minute >= BULLETIN_PUBLISH_MINUTE ? today : previousWeekday(today);
}

/**
 * The newest bulletin date that may price quotes and invoices at `now`: the weekday before today in
 * Istanbul. A bulletin dated D is announced on D around 15:30 and applies from D+1 on, so whatever
 * arrives during a day never changes that day's prices. Holidays are not known here: the service
 * walks back to the newest stored bulletin dated before today.
 */
export function validBulletinDate(now: Date): string {
  return previousWeekday(istanbulDay(now));
}

/**
 * Whether a stored bulletin is too old to trust silently: older than the business day before the
 * expected one. One missing weekday is allowed because it may be a holiday, which is not known here.
 */
export function isStale(bulletinDate: string, now: Date): boolean {
  return bulletinDate < previousWeekday(expectedBulletinDate(now));
}

/** The TCMB file name parts of a day: `YYYYMM/DDMMYYYY.xml`. */
export function bulletinPath(day: string): string {
  toUtcMidnight(day);
  const [y, m, d] = day.split('-');
  return `${y}${m}/${d}${m}${y}.xml`;
}

/**
 * Whether a quote from the bulletin of `bulletinDate` should carry the stale flag, `newestStored` being
 * the newest bulletin stored at all: when fetching is behind (isStale of the newest), or when more than
 * one business day is missing before the bulletin valid at `now` (one may be a holiday).
 */
export function isQuoteStale(bulletinDate: string, newestStored: string, now: Date): boolean {
  return isStale(newestStored, now) || bulletinDate < previousWeekday(validBulletinDate(now));
}
