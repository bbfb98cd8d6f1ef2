// Resource metrics of workspaces (issue 3): a sampling pass every minute (CPU, memory, disk, processes
// as the runtime driver reports them), hourly rollups after a day, the charts the API answers, the
// /metrics gauges and the disk quota rule. Samples: `resolution` 60 (one a minute, kept a day) and
// 3600 (hourly averages, kept 30 days). Times are bucketed in UTC whatever the session's time zone.
import type { WorkspaceMetricsDto } from '@youarecoder/contract';
import { PLANS, type PlanId } from '@youarecoder/contract/plans';
import { WORKSPACE_STATUSES, type WorkspaceStatus } from '@youarecoder/contract/workspace-rules';
import { and, count, eq, inArray, isNull, lte, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Clock, DAY, HOUR, MINUTE, systemClock } from '../../platform/clock.ts';
import type { Db, Executor, Tx } from '../../platform/db/client.ts';
import { type AnyJob, type CronEntry, defineJob } from '../../platform/jobs/index.ts';
import type { Logger } from '../../platform/logger.ts';
import type { Metrics } from '../../platform/metrics.ts';
import type { RuntimeDriver, RuntimeStats } from './runtime.ts';
import { workspaceSamples, workspaces } from './workspaces.schema.ts';

/** Workspaces sampled every minute (CPU, memory, processes, disk). */
export const SAMPLED_STATUSES: readonly WorkspaceStatus[] = ['starting', 'running', 'stopping'];
/** Workspaces whose files stay but run nothing: only their disk is measured, at most hourly. */
export const DISK_ONLY_STATUSES: readonly WorkspaceStatus[] = ['stopped', 'failed'];
/** How often the disk of a workspace that runs nothing is measured. */
export const DISK_ONLY_INTERVAL_MS = HOUR;
/** A workspace sampled less than this long ago is skipped (a repeated pass in the same minute). */
export const MIN_SAMPLE_INTERVAL_MS = 30_000;
/** driver.stats calls at once (each walks /proc and the workspace's folder). */
export const STATS_CONCURRENCY = 4;
/** Minute samples are kept this long, then rolled up into hourly rows. */
export const MINUTE_RETENTION_MS = DAY;
/** Hourly rows are kept this long. */
export const HOUR_RETENTION_MS = 30 * DAY;
/** The gauges sum samples no older than this (a workspace whose sampling stopped drops out). */
export const GAUGE_FRESHNESS_MS = 2 * MINUTE;

/** Every minute: sample running workspaces. No backfill: a missed minute is not worth measuring late. */
export const WORKSPACE_SAMPLE_CRON: CronEntry = { pattern: '* * * * *', job: 'workspaces:sample' };
/** Hourly: roll minute samples older than a day into hourly rows; prune hourly rows past 30 days. */
export const WORKSPACE_DOWNSAMPLE_CRON: CronEntry = { pattern: '7 * * * *', job: 'workspaces:downsample' };

type MetricsRange = WorkspaceMetricsDto['range'];
type Point = WorkspaceMetricsDto['points'][number];

// ------------------------------------------------------------------------------------------ quota

/** The disk each workspace may use on this plan. */
export function diskQuotaBytes(plan: PlanId): number {
  return PLANS[plan].diskQuotaBytes;
}

/** Whether a workspace uses more disk than its company's plan allows (unknown usage is not over). */
export function overDiskQuota(diskBytes: number | null | undefined, plan: PlanId): boolean {
  return diskBytes != null && diskBytes > diskQuotaBytes(plan);
}

// ------------------------------------------------------------------------------------------ sampling

/**
 * CPU use between two readings of a cumulative counter, in percent of one core (200 = two cores busy).
 * `startedAt` is when the workspace's IDE last started: a previous reading from before it belongs to
 * processes that are gone. Without a usable previous reading the counter is averaged since the start;
 * a counter that went down with no known restart (a reset, or processes that ended unreaped) gives 0
 * rather than a spike.
 */
export function cpuPercent(
  cur: { at: Date; cpuSeconds: number },
  prev: { at: Date; cpuSeconds: number } | null,
  startedAt: Date | null,
): number {
  const secondsSince = (d: Date) => (cur.at.getTime() - d.getTime()) / 1000;
  const restartedSincePrev = prev != null && startedAt != null && startedAt > prev.at;
  let used: number;
  let over: number;
  if (prev && !restartedSincePrev && cur.cpuSeconds >= prev.cpuSeconds) {
    used = cur.cpuSeconds - prev.cpuSeconds;
    over = secondsSince(prev.at);
  } else if (startedAt && (prev == null || restartedSincePrev)) {
    used = cur.cpuSeconds;
    over = secondsSince(startedAt);
  } else {
    return 0;
  }
  if (!(over >= 1) || !Number.isFinite(used)) return 0;
  return Math.max(0, (used / over) * 100);
}

