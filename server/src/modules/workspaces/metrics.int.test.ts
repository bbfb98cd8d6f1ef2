// Workspace resource metrics against PostgreSQL: the sampling pass (with a scripted stats function,
// and once with the real process driver when the IDE runtime is installed), the hourly rollup, the
// charts and the /metrics gauges.
import { promises as fs } from 'node:fs';
import { workspaceMetricsDto } from '@youarecoder/contract';
import { eq, sql } from 'drizzle-orm';
import { runOnce } from 'graphile-worker';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { DAY, HOUR, MINUTE } from '../../platform/clock.ts';
import { quietGraphileLogger } from '../../platform/db/migrate.ts';
import { buildTaskList } from '../../platform/jobs/index.ts';
import { createMetrics } from '../../platform/metrics.ts';
import { problem, SLOW, tempDataDir, testProcessDriver } from './drivers/process/process.test-helpers.ts';
import {
  fakeStatsDriver,
  insertSamples,
  type MetricsFixture,
  metricsFixture,
  recordingLogger,
  sampleRow,
} from './metrics.test-helpers.ts';
import {
  cpuPercent,
  DISK_ONLY_INTERVAL_MS,
  diskQuotaBytes,
  downsampleSamples,
  metricsJobs,
  overDiskQuota,
  registerWorkspaceGauges,
  STATS_CONCURRENCY,
  sampleWorkspaces,
  WORKSPACE_DOWNSAMPLE_CRON,
  WORKSPACE_SAMPLE_CRON,
  workspaceMetrics,
} from './metrics.ts';
import type { RuntimeDriver } from './runtime.ts';
import { workspaceSamples, workspaces } from './workspaces.schema.ts';

const T0 = new Date('2026-11-26T09:00:00Z');
const MB = 1024 * 1024;

let ctx: TestContext;
let fx: MetricsFixture;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
  fx = await metricsFixture(ctx);
});
afterAll(() => ctx.close());
beforeEach(async () => {
  // Every pass samples every workspace: each test starts from an empty table at the same time.
  await ctx.deps.database.db.delete(workspaces);
  ctx.fakeClock?.set(T0);
});

const db = () => ctx.deps.database.db;
const advance = (ms: number) => ctx.fakeClock?.advance(ms);
const sample = (driver: Pick<RuntimeDriver, 'stats'>, log = recordingLogger().log) =>
  sampleWorkspaces({ db: db(), clock: ctx.clock, driver, log });
const samplesOf = (id: string) =>
  db()
    .select()
    .from(workspaceSamples)
    .where(eq(workspaceSamples.workspaceId, id))
    .orderBy(workspaceSamples.resolution, workspaceSamples.at);
const rowOf = async (id: string) => (await db().select().from(workspaces).where(eq(workspaces.id, id)))[0];
const allSamples = () =>
  db()
    .select()
    .from(workspaceSamples)
    .orderBy(workspaceSamples.workspaceId, workspaceSamples.resolution, workspaceSamples.at);

