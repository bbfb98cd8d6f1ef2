// The event stream of a workspace over a real connection: the first event at once, a change made
// in a transaction arrives on commit, and closing the server ends open streams instead of waiting.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

describe('GET /api/v1/workspaces/:id/events', () => {
  it('streams the workspace at once and each change on commit; server close ends the stream', async () => {
    const c = await signupCompany(ctx);
    await ctx.deps.database.pool.query('update users set email_verified_at = now() where id = $1', [
      c.userId,
    ]);
    const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'live',
      templateId: 'tpl_blank',
    });
    await ctx.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = ctx.app.server.address() as AddressInfo;
    const events: Array<{ event: string; data: { status?: string; idleTimeoutMinutes?: number } }> = [];
    let ended = false;
    const res = await new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(
          {
            port,
            host: '127.0.0.1',
            path: `/api/v1/workspaces/${ws.body.id}/events`,
            headers: { cookie: `yac_session=${c.client.cookie}` },
          },
          resolve,
        )
        .on('error', reject),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    let buf = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      buf += chunk;
      for (let at = buf.indexOf('\n\n'); at >= 0; at = buf.indexOf('\n\n')) {
        const block = buf.slice(0, at);
        buf = buf.slice(at + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = /^data: (.*)$/m.exec(block)?.[1];
        if (event && data) events.push({ event, data: JSON.parse(data) });
      }
    });
    res.on('end', () => {
      ended = true;
    });
    await expect.poll(() => events.length).toBe(1);
    expect(events[0]).toMatchObject({
      event: 'workspace',
      data: { status: 'pending', idleTimeoutMinutes: 60 },
    });

    // A change through the API arrives as a new `workspace` event.
    expect(
      (await c.client.patch(`/api/v1/workspaces/${ws.body.id}`, { idleTimeoutMinutes: 90 })).status,
    ).toBe(200);
    await expect.poll(() => events.at(-1)?.data.idleTimeoutMinutes).toBe(90);

    const t0 = Date.now();
    await ctx.app.close();
    expect(Date.now() - t0).toBeLessThan(5000);
    await expect.poll(() => ended).toBe(true);
  });
});
