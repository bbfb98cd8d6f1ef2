// The comparison at the heart of reconciliation, pure so it can be tested on its own: PayTR's report
// against our books, record by record, keyed by merchant_oid. A record is dated by PayTR when PayTR has
// it (else by us), so a payment PayTR dates 23:59 and we book at 00:01 is one match, not two findings.

/** Which book a discrepancy is about. */
export type Subject = 'sale' | 'refund';
/** How the books disagree. */
export type DiscrepancyKind = 'missing_here' | 'missing_at_paytr' | 'amount_mismatch';

/** One sale or refund, from PayTR's report or from our orders and refunds. */
export interface BookRecord {
  type: Subject;
  merchantOid: string;
  amountMinor: number;
  currency: string;
  at: Date;
}

/** What one side says about a discrepancy (amounts of several refunds are summed). */
export interface Side {
  amountMinor: number;
  currency: string;
  at: Date;
}

/** A difference found for one Istanbul day. */
export interface Finding {
  day: string;
  merchantOid: string;
  subject: Subject;
  kind: DiscrepancyKind;
  paytr: Side | null;
  ours: Side | null;
}

const ISTANBUL_OFFSET_MS = 3 * 3600_000;

/** The Istanbul calendar day of an instant, `YYYY-MM-DD`. */
export function istanbulDayOf(at: Date): string {
  return new Date(at.getTime() + ISTANBUL_OFFSET_MS).toISOString().slice(0, 10);
}

/** The instant an Istanbul day starts. */
export function istanbulDayStart(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) - ISTANBUL_OFFSET_MS);
}

/** The day `n` days after `day` (before, when negative). */
export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Every day from `from` to `to`, both included. */
export function daysBetween(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

const side = (r: BookRecord): Side => ({ amountMinor: r.amountMinor, currency: r.currency, at: r.at });
const same = (a: BookRecord, b: BookRecord) => a.amountMinor === b.amountMinor && a.currency === b.currency;
const byTime = (a: BookRecord, b: BookRecord) => a.at.getTime() - b.at.getTime();

/** Pairs one merchant_oid's records of one subject and says what does not match. */
function compareOne(oid: string, subject: Subject, paytr: BookRecord[], ours: BookRecord[]): Finding[] {
  const p = [...paytr].sort(byTime);
  const o = [...ours].sort(byTime);
  // Equal records pair first (two refunds of one order may arrive in either order).
  for (let i = p.length - 1; i >= 0; i--) {
    const j = o.findIndex((x) => same(x, p[i] as BookRecord));
    if (j >= 0) {
      p.splice(i, 1);
      o.splice(j, 1);
    }
  }
  const out: Finding[] = [];
  const finding = (kind: DiscrepancyKind, a: BookRecord | null, b: BookRecord | null): Finding => ({
    day: istanbulDayOf((a ?? b)?.at ?? new Date(0)),
    merchantOid: oid,
    subject,
    kind,
    paytr: a ? side(a) : null,
    ours: b ? side(b) : null,
  });
  while (p.length && o.length) out.push(finding('amount_mismatch', p.shift() ?? null, o.shift() ?? null));
  for (const a of p) out.push(finding('missing_here', a, null));
  for (const b of o) out.push(finding('missing_at_paytr', null, b));
  return out;
}

/** Adds a finding to another of the same day, merchant_oid, subject and kind (several refunds). */
function merge(a: Finding, b: Finding): Finding {
  const add = (x: Side | null, y: Side | null): Side | null =>
    x && y ? { ...x, amountMinor: x.amountMinor + y.amountMinor } : (x ?? y);
  return { ...a, paytr: add(a.paytr, b.paytr), ours: add(a.ours, b.ours) };
}

/** Key of a discrepancy: one row per day, merchant_oid, subject and kind. */
export const findingKey = (f: Pick<Finding, 'day' | 'merchantOid' | 'subject' | 'kind'>) =>
  `${f.day}|${f.merchantOid}|${f.subject}|${f.kind}`;

/**
 * What differs between PayTR's records and ours, for the given days only. Both lists may reach past those
 * days (a day either side): records are matched across the whole of them, findings kept by their day.
 */
export function compareBooks(paytr: BookRecord[], ours: BookRecord[], days: readonly string[]): Finding[] {
  const groups = new Map<string, { p: BookRecord[]; o: BookRecord[] }>();
  const group = (r: BookRecord) => {
    const k = `${r.type}|${r.merchantOid}`;
    let g = groups.get(k);
    if (!g) {
      g = { p: [], o: [] };
      groups.set(k, g);
    }
    return g;
  };
  for (const r of paytr) group(r).p.push(r);
  for (const r of ours) group(r).o.push(r);
  const wanted = new Set(days);
  const found = new Map<string, Finding>();
  for (const [k, g] of groups) {
    const [subject, oid] = k.split('|') as [Subject, string];
    for (const f of compareOne(oid, subject, g.p, g.o)) {
      if (!wanted.has(f.day)) continue;
      const key = findingKey(f);
      const before = found.get(key);
      found.set(key, before ? merge(before, f) : f);
    }
  }
  return [...found.values()].sort((a, b) => findingKey(a).localeCompare(findingKey(b)));
}