describe('sampling', () => {
  it('computes CPU percent from the counter difference over wall time across two passes', async () => {
    const id = await fx.workspace('running', { startedAt: new Date(T0.getTime() - 60_000) });
    const driver = fakeStatsDriver({
      [id]: { cpuSeconds: 6, memoryBytes: 200 * MB, diskBytes: 5 * MB, processes: 4 },
    });
    // First pass: no previous sample, so the counter is averaged since the start (6 s over 60 s).
    expect(await sample(driver)).toEqual({ sampled: 1, diskOnly: 0, failed: 0 });
    advance(60_000);
    driver.set(id, { cpuSeconds: 36, memoryBytes: 300 * MB, diskBytes: 6 * MB, processes: 5 });
    expect((await sample(driver)).sampled).toBe(1);

    const rows = await samplesOf(id);
    expect(rows.map((r) => [r.at.toISOString(), r.resolution, r.cpuPercent, r.cpuSeconds])).toEqual([
      [T0.toISOString(), 60, 10, 6],
      [new Date(T0.getTime() + 60_000).toISOString(), 60, 50, 36],
    ]);
    expect(rows[1]).toMatchObject({ memoryBytes: 300 * MB, diskBytes: 6 * MB, processes: 5 });
    const ws = await rowOf(id);
    expect(ws?.diskBytes).toBe(6 * MB);
    expect(ws?.diskSampledAt?.toISOString()).toBe(ctx.clock.now().toISOString());

    // A second pass within the same minute (a retry, a slow pass) measures nothing again.
    advance(10_000);
    expect(await sample(driver)).toEqual({ sampled: 0, diskOnly: 0, failed: 0 });
    expect(await samplesOf(id)).toHaveLength(2);
  });

  it('samples CPU throttling like CPU use, and counts out-of-memory kills once, across restarts', async () => {
    const id = await fx.workspace('running', { startedAt: new Date(T0.getTime() - 60_000) });
    const seen: { kills: number; memoryBytes: number | null }[] = [];
    const limits = { cpus: 2, memoryBytes: 4 * 1024 * MB, processes: 2048, diskBytes: 10 * 1024 * MB };
    const driver = fakeStatsDriver({ [id]: { cpuSeconds: 6, cpuThrottledSeconds: 3, oomKills: 0, limits } });
    const pass = () =>
      sampleWorkspaces({
        db: db(),
        clock: ctx.clock,
        driver,
        log: recordingLogger().log,
        onOutOfMemory: async (_tx, e) => {
          seen.push({ kills: e.kills, memoryBytes: e.memoryBytes });
        },
      });
    await pass();
    advance(60_000);
    driver.set(id, { cpuSeconds: 36, cpuThrottledSeconds: 15, oomKills: 2, limits });
    await pass();
    advance(60_000);
    driver.set(id, { cpuSeconds: 40, cpuThrottledSeconds: 15, oomKills: 2, limits }); // nothing new
    await pass();
    // The workspace started again: its runtime counts from 0, one new kill.
    advance(60_000);
    driver.set(id, { cpuSeconds: 1, cpuThrottledSeconds: 0, oomKills: 1, limits });
    await pass();
    expect((await samplesOf(id)).map((r) => r.cpuThrottledPercent)).toEqual([5, 20, 0, 0]);
    expect(seen).toEqual([
      { kills: 2, memoryBytes: 4 * 1024 * MB },
      { kills: 1, memoryBytes: 4 * 1024 * MB },
    ]);
    const ws = await rowOf(id);
    expect(ws).toMatchObject({ oomKills: 3, oomSeen: 1 });
    expect(ws?.lastOomAt?.toISOString()).toBe(ctx.clock.now().toISOString());
  });

  it('gives 0 on a counter that went down, and averages since a known restart', async () => {
    const id = await fx.workspace('starting');
    const driver = fakeStatsDriver({ [id]: { cpuSeconds: 100, processes: 2 } });
    await sample(driver); // no previous sample and no start time: 0
    advance(60_000);
    driver.set(id, { cpuSeconds: 3, processes: 2 }); // went down, restart unknown: 0, not 3/60
    await sample(driver);
    // The IDE restarted 30 s before the next pass: 15 s of CPU since then is 50 %.
    await db()
      .update(workspaces)
      .set({ status: 'running', startedAt: new Date(T0.getTime() + 90_000) })
      .where(eq(workspaces.id, id));
    advance(60_000);
    driver.set(id, { cpuSeconds: 15, processes: 2 });
    await sample(driver);
    advance(60_000);
    driver.set(id, { cpuSeconds: 27, processes: 2 });
    await sample(driver);
    expect((await samplesOf(id)).map((r) => r.cpuPercent)).toEqual([0, 0, 50, 20]);
  });

  it('cpuPercent: clamps and guards tiny intervals', () => {
    const at = new Date(T0.getTime() + 60_000);
    expect(cpuPercent({ at, cpuSeconds: 120 }, { at: T0, cpuSeconds: 0 }, null)).toBe(200);
    expect(cpuPercent({ at, cpuSeconds: 1 }, null, new Date(at.getTime() - 500))).toBe(0);
    expect(cpuPercent({ at, cpuSeconds: 1 }, null, new Date(at.getTime() + 5000))).toBe(0);
    expect(
      cpuPercent({ at, cpuSeconds: 5 }, { at: T0, cpuSeconds: 9 }, new Date(T0.getTime() + 50_000)),
    ).toBe(50);
  });

  it('measures only the disk of stopped workspaces, at most hourly, and no sample row', async () => {
    const stopped = await fx.workspace('stopped');
    const failed = await fx.workspace('failed', { diskBytes: 1, diskSampledAt: T0 });
    const pending = await fx.workspace('pending');
    const driver = fakeStatsDriver({
      [stopped]: { diskBytes: 7 * MB, processes: 0 },
      [failed]: { diskBytes: 8 * MB, processes: 0 },
      [pending]: { diskBytes: 9 * MB },
    });
    expect(await sample(driver)).toEqual({ sampled: 0, diskOnly: 1, failed: 0 });
    expect(driver.calls).toEqual([stopped]);
    expect((await rowOf(stopped))?.diskBytes).toBe(7 * MB);
    expect((await rowOf(stopped))?.diskSampledAt?.toISOString()).toBe(T0.toISOString());

    advance(30 * MINUTE);
    driver.set(stopped, { diskBytes: 70 * MB });
    expect((await sample(driver)).diskOnly).toBe(0);
    expect((await rowOf(stopped))?.diskBytes).toBe(7 * MB);

    advance(DISK_ONLY_INTERVAL_MS - 30 * MINUTE);
    expect(await sample(driver)).toEqual({ sampled: 0, diskOnly: 2, failed: 0 });
    expect((await rowOf(stopped))?.diskBytes).toBe(70 * MB);
    expect((await rowOf(failed))?.diskBytes).toBe(8 * MB);
    expect((await rowOf(pending))?.diskBytes).toBeNull();
    expect(await allSamples()).toEqual([]);
  });

  it('logs a failing workspace and samples the others, a few stats calls at a time', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push(await fx.workspace('running'));
    const [broken, absent, ...good] = ids as [string, string, ...string[]];
    const driver = fakeStatsDriver(
      Object.fromEntries(good.map((id, i) => [id, { cpuSeconds: i, memoryBytes: MB, diskBytes: i * MB }])),
    );
    driver.set(broken, new Error('du: permission denied'));
    const { log, warnings } = recordingLogger();
    expect(await sample(driver, log)).toEqual({ sampled: 8, diskOnly: 0, failed: 2 });
    expect(warnings.map((w) => w.fields.workspaceId).sort()).toEqual([broken, absent].sort());
    const err = warnings.find((w) => w.fields.workspaceId === broken)?.fields.err as Error | undefined;
    expect(err?.message).toBe('du: permission denied');
    expect(driver.maxInFlight()).toBeGreaterThan(1);
    expect(driver.maxInFlight()).toBeLessThanOrEqual(STATS_CONCURRENCY);
    const rows = await allSamples();
    expect(rows.map((r) => r.workspaceId).sort()).toEqual([...good].sort());
    expect((await rowOf(broken))?.diskSampledAt).toBeNull();
  });
});

