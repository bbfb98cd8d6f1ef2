import type { MemberDto } from '@youarecoder/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { bearerClient, login } from '../accounts/accounts.test-helpers.ts';
import { auditActions, join, verifiedCompany } from './team.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

const q = (sql: string, params: unknown[]) => ctx.deps.database.pool.query(sql, params);

describe('GET /members', () => {
  it('any member lists the whole company, owner first, without internals', async () => {
    const owner = await verifiedCompany(ctx, 1);
    const admin = await join(ctx, owner.client, { role: 'admin', workspaceQuota: 1 });
    const member = await join(ctx, owner.client, { workspaceQuota: 2 });
    const res = await member.client.get<{ members: MemberDto[] }>('/api/v1/members');
    expect(res.status).toBe(200);
    expect(res.body.members.map((m) => [m.id, m.role, m.workspaceQuota])).toEqual([
      [owner.userId, 'owner', 1],
      [admin.userId, 'admin', 1],
      [member.userId, 'member', 2],
    ]);
    expect(res.body.members[2]).toMatchObject({
      email: member.email,
      emailVerified: true,
      lastLoginAt: null,
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password|argon/i);
  });
});

describe('PATCH /members/:id quotas', () => {
  it('changes a quota, audits the diff, and refuses a sum above the limit', async () => {
    const owner = await verifiedCompany(ctx, 1);
    const member = await join(ctx, owner.client, { workspaceQuota: 1 });
    const res = await owner.client.patch<MemberDto>(`/api/v1/members/${member.userId}`, {
      workspaceQuota: 3,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: member.userId, workspaceQuota: 3, role: 'member' });
    const event = (await auditActions(ctx, owner.companyId)).find(
      (a) => a.action === 'member.quota_changed' && a.target_id === member.userId,
    );
    expect(event?.diff).toEqual({ workspaceQuota: { from: 1, to: 3 } });
    expect(event?.actor_user_id).toBe(owner.userId);

    const over = await owner.client.patch(`/api/v1/members/${member.userId}`, { workspaceQuota: 5 });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('QUOTA_EXCEEDED');
    expect(over.body.message).toBe(
      "The company's workspace limit is 5 and 1 are already allocated to members and open invites; at most 4 can be given here.",
    );
    expect(over.body.fields).toEqual({ workspaceQuota: 'may be at most 4' });
    expect(over.body.fieldCodes).toEqual({ workspaceQuota: 'too_big' });
    expect(over.body.fieldParams).toEqual({ workspaceQuota: { maximum: 4, origin: 'number' } });
    expect(
      (await q('select workspace_quota from users where id = $1', [member.userId])).rows[0].workspace_quota,
    ).toBe(3);
    expect((await owner.client.patch(`/api/v1/members/${member.userId}`, { workspaceQuota: 4 })).status).toBe(
      200,
    );
  });

  it('open invites count toward the limit', async () => {
    const owner = await verifiedCompany(ctx, 0);
    const member = await join(ctx, owner.client);
    expect(
      (
        await owner.client.post('/api/v1/invites', {
          email: 'pending-quota@example.com',
          role: 'member',
          workspaceQuota: 3,
        })
      ).status,
    ).toBe(201);
    const res = await owner.client.patch(`/api/v1/members/${member.userId}`, { workspaceQuota: 3 });
    expect(res.status).toBe(409);
    expect(res.body.message).toContain('3 are already allocated');
    // The dashboard numbers use the same sum as the check, so they never disagree.
    const me = await owner.client.get<{ company: { quotaAllocated: number; memberCount: number } }>(
      '/api/v1/me',
    );
    expect(me.body.company).toMatchObject({ quotaAllocated: 3, memberCount: 2 });
    const company = await owner.client.get<{ quotaAllocated: number }>('/api/v1/company');
    expect(company.body.quotaAllocated).toBe(3);
    // An expired invite no longer counts.
    await ctx.deps.database.pool.query(
      `update invites set expires_at = now() - interval '1 minute' where email = 'pending-quota@example.com'`,
    );
    const later = await owner.client.get<{ company: { quotaAllocated: number } }>('/api/v1/me');
    expect(later.body.company.quotaAllocated).toBe(0);
  });

  it('lowering a quota always works, even when the company is above its limit', async () => {
    const owner = await verifiedCompany(ctx, 5);
    await q('update companies set workspace_limit = 2 where id = $1', [owner.companyId]);
    expect((await owner.client.patch(`/api/v1/members/${owner.userId}`, { workspaceQuota: 4 })).status).toBe(
      200,
    );
    const raise = await owner.client.patch(`/api/v1/members/${owner.userId}`, { workspaceQuota: 5 });
    expect(raise.body.code).toBe('QUOTA_EXCEEDED');
    expect(raise.body.message).toContain(
      'limit is 2 and 0 are already allocated to members and open invites; at most 2',
    );
  });

  it('5 concurrent changes that each fit alone never take the sum above the limit', async () => {
    const owner = await verifiedCompany(ctx, 0);
    const people = [owner.userId];
    for (let i = 0; i < 4; i++) people.push((await join(ctx, owner.client)).userId);
    const results = await Promise.all(
      people.map((id) => owner.client.patch(`/api/v1/members/${id}`, { workspaceQuota: 2 })),
    );
    expect(results.map((r) => r.status).sort()).toEqual([200, 200, 409, 409, 409]);
    const sum = await q('select sum(workspace_quota)::int as n from users where company_id = $1', [
      owner.companyId,
    ]);
    expect(sum.rows[0].n).toBe(4);
  });
});

describe('PATCH /members/:id roles', () => {
  it('the owner promotes and demotes; each change is audited with its diff', async () => {
    const owner = await verifiedCompany(ctx);
    const m = await join(ctx, owner.client);
    const up = await owner.client.patch<MemberDto>(`/api/v1/members/${m.userId}`, { role: 'admin' });
    expect(up.status).toBe(200);
    expect(up.body.role).toBe('admin');
    expect((await m.client.get<{ user: { role: string } }>('/api/v1/me')).body.user.role).toBe('admin');
    expect((await owner.client.patch(`/api/v1/members/${m.userId}`, { role: 'member' })).status).toBe(200);
    const diffs = (await auditActions(ctx, owner.companyId))
      .filter((a) => a.action === 'member.role_changed')
      .map((a) => a.diff);
    expect(diffs).toEqual(
      expect.arrayContaining([
        { role: { from: 'member', to: 'admin' } },
        { role: { from: 'admin', to: 'member' } },
      ]),
    );
  });

  it('admins promote members but cannot touch other admins, the owner, or their own role', async () => {
    const owner = await verifiedCompany(ctx, 1);
    const admin = await join(ctx, owner.client, { role: 'admin' });
    const admin2 = await join(ctx, owner.client, { role: 'admin' });
    const m = await join(ctx, owner.client);
    expect((await admin.client.patch(`/api/v1/members/${m.userId}`, { role: 'admin' })).status).toBe(200);
    for (const [id, body] of [
      [admin2.userId, { role: 'member' }],
      [admin2.userId, { workspaceQuota: 1 }],
      [owner.userId, { role: 'member' }],
      [owner.userId, { workspaceQuota: 0 }],
      [admin.userId, { role: 'member' }],
    ] as const) {
      const res = await admin.client.patch(`/api/v1/members/${id}`, body);
      expect(res.status, `${id} ${JSON.stringify(body)}`).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    // An admin may still set their own quota (they manage the pool anyway).
    expect((await admin.client.patch(`/api/v1/members/${admin.userId}`, { workspaceQuota: 1 })).status).toBe(
      200,
    );
  });

  it("nobody changes the owner's role this way, not even the owner", async () => {
    const owner = await verifiedCompany(ctx);
    const res = await owner.client.patch(`/api/v1/members/${owner.userId}`, { role: 'admin' });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/transfer ownership/);
    expect((await q('select role from users where id = $1', [owner.userId])).rows[0].role).toBe('owner');
  });

  it('a member can change nobody (403), and an empty change is a 400 naming the problem', async () => {
    const owner = await verifiedCompany(ctx);
    const m = await join(ctx, owner.client);
    const other = await join(ctx, owner.client);
    for (const [id, body] of [
      [other.userId, { role: 'admin' }],
      [m.userId, { role: 'admin' }],
      [m.userId, { workspaceQuota: 1 }],
    ] as const) {
      expect((await m.client.patch(`/api/v1/members/${id}`, body)).status).toBe(403);
    }
    const empty = await owner.client.patch(`/api/v1/members/${m.userId}`, {});
    expect(empty.status).toBe(400);
    const bad = await owner.client.patch(`/api/v1/members/${m.userId}`, {
      role: 'owner',
      workspaceQuota: -1,
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object).sort()).toEqual(['role', 'workspaceQuota']);
  });
});

describe('DELETE /members/:id', () => {
  it('removes the member: their sessions and API tokens end at once, the audit keeps who and the resources choice', async () => {
    const owner = await verifiedCompany(ctx);
    const m = await join(ctx, owner.client, { workspaceQuota: 2 });
    const token = await m.client.post<{ token: string }>('/api/v1/api-tokens', { name: 'laptop' });
    expect(token.status).toBe(201);
    const second = await login(ctx, m.email, m.password);
    expect(second.res.status).toBe(200);
    const viaToken = bearerClient(ctx, token.body.token);
    expect((await viaToken.get('/api/v1/me')).status).toBe(200);

    const missing = await owner.client.del(`/api/v1/members/${m.userId}`);
    expect(missing.status).toBe(400);
    expect(missing.body.fields).toHaveProperty('resources');

    const res = await owner.client.del(`/api/v1/members/${m.userId}?resources=transfer`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true, resources: 'transfer' });
    for (const c of [m.client, second.client, viaToken]) expect((await c.get('/api/v1/me')).status).toBe(401);
    expect((await q('select count(*)::int as n from users where id = $1', [m.userId])).rows[0].n).toBe(0);
    expect((await login(ctx, m.email, m.password)).res.status).toBe(401);
    const event = (await auditActions(ctx, owner.companyId)).find((a) => a.action === 'member.removed');
    expect(event).toMatchObject({ actor_user_id: owner.userId, target_id: m.userId });
    expect(event?.metadata).toMatchObject({
      email: m.email,
      resources: 'transfer',
      resourcesTo: owner.userId,
      workspaceQuota: 2,
    });
    const list = await owner.client.get<{ members: MemberDto[] }>('/api/v1/members');
    expect(list.body.members.map((x) => x.id)).not.toContain(m.userId);
  });

  it('the owner cannot be removed, nobody removes themself, admins cannot remove admins, members remove nobody', async () => {
    const owner = await verifiedCompany(ctx);
    const admin = await join(ctx, owner.client, { role: 'admin' });
    const admin2 = await join(ctx, owner.client, { role: 'admin' });
    const m = await join(ctx, owner.client);
    const m2 = await join(ctx, owner.client);
    const cases = [
      [owner.client, owner.userId, /transfer ownership/],
      [admin.client, owner.userId, /owner cannot be removed/],
      [admin.client, admin.userId, /ask the company owner/],
      [admin.client, admin2.userId, /Only the owner can remove an admin/],
      [m.client, m2.userId, /owner or admin/],
      [m.client, m.userId, /owner or admin/],
    ] as const;
    for (const [client, id, message] of cases) {
      const res = await client.del(`/api/v1/members/${id}?resources=delete`);
      expect(res.status, String(message)).toBe(403);
      expect(res.body.message).toMatch(message);
    }
    const ok = await admin.client.del(`/api/v1/members/${m2.userId}?resources=delete`);
    expect(ok.body).toEqual({ ok: true, resources: 'delete' });
    expect((await owner.client.del(`/api/v1/members/${admin2.userId}?resources=delete`)).status).toBe(200);
  });
});

