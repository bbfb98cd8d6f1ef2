import { asc, desc, eq, lt } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/client.ts';
import { fxBulletins, fxRates } from '../billing.schema.ts';
import type { ParsedBulletin, ParsedRate } from './tcmb.parse.ts';

/** A stored bulletin with its rates (values as 6-decimal strings, as PostgreSQL returns numeric). */
export interface StoredBulletin {
  date: string;
  bulletinNo: string;
  sourceUrl: string;
  fetchedAt: Date;
  rates: ParsedRate[];
}

/** What storeBulletin keeps: the document as fetched, its parse and where it came from. */
export interface BulletinToStore {
  parsed: ParsedBulletin;
  rawXml: string;
  sourceUrl: string;
  fetchedAt: Date;
}

/**
 * Store a bulletin and its rates unless one of that date is stored already (then nothing changes:
 * the first copy stays as the evidence). Returns whether it was inserted.
 */
export async function storeBulletin(exec: Executor, b: BulletinToStore): Promise<boolean> {
  return exec.transaction(async (tx) => {
    // on conflict do nothing waits for a concurrent insert of the same date, then skips: no error.
    const inserted = await tx
      .insert(fxBulletins)
      .values({
        date: b.parsed.date,
        bulletinNo: b.parsed.bulletinNo,
        sourceUrl: b.sourceUrl,
        rawXml: b.rawXml,
        fetchedAt: b.fetchedAt,
      })
      .onConflictDoNothing()
      .returning({ date: fxBulletins.date });
    if (inserted.length === 0) return false;
    if (b.parsed.rates.length > 0)
      await tx.insert(fxRates).values(b.parsed.rates.map((r) => ({ bulletinDate: b.parsed.date, ...r })));
    return true;
  });
}

const header = {
  date: fxBulletins.date,
  bulletinNo: fxBulletins.bulletinNo,
  sourceUrl: fxBulletins.sourceUrl,
  fetchedAt: fxBulletins.fetchedAt,
};

async function withRates(
  exec: Executor,
  rows: { date: string; bulletinNo: string; sourceUrl: string; fetchedAt: Date }[],
): Promise<StoredBulletin | null> {
  const head = rows[0];
  if (!head) return null;
  const rates = await exec
    .select({
      currency: fxRates.currency,
      unit: fxRates.unit,
      forexBuying: fxRates.forexBuying,
      forexSelling: fxRates.forexSelling,
      banknoteBuying: fxRates.banknoteBuying,
      banknoteSelling: fxRates.banknoteSelling,
    })
    .from(fxRates)
    .where(eq(fxRates.bulletinDate, head.date))
    .orderBy(asc(fxRates.currency));
  return { ...head, rates };
}

/** The newest stored bulletin dated before `day` (YYYY-MM-DD), or null when there is none. */
export async function latestBulletinBefore(exec: Executor, day: string): Promise<StoredBulletin | null> {
  const rows = await exec
    .select(header)
    .from(fxBulletins)
    .where(lt(fxBulletins.date, day))
    .orderBy(desc(fxBulletins.date))
    .limit(1);
  return withRates(exec, rows);
}

/** The date of the newest stored bulletin, or of the newest dated before `before` (one index probe), or null. */
export async function latestBulletinDate(exec: Executor, before?: string): Promise<string | null> {
  const rows = await exec
    .select({ date: fxBulletins.date })
    .from(fxBulletins)
    .where(before === undefined ? undefined : lt(fxBulletins.date, before))
    .orderBy(desc(fxBulletins.date))
    .limit(1);
  return rows[0]?.date ?? null;
}

/** The bulletin of exactly this date (YYYY-MM-DD), or null. */
export async function bulletinByDate(exec: Executor, date: string): Promise<StoredBulletin | null> {
  const rows = await exec.select(header).from(fxBulletins).where(eq(fxBulletins.date, date)).limit(1);
  return withRates(exec, rows);
}