describe('downsampling', () => {
  /** Minute rows for `minutes` minutes ending at `end` (inclusive), values varying with the minute. */
  const minuteRows = (id: string, end: Date, minutes: number) =>
    Array.from({ length: minutes }, (_, k) => {
      const at = new Date(end.getTime() - (minutes - 1 - k) * MINUTE);
      const m = at.getUTCMinutes();
      return sampleRow(id, at, {
        cpuPercent: m,
        cpuSeconds: k * 3,
        memoryBytes: 100 * MB + m * MB,
        diskBytes: k * 1000,
        processes: 2 + (m % 7),
      });
    });

  it('rolls minute rows of whole hours past a day into hourly rows, deletes them, and is idempotent', async () => {
    const id = await fx.workspace('running');
    const other = await fx.workspace('running');
    ctx.fakeClock?.set(new Date(T0.getTime() + 30 * MINUTE)); // 09:30
    const now = ctx.clock.now();
    // 26 hours of minutes up to now: 07:31 the day before .. 09:30 today.
    const rows = minuteRows(id, now, 26 * 60);
    await insertSamples(ctx, [...rows, ...minuteRows(other, now, 90)]);

    const result = await downsampleSamples({ db: db(), clock: ctx.clock });
    // Whole hours that ended more than a day ago: 07:00 and 08:00 the day before (not 09:00, which
    // reaches into the last 24 h).
    const cutoff = new Date('2026-11-25T09:00:00Z');
    const rolled = rows.filter((r) => r.at < cutoff);
    expect(result).toEqual({ hourly: 2, minutesDeleted: rolled.length, hoursDeleted: 0 });

    const hourly = (await samplesOf(id)).filter((r) => r.resolution === 3600);
    expect(hourly.map((r) => r.at.toISOString())).toEqual([
      '2026-11-25T07:00:00.000Z',
      '2026-11-25T08:00:00.000Z',
    ]);
    const hour8 = rolled.filter((r) => r.at.getUTCHours() === 8);
    expect(hour8).toHaveLength(60);
    const avg = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(hourly[1]?.cpuPercent).toBeCloseTo(29.5, 9);
    expect(hourly[1]).toMatchObject({
      memoryBytes: Math.round(avg(hour8.map((r) => r.memoryBytes))),
      diskBytes: Math.max(...hour8.map((r) => r.diskBytes)),
      cpuSeconds: hour8.at(-1)?.cpuSeconds,
      processes: 8,
    });
    const hour7 = rolled.filter((r) => r.at.getUTCHours() === 7);
    expect(hourly[0]?.cpuPercent).toBeCloseTo(avg(hour7.map((r) => r.cpuPercent)), 9);

    const minutesLeft = (await samplesOf(id)).filter((r) => r.resolution === 60);
    expect(minutesLeft).toHaveLength(rows.length - rolled.length);
    expect(minutesLeft[0]?.at.toISOString()).toBe(cutoff.toISOString());
    expect((await samplesOf(other)).every((r) => r.resolution === 60)).toBe(true);

    const before = await allSamples();
    expect(await downsampleSamples({ db: db(), clock: ctx.clock })).toEqual({
      hourly: 0,
      minutesDeleted: 0,
      hoursDeleted: 0,
    });
    expect(await allSamples()).toEqual(before);

    // An hour later the 09:00 hour of the day before is complete and past the day: it is rolled up.
    advance(HOUR);
    expect((await downsampleSamples({ db: db(), clock: ctx.clock })).hourly).toBe(1);
  });

  it('deletes hourly rows older than 30 days', async () => {
    const id = await fx.workspace('stopped');
    const hourly = (at: number) => sampleRow(id, new Date(at), { resolution: 3600 });
    const now = T0.getTime();
    await insertSamples(ctx, [
      hourly(now - 31 * DAY),
      hourly(now - 30 * DAY - HOUR),
      hourly(now - 30 * DAY + HOUR),
      hourly(now - 2 * DAY),
    ]);
    expect((await downsampleSamples({ db: db(), clock: ctx.clock })).hoursDeleted).toBe(2);
    expect((await samplesOf(id)).map((r) => r.at.getTime())).toEqual([now - 30 * DAY + HOUR, now - 2 * DAY]);
  });
});

