// Fixtures for the metrics tests: workspace rows straight in the database (no provisioning), minute
// samples, a scriptable stats function and a logger that remembers warnings.
import type { WorkspaceStatus } from '@youarecoder/contract';
import { signupCompany, type TestContext } from '../../../test/harness.ts';
import { randomAlnum } from '../../platform/ids.ts';
import type { Logger } from '../../platform/logger.ts';
import type { RuntimeDriver, RuntimeStats } from './runtime.ts';
import { workspaceSamples, workspaces, workspaceTemplates } from './workspaces.schema.ts';

/** A company with its owner and an official template to hang workspaces on. */
export interface MetricsFixture {
  companyId: string;
  userId: string;
  templateId: string;
  /** Insert a workspace row in this company; returns its id. */
  workspace: (status: WorkspaceStatus, over?: Partial<typeof workspaces.$inferInsert>) => Promise<string>;
}

/** Sign up a company and insert an official template row (company_id null, a unique name). */
export async function metricsFixture(ctx: TestContext): Promise<MetricsFixture> {
  const { companyId, userId } = await signupCompany(ctx);
  const db = ctx.deps.database.db;
  const now = ctx.clock.now();
  const templateId = `tpl_${randomAlnum(20)}`;
  await db.insert(workspaceTemplates).values({
    id: templateId,
    companyId: null,
    name: `metrics-${randomAlnum(10)}`,
    steps: [],
    createdAt: now,
    updatedAt: now,
  });
  return {
    companyId,
    userId,
    templateId,
    workspace: async (status, over = {}) => {
      const id = `ws_${randomAlnum(20)}`;
      await db.insert(workspaces).values({
        id,
        companyId,
        ownerId: userId,
        name: `ws-${randomAlnum(8)}`,
        templateId,
        steps: [],
        status,
        desired: status === 'stopped' || status === 'failed' ? 'stopped' : 'running',
        idleTimeoutMinutes: 60,
        createdAt: now,
        updatedAt: now,
        ...over,
      });
      return id;
    },
  };
}

/** One minute (or hourly) sample row with defaults. */
export function sampleRow(
  workspaceId: string,
  at: Date,
  over: Partial<typeof workspaceSamples.$inferInsert> = {},
): typeof workspaceSamples.$inferInsert {
  return {
    workspaceId,
    at,
    resolution: 60,
    cpuPercent: 10,
    cpuSeconds: 0,
    memoryBytes: 100_000_000,
    diskBytes: 1_000_000,
    processes: 3,
    ...over,
  };
}

/** Insert sample rows in batches (a day of minutes is 1440 rows). */
export async function insertSamples(
  ctx: TestContext,
  rows: (typeof workspaceSamples.$inferInsert)[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += 1000)
    await ctx.deps.database.db.insert(workspaceSamples).values(rows.slice(i, i + 1000));
}

/**
 * A stats-only driver: each id answers what `stats` holds for it (an Error is thrown, a missing id is
 * an absent workspace). `calls` lists the ids asked, in order; `maxInFlight` the most calls at once.
 */
export function fakeStatsDriver(stats: Record<string, Partial<RuntimeStats> | Error> = {}) {
  const calls: string[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const driver: Pick<RuntimeDriver, 'stats'> & {
    set: (id: string, s: Partial<RuntimeStats> | Error) => void;
    calls: string[];
    maxInFlight: () => number;
  } = {
    async stats(id) {
      calls.push(id);
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      try {
        await new Promise((r) => setTimeout(r, 5));
        const s = stats[id];
        if (s instanceof Error) throw s;
        if (!s) return null;
        return { cpuSeconds: 0, memoryBytes: 0, diskBytes: 0, processes: 0, ...s };
      } finally {
        inFlight--;
      }
    },
    set: (id, s) => {
      stats[id] = s;
    },
    calls,
    maxInFlight: () => maxInFlight,
  };
  return driver;
}

/** A logger that keeps what was warned (message and fields) and drops the rest. */
export function recordingLogger(): {
  log: Logger;
  warnings: { msg: string; fields: Record<string, unknown> }[];
} {
  const warnings: { msg: string; fields: Record<string, unknown> }[] = [];
  const noop = () => {};
  const log = {
    warn: (fields: Record<string, unknown>, msg: string) => warnings.push({ msg, fields }),
    error: (fields: Record<string, unknown>, msg: string) => warnings.push({ msg, fields }),
    info: noop,
    debug: noop,
    trace: noop,
    child: () => log,
  } as unknown as Logger;
  return { log, warnings };
}