/** Run `fn` over `items`, at most `limit` at once; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

/** The newest minute sample of each workspace at or before `now` (one index probe each). */
async function previousSamples(
  db: Executor,
  ids: string[],
  now: Date,
): Promise<Map<string, { at: Date; cpuSeconds: number; throttledSeconds: number }>> {
  if (!ids.length) return new Map();
  const res = await db.execute<{ id: string; at: Date; cpu_seconds: number; throttled: number }>(sql`
    select w.id, s.at, s.cpu_seconds, s.cpu_throttled_seconds as throttled
      from workspaces w
      cross join lateral (
        select at, cpu_seconds, cpu_throttled_seconds from workspace_samples
         where workspace_id = w.id and resolution = 60 and at <= ${now}
         order by at desc limit 1) s
     where w.id in ${ids}`);
  return new Map(
    res.rows.map((r) => [
      r.id,
      { at: new Date(r.at), cpuSeconds: Number(r.cpu_seconds), throttledSeconds: Number(r.throttled) },
    ]),
  );
}

/** What the sampler does when the kernel stopped processes of a workspace for memory. */
export type OutOfMemoryHook = (
  tx: Tx,
  e: { workspaceId: string; companyId: string; name: string; kills: number; memoryBytes: number | null },
) => Promise<void>;

/** What one sampling pass did. */
export interface SampleResult {
  /** Resource samples stored (running, starting and stopping workspaces). */
  sampled: number;
  /** Workspaces that run nothing whose disk was measured. */
  diskOnly: number;
  /** Workspaces whose stats failed or that the driver does not know. */
  failed: number;
}

/**
 * One sampling pass (the `workspaces:sample` cron job, every minute). Running (and starting, stopping)
 * workspaces get a minute sample and their disk usage updated; stopped and failed ones get only their
 * disk usage updated, at most hourly. A failing workspace is logged and skipped.
 */
export async function sampleWorkspaces(deps: {
  db: Db;
  clock: Clock;
  driver: Pick<RuntimeDriver, 'stats'>;
  log: Logger;
  onOutOfMemory?: OutOfMemoryHook;
}): Promise<SampleResult> {
  const { db, log } = deps;
  const now = deps.clock.now();
  const diskDue = new Date(now.getTime() - DISK_ONLY_INTERVAL_MS);
  const targets = await db
    .select({
      id: workspaces.id,
      companyId: workspaces.companyId,
      name: workspaces.name,
      status: workspaces.status,
      startedAt: workspaces.startedAt,
      oomSeen: workspaces.oomSeen,
    })
    .from(workspaces)
    .where(
      or(
        inArray(workspaces.status, [...SAMPLED_STATUSES]),
        and(
          inArray(workspaces.status, [...DISK_ONLY_STATUSES]),
          or(isNull(workspaces.diskSampledAt), lte(workspaces.diskSampledAt, diskDue)),
        ),
      ),
    );
  const isActive = (status: WorkspaceStatus) => SAMPLED_STATUSES.includes(status);
  const prev = await previousSamples(
    db,
    targets.filter((t) => isActive(t.status)).map((t) => t.id),
    now,
  );
  // A pass that runs twice in a minute (a retry, a slow previous pass) measures nothing twice.
  const todo = targets.filter((t) => {
    const p = prev.get(t.id);
    return !(isActive(t.status) && p && now.getTime() - p.at.getTime() < MIN_SAMPLE_INTERVAL_MS);
  });

  let failed = 0;
  const results = await mapLimit(todo, STATS_CONCURRENCY, async (w) => {
    let stats: RuntimeStats | null;
    try {
      stats = await deps.driver.stats(w.id);
    } catch (err) {
      failed++;
      log.warn({ err, workspaceId: w.id }, 'workspace stats failed; not sampled this time');
      return null;
    }
    if (!stats) {
      failed++;
      log.warn({ workspaceId: w.id, status: w.status }, 'the runtime does not know this workspace');
      return null;
    }
    return { w, stats };
  });

  const measured = results.filter((r) => r !== null);
  if (!measured.length) return { sampled: 0, diskOnly: 0, failed };
  const rows: (typeof workspaceSamples.$inferInsert)[] = measured
    .filter((r) => isActive(r.w.status))
    .map(({ w, stats }) => ({
      workspaceId: w.id,
      at: now,
      resolution: 60,
      cpuPercent: cpuPercent({ at: now, cpuSeconds: stats.cpuSeconds }, prev.get(w.id) ?? null, w.startedAt),
      cpuSeconds: stats.cpuSeconds,
      // The same arithmetic as CPU use, on the time the CPU limit held it back.
      cpuThrottledPercent: cpuPercent(
        { at: now, cpuSeconds: stats.cpuThrottledSeconds ?? 0 },
        prevThrottle(prev.get(w.id)),
        w.startedAt,
      ),
      cpuThrottledSeconds: stats.cpuThrottledSeconds ?? 0,
      memoryBytes: Math.round(stats.memoryBytes),
      diskBytes: Math.round(stats.diskBytes),
      processes: stats.processes,
    }));
  const disks = sql.join(
    measured.map(({ w, stats }) => sql`(${w.id}, ${Math.round(stats.diskBytes)}::bigint)`),
    sql`, `,
  );
  await db.transaction(async (tx) => {
    if (rows.length) await tx.insert(workspaceSamples).values(rows).onConflictDoNothing();
    await tx.execute(sql`
      update workspaces w set disk_bytes = v.disk, disk_sampled_at = ${now}
        from (values ${disks}) as v(id, disk)
       where w.id = v.id`);
    for (const { w, stats } of measured) await noteOutOfMemory(tx, w, stats, now, deps);
  });
  return { sampled: rows.length, diskOnly: measured.length - rows.length, failed };
}

