// A platform whose IDE runtime is not installed yet (a fresh clone while `npm start` installs it):
// workspaces created meanwhile wait, saying why, and start once the runtime is there.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkspaceDto, WorkspaceListDto } from '@youarecoder/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { failForMissingRuntime, ide, problem, SLOW } from './drivers/process/process.test-helpers.ts';

let ctx: TestContext;
let cacheDir: string;

if (problem) failForMissingRuntime();
else {
  beforeAll(async () => {
    cacheDir = await fs.mkdtemp(path.join(os.tmpdir(), 'yac-ide-later-'));
    await fs.chmod(cacheDir, 0o755); // workspace users pass through it to the runtime
    ctx = await createTestContext({ env: { IDE_CACHE_DIR: cacheDir } });
  });
  afterAll(async () => {
    await ctx?.close();
    await fs.rm(cacheDir, { recursive: true, force: true });
  }, SLOW);

  describe('before the IDE runtime is installed', () => {
    it(
      'a new workspace waits with the reason, the list says so, and it starts once the runtime is there',
      async () => {
        const c = await signupCompany(ctx);
        await ctx.deps.database.pool.query('update users set email_verified_at = now() where id = $1', [
          c.userId,
        ]);
        const list0 = await c.client.get<WorkspaceListDto>('/api/v1/workspaces');
        expect(list0.body.runtime.status).toBe('failed');
        expect(list0.body.runtime.message).toContain('npm run setup:ide');

        const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
          name: 'early',
          templateId: 'tpl_blank',
        });
        expect(ws.status).toBe(202);
        await ctx.runJobs();
        const waiting = (await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${ws.body.id}`)).body;
        expect(waiting.status).toBe('pending');
        expect(waiting.statusReason).toBe('waiting for the IDE runtime to be installed');
        expect(waiting.steps.every((s) => s.status === 'pending')).toBe(true);
        // Nothing runs, nothing failed; a reconciler pass meanwhile leaves it waiting.
        await ctx.deps.converger.reconcile();
        await ctx.runJobs();
        expect((await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${ws.body.id}`)).body.status).toBe(
          'pending',
        );

        // The install finishes (here: the machine's runtime appears in this cache folder).
        for (const dir of [ide.nodeDir, ide.codeServerDir])
          await fs.symlink(dir, path.join(cacheDir, path.basename(dir)));
        expect(ctx.deps.ide.ready()).toBe(true);
        expect((await c.client.get<WorkspaceListDto>('/api/v1/workspaces')).body.runtime).toEqual({
          status: 'ready',
          message: null,
        });
        await ctx.deps.converger.reconcile();
        let w: WorkspaceDto | undefined;
        for (let i = 0; i < 20 && w?.status !== 'running'; i++) {
          await ctx.runJobs();
          w = (await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${ws.body.id}`)).body;
        }
        expect(w?.status, w?.statusReason ?? '').toBe('running');
        expect(w?.steps.every((s) => s.status === 'succeeded')).toBe(true);
      },
      SLOW,
    );
  });
}
