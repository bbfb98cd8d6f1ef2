// The workspace lifecycle end to end through the API, the converge job and the real process driver
// with code-server: provisioning with live events, start/stop/restart/delete, the ready mail,
// rollback of a failing template, auto-stop with a fake clock, the reconciler after crashes.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { WorkspaceDto, WorkspaceLogsDto } from '@youarecoder/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { failForMissingRuntime, problem, SLOW } from './drivers/process/process.test-helpers.ts';

let ctx: TestContext;
let c: Awaited<ReturnType<typeof signupCompany>>;

async function settle(id: string, until: (w: WorkspaceDto) => boolean, rounds = 20): Promise<WorkspaceDto> {
  let w: WorkspaceDto | undefined;
  for (let i = 0; i < rounds; i++) {
    await ctx.runJobs();
    const res = await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${id}`);
    if (res.status === 404) throw new Error('workspace is gone');
    w = res.body;
    if (until(w)) return w;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`workspace did not settle: ${JSON.stringify(w?.status)} ${w?.statusReason}`);
}

if (problem) failForMissingRuntime();
else {
  beforeAll(async () => {
    ctx = await createTestContext({ fakeClock: true });
    // Far from the real time, so code-server's real heartbeat (ms since epoch) never counts here.
    ctx.fakeClock?.set('2030-01-01T09:00:00Z');
    c = await signupCompany(ctx);
    await ctx.deps.database.pool.query('update users set email_verified_at = now() where id = $1', [
      c.userId,
    ]);
  }, SLOW);
  afterAll(() => ctx?.close(), SLOW);

  describe('workspace lifecycle with real code-server', () => {
    it(
      'provisions the Node.js template with live events, runs, stops, starts, restarts and deletes',
      async () => {
        const server = http.createServer(ctx.app.server.listeners('request')[0] as http.RequestListener);
        await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
        const created = await c.client.post<{ id: string; url: string }>('/api/v1/workspaces', {
          name: 'node-app',
          templateId: 'tpl_node',
        });
        expect(created.status).toBe(202);
        const id = created.body.id;
        // Follow the events while the job provisions.
        const events: Array<{ event: string; data: { status?: string; step?: { status: string } } }> = [];
        const port = (server.address() as AddressInfo).port;
        const sse = http.get({
          port,
          host: '127.0.0.1',
          path: `/api/v1/workspaces/${id}/events`,
          headers: { cookie: `yac_session=${c.client.cookie}` },
        });
        const sseDone = new Promise<void>((resolve) => {
          sse.on('response', (res) => {
            expect(res.headers['content-type']).toContain('text/event-stream');
            let buf = '';
            res.setEncoding('utf8');
            res.on('data', (chunk: string) => {
              buf += chunk;
              let at = buf.indexOf('\n\n');
              while (at >= 0) {
                const block = buf.slice(0, at);
                buf = buf.slice(at + 2);
                const event = /^event: (.*)$/m.exec(block)?.[1];
                const data = /^data: (.*)$/m.exec(block)?.[1];
                if (event && data) events.push({ event, data: JSON.parse(data) });
                if (event === 'workspace' && JSON.parse(data ?? '{}').status === 'running') resolve();
                at = buf.indexOf('\n\n');
              }
            });
          });
        });
        await new Promise((r) => setTimeout(r, 300));
        const running = await settle(id, (w) => w.status === 'running' || w.status === 'failed');
        expect(running.statusReason ?? '', running.statusReason ?? '').not.toContain('failed');
        expect(running.status).toBe('running');
        expect(running.steps.length).toBeGreaterThan(0);
        expect(running.steps.every((s) => s.status === 'succeeded')).toBe(true);
        expect(running.autoStopAt).toBe(
          new Date(Date.parse('2030-01-01T09:00:00Z') + 60 * 60_000).toISOString(),
        );
        await Promise.race([sseDone, new Promise((r) => setTimeout(r, 5000))]);
        sse.destroy();
        server.close();
        const statuses = events.filter((e) => e.event === 'workspace').map((e) => e.data.status);
        expect(statuses[0]).toBe('pending');
        expect(statuses).toContain('provisioning');
        expect(statuses.at(-1)).toBe('running');
        expect(events.some((e) => e.event === 'step' && e.data.step?.status === 'succeeded')).toBe(true);

        // The IDE answers on its socket; the template's files are in the project.
        const insp = await ctx.deps.driver.inspect(id);
        expect(insp.state.status).toBe('running');
        expect(await ctx.deps.driver.readFile(id, { area: 'project', path: 'package.json' })).not.toBeNull();
        const logs = await c.client.get<WorkspaceLogsDto>(`/api/v1/workspaces/${id}/logs`);
        expect(logs.body.transitions.map((t) => t.to)).toEqual([
          'pending',
          'provisioning',
          'starting',
          'running',
        ]);
        expect(logs.body.ide.length).toBeGreaterThan(0);

        // One "workspace ready" mail with the URL.
        await ctx.runJobs();
        const ready = await ctx.smtp.waitFor((m) => m.subject?.includes('node-app') === true);
        expect(ready.subject).toBe('Your YouAreCoder workspace node-app is ready');
        expect(ready.text).toContain(created.body.url);

        // Stop, start, restart.
        expect((await c.client.post(`/api/v1/workspaces/${id}/stop`)).status).toBe(202);
        const stopped = await settle(id, (w) => w.status === 'stopped');
        expect(stopped.statusReason).toBe(`stopped by ${c.email}`);
        expect((await ctx.deps.driver.inspect(id)).state.status).toBe('stopped');
        expect((await c.client.post(`/api/v1/workspaces/${id}/start`)).status).toBe(202);
        const again = await settle(id, (w) => w.status === 'running');
        const pid1 = (await ctx.deps.driver.inspect(id)).pid;
        expect(again.steps.every((s) => s.status === 'succeeded')).toBe(true);
        expect((await c.client.post(`/api/v1/workspaces/${id}/restart`)).status).toBe(202);
        await settle(id, (w) => w.status === 'running' && w.statusReason === `restarted by ${c.email}`);
        const pid2 = (await ctx.deps.driver.inspect(id)).pid;
        expect(pid2).not.toBe(pid1);
        expect(ctx.smtp.messages.filter((m) => m.subject?.includes('node-app'))).toHaveLength(1);

        // Delete: processes, user, files and row go.
        expect((await c.client.del(`/api/v1/workspaces/${id}`)).status).toBe(202);
        await ctx.runJobs();
        expect((await c.client.get(`/api/v1/workspaces/${id}`)).status).toBe(404);
        expect((await ctx.deps.driver.inspect(id)).state.status).toBe('absent');
      },
      SLOW * 2,
    );

    it(
      'a fatal step rolls back the earlier ones and fails the workspace with the step error; start retries',
      async () => {
        const t = await c.client.post<{ id: string }>('/api/v1/templates', {
          name: 'Breaks',
          steps: [
            { type: 'files', files: [{ path: 'kept.txt', content: 'hello' }] },
            { type: 'shell', name: 'Optional check', script: 'exit 3', fatal: false },
            { type: 'shell', name: 'Fails hard', script: 'echo boom >&2; exit 7' },
            { type: 'files', files: [{ path: 'never.txt', content: 'x' }] },
          ],
        });
        expect(t.status).toBe(201);
        const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
          name: 'breaks',
          templateId: t.body.id,
        });
        const failed = await settle(ws.body.id, (w) => w.status === 'failed');
        expect(failed.statusReason).toContain('Step 3 (Fails hard) failed');
        expect(failed.steps.map((s) => s.status)).toEqual(['rolled_back', 'failed', 'failed', 'skipped']);
        expect(await ctx.deps.driver.readFile(ws.body.id, { area: 'project', path: 'kept.txt' })).toBeNull();
        const logs = await c.client.get<WorkspaceLogsDto>(`/api/v1/workspaces/${ws.body.id}/logs`);
        expect(logs.body.steps[2]?.output).toContain('boom');
        // Start provisions again from the first step.
        expect((await c.client.post(`/api/v1/workspaces/${ws.body.id}/start`)).status).toBe(202);
        const again = await settle(
          ws.body.id,
          (w) => w.status === 'failed' && w.steps[0]?.status === 'rolled_back',
        );
        expect(again.statusReason).toContain('Fails hard');
        await c.client.del(`/api/v1/workspaces/${ws.body.id}`);
        await ctx.runJobs();
      },
      SLOW,
    );

    it(
      'auto-stops after the idle timeout with the reason, not before; activity postpones it',
      async () => {
        const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
          name: 'idle',
          templateId: 'tpl_blank',
          idleTimeoutMinutes: 15,
        });
        await settle(ws.body.id, (w) => w.status === 'running');
        const clock = ctx.fakeClock as NonNullable<typeof ctx.fakeClock>;
        clock.advance(14 * 60_000);
        expect((await ctx.deps.converger.autoStop()).stopped).toEqual([]);
        // Activity (the gateway writes last_activity_at) moves the deadline.
        await ctx.deps.database.pool.query('update workspaces set last_activity_at = $1 where id = $2', [
          clock.now(),
          ws.body.id,
        ]);
        clock.advance(14 * 60_000);
        expect((await ctx.deps.converger.autoStop()).stopped).toEqual([]);
        const dto = (await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${ws.body.id}`)).body;
        expect(Date.parse(dto.autoStopAt ?? '') - clock.now().getTime()).toBe(60_000);
        clock.advance(2 * 60_000);
        expect((await ctx.deps.converger.autoStop()).stopped).toEqual([ws.body.id]);
        const stopped = await settle(ws.body.id, (w) => w.status === 'stopped');
        expect(stopped.statusReason).toBe('stopped after 15 minutes without IDE activity');
        expect((await ctx.deps.driver.inspect(ws.body.id)).state.status).toBe('stopped');
        const audit = await ctx.deps.database.pool.query(
          "select actor_user_id from audit_events where target_id = $1 and action = 'workspace.auto_stopped'",
          [ws.body.id],
        );
        expect(audit.rows).toEqual([{ actor_user_id: null }]);
        await c.client.del(`/api/v1/workspaces/${ws.body.id}`);
        await ctx.runJobs();
      },
      SLOW,
    );

    it(
      'the reconciler restarts a crashed IDE, fails it after repeated crashes, and finishes interrupted work',
      async () => {
        const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
          name: 'crashy',
          templateId: 'tpl_blank',
        });
        const id = ws.body.id;
        await settle(id, (w) => w.status === 'running');
        const kill = async () => {
          const pid = (await ctx.deps.driver.inspect(id)).pid as number;
          process.kill(pid, 'SIGKILL');
          for (let i = 0; i < 100 && (await ctx.deps.driver.inspect(id)).state.status === 'running'; i++)
            await new Promise((r) => setTimeout(r, 50));
        };
        await kill();
        expect((await ctx.deps.converger.reconcile()).acted).toBeGreaterThan(0);
        const back = await settle(id, (w) => w.status === 'running');
        expect(back.statusReason).toBe('restarted after the IDE stopped unexpectedly');
        for (let i = 0; i < 2; i++) {
          await kill();
          await ctx.deps.converger.reconcile();
          expect((await settle(id, (w) => w.status === 'running' || w.status === 'failed')).status).toBe(
            'running',
          );
        }
        await kill();
        await ctx.deps.converger.reconcile();
        const failed = (await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${id}`)).body;
        expect(failed.status).toBe('failed');
        expect(failed.statusReason).toContain('stopped unexpectedly 4 times');

        // A stop interrupted half-way (status stopping, nobody working on it) is finished.
        expect((await c.client.post(`/api/v1/workspaces/${id}/start`)).status).toBe(202);
        await settle(id, (w) => w.status === 'running');
        await ctx.deps.database.pool.query(
          "update workspaces set status = 'stopping', desired = 'stopped' where id = $1",
          [id],
        );
        await ctx.deps.database.pool.query('delete from graphile_worker._private_jobs');
        await ctx.deps.converger.reconcile();
        await settle(id, (w) => w.status === 'stopped');
        expect((await ctx.deps.driver.inspect(id)).state.status).toBe('stopped');

        // A runtime without a row (deleted behind the platform's back) is removed.
        await ctx.deps.database.pool.query('delete from workspaces where id = $1', [id]);
        await ctx.deps.converger.reconcile();
        expect((await ctx.deps.driver.inspect(id)).state.status).toBe('absent');
      },
      SLOW * 2,
    );
  });
}
