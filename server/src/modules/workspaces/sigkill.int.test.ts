// The platform killed with SIGKILL and started again (issue 3): the real server binary on a database of
// its own and a DATA_DIR of its own, driven over HTTP. Running IDEs survive the kill and are adopted (same
// pids); a provisioning cut short is redone from a clean workspace, each step once; a stop cut short is
// finished; nothing stays transitional, no code-server is orphaned or duplicated.
import { readdirSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { WorkspaceDto, WorkspaceLogsDto } from '@youarecoder/contract';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../../../test/db.ts';
import { type Server, spawnServer, waitReady, withTimeout } from '../../../test/spawn-server.ts';
import { freePort } from '../../platform/db/embedded.ts';
import { commandLine, isAlive } from '../../platform/proc.ts';
import { allProcesses } from './drivers/common/procfs.ts';
import { failForMissingRuntime, ide, problem } from './drivers/process/process.test-helpers.ts';
import { createRuntimeDriver } from './drivers/registry.ts';
import type { RuntimeDriver } from './runtime.ts';

const SLOW = 120_000;
/** How long the restarted platform gets to bring everything back. */
const RECOVERY_MS = 60_000;
const TRANSITIONAL = ['pending', 'provisioning', 'starting', 'stopping', 'deleting'];
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A browser-like client of the spawned server: the session cookie and the CSRF token. */
class Api {
  cookie?: string;
  csrf?: string;
  constructor(private readonly base: string) {}

  async request<T = Record<string, unknown>>(
    method: 'GET' | 'POST' | 'DELETE',
    url: string,
    body?: unknown,
  ): Promise<{ status: number; body: T }> {
    const headers: Record<string, string> = {};
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (this.cookie) headers.cookie = `yac_session=${this.cookie}`;
    if (this.csrf && method !== 'GET') headers['x-csrf-token'] = this.csrf;
    const res = await fetch(`${this.base}${url}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    for (const c of res.headers.getSetCookie()) {
      const m = /^yac_session=([^;]*)/.exec(c);
      if (m) this.cookie = m[1] || undefined;
    }
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    const token = (parsed as { csrfToken?: unknown } | null)?.csrfToken;
    if (typeof token === 'string') this.csrf = token;
    return { status: res.status, body: parsed as T };
  }
  get = <T = Record<string, unknown>>(url: string) => this.request<T>('GET', url);
  post = <T = Record<string, unknown>>(url: string, body: unknown = {}) => this.request<T>('POST', url, body);
}

if (problem) failForMissingRuntime();
else
  describe('the platform killed with SIGKILL and started again', () => {
    let db: TestDatabase;
    let sql: pg.Pool;
    let dataDir: string;
    let port: number;
    let server: Server | undefined;
    const servers: Server[] = [];
    let driver: RuntimeDriver;
    let api: Api;
    /** Workspaces 1 and 2 (blank, running before the kill), 3 (provisioning when killed). */
    const ids: string[] = [];
    const pids: number[] = [];
    const transitionsBefore = new Map<string, number>();
    /** Processes of workspace 3's shell step cut short by the kill. */
    const orphanStep: number[] = [];

    function start(): Server {
      const s = spawnServer(
        [],
        {
          DATABASE_URL: db.url,
          DATA_DIR: dataDir,
          PORT: String(port),
          PUBLIC_URL: `http://localhost:${port}`,
          MIGRATE_ON_START: '1',
          IDE_CACHE_DIR: ide.cacheDir,
          IDE_AUTO_INSTALL: '0',
          RATE_LIMIT_AUTH_PER_MINUTE: '1000',
        },
        // A group of its own: SIGKILL reaches the server and anything else of its group at once.
        { detached: true },
      );
      servers.push(s);
      server = s;
      return s;
    }

    /** SIGKILL the whole server (its process group) and wait until nothing of it is left. */
    async function killServer(s: Server): Promise<void> {
      const pgid = s.child.pid as number;
      process.kill(-pgid, 'SIGKILL');
      await withTimeout(s.exited, 10_000, 'killed server');
      for (let i = 0; i < 100 && (await groupMembers(pgid)).length; i++) await sleep(50);
      expect(await groupMembers(pgid), 'processes of the killed server').toEqual([]);
    }

    const groupMembers = async (pgid: number) =>
      (await allProcesses()).filter((p) => p.pgrp === pgid && !p.zombie).map((p) => p.pid);

    /** Pids of code-server processes (their main process) serving a workspace of this DATA_DIR. */
    function codeServers(): number[] {
      const under = `${path.join(dataDir, 'workspaces')}/`;
      const out: number[] = [];
      for (const entry of readdirSync('/proc')) {
        if (!/^\d+$/.test(entry)) continue;
        const cmd = commandLine(Number(entry));
        if (cmd?.includes(ide.codeServerEntry) && cmd.includes(under) && isAlive(Number(entry)))
          out.push(Number(entry));
      }
      return out.sort((a, b) => a - b);
    }

    async function workspace(id: string): Promise<WorkspaceDto> {
      const res = await api.get<WorkspaceDto>(`/api/v1/workspaces/${id}`);
      if (res.status !== 200)
        throw new Error(`GET workspace ${id}: ${res.status} ${JSON.stringify(res.body)}`);
      return res.body;
    }

    async function waitFor(
      id: string,
      until: (w: WorkspaceDto) => boolean,
      ms = RECOVERY_MS,
      everyMs = 200,
    ): Promise<WorkspaceDto> {
      const end = Date.now() + ms;
      let w: WorkspaceDto | undefined;
      while (Date.now() < end) {
        w = await workspace(id);
        if (until(w)) return w;
        if (w.status === 'failed') break;
        await sleep(everyMs);
      }
      throw new Error(
        `workspace ${id} did not get there within ${ms} ms: ${w?.status} (${w?.statusReason}) steps ${JSON.stringify(w?.steps.map((s) => s.status))}\n${server?.output().slice(-4000)}`,
      );
    }

    /** "Workspace ready" mails written to DATA_DIR/mail, by workspace name, once `atLeast` are there. */
    async function readyMails(atLeast: number): Promise<Record<string, number>> {
      let count: Record<string, number> = {};
      for (const end = Date.now() + 20_000; Date.now() < end; await sleep(200)) {
        count = {};
        const dir = path.join(dataDir, 'mail');
        for (const f of await readdir(dir).catch(() => [])) {
          const m = /^Subject: Your YouAreCoder workspace (\S+) is ready/m.exec(
            await readFile(path.join(dir, f), 'utf8'),
          );
          if (m?.[1]) count[m[1]] = (count[m[1]] ?? 0) + 1;
        }
        if (Object.values(count).reduce((a, b) => a + b, 0) >= atLeast) break;
      }
      return Object.fromEntries(Object.entries(count).sort());
    }

    const transitions = async (id: string) =>
      (await api.get<WorkspaceLogsDto>(`/api/v1/workspaces/${id}/logs`)).body.transitions;

    beforeAll(async () => {
      db = await createTestDatabase();
      sql = new pg.Pool({ connectionString: db.url, max: 2 });
      dataDir = await mkdtemp(path.join(os.tmpdir(), 'yac-sigkill-'));
      port = await freePort();
      driver = createRuntimeDriver('process', { dataDir, ide });
    });

    afterAll(async () => {
      // The server first (gracefully), so that nothing restarts an IDE while they are destroyed.
      for (const s of servers) {
        if (s.child.exitCode !== null || s.child.signalCode !== null) continue;
        s.child.kill('SIGTERM');
        await withTimeout(s.exited, 30_000, 'SIGTERM').catch(() => {
          try {
            process.kill(-(s.child.pid as number), 'SIGKILL');
          } catch {
            // gone meanwhile
          }
        });
      }
      if (driver) {
        // Every workspace of the DATA_DIR: processes, Linux users (yac-…) and files.
        const all = new Set([...ids, ...(await driver.list().catch(() => [])).map((i) => i.id)]);
        for (const id of all) await driver.destroy(id, { graceMs: 1000 }).catch(() => undefined);
      }
      await sql?.end();
      await db?.drop();
      if (dataDir) await rm(dataDir, { recursive: true, force: true });
    }, SLOW);

    it(
      'runs: the server starts, a company signs up, two workspaces run',
      async () => {
        await waitReady(start(), port);
        api = new Api(`http://127.0.0.1:${port}`);
        const tag = Date.now().toString(36);
        const signup = await api.post<{ user: { id: string } }>('/api/v1/signup', {
          companyName: `Sigkill ${tag}`,
          subdomain: `sk-${tag}`,
          fullName: 'Killer Owner',
          email: `owner-${tag}@example.com`,
          password: 'a sturdy passphrase 42',
          acceptTerms: true,
        });
        expect(signup.status, JSON.stringify(signup.body)).toBe(201);
        expect(api.cookie).toBeTruthy();
        expect(api.csrf).toBeTruthy();
        await sql.query('update users set email_verified_at = now() where id = $1', [signup.body.user.id]);

        for (const name of ['one', 'two']) {
          const res = await api.post<{ id: string }>('/api/v1/workspaces', { name, templateId: 'tpl_blank' });
          expect(res.status, JSON.stringify(res.body)).toBe(202);
          ids.push(res.body.id);
        }
        for (const id of ids) await waitFor(id, (w) => w.status === 'running');
        for (const id of ids) {
          const insp = await driver.inspect(id);
          expect(insp.state.status).toBe('running');
          pids.push(insp.pid as number);
          transitionsBefore.set(id, (await transitions(id)).length);
        }
        expect(codeServers()).toEqual([...pids].sort((a, b) => a - b));
      },
      SLOW,
    );

    it(
      'SIGKILL while a third workspace provisions: the IDEs of the other two live on',
      async () => {
        const tpl = await api.post<{ id: string }>('/api/v1/templates', {
          name: 'Slow to provision',
          steps: [
            { type: 'files', files: [{ path: 'a.txt', content: 'x' }] },
            // Appends: a step run twice into the same project would leave two lines.
            { type: 'shell', script: 'sleep 4; echo done >> done.txt' },
          ],
        });
        expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
        const created = await api.post<{ id: string }>('/api/v1/workspaces', {
          name: 'three',
          templateId: tpl.body.id,
        });
        expect(created.status, JSON.stringify(created.body)).toBe(202);
        const id3 = created.body.id;
        ids.push(id3);
        // Killed mid-step: the files are written, the shell step sleeps.
        await waitFor(
          id3,
          (w) => w.status === 'provisioning' && w.steps[1]?.status === 'running',
          30_000,
          20,
        );
        const user3 = (await driver.inspect(id3)).user;
        expect(user3).not.toBeNull();
        const stepRuns = async () =>
          (await allProcesses()).filter(
            (p) => p.uids.includes(user3?.uid as number) && commandLine(p.pid)?.includes('/yac-step-2-'),
          );
        for (let i = 0; i < 100 && !(await stepRuns()).length; i++) await sleep(20);
        await killServer(server as Server);

        const row = await sql.query('select status from workspaces where id = $1', [id3]);
        expect(row.rows[0]?.status).toBe('provisioning');
        // The step's script runs in a process group of its own: it outlives the platform, for now.
        orphanStep.push(...(await stepRuns()).map((p) => p.pid));
        expect(orphanStep, 'the shell step was not running when the platform was killed').not.toEqual([]);
        for (const pid of pids) expect(isAlive(pid), `code-server ${pid} after the kill`).toBe(true);
        expect((await driver.inspect(ids[0] as string)).state.status).toBe('running');
        expect((await driver.inspect(ids[1] as string)).state.status).toBe('running');
      },
      SLOW,
    );

    it(
      'after a restart: the IDEs are adopted, the provisioning is redone once, nothing is stuck or orphaned',
      async () => {
        const t0 = Date.now();
        await waitReady(start(), port);
        const [id1, id2, id3] = ids as [string, string, string];
        const w3 = await waitFor(id3, (w) => w.status === 'running');
        const recoveredMs = Date.now() - t0;

        // Workspaces 1 and 2: running, the same processes, no transition since the kill.
        for (const [i, id] of [id1, id2].entries()) {
          const w = await workspace(id);
          expect(w.status).toBe('running');
          const insp = await driver.inspect(id);
          expect(insp.state.status).toBe('running');
          expect(insp.pid, `workspace ${i + 1} was restarted instead of adopted`).toBe(pids[i]);
          expect(await transitions(id)).toHaveLength(transitionsBefore.get(id) as number);
        }

        // Workspace 3: provisioned again from a clean workspace, each step once.
        expect(w3.steps.map((s) => [s.status, s.attempts])).toEqual([
          ['succeeded', 1],
          ['succeeded', 1],
        ]);
        const done = await driver.readFile(id3, { area: 'project', path: 'done.txt' });
        expect(done?.toString()).toBe('done\n');
        expect((await driver.readFile(id3, { area: 'project', path: 'a.txt' }))?.toString()).toBe('x');
        const t3 = await transitions(id3);
        expect(t3.map((t) => t.to)).toEqual([
          'pending',
          'provisioning',
          'provisioning',
          'starting',
          'running',
        ]);
        expect(t3[2]?.reason).toBe('provisioning again after an interruption');

        // Nothing transitional; the runtime holds exactly the three, no orphan; one code-server each.
        const rows = await sql.query<{ id: string; status: string }>('select id, status from workspaces');
        expect(rows.rows.filter((r) => TRANSITIONAL.includes(r.status))).toEqual([]);
        expect(rows.rows.map((r) => r.id).sort()).toEqual([...ids].sort());
        const listed = await driver.list();
        expect(listed.map((i) => i.id).sort()).toEqual([...ids].sort());
        expect(listed.filter((i) => i.orphan)).toEqual([]);
        const pid3 = (await driver.inspect(id3)).pid as number;
        expect(codeServers()).toEqual([...pids, pid3].sort((a, b) => a - b));
        // The interrupted step's script was ended (with the rest of the half-provisioned workspace).
        expect(
          orphanStep.filter((pid) => isAlive(pid) && commandLine(pid)?.includes('/yac-step-2-')),
        ).toEqual([]);
        // No converge attempt failed on the way.
        const failed = await sql.query(
          'select task_identifier, attempts, last_error from graphile_worker.jobs where last_error is not null',
        );
        expect(failed.rows).toEqual([]);
        // One "workspace ready" mail each: nothing was announced twice.
        expect(await readyMails(3)).toEqual({ one: 1, three: 1, two: 1 });
        console.log(`sigkill: workspace 3 running ${recoveredMs} ms after the restart began`);
      },
      SLOW,
    );

    it(
      'a stop cut short by SIGKILL is finished after a restart: stopped, its IDE gone',
      async () => {
        const [id1, id2, id3] = ids as [string, string, string];
        const pid1 = pids[0] as number;
        const res = await api.post(`/api/v1/workspaces/${id1}/stop`);
        expect(res.status, JSON.stringify(res.body)).toBe(202);
        await killServer(server as Server);
        const row = await sql.query('select status, desired from workspaces where id = $1', [id1]);
        expect(row.rows[0], 'the stop finished before the kill: nothing was interrupted').toEqual({
          status: 'stopping',
          desired: 'stopped',
        });

        const t0 = Date.now();
        await waitReady(start(), port);
        const w1 = await waitFor(id1, (w) => w.status === 'stopped');
        const recoveredMs = Date.now() - t0;
        expect(w1.statusReason).toMatch(/^stopped by /);
        expect(isAlive(pid1)).toBe(false);
        expect((await driver.inspect(id1)).state.status).toBe('stopped');
        // The others untouched.
        expect((await workspace(id2)).status).toBe('running');
        expect((await driver.inspect(id2)).pid).toBe(pids[1]);
        expect((await workspace(id3)).status).toBe('running');
        const rows = await sql.query<{ status: string }>('select status from workspaces');
        expect(rows.rows.filter((r) => TRANSITIONAL.includes(r.status))).toEqual([]);
        expect((await driver.list()).filter((i) => i.orphan)).toEqual([]);
        expect(codeServers()).toHaveLength(2);
        console.log(`sigkill: interrupted stop finished ${recoveredMs} ms after the restart began`);
      },
      SLOW,
    );
  });
