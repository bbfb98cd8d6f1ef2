// Workspaces in containers through the API: they run with their plan's limits, a plan change reaches a
// running workspace live, and a process the kernel stopped for memory shows on the workspace, in its logs,
// in the audit log and in /metrics.
import {
  DISK_FULL_RATIO,
  outOfMemoryMessage,
  type WorkspaceDto,
  type WorkspaceLogsDto,
} from '@youarecoder/contract';
import { PLANS } from '@youarecoder/contract/plans';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { containerProblem, failForMissingContainers } from './drivers/container/container.test-helpers.ts';
import { workspaceLimits } from './limits.ts';
import { WORKSPACE_SAMPLE_CRON } from './metrics.ts';

const SLOW = 240_000;
let ctx: TestContext;
let c: Awaited<ReturnType<typeof signupCompany>>;

async function settle(id: string, until: (w: WorkspaceDto) => boolean, rounds = 60): Promise<WorkspaceDto> {
  let w: WorkspaceDto | undefined;
  for (let i = 0; i < rounds; i++) {
    await ctx.runJobs();
    w = (await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${id}`)).body;
    if (until(w)) return w;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`workspace did not settle: ${w?.status} ${w?.statusReason}`);
}

if (containerProblem) failForMissingContainers();
else
  describe('workspaces in containers, through the API', () => {
    let id: string;

    beforeAll(async () => {
      ctx = await createTestContext({ env: { WORKSPACE_DRIVER: 'container' } });
      c = await signupCompany(ctx);
      await ctx.deps.database.pool.query('update users set email_verified_at = now() where id = $1', [
        c.userId,
      ]);
      const created = await c.client.post<{ id: string }>('/api/v1/workspaces', {
        name: 'api',
        templateId: 'tpl_blank',
      });
      expect(created.status).toBe(202);
      id = created.body.id;
      await settle(id, (w) => w.status === 'running');
    }, SLOW);
    afterAll(() => ctx?.close(), SLOW);

    it(
      'runs with the plan’s limits, and a plan change reaches the running workspace',
      async () => {
        const w = (await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${id}`)).body;
        expect(w.limitsEnforced).toBe(true);
        expect(w.limits).toEqual(workspaceLimits('starter'));
        expect((await ctx.deps.driver.stats(id))?.limits).toEqual(workspaceLimits('starter'));
        const pid = (await ctx.deps.driver.inspect(id)).pid;

        // What billing does when an upgrade is paid: the subscription and the company move together.
        await ctx.deps.database.pool.query("update subscriptions set plan = 'team' where company_id = $1", [
          c.companyId,
        ]);
        await ctx.deps.database.db.transaction((tx) =>
          ctx.deps.services.companies.applyPlan(tx, c.companyId, 'team', ctx.clock.now()),
        );
        await ctx.runJobs();
        expect((await ctx.deps.driver.stats(id))?.limits).toEqual(workspaceLimits('team'));
        const inside = await ctx.deps.driver.exec(id, {
          argv: [
            'sh',
            '-c',
            'cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes',
          ],
        });
        expect(Number(inside.output.trim())).toBe(PLANS.team.memoryLimitBytes);
        expect((await ctx.deps.driver.inspect(id)).pid).toBe(pid);
        const after = (await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${id}`)).body;
        expect(after.limits).toEqual(workspaceLimits('team'));
        expect(after.status).toBe('running');
      },
      SLOW,
    );

    it('shows a disk that is (nearly) full as full, and one with room as not', async () => {
      const get = async () => (await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${id}`)).body;
      const quota = (await get()).limits.diskBytes;
      const setDisk = (bytes: number) =>
        ctx.deps.database.pool.query('update workspaces set disk_bytes = $2 where id = $1', [id, bytes]);
      await setDisk(Math.floor(quota * 0.5));
      expect((await get()).diskFull).toBe(false);
      await setDisk(Math.ceil(quota * DISK_FULL_RATIO));
      expect((await get()).diskFull).toBe(true);
      // What the sampler measures next takes its place.
      await setDisk(0);
      expect((await get()).diskFull).toBe(false);
    });

    it(
      'starts a workspace over its quota (its disk holds it there), so its developer can free space',
      async () => {
        const quota = (await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${id}`)).body.limits.diskBytes;
        expect((await c.client.post(`/api/v1/workspaces/${id}/stop`)).status).toBe(202);
        await settle(id, (w) => w.status === 'stopped');
        // As after a downgrade: more than the quota, measured.
        await ctx.deps.database.pool.query('update workspaces set disk_bytes = $2 where id = $1', [
          id,
          quota + 1024 ** 3,
        ]);
        const start = await c.client.post<{ status: string }>(`/api/v1/workspaces/${id}/start`);
        expect(start.status).toBe(202);
        expect((await settle(id, (w) => w.status === 'running')).diskFull).toBe(true);
        await ctx.deps.database.pool.query('update workspaces set disk_bytes = 0 where id = $1', [id]);
      },
      SLOW,
    );

    it(
      'installs system packages from a template step, with progress, into that workspace only',
      async () => {
        const tpl = await c.client.post<{ id: string }>('/api/v1/templates', {
          name: 'With jq',
          description: 'jq from Debian',
          steps: [
            { type: 'system_packages', packages: ['jq'] },
            { type: 'shell', script: 'jq --version > jq-version.txt' },
          ],
        });
        expect(tpl.status).toBe(201);
        const created = await c.client.post<{ id: string }>('/api/v1/workspaces', {
          name: 'tools',
          templateId: tpl.body.id,
        });
        const w = await settle(created.body.id, (x) => x.status === 'running' || x.status === 'failed', 200);
        expect(w.status).toBe('running');
        expect(w.steps.map((s) => s.status)).toEqual(['succeeded', 'succeeded']);
        const logs = (await c.client.get<WorkspaceLogsDto>(`/api/v1/workspaces/${created.body.id}/logs`))
          .body;
        expect(logs.steps[0]?.output).toMatch(/apt-get install jq[\s\S]*Setting up jq/);
        expect(
          (
            await ctx.deps.driver.readFile(created.body.id, { area: 'project', path: 'jq-version.txt' })
          )?.toString(),
        ).toMatch(/^jq-1\./);
        // The first workspace did not get it.
        expect(
          (await ctx.deps.driver.exec(id, { argv: ['sh', '-c', 'command -v jq || echo none'] })).output,
        ).toBe('none\n');
      },
      SLOW,
    );

    it(
      'shows a process stopped for memory on the workspace, in its logs, the audit log and /metrics',
      async () => {
        // Within the limit the hog is stopped: an exec of its own, so the IDE keeps running.
        await ctx.deps.driver.create({
          id,
          name: 'api',
          limits: { ...workspaceLimits('team'), memoryBytes: 512 * 1024 ** 2 },
        });
        const hog = await ctx.deps.driver.exec(id, {
          argv: ['node', '-e', 'const a = []; for (;;) a.push(Buffer.alloc(16 << 20, 1));'],
          timeoutMs: 60_000,
        });
        expect(hog.signal).toBe('SIGKILL');
        await ctx.deps.database.pool.query('select graphile_worker.add_job($1, $2::json)', [
          WORKSPACE_SAMPLE_CRON.job,
          '{}',
        ]);
        await ctx.runJobs();

        const w = (await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${id}`)).body;
        // The sentence names the plan's limit (the one people can change by upgrading).
        expect(w.outOfMemory?.message).toBe(outOfMemoryMessage(w.limits.memoryBytes));
        expect(w.outOfMemory?.message).toMatch(/^a process was stopped: out of memory, \d+ GB limit$/);
        expect(w.outOfMemory?.kills).toBeGreaterThanOrEqual(1);
        const logs = (await c.client.get<WorkspaceLogsDto>(`/api/v1/workspaces/${id}/logs`)).body;
        expect(logs.ide.at(-1)).toMatch(/out of memory/);
        const audit = await ctx.deps.database.pool.query(
          "select metadata from audit_events where target_id = $1 and action = 'workspace.out_of_memory'",
          [id],
        );
        expect(audit.rows).toHaveLength(1);
        expect(audit.rows[0].metadata).toMatchObject({ name: 'api', memoryLimitBytes: 512 * 1024 ** 2 });
        const metrics = await ctx.app.inject({ method: 'GET', url: '/metrics' });
        expect(metrics.body).toMatch(/^workspace_oom_kills [1-9]/m);

        // Sampled again without new kills: nothing more is recorded.
        await ctx.deps.database.pool.query('select graphile_worker.add_job($1, $2::json)', [
          WORKSPACE_SAMPLE_CRON.job,
          '{}',
        ]);
        await ctx.runJobs();
        const again = await ctx.deps.database.pool.query(
          "select count(*)::int as n from audit_events where target_id = $1 and action = 'workspace.out_of_memory'",
          [id],
        );
        expect(again.rows[0].n).toBe(1);
      },
      SLOW,
    );
  });