/** A previous sample's throttle counter in the shape cpuPercent() takes. */
function prevThrottle(p: { at: Date; throttledSeconds: number } | undefined) {
  return p ? { at: p.at, cpuSeconds: p.throttledSeconds } : null;
}

/**
 * The runtime counts processes stopped for memory since the workspace last started; the workspace keeps
 * the total, the last time and the runtime's count it saw. New kills reach the hook (audit, logs).
 */
async function noteOutOfMemory(
  tx: Tx,
  w: { id: string; companyId: string; name: string; oomSeen: number },
  stats: RuntimeStats,
  now: Date,
  deps: { log: Logger; onOutOfMemory?: OutOfMemoryHook },
): Promise<void> {
  if (stats.oomKills === undefined || stats.oomKills === w.oomSeen) return;
  // A smaller count: the workspace started again since (its counter is new).
  const kills = stats.oomKills > w.oomSeen ? stats.oomKills - w.oomSeen : stats.oomKills;
  if (kills === 0) {
    await tx.update(workspaces).set({ oomSeen: stats.oomKills }).where(eq(workspaces.id, w.id));
    return;
  }
  await tx
    .update(workspaces)
    .set({ oomSeen: stats.oomKills, oomKills: sql`${workspaces.oomKills} + ${kills}`, lastOomAt: now })
    .where(eq(workspaces.id, w.id));
  const memoryBytes = stats.limits?.memoryBytes ?? null;
  deps.log.warn({ workspaceId: w.id, kills, memoryBytes }, 'workspace processes stopped: out of memory');
  await deps.onOutOfMemory?.(tx, {
    workspaceId: w.id,
    companyId: w.companyId,
    name: w.name,
    kills,
    memoryBytes,
  });
}

// ------------------------------------------------------------------------------------------ rollup

/** What one downsampling pass did. */
export interface DownsampleResult {
  /** Hourly rows written. */
  hourly: number;
  /** Minute rows removed (rolled up). */
  minutesDeleted: number;
  /** Hourly rows removed (past 30 days). */
  hoursDeleted: number;
}

const floorTo = (t: number, step: number) => Math.floor(t / step) * step;

/**
 * Roll minute samples of whole hours that ended more than a day ago into hourly rows (average CPU and
 * memory, largest disk and process count, last CPU counter), delete those minute rows, and delete hourly
 * rows older than 30 days. One transaction; running it again changes nothing.
 */