describe('charts', () => {
  it('answers at most one point per bucket in each range, and the latest minute sample', async () => {
    const id = await fx.workspace('running');
    const now = ctx.clock.now();
    // 30 days of hourly rows before the last 26 h, then a minute row every minute; then the rollup.
    const hourlyRows = Array.from({ length: 30 * 24 }, (_, k) =>
      sampleRow(id, new Date(now.getTime() - 26 * HOUR - k * HOUR), { resolution: 3600, cpuPercent: 1 }),
    );
    const minuteRows = Array.from({ length: 26 * 60 }, (_, k) =>
      sampleRow(id, new Date(now.getTime() - k * MINUTE), {
        cpuPercent: k % 5 === 0 ? 10 : 20,
        memoryBytes: 100 * MB,
        diskBytes: 1000 + k,
        processes: k === 0 ? 7 : 3,
      }),
    );
    await insertSamples(ctx, [...hourlyRows, ...minuteRows]);
    await downsampleSamples({ db: db(), clock: ctx.clock });

    const h1 = await workspaceMetrics(db(), id, '1h', now);
    expect(workspaceMetricsDto.parse(h1)).toEqual(h1);
    expect(h1.points).toHaveLength(60);
    expect(h1.points.at(-1)).toEqual({
      at: now.toISOString(),
      cpuPercent: 10,
      cpuThrottledPercent: 0,
      memoryBytes: 100 * MB,
      diskBytes: 1000,
    });
    expect(h1.latest).toEqual({ cpuPercent: 10, memoryBytes: 100 * MB, diskBytes: 1000, processes: 7 });

    const d1 = await workspaceMetrics(db(), id, '24h', now);
    expect(d1.points).toHaveLength(288);
    // A full 5-minute bucket: one minute at 10 %, four at 20 %.
    expect(d1.points.at(-2)).toMatchObject({
      at: new Date(now.getTime() - 5 * MINUTE).toISOString(),
      cpuPercent: 18,
    });
    expect(d1.points.at(-1)?.at).toBe(now.toISOString());
    const unaligned = new Date(now.getTime() + 150_000);
    expect((await workspaceMetrics(db(), id, '24h', unaligned)).points.length).toBeLessThanOrEqual(288);

    const m30 = await workspaceMetrics(db(), id, '30d', now);
    expect(m30.points).toHaveLength(720);
    const ats = m30.points.map((p) => p.at);
    expect(new Set(ats).size).toBe(ats.length);
    expect([...ats].sort()).toEqual(ats);
    expect(m30.points[0]?.at).toBe(new Date(now.getTime() - 30 * DAY + HOUR).toISOString());
    expect(m30.points.at(-1)?.at).toBe(now.toISOString());
    expect(m30.points.at(-2)).toMatchObject({ cpuPercent: 18, memoryBytes: 100 * MB });

    const empty = await workspaceMetrics(db(), await fx.workspace('stopped'), '30d', now);
    expect(empty).toEqual({ range: '30d', points: [], latest: null });
  });
});

