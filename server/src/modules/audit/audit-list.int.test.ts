import type { AuditEventDto } from '@youarecoder/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { HOUR, MINUTE } from '../../platform/clock.ts';
import { AUDIT_URL, allPages, auditUrl, memberOf, type Page, record } from './audit.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx.close());

describe('GET /api/v1/audit-events (JSON)', () => {
  it('lists the company’s events newest first, in the documented shape', async () => {
    const s = await signupCompany(ctx);
    ctx.fakeClock?.advance(MINUTE);
    await s.client.patch('/api/v1/me', { fullName: 'New Name' });
    const res = await s.client.get<Page>(AUDIT_URL);
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.events.map((e) => e.action)).toEqual([
      'user.profile_updated',
      expect.stringMatching(/^(company\.created|user\.signup)$/),
      expect.any(String),
    ]);
    const ev = res.body.events[0] as AuditEventDto;
    expect(Object.keys(ev).sort()).toEqual([
      'action',
      'actor',
      'createdAt',
      'diff',
      'id',
      'ip',
      'metadata',
      'targetId',
      'targetType',
      'userAgent',
    ]);
    expect(ev).toMatchObject({
      actor: { id: s.userId, email: s.email },
      targetType: 'user',
      targetId: s.userId,
      ip: '127.0.0.1',
    });
    expect(ev.diff).toMatchObject({ fullName: { to: 'New Name' } });
  });

  it('refuses a member with 403 and a stranger with 401', async () => {
    const s = await signupCompany(ctx);
    const member = await memberOf(ctx, s.companyId);
    for (const url of [AUDIT_URL, auditUrl({ format: 'csv' })]) {
      const res = await member.get(url);
      expect(res.status, url).toBe(403);
      expect(res.body).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect((await new Client(ctx.app).get(AUDIT_URL)).status).toBe(401);
  });

  it('filters by action, actor, target and an inclusive time range', async () => {
    const s = await signupCompany(ctx);
    const t0 = ctx.clock.now();
    ctx.fakeClock?.advance(HOUR);
    await record(ctx, s.companyId, 'user.login', { actor: 'usr_alice', target: 'usr_alice' });
    ctx.fakeClock?.advance(HOUR);
    const t2 = ctx.clock.now();
    await record(ctx, s.companyId, 'member.role_changed', { actor: 'usr_alice', target: 'usr_bob' });
    ctx.fakeClock?.advance(HOUR);
    await record(ctx, s.companyId, 'user.login', { actor: 'usr_bob', target: 'usr_bob' });
    const ids = async (params: Record<string, string>) =>
      (await s.client.get<Page>(auditUrl(params))).body.events.map(
        (e) => `${e.action}:${e.actor?.id}:${e.targetId}`,
      );

    expect(await ids({ action: 'user.login' })).toEqual([
      'user.login:usr_bob:usr_bob',
      'user.login:usr_alice:usr_alice',
    ]);
    expect(await ids({ actorId: 'usr_alice' })).toEqual([
      'member.role_changed:usr_alice:usr_bob',
      'user.login:usr_alice:usr_alice',
    ]);
    expect(await ids({ targetId: 'usr_bob' })).toEqual([
      'user.login:usr_bob:usr_bob',
      'member.role_changed:usr_alice:usr_bob',
    ]);
    expect(await ids({ action: 'user.login', actorId: 'usr_alice' })).toEqual([
      'user.login:usr_alice:usr_alice',
    ]);
    expect(await ids({ from: t2.toISOString(), to: t2.toISOString() })).toEqual([
      'member.role_changed:usr_alice:usr_bob',
    ]);
    expect(
      await ids({
        from: new Date(t0.getTime() + 1).toISOString(),
        to: new Date(t2.getTime() - 1).toISOString(),
      }),
    ).toEqual(['user.login:usr_alice:usr_alice']);
    // An offset other than Z means the same instant.
    expect(await ids({ from: '2000-01-01T03:00:00+03:00', to: t0.toISOString() })).toHaveLength(2);
    expect(await ids({ action: 'no.such_action' })).toEqual([]);
  });

  it('pages over more than two pages, each event exactly once, including events sharing a timestamp', async () => {
    const s = await signupCompany(ctx);
    // 23 events at one instant (the id breaks the tie), then 6 more spread out.
    for (let i = 0; i < 23; i++) await record(ctx, s.companyId, 'invite.sent', { metadata: { i } });
    for (let i = 23; i < 29; i++) {
      ctx.fakeClock?.advance(1000);
      await record(ctx, s.companyId, 'invite.sent', { metadata: { i } });
    }
    const { events, pages } = await allPages(s.client, { action: 'invite.sent', limit: 7 });
    expect(pages).toBe(5);
    expect(events).toHaveLength(29);
    expect(new Set(events.map((e) => e.id)).size).toBe(29);
    expect(events.map((e) => e.metadata?.i).sort((a, b) => Number(a) - Number(b))).toEqual([
      ...Array(29).keys(),
    ]);
    for (let i = 1; i < events.length; i++) {
      const [a, b] = [events[i - 1] as AuditEventDto, events[i] as AuditEventDto];
      expect(a.createdAt > b.createdAt || (a.createdAt === b.createdAt && a.id > b.id), `${i}`).toBe(true);
    }
    // An exact multiple of the page size ends with a null cursor, not an empty page.
    const exact = await allPages(s.client, { action: 'invite.sent', limit: 29 });
    expect(exact.pages).toBe(1);
  });

  it('shows nothing of another company, not even through filters or a cursor', async () => {
    const a = await signupCompany(ctx);
    const b = await signupCompany(ctx);
    for (let i = 0; i < 3; i++)
      await record(ctx, a.companyId, 'user.login', { actor: a.userId, target: a.userId });
    const aEvents = (await a.client.get<Page>(auditUrl({ limit: 2 }))).body;
    const bAll = (await allPages(b.client, {})).events;
    expect(bAll.length).toBeGreaterThan(0);
    const aIds = new Set((await allPages(a.client, {})).events.map((e) => e.id));
    expect(bAll.filter((e) => aIds.has(e.id))).toEqual([]);
    expect((await b.client.get<Page>(auditUrl({ actorId: a.userId }))).body.events).toEqual([]);
    expect((await b.client.get<Page>(auditUrl({ targetId: a.userId }))).body.events).toEqual([]);
    const viaCursor = await b.client.get<Page>(auditUrl({ cursor: aEvents.nextCursor as string }));
    expect(viaCursor.status).toBe(200);
    expect(viaCursor.body.events.filter((e) => aIds.has(e.id))).toEqual([]);
    const csv = await b.client.get<string>(auditUrl({ format: 'csv' }));
    for (const id of aIds) expect(csv.body).not.toContain(id);
  });

  it('never shows events without a company (unknown-email sign-in failures)', async () => {
    const s = await signupCompany(ctx);
    await new Client(ctx.app).post('/api/v1/sessions', {
      email: `ghost-${Date.now()}@example.com`,
      password: 'whatever it is',
    });
    await record(ctx, null, 'user.login', { actor: s.userId, target: s.userId });
    const { rows } = await ctx.deps.database.pool.query(
      `select count(*)::int as n from audit_events where company_id is null`,
    );
    expect(rows[0].n).toBeGreaterThanOrEqual(2);
    const events = (await allPages(s.client, {})).events;
    expect(events.map((e) => e.action).sort()).toEqual(['company.created', 'user.signup']);
    expect((await s.client.get<Page>(auditUrl({ action: 'user.login_failed' }))).body.events).toEqual([]);
  });

  it('refuses bad query parameters with 400 naming the field', async () => {
    const s = await signupCompany(ctx);
    for (const [params, field] of [
      [{ limit: 0 }, 'limit'],
      [{ limit: 1001 }, 'limit'],
      [{ limit: 'ten' }, 'limit'],
      [{ limit: 2.5 }, 'limit'],
      [{ from: 'not-a-date' }, 'from'],
      [{ to: '2026-13-45' }, 'to'],
      [{ format: 'xml' }, 'format'],
      [{ action: 'x'.repeat(81) }, 'action'],
      [{ cursor: 'garbage' }, 'cursor'],
      [{ cursor: Buffer.from('2026-01-01T00:00:00.000Z|bad id!').toString('base64url') }, 'cursor'],
      [{ action: 'user.\u0000login' }, 'action'],
      [{ actorId: 'usr_\u0000' }, 'actorId'],
    ] as const) {
      const res = await s.client.get(auditUrl(params as Record<string, string | number>));
      expect(res.status, JSON.stringify(params)).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(Object.keys(res.body.fields as object), JSON.stringify(params)).toEqual([field]);
    }
  });
});
