// The contract every RuntimeDriver passes, against a real code-server: a driver's integration test calls
// runtimeDriverContract(name, makeDriver) and gets these tests registered.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomAlnum } from '../../platform/ids.ts';
import type { RuntimeDriver, RuntimeInspection, WorkspaceSpec } from './runtime.ts';

/** What a driver's test hands to the contract. */
export interface ContractSubject {
  readonly driver: RuntimeDriver;
  /** A new driver instance over the same state, as after a platform restart. */
  reopen(): Promise<RuntimeDriver>;
  /** Kill the workspace's IDE the hard way; default: SIGKILL to the pid inspect() reports. */
  crash?(id: string): Promise<void>;
  /** Remove what the subject made (temporary folders); workspaces are destroyed by the contract. */
  cleanup(): Promise<void>;
}

const SLOW = 120_000;

/** A GET over a unix socket (the gateway's way in). */
export function getOverSocket(
  socketPath: string,
  urlPath: string,
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ socketPath, path: urlPath, agent: false, timeout: 10_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
  });
}

/** code-server answers its health check and serves the workbench (following its redirect to the folder). */
export async function expectIdeAnswers(socketPath: string): Promise<void> {
  const health = await getOverSocket(socketPath, '/healthz');
  expect(health.status).toBe(200);
  expect(JSON.parse(health.body)).toHaveProperty('status');
  let res = await getOverSocket(socketPath, '/');
  if (res.status >= 300 && res.status < 400 && res.headers.location)
    res = await getOverSocket(
      socketPath,
      new URL(res.headers.location, 'http://ws/').pathname +
        new URL(res.headers.location, 'http://ws/').search,
    );
  expect(res.status).toBe(200);
  expect(res.headers['content-type']).toMatch(/text\/html/);
  expect(res.body).toMatch(/workbench/);
}

