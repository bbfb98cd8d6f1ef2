// Daily reconciliation with PayTR's transaction report (İşlem Dökümü). For each Istanbul day, PayTR's sales
// and refunds are compared with our paid orders and completed refunds by merchant_oid; what differs is kept
// as a discrepancy for operators. PayTR is asked first and our books are written only once the whole answer
// is in, so a failed call leaves a failed run and nothing else, and the next scheduled run covers its days.
import { minorToDecimal } from '@youarecoder/contract';
import type { Tx } from '../../platform/db/client.ts';
import type { RequestMeta } from '../../platform/http/auth.ts';
import type { BillingContext } from './billing.context.ts';
import { alertOps } from './billing.mail.ts';
import {
  addDays,
  type BookRecord,
  compareBooks,
  daysBetween,
  type Finding,
  findingKey,
  istanbulDayOf,
  istanbulDayStart,
} from './reconcile.compare.ts';
import * as repo from './reconcile.repo.ts';

/** Days before yesterday that every scheduled run checks again, as PayTR lists some records late. */
export const RECHECK_DAYS = 3;
/** How far back the schedule goes to cover again the days of a failed run. */
const RETRY_LOOKBACK_DAYS = 30;
/** A run "running" this long died with its process. */
const STALE_RUN_MS = 3600_000;

/** Who asked for a run. */
export interface RunOptions {
  trigger: 'schedule' | 'operator';
  actor?: { userId: string; email: string } | null;
  meta?: RequestMeta | null;
}

/** A run and, when it succeeded, what it found. */
export interface RunOutcome {
  run: repo.RunRow;
  findings: Finding[];
}

async function books(ctx: BillingContext, from: string, to: string) {
  // A day either side, so a record dated just over midnight on one side still finds its pair.
  const start = istanbulDayStart(addDays(from, -1));
  const end = istanbulDayStart(addDays(to, 2));
  const txs = await ctx.gateway.transactions(start, new Date(end.getTime() - 1000));
  const paytr: BookRecord[] = txs.map((t) => ({
    type: t.type,
    merchantOid: t.merchantOid,
    amountMinor: t.amountMinor,
    currency: t.currency,
    at: t.at,
  }));
  const oids = [...new Set(paytr.map((p) => p.merchantOid))];
  return { paytr, ours: await repo.ourRecords(ctx.db, start, end, oids) };
}

const money = (s: { amountMinor: number; currency: string } | null) =>
  s ? `${minorToDecimal(s.amountMinor)} ${s.currency}` : '—';

function alertBody(opened: Finding[], from: string, to: string, all: number): string {
  const count = (k: Finding['kind']) => opened.filter((f) => f.kind === k).length;
  const lines = opened
    .slice(0, 20)
    .map(
      (f) =>
        `${f.day} ${f.subject} ${f.merchantOid}: ${f.kind} (PayTR ${money(f.paytr)}, ours ${money(f.ours)})`,
    );
  return [
    `Reconciliation of ${from} – ${to} with PayTR's transaction report found ${opened.length} new discrepancies (${all} in all on those days):`,
    `PayTR has, we lack: ${count('missing_here')}; we booked, PayTR lacks: ${count('missing_at_paytr')}; different amount or currency: ${count('amount_mismatch')}.`,
    '',
    ...lines,
    ...(opened.length > lines.length ? [`… and ${opened.length - lines.length} more.`] : []),
    '',
    'See Admin → Reconciliation: each discrepancy is listed beside its payment, to resolve with a note.',
  ].join('\n');
}