describe('POST /company/ownership', () => {
  it('needs the right password and a verified member; then the old owner is admin and the new one owner', async () => {
    const owner = await verifiedCompany(ctx);
    const m = await join(ctx, owner.client);
    const wrong = await owner.client.post('/api/v1/company/ownership', {
      userId: m.userId,
      password: 'not my password at all',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fields).toEqual({ password: 'is wrong' });
    expect(wrong.body.fieldCodes).toEqual({ password: 'wrong_password' });

    // Invited members verify by accepting; an unverified one can only be made by hand.
    const u = await join(ctx, owner.client);
    await q('update users set email_verified_at = null where id = $1', [u.userId]);
    const unverified = await owner.client.post('/api/v1/company/ownership', {
      userId: u.userId,
      password: owner.password,
    });
    expect(unverified.status).toBe(400);
    expect(unverified.body.fields).toHaveProperty('userId');
    expect(unverified.body.fieldCodes).toEqual({ userId: 'not_verified' });

    const self = await owner.client.post('/api/v1/company/ownership', {
      userId: owner.userId,
      password: owner.password,
    });
    expect(self.status).toBe(403);
    expect(
      (await m.client.post('/api/v1/company/ownership', { userId: m.userId, password: m.password })).status,
    ).toBe(403);

    const res = await owner.client.post('/api/v1/company/ownership', {
      userId: m.userId,
      password: owner.password,
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    expect((await owner.client.get<{ user: { role: string } }>('/api/v1/me')).body.user.role).toBe('admin');
    expect((await m.client.get<{ user: { role: string } }>('/api/v1/me')).body.user.role).toBe('owner');
    const roles = await q(`select count(*)::int as n from users where company_id = $1 and role = 'owner'`, [
      owner.companyId,
    ]);
    expect(roles.rows[0].n).toBe(1);
    const event = (await auditActions(ctx, owner.companyId)).find(
      (a) => a.action === 'company.ownership_transferred',
    );
    expect(event?.diff).toMatchObject({ ownerUserId: { from: owner.userId, to: m.userId } });

    // The former owner has lost the power: the new owner now may remove them.
    expect(
      (
        await owner.client.post('/api/v1/company/ownership', {
          userId: owner.userId,
          password: owner.password,
        })
      ).status,
    ).toBe(403);
    expect((await m.client.del(`/api/v1/members/${owner.userId}?resources=transfer`)).status).toBe(200);
  });
});

describe('tenant boundary', () => {
  it("another company's owner gets 404 on this company's members on every route", async () => {
    const a = await verifiedCompany(ctx);
    const am = await join(ctx, a.client);
    const b = await verifiedCompany(ctx);
    for (const res of [
      await b.client.patch(`/api/v1/members/${am.userId}`, { workspaceQuota: 0 }),
      await b.client.patch(`/api/v1/members/${am.userId}`, { role: 'admin' }),
      await b.client.del(`/api/v1/members/${am.userId}?resources=delete`),
      await b.client.del(`/api/v1/members/${a.userId}?resources=delete`),
      await b.client.post('/api/v1/company/ownership', { userId: am.userId, password: b.password }),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    const list = await b.client.get('/api/v1/members');
    expect(JSON.stringify(list.body)).not.toContain(am.userId);
    expect((await am.client.get<{ user: { role: string } }>('/api/v1/me')).body.user.role).toBe('member');
    expect((await q('select role from users where id = $1', [b.userId])).rows[0].role).toBe('owner');
  });
});
