// Workspaces outlive the platform by design; `--stop-workspaces` stops them with it (issue 12). The real
// server binary on a database and DATA_DIR of its own, a real code-server per workspace (process driver):
// SIGTERM without the flag leaves the IDE running and the log names the flag; the next start, with the
// flag, adopts it and SIGTERM then stops it as a person's stop would (status, reason, transitions, audit).
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WorkspaceDto } from '@youarecoder/contract';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { type Server, spawnServer, waitReady, withTimeout } from '../../../test/spawn-server.ts';
import { freePort } from '../../platform/db/embedded.ts';
import { isAlive } from '../../platform/proc.ts';
import { failForMissingRuntime, ide, problem } from './drivers/process/process.test-helpers.ts';
import { createRuntimeDriver } from './drivers/registry.ts';
import type { RuntimeDriver } from './runtime.ts';
import { PLATFORM_STOP_REASON } from './workspaces.shutdown.ts';

const SLOW = 120_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (problem) failForMissingRuntime();
else
  describe('stopping the workspaces with the platform (--stop-workspaces)', () => {
    let db: TestDatabase;
    let sql: pg.Pool;
    let dataDir: string;
    let port: number;
    let driver: RuntimeDriver;
    const servers: Server[] = [];
    let cookie = '';
    let csrf = '';
    let id = '';
    let pid = 0;

    function start(args: string[], env: Record<string, string> = {}): Server {
      const s = spawnServer(args, {
        ...env,
        DATABASE_URL: db.url,
        DATA_DIR: dataDir,
        PORT: String(port),
        PUBLIC_URL: `http://localhost:${port}`,
        MIGRATE_ON_START: '1',
        IDE_CACHE_DIR: ide.cacheDir,
        IDE_AUTO_INSTALL: '0',
        RATE_LIMIT_AUTH_PER_MINUTE: '1000',
      });
      servers.push(s);
      return s;
    }

    async function call<T>(method: 'GET' | 'POST', url: string, body?: unknown) {
      const res = await fetch(`http://127.0.0.1:${port}${url}`, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...(cookie ? { cookie: `yac_session=${cookie}` } : {}),
          ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
      for (const c of res.headers.getSetCookie()) cookie = /^yac_session=([^;]*)/.exec(c)?.[1] ?? cookie;
      const parsed = (await res.json()) as T & { csrfToken?: string };
      if (typeof parsed.csrfToken === 'string') csrf = parsed.csrfToken;
      return { status: res.status, body: parsed as T };
    }

    async function waitRunning(): Promise<void> {
      let w: WorkspaceDto | undefined;
      for (const end = Date.now() + 60_000; Date.now() < end; await sleep(200)) {
        w = (await call<WorkspaceDto>('GET', `/api/v1/workspaces/${id}`)).body;
        if (w.status === 'running' || w.status === 'failed') break;
      }
      expect(w?.status, JSON.stringify(w?.statusReason)).toBe('running');
    }

    /** SIGTERM the server and wait for it to exit; answers its exit code. */
    async function terminate(s: Server): Promise<number | null> {
      s.child.kill('SIGTERM');
      return withTimeout(s.exited, 60_000, 'SIGTERM');
    }

    const row = async () =>
      (
        await sql.query<{ status: string; desired: string; status_reason: string | null }>(
          'select status, desired, status_reason from workspaces where id = $1',
          [id],
        )
      ).rows[0];

    beforeAll(async () => {
      db = await createTestDatabase();
      sql = new pg.Pool({ connectionString: db.url, max: 2 });
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'yac-stop-on-exit-'));
      port = await freePort();
      driver = createRuntimeDriver('process', { dataDir, ide });
    });

    afterAll(async () => {
      for (const s of servers) {
        if (s.child.exitCode === null && s.child.signalCode === null) {
          s.child.kill('SIGKILL');
          await withTimeout(s.exited, 10_000, 'SIGKILL').catch(() => undefined);
        }
      }
      // Whatever a failed test left: code-server processes, Linux users and files of this DATA_DIR.
      if (driver) {
        const all = new Set([id, ...(await driver.list().catch(() => [])).map((i) => i.id)]);
        for (const w of all) if (w) await driver.destroy(w, { graceMs: 1000 }).catch(() => undefined);
      }
      await sql?.end();
      await db?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }, SLOW);

    it(
      'without the flag, SIGTERM leaves the workspace running, and the log says how to stop it too',
      async () => {
        const s = start([]);
        await waitReady(s, port);
        const tag = Date.now().toString(36);
        const signup = await call<{ user: { id: string } }>('POST', '/api/v1/signup', {
          companyName: `Stop ${tag}`,
          subdomain: `stop-${tag}`,
          fullName: 'Stopping Owner',
          email: `owner-${tag}@example.com`,
          password: 'a sturdy passphrase 42',
          acceptTerms: true,
        });
        expect(signup.status, JSON.stringify(signup.body)).toBe(201);
        const created = await call<{ id: string }>('POST', '/api/v1/workspaces', {
          name: 'web',
          templateId: 'tpl_blank',
        });
        expect(created.status, JSON.stringify(created.body)).toBe(202);
        id = created.body.id;
        await waitRunning();
        pid = (await driver.inspect(id)).pid as number;
        expect(isAlive(pid)).toBe(true);

        expect(await terminate(s)).toBe(0);
        expect(s.output()).toMatch(
          /1 workspace\(s\) keep running after the platform stops.*--stop-workspaces/,
        );
        expect(isAlive(pid), 'code-server after a plain SIGTERM').toBe(true);
        expect(await row()).toMatchObject({ status: 'running', desired: 'running' });
      },
      SLOW,
    );

    it(
      'with --stop-workspaces, the next start adopts it and SIGTERM stops it as a stop in the portal would',
      async () => {
        const s = start(['--stop-workspaces']);
        await waitReady(s, port);
        await waitRunning();
        expect((await driver.inspect(id)).pid, 'adopted, not restarted').toBe(pid);

        expect(await terminate(s)).toBe(0);
        expect(s.output()).toContain('1 workspace(s) stopped with the platform');
        expect(s.output()).not.toContain('keep running');
        for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
        expect(isAlive(pid), 'code-server after SIGTERM with --stop-workspaces').toBe(false);
        expect((await driver.inspect(id)).state.status).not.toBe('running');

        // Recorded like a person's stop: the row, its transitions (the running time ends) and the audit log.
        expect(await row()).toMatchObject({
          status: 'stopped',
          desired: 'stopped',
          status_reason: PLATFORM_STOP_REASON,
        });
        const moves = await sql.query<{ from_status: string; to_status: string; reason: string | null }>(
          'select from_status, to_status, reason from workspace_transitions where workspace_id = $1 order by at, id',
          [id],
        );
        expect(moves.rows.slice(-2)).toEqual([
          { from_status: 'running', to_status: 'stopping', reason: PLATFORM_STOP_REASON },
          { from_status: 'stopping', to_status: 'stopped', reason: PLATFORM_STOP_REASON },
        ]);
        const audit = await sql.query<{ actor_user_id: string | null; metadata: Record<string, unknown> }>(
          "select actor_user_id, metadata from audit_events where action = 'workspace.stopped' and target_id = $1",
          [id],
        );
        expect(audit.rows).toEqual([
          { actor_user_id: null, metadata: { name: 'web', from: 'running', reason: PLATFORM_STOP_REASON } },
        ]);

        // The next start leaves it stopped: nothing restarts a workspace stopped this way.
        const again = start([]);
        await waitReady(again, port);
        await sleep(1000);
        expect(await row()).toMatchObject({ status: 'stopped' });
        expect(await terminate(again)).toBe(0);
      },
      SLOW,
    );

    it(
      'STOP_WORKSPACES_ON_EXIT=1 (for supervisors) does what the flag does',
      async () => {
        const s = start([], { STOP_WORKSPACES_ON_EXIT: '1' });
        await waitReady(s, port);
        // Signed in since the first test: the session lives in the database, not the process.
        const started = await call('POST', `/api/v1/workspaces/${id}/start`);
        expect(started.status, JSON.stringify(started.body)).toBe(202);
        await waitRunning();
        const running = (await driver.inspect(id)).pid as number;
        expect(isAlive(running)).toBe(true);

        expect(await terminate(s)).toBe(0);
        expect(s.output()).toContain('1 workspace(s) stopped with the platform');
        for (let i = 0; i < 50 && isAlive(running); i++) await sleep(100);
        expect(isAlive(running), 'code-server after SIGTERM with STOP_WORKSPACES_ON_EXIT=1').toBe(false);
        expect(await row()).toMatchObject({
          status: 'stopped',
          desired: 'stopped',
          status_reason: PLATFORM_STOP_REASON,
        });
      },
      SLOW,
    );
  });