describe('gauges and jobs', () => {
  it('exposes workspace counts and resource sums in the /metrics text', async () => {
    const fresh = await fx.workspace('running', { diskBytes: 10 * MB });
    const stale = await fx.workspace('running', { diskBytes: 20 * MB });
    await fx.workspace('stopped', { diskBytes: 30 * MB });
    await fx.workspace('starting');
    const now = ctx.clock.now().getTime();
    await insertSamples(ctx, [
      sampleRow(fresh, new Date(now - 2 * MINUTE), { cpuPercent: 99, memoryBytes: 999 }),
      sampleRow(fresh, new Date(now - MINUTE), { cpuPercent: 12.5, memoryBytes: 300 * MB }),
      sampleRow(stale, new Date(now - 5 * MINUTE), { cpuPercent: 40, memoryBytes: 400 * MB }),
    ]);
    // A registry of its own: the app's may already carry these gauges (with the system clock).
    const metrics = createMetrics();
    registerWorkspaceGauges(metrics, db(), ctx.clock);
    const text = await metrics.registry.metrics();
    expect(text).toContain('# TYPE workspaces gauge');
    expect(text).toContain('workspaces{status="running"} 2');
    expect(text).toContain('workspaces{status="stopped"} 1');
    expect(text).toContain('workspaces{status="deleting"} 0');
    expect(text).toMatch(/^workspaces_running 2$/m);
    expect(text).toMatch(/^workspace_cpu_percent_total 12.5$/m);
    expect(text).toMatch(new RegExp(`^workspace_memory_bytes_total ${300 * MB}$`, 'm'));
    expect(text).toMatch(new RegExp(`^workspace_disk_bytes_total ${60 * MB}$`, 'm'));
  });

  it('runs the sampling and rollup jobs through graphile-worker', async () => {
    expect(WORKSPACE_SAMPLE_CRON).toMatchObject({ pattern: '* * * * *', job: 'workspaces:sample' });
    expect(WORKSPACE_DOWNSAMPLE_CRON.job).toBe('workspaces:downsample');
    const id = await fx.workspace('running');
    await insertSamples(ctx, [sampleRow(id, new Date(T0.getTime() - 2 * DAY))]);
    const driver = fakeStatsDriver({
      [id]: { cpuSeconds: 1, memoryBytes: MB, diskBytes: 2 * MB, processes: 1 },
    });
    const jobs = metricsJobs({ db: db(), clock: ctx.clock, driver });
    expect(jobs.map((j) => j.id)).toEqual(['workspaces:sample', 'workspaces:downsample']);
    await db().execute(sql`select graphile_worker.add_job('workspaces:sample', '{}'::json)`);
    await db().execute(sql`select graphile_worker.add_job('workspaces:downsample', '{}'::json)`);
    await runOnce({
      connectionString: ctx.database.url,
      taskList: buildTaskList(jobs, ctx.deps.log),
      logger: quietGraphileLogger,
    });
    const rows = await samplesOf(id);
    expect(rows.map((r) => [r.resolution, r.at.toISOString()])).toEqual([
      [60, T0.toISOString()],
      [3600, '2026-11-24T09:00:00.000Z'],
    ]);
  });

  it('disk quota comes from the plan catalog', () => {
    expect(diskQuotaBytes('starter')).toBe(10 * 1024 ** 3);
    expect(diskQuotaBytes('team')).toBe(50 * 1024 ** 3);
    expect(overDiskQuota(10 * 1024 ** 3, 'starter')).toBe(false);
    expect(overDiskQuota(10 * 1024 ** 3 + 1, 'starter')).toBe(true);
    expect(overDiskQuota(10 * 1024 ** 3 + 1, 'team')).toBe(false);
    expect(overDiskQuota(null, 'starter')).toBe(false);
  });
});