export async function downsampleSamples(deps: { db: Db; clock: Clock }): Promise<DownsampleResult> {
  const now = deps.clock.now().getTime();
  // Whole hours only: an hour is rolled up once, when all its minutes are in.
  const minuteCutoff = new Date(floorTo(now - MINUTE_RETENTION_MS, HOUR));
  const hourCutoff = new Date(now - HOUR_RETENTION_MS);
  return deps.db.transaction(async (tx) => {
    const inserted = await tx.execute(sql`
      insert into workspace_samples
        (workspace_id, at, resolution, cpu_percent, cpu_seconds, cpu_throttled_percent, cpu_throttled_seconds,
         memory_bytes, disk_bytes, processes)
      select workspace_id, date_trunc('hour', at, 'UTC'), 3600,
             avg(cpu_percent), (array_agg(cpu_seconds order by at desc))[1],
             avg(cpu_throttled_percent), (array_agg(cpu_throttled_seconds order by at desc))[1],
             round(avg(memory_bytes))::bigint, max(disk_bytes), max(processes)
        from workspace_samples
       where resolution = 60 and at < ${minuteCutoff}
       group by workspace_id, date_trunc('hour', at, 'UTC')
      on conflict do nothing`);
    const minutes = await tx.execute(
      sql`delete from workspace_samples where resolution = 60 and at < ${minuteCutoff}`,
    );
    const hours = await tx.execute(
      sql`delete from workspace_samples where resolution = 3600 and at < ${hourCutoff}`,
    );
    return {
      hourly: inserted.rowCount ?? 0,
      minutesDeleted: minutes.rowCount ?? 0,
      hoursDeleted: hours.rowCount ?? 0,
    };
  });
}

// ------------------------------------------------------------------------------------------ charts

/** Chart step and span of each range. */
const RANGES: Record<MetricsRange, { span: number; step: number }> = {
  '1h': { span: HOUR, step: MINUTE },
  '24h': { span: DAY, step: 5 * MINUTE },
  '30d': { span: 30 * DAY, step: HOUR },
};

type PointRow = {
  at: Date | string;
  cpu_percent: number;
  throttled: number;
  memory_bytes: number;
  disk_bytes: number;
};

const toPoint = (r: PointRow): Point => ({
  at: new Date(r.at).toISOString(),
  cpuPercent: Number(r.cpu_percent),
  cpuThrottledPercent: Number(r.throttled ?? 0),
  memoryBytes: Math.round(Number(r.memory_bytes)),
  diskBytes: Math.round(Number(r.disk_bytes)),
});

/**
 * A workspace's chart: 1h = its minute samples; 24h = minute samples averaged into 5-minute buckets
 * (at most 288); 30d = hourly rows, plus the last day's minute samples averaged by hour (at most 720).
 * Each point is stamped with its bucket's start. `latest` is the newest minute sample, or null.
 */
export async function workspaceMetrics(
  db: Executor,
  workspaceId: string,
  range: MetricsRange,
  now: Date,
): Promise<WorkspaceMetricsDto> {
  const { span, step } = RANGES[range];
  // The oldest bucket whose start is within the span, so the chart never has span/step + 1 points.
  const from = new Date(floorTo(now.getTime(), step) - span + step);
  const minutes = sql`workspace_id = ${workspaceId} and resolution = 60 and at >= ${from} and at <= ${now}`;
  let query: SQL;
  if (range === '1h') {
    query = sql`
      select at, cpu_percent, cpu_throttled_percent as throttled, memory_bytes::float8 as memory_bytes,
             disk_bytes::float8 as disk_bytes
        from workspace_samples where ${minutes} order by at`;
  } else if (range === '24h') {
    query = sql`
      select to_timestamp(floor(extract(epoch from at) / 300) * 300) as at, avg(cpu_percent) as cpu_percent,
             avg(cpu_throttled_percent) as throttled,
             avg(memory_bytes)::float8 as memory_bytes, max(disk_bytes)::float8 as disk_bytes
        from workspace_samples where ${minutes} group by 1 order by 1`;
  } else {
    query = sql`
      with hourly as (
        select at, cpu_percent, cpu_throttled_percent as throttled, memory_bytes::float8 as memory_bytes,
               disk_bytes::float8 as disk_bytes
          from workspace_samples
         where workspace_id = ${workspaceId} and resolution = 3600 and at >= ${from} and at <= ${now}
      ), recent as (
        select date_trunc('hour', at, 'UTC') as at, avg(cpu_percent) as cpu_percent,
               avg(cpu_throttled_percent) as throttled,
               avg(memory_bytes)::float8 as memory_bytes, max(disk_bytes)::float8 as disk_bytes
          from workspace_samples where ${minutes} group by 1
      )
      select * from hourly
      union all
      select * from recent r where not exists (select 1 from hourly h where h.at = r.at)
      order by at`;
  }
  const [points, latest] = await Promise.all([
    db.execute<PointRow>(query),
    db
      .select({
        cpuPercent: workspaceSamples.cpuPercent,
        memoryBytes: workspaceSamples.memoryBytes,
        diskBytes: workspaceSamples.diskBytes,
        processes: workspaceSamples.processes,
      })
      .from(workspaceSamples)
      .where(
        and(
          eq(workspaceSamples.workspaceId, workspaceId),
          eq(workspaceSamples.resolution, 60),
          lte(workspaceSamples.at, now),
        ),
      )
      .orderBy(sql`${workspaceSamples.at} desc`)
      .limit(1),
  ]);
  return { range, points: points.rows.map(toPoint), latest: latest[0] ?? null };
}