/** Writes a run's findings in one transaction: discrepancies opened or brought up to date, others cleared. */
async function writeFindings(
  ctx: BillingContext,
  tx: Tx,
  r: { runId: string; from: string; to: string; paytr: BookRecord[]; ours: BookRecord[] },
  o: RunOptions,
): Promise<RunOutcome> {
  const { runId, from, to } = r;
  await repo.lockReconciliation(tx);
  const now = ctx.clock.now();
  const findings = compareBooks(r.paytr, r.ours, daysBetween(from, to));
  const orderOf = await repo.ordersByOid(tx, [...new Set(findings.map((f) => f.merchantOid))]);
  const opened: Finding[] = [];
  for (const f of findings) {
    const order = orderOf.get(f.merchantOid) ?? null;
    if (await repo.upsertDiscrepancy(tx, f, { id: ctx.ids.id('rcd'), runId, now, order })) opened.push(f);
  }
  const seen = new Set(findings.map(findingKey));
  const gone = (await repo.openDiscrepancies(tx, from, to)).filter((d) => !seen.has(findingKey(d)));
  await repo.clearDiscrepancies(
    tx,
    gone.map((d) => d.id),
    runId,
    now,
  );
  const run = await repo.finishRun(tx, runId, {
    status: 'succeeded',
    finishedAt: now,
    paytrRecords: r.paytr.length,
    ourRecords: r.ours.length,
    found: findings.length,
    opened: opened.length,
    cleared: gone.length,
  });
  if (findings.length || gone.length) {
    const byKind = Object.fromEntries(
      (['missing_here', 'missing_at_paytr', 'amount_mismatch'] as const).map((k) => [
        k,
        findings.filter((f) => f.kind === k).length,
      ]),
    );
    await ctx.audit.record(tx, {
      companyId: null,
      actor: o.actor ?? null,
      meta: o.meta ?? null,
      action: 'billing.reconciled',
      target: { type: 'reconciliation_run', id: runId },
      metadata: { from, to, found: byKind, opened: opened.length, cleared: gone.length },
    });
  }
  // One alert per run, and only for what operators have not been told of yet.
  if (opened.length)
    await alertOps(
      ctx,
      tx,
      `Reconciliation with PayTR: ${opened.length} new discrepanc${opened.length === 1 ? 'y' : 'ies'} (${from} – ${to})`,
      alertBody(opened, from, to, findings.length),
    );
  return { run, findings };
}

/**
 * Reconciles the Istanbul days `from`..`to` (both included, `YYYY-MM-DD`): records a run, asks PayTR, and
 * writes discrepancies (new ones opened, ones no longer seen cleared). Never throws for PayTR's failure: the
 * run comes back `failed` with its error and nothing else changed.
 */
export async function reconcileDays(
  ctx: BillingContext,
  from: string,
  to: string,
  o: RunOptions,
): Promise<RunOutcome> {
  const started = ctx.clock.now();
  const runId = ctx.ids.id('rcr');
  await repo.failStaleRuns(ctx.db, new Date(started.getTime() - STALE_RUN_MS), started);
  await repo.insertRun(ctx.db, {
    id: runId,
    fromDay: from,
    toDay: to,
    trigger: o.trigger,
    requestedBy: o.actor?.userId ?? null,
    status: 'running',
    startedAt: started,
  });
  let fetched: Awaited<ReturnType<typeof books>>;
  try {
    fetched = await books(ctx, from, to);
  } catch (err) {
    const reason = (err as { reason?: string }).reason;
    const error = `${(err as Error).message}${reason ? `: ${reason}` : ''}`.slice(0, 1000);
    ctx.log.error({ err, runId, from, to }, 'reconciliation with PayTR failed');
    const run = await repo.finishRun(ctx.db, runId, { status: 'failed', finishedAt: ctx.clock.now(), error });
    return { run, findings: [] };
  }
  try {
    return await ctx.db.transaction((tx) => writeFindings(ctx, tx, { runId, from, to, ...fetched }, o));
  } catch (err) {
    // Nothing of it was written: the run is failed, not left "running" until it counts as stale.
    await repo
      .finishRun(ctx.db, runId, {
        status: 'failed',
        finishedAt: ctx.clock.now(),
        error: String(err).slice(0, 1000),
      })
      .catch(() => undefined);
    throw err;
  }
}

/**
 * The daily run: yesterday (Istanbul) and the RECHECK_DAYS before it, reaching further back to the first
 * day whose latest run failed. What the cron job calls; a year-long fake-clock test may call it each day.
 */
export async function reconcileScheduled(ctx: BillingContext): Promise<RunOutcome> {
  const yesterday = addDays(istanbulDayOf(ctx.clock.now()), -1);
  let from = addDays(yesterday, -RECHECK_DAYS);
  const failed = await repo.earliestFailedDay(ctx.db, addDays(yesterday, -RETRY_LOOKBACK_DAYS), yesterday);
  if (failed && failed < from) from = failed;
  return reconcileDays(ctx, from, yesterday, { trigger: 'schedule' });
}