async function eventually<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v) || Date.now() > end) return v;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Register the shared RuntimeDriver contract tests for one driver. */
export function runtimeDriverContract(name: string, makeDriver: () => Promise<ContractSubject>): void {
  describe(`RuntimeDriver contract: ${name}`, () => {
    let subject: ContractSubject;
    let d: RuntimeDriver;
    const made: string[] = [];
    const newSpec = (over: Partial<WorkspaceSpec> = {}): WorkspaceSpec => {
      const id = `ws_${randomAlnum(20)}`;
      made.push(id);
      return { id, name: `Contract ${id}`, env: { YAC_CONTRACT: 'yes' }, ...over };
    };
    const running = (ins: RuntimeInspection) => ins.state.status === 'running';

    beforeAll(async () => {
      subject = await makeDriver();
      d = subject.driver;
    }, SLOW);
    afterAll(async () => {
      for (const id of made) await d?.destroy(id, { graceMs: 1000 }).catch(() => undefined);
      await subject?.cleanup();
    }, SLOW);

    it(
      'runs a workspace through its life: create, start, answer, measure, stop, start, destroy',
      async () => {
        const spec = newSpec();
        let ins = await d.create(spec);
        expect(ins).toMatchObject({ id: spec.id, state: { status: 'created' }, pid: null, socketPath: null });
        expect(ins.isolated).toBe(d.isolated);

        ins = await d.start(spec.id);
        expect(ins.state.status).toBe('running');
        expect(ins.pid).toBeGreaterThan(1);
        expect(ins.socketPath).toBe(d.socketPath(spec.id));
        expect(ins.startedAt).toEqual(expect.any(String));
        expect(await d.inspect(spec.id)).toEqual(ins);
        await expectIdeAnswers(ins.socketPath as string);

        const stats = await d.stats(spec.id);
        expect(stats?.processes).toBeGreaterThanOrEqual(1);
        expect(stats?.cpuSeconds).toBeGreaterThan(0);
        expect(stats?.memoryBytes).toBeGreaterThan(20 * 1024 * 1024);
        expect(stats?.memoryBytes).toBeLessThan(4 * 1024 ** 3);
        expect(stats?.diskBytes).toBeGreaterThan(0);
        expect((await d.logs(spec.id)).length).toBeGreaterThan(0);
        expect((await d.logs(spec.id, { tail: 2 })).length).toBe(2);

        ins = await d.stop(spec.id);
        expect(ins).toMatchObject({ state: { status: 'stopped' }, pid: null, socketPath: null });
        expect(await d.inspect(spec.id)).toEqual(ins);
        await expect(getOverSocket(d.socketPath(spec.id), '/healthz')).rejects.toThrow();
        expect(await d.stats(spec.id)).toMatchObject({ processes: 0, memoryBytes: 0 });

        const again = await d.start(spec.id);
        expect(again.state.status).toBe('running');
        expect(again.pid).not.toBe(null);
        await expectIdeAnswers(again.socketPath as string);

        await d.destroy(spec.id);
        expect((await d.inspect(spec.id)).state).toEqual({ status: 'absent' });
        expect(await d.logs(spec.id)).toEqual([]);
        expect(await d.stats(spec.id)).toBeNull();
      },
      SLOW,
    );

    it(
      'is idempotent: repeated and concurrent operations converge',
      async () => {
        const spec = newSpec();
        await d.create(spec);
        const recreated = await d.create({ ...spec, env: { YAC_CONTRACT: 'changed' } });
        expect(recreated.state.status).toBe('created');
        expect((await d.stop(spec.id)).state.status).toBe('created');

        const [a, b] = await Promise.all([d.start(spec.id), d.start(spec.id)]);
        expect(a.state.status).toBe('running');
        expect(b.pid).toBe(a.pid);
        expect((await d.start(spec.id)).pid).toBe(a.pid);

        expect((await d.stop(spec.id)).state.status).toBe('stopped');
        expect((await d.stop(spec.id)).state.status).toBe('stopped');
        await d.destroy(spec.id);
        await d.destroy(spec.id);

        const never = `ws_${randomAlnum(20)}`;
        await d.destroy(never);
        expect((await d.stop(never)).state.status).toBe('absent');
        expect((await d.inspect(never)).state).toEqual({ status: 'absent' });
        await expect(d.start(never)).rejects.toMatchObject({ code: 'not_found' });
      },
      SLOW,
    );

    it(
      'shows a killed IDE as crashed with its last log lines, and starts it again',
      async () => {
        const spec = newSpec();
        await d.create(spec);
        const first = await d.start(spec.id);
        if (subject.crash) await subject.crash(spec.id);
        else process.kill(first.pid as number, 'SIGKILL');

        const ins = await eventually(
          () => d.inspect(spec.id),
          (i) => i.state.status === 'crashed',
        );
        expect(ins).toMatchObject({ pid: null, socketPath: null });
        if (ins.state.status !== 'crashed') throw new Error(`expected crashed, got ${ins.state.status}`);
        expect(ins.state.logTail.length).toBeGreaterThan(0);
        expect(ins.state.signal === 'SIGKILL' || ins.state.exitCode === 137).toBe(true);

        const restarted = await d.start(spec.id);
        expect(restarted.state.status).toBe('running');
        expect(restarted.pid).not.toBe(first.pid);
        await expectIdeAnswers(restarted.socketPath as string);
        await d.destroy(spec.id);
      },
      SLOW,
    );

    it(
      'reports starting while a start is in progress',
      async () => {
        const spec = newSpec();
        await d.create(spec);
        const seen = new Set<string>();
        let done = false;
        const started = d.start(spec.id).finally(() => {
          done = true;
        });
        while (!done) {
          seen.add((await d.inspect(spec.id)).state.status);
          await new Promise((r) => setTimeout(r, 10));
        }
        expect((await started).state.status).toBe('running');
        expect(seen).toContain('starting');
        expect([...seen].every((s) => ['created', 'starting', 'running'].includes(s))).toBe(true);
        await d.destroy(spec.id);
      },
      SLOW,
    );

    it(
      'adopts what an earlier instance started, as after a platform restart',
      async () => {
        const spec = newSpec();
        await d.create(spec);
        const first = await d.start(spec.id);
        const later = await subject.reopen();
        expect(await later.inspect(spec.id)).toEqual(first);
        expect((await later.list()).find((i) => i.id === spec.id)).toEqual(first);
        expect((await later.start(spec.id)).pid).toBe(first.pid);
        await expectIdeAnswers(later.socketPath(spec.id));
        expect((await later.stop(spec.id)).state.status).toBe('stopped');
        expect((await d.inspect(spec.id)).state.status).toBe('stopped');
        await later.destroy(spec.id);
        expect((await d.inspect(spec.id)).state.status).toBe('absent');
      },
      SLOW,
    );

    it(
      'lists what exists',
      async () => {
        const a = newSpec();
        const b = newSpec();
        await d.create(a);
        await d.create(b);
        await d.start(a.id);
        const listed = new Map((await d.list()).map((i) => [i.id, i]));
        expect(running(listed.get(a.id) as RuntimeInspection)).toBe(true);
        expect(listed.get(b.id)?.state.status).toBe('created');
        expect([...listed.values()].filter((i) => i.orphan)).toEqual([]);
        await d.destroy(b.id);
        expect((await d.list()).map((i) => i.id)).not.toContain(b.id);
        await d.destroy(a.id);
      },
      SLOW,
    );

    it('rejects specs it cannot run safely', async () => {
      await expect(d.create({ id: 'not-an-id', name: 'x' })).rejects.toMatchObject({ code: 'invalid_spec' });
      await expect(d.create(newSpec({ env: { HOME: '/' } }))).rejects.toMatchObject({ code: 'invalid_spec' });
      await expect(d.create(newSpec({ env: { 'A-B': '1' } }))).rejects.toMatchObject({
        code: 'invalid_spec',
      });
      await expect(d.create(newSpec({ folder: '../../etc' }))).rejects.toMatchObject({
        code: 'invalid_spec',
      });
      expect(() => d.socketPath('../../etc')).toThrow();
    });
  });
}