// With the real process driver: CPU, memory and processes of a running code-server, then disk only.
describe.skipIf(problem !== null)('sampling with the process driver', () => {
  it(
    'samples a running IDE, then only the disk once it is stopped',
    async () => {
      const dataDir = await tempDataDir();
      const driver = testProcessDriver(dataDir);
      const id = await fx.workspace('running');
      try {
        await driver.create({ id, name: 'metrics' });
        await driver.start(id);
        await db().update(workspaces).set({ startedAt: ctx.clock.now() }).where(eq(workspaces.id, id));
        advance(60_000);
        expect((await sample(driver)).sampled).toBe(1);
        const [s] = await samplesOf(id);
        expect(s?.processes).toBeGreaterThan(0);
        expect(s?.memoryBytes).toBeGreaterThan(10 * MB);
        expect(s?.diskBytes).toBeGreaterThan(0);
        expect(s?.cpuSeconds).toBeGreaterThan(0);
        expect(s?.cpuPercent).toBeGreaterThan(0);

        await driver.stop(id);
        await db()
          .update(workspaces)
          .set({ status: 'stopped', diskSampledAt: null })
          .where(eq(workspaces.id, id));
        advance(60_000);
        expect(await sample(driver)).toEqual({ sampled: 0, diskOnly: 1, failed: 0 });
        expect((await rowOf(id))?.diskBytes).toBeGreaterThan(0);
        expect(await samplesOf(id)).toHaveLength(1);
      } finally {
        await driver.destroy(id, { graceMs: 1000 }).catch(() => undefined);
        await fs.rm(dataDir, { recursive: true, force: true });
      }
    },
    SLOW,
  );
});