// ------------------------------------------------------------------------------------------ gauges

/**
 * Prometheus gauges, read at scrape time: `workspaces{status}`, `workspaces_running`,
 * `workspace_cpu_percent_total` and `workspace_memory_bytes_total` (sums over running workspaces'
 * samples of the last 2 minutes) and `workspace_disk_bytes_total` (sum of every workspace's last disk
 * measurement).
 */
export function registerWorkspaceGauges(metrics: Metrics, db: Executor, clock: Clock = systemClock): void {
  metrics.gauge('workspaces', 'Workspaces by status', ['status'], async () => {
    const rows = await db
      .select({ status: workspaces.status, n: count() })
      .from(workspaces)
      .groupBy(workspaces.status);
    const by = new Map(rows.map((r) => [r.status as string, Number(r.n)]));
    const statuses = new Set<string>([...WORKSPACE_STATUSES, ...by.keys()]);
    return [...statuses].map((status) => ({ labels: { status }, value: by.get(status) ?? 0 }));
  });
  metrics.gauge('workspaces_running', 'Workspaces running', [], async () => {
    const [row] = await db.select({ n: count() }).from(workspaces).where(eq(workspaces.status, 'running'));
    return [{ labels: {}, value: Number(row?.n ?? 0) }];
  });
  const runningUse = async () => {
    const now = clock.now();
    const since = new Date(now.getTime() - GAUGE_FRESHNESS_MS);
    const res = await db.execute<{ cpu: number; memory: number }>(sql`
      select coalesce(sum(s.cpu_percent), 0)::float8 as cpu, coalesce(sum(s.memory_bytes), 0)::float8 as memory
        from workspaces w
        cross join lateral (
          select cpu_percent, memory_bytes from workspace_samples
           where workspace_id = w.id and resolution = 60 and at > ${since} and at <= ${now}
           order by at desc limit 1) s
       where w.status = 'running'`);
    return { cpu: Number(res.rows[0]?.cpu ?? 0), memory: Number(res.rows[0]?.memory ?? 0) };
  };
  metrics.gauge(
    'workspace_cpu_percent_total',
    'CPU use of running workspaces, percent of one core, summed',
    [],
    async () => [{ labels: {}, value: (await runningUse()).cpu }],
  );
  metrics.gauge(
    'workspace_memory_bytes_total',
    'Resident memory of running workspaces, summed',
    [],
    async () => [{ labels: {}, value: (await runningUse()).memory }],
  );
  metrics.gauge(
    'workspace_oom_kills',
    'Processes the kernel stopped for memory in existing workspaces, all told',
    [],
    async () => {
      const res = await db.execute<{ n: number }>(
        sql`select coalesce(sum(oom_kills), 0)::float8 as n from workspaces`,
      );
      return [{ labels: {}, value: Number(res.rows[0]?.n ?? 0) }];
    },
  );
  metrics.gauge('workspace_disk_bytes_total', 'Disk used by all workspaces, summed', [], async () => {
    const res = await db.execute<{ n: number }>(
      sql`select coalesce(sum(disk_bytes), 0)::float8 as n from workspaces`,
    );
    return [{ labels: {}, value: Number(res.rows[0]?.n ?? 0) }];
  });
}

// ------------------------------------------------------------------------------------------ jobs

/** The sampling and downsampling jobs, bound to their dependencies (cron: the two entries above). */
export function metricsJobs(deps: {
  db: Db;
  clock: Clock;
  driver: Pick<RuntimeDriver, 'stats'>;
  onOutOfMemory?: OutOfMemoryHook;
}): AnyJob[] {
  const sample = defineJob({
    id: WORKSPACE_SAMPLE_CRON.job,
    payload: z.object({}).passthrough(),
    // A late retry would measure the next minute anyway; the next run does that.
    maxAttempts: 1,
    handler: async (_p, ctx) => {
      const r = await sampleWorkspaces({ ...deps, log: ctx.log });
      ctx.log.debug(r, 'workspaces sampled');
    },
  });
  const downsample = defineJob({
    id: WORKSPACE_DOWNSAMPLE_CRON.job,
    payload: z.object({}).passthrough(),
    maxAttempts: 3,
    handler: async (_p, ctx) => {
      const r = await downsampleSamples(deps);
      if (r.hourly || r.minutesDeleted || r.hoursDeleted) ctx.log.info(r, 'workspace samples rolled up');
    },
  });
  return [sample, downsample];
}
