import type { InviteDto } from '@youarecoder/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { DAY } from '../../platform/clock.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import { accept, auditActions, freshEmail, invite, nthMailTo, verifiedCompany } from './team.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx.close());

const anon = () => new Client(ctx.app);

/** Move the fake clock; sessions are shorter than invites, so the owner signs in again. */
async function later(ms: number, owner: { email: string; password: string }): Promise<Client> {
  ctx.fakeClock?.advance(ms);
  const { client, res } = await login(ctx, owner.email, owner.password);
  expect(res.status).toBe(200);
  return client;
}

describe('resend, revoke, expiry', () => {
  it('resend issues a new link with a fresh 7 days; the old link stops working', async () => {
    const owner = await verifiedCompany(ctx);
    const sent = await invite(ctx, owner.client);
    owner.client = await later(3 * DAY, owner);
    const res = await owner.client.post<InviteDto>(`/api/v1/invites/${sent.invite.id}/resend`);
    expect(res.status).toBe(200);
    const now = ctx.clock.now().getTime();
    expect(new Date(res.body.expiresAt).getTime()).toBe(now + 7 * DAY);
    expect(new Date(res.body.lastSentAt).getTime()).toBe(now);
    expect(res.body.createdAt).toBe(sent.invite.createdAt);

    const mail = await nthMailTo(ctx, sent.email, 'invited you', 1);
    const fresh = new URL(
      (mail.text ?? '').match(/http\S+accept-invite\?token=\S+/)?.[0] as string,
    ).searchParams.get('token') as string;
    expect(fresh).not.toBe(sent.token);
    const old = await anon().get(`/api/v1/invites/lookup?token=${encodeURIComponent(sent.token)}`);
    expect(old.status).toBe(400);
    expect(old.body.code).toBe('TOKEN_INVALID');
    expect((await accept(ctx, sent.token)).res.status).toBe(400);
    expect((await accept(ctx, fresh)).res.status).toBe(201);
    expect((await auditActions(ctx, owner.companyId)).map((a) => a.action)).toContain('invite.resent');
  });

  it('a revoked invite is refused, leaves the list and frees its quota', async () => {
    const owner = await verifiedCompany(ctx);
    const sent = await invite(ctx, owner.client, { workspaceQuota: 5 });
    expect(
      (await owner.client.post('/api/v1/invites', { email: freshEmail(), role: 'member', workspaceQuota: 1 }))
        .body.code,
    ).toBe('QUOTA_EXCEEDED');
    const res = await owner.client.del(`/api/v1/invites/${sent.invite.id}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    const look = await anon().get(`/api/v1/invites/lookup?token=${encodeURIComponent(sent.token)}`);
    expect(look.status).toBe(400);
    expect(look.body.code).toBe('TOKEN_INVALID');
    expect(look.body.message).toMatch(/withdrawn/);
    expect((await accept(ctx, sent.token)).res.status).toBe(400);
    const list = await owner.client.get<{ invites: InviteDto[] }>('/api/v1/invites');
    expect(list.body.invites.map((i) => i.id)).not.toContain(sent.invite.id);
    expect((await owner.client.del(`/api/v1/invites/${sent.invite.id}`)).status).toBe(409);
    expect((await owner.client.post(`/api/v1/invites/${sent.invite.id}/resend`)).status).toBe(409);
    expect(
      (await owner.client.post('/api/v1/invites', { email: freshEmail(), role: 'member', workspaceQuota: 5 }))
        .status,
    ).toBe(201);
    expect((await auditActions(ctx, owner.companyId)).map((a) => a.action)).toContain('invite.revoked');
  });

  it('an expired invite is refused, listed as expired, frees its quota, and resending must fit the limit again', async () => {
    const owner = await verifiedCompany(ctx);
    const sent = await invite(ctx, owner.client, { workspaceQuota: 4 });
    owner.client = await later(7 * DAY + 1000, owner);
    const look = await anon().get(`/api/v1/invites/lookup?token=${encodeURIComponent(sent.token)}`);
    expect(look.status).toBe(400);
    expect(look.body.message).toMatch(/expired/);
    expect((await accept(ctx, sent.token)).res.body.code).toBe('TOKEN_INVALID');
    const list = await owner.client.get<{ invites: InviteDto[] }>('/api/v1/invites');
    expect(list.body.invites.find((i) => i.id === sent.invite.id)?.status).toBe('expired');

    // The expired invite no longer holds its 4: they can go elsewhere.
    expect((await owner.client.patch(`/api/v1/members/${owner.userId}`, { workspaceQuota: 3 })).status).toBe(
      200,
    );
    const resend = await owner.client.post(`/api/v1/invites/${sent.invite.id}/resend`);
    expect(resend.status).toBe(409);
    expect(resend.body.code).toBe('QUOTA_EXCEEDED');
    expect(resend.body.message).toBe(
      "The company's workspace limit is 5 and 3 are already allocated to members and open invites; at most 2 can be given here.",
    );
    expect((await owner.client.patch(`/api/v1/members/${owner.userId}`, { workspaceQuota: 1 })).status).toBe(
      200,
    );
    const ok = await owner.client.post<InviteDto>(`/api/v1/invites/${sent.invite.id}/resend`);
    expect(ok.status).toBe(200);
    expect(ok.body.status).toBe('pending');
    const fresh = await nthMailTo(ctx, sent.email, 'invited you', 1);
    expect((fresh.text ?? '').includes('accept-invite?token=')).toBe(true);
  });

  it('an invite expired more than 30 days ago leaves the list', async () => {
    const owner = await verifiedCompany(ctx);
    const sent = await invite(ctx, owner.client);
    owner.client = await later(38 * DAY, owner);
    const list = await owner.client.get<{ invites: InviteDto[] }>('/api/v1/invites');
    expect(list.body.invites.map((i) => i.id)).not.toContain(sent.invite.id);
  });
});

describe('invite quotas', () => {
  it('an invite beyond the limit gets 409 QUOTA_EXCEEDED naming the limit and the sum', async () => {
    const owner = await verifiedCompany(ctx, 1);
    await invite(ctx, owner.client, { workspaceQuota: 3 });
    const res = await owner.client.post('/api/v1/invites', {
      email: freshEmail(),
      role: 'member',
      workspaceQuota: 2,
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('QUOTA_EXCEEDED');
    expect(res.body.message).toBe(
      "The company's workspace limit is 5 and 4 are already allocated to members and open invites; at most 1 can be given here.",
    );
    expect(res.body.fields).toEqual({ workspaceQuota: 'may be at most 1' });
    expect(
      (await owner.client.post('/api/v1/invites', { email: freshEmail(), role: 'member', workspaceQuota: 1 }))
        .status,
    ).toBe(201);
  });

  it('concurrent invites that each fit alone never pass the limit together', async () => {
    const owner = await verifiedCompany(ctx, 0);
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map(() =>
        owner.client.post('/api/v1/invites', {
          email: freshEmail('race'),
          role: 'member',
          workspaceQuota: 2,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409, 409, 409]);
    const sum = await ctx.deps.database.pool.query(
      'select coalesce(sum(workspace_quota), 0)::int as n from invites where company_id = $1 and revoked_at is null and accepted_at is null',
      [owner.companyId],
    );
    expect(sum.rows[0].n).toBe(4);
  });
});

describe('resend by an unverified inviter', () => {
  it('gets 403 EMAIL_NOT_VERIFIED for an invite of their own company', async () => {
    const owner = await verifiedCompany(ctx);
    const sent = await invite(ctx, owner.client);
    // Nobody unverifies through the API; this stands for an inviter whose address is not confirmed.
    await ctx.deps.database.pool.query('update users set email_verified_at = null where id = $1', [
      owner.userId,
    ]);
    const res = await owner.client.post(`/api/v1/invites/${sent.invite.id}/resend`);
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('EMAIL_NOT_VERIFIED');
  });
});

describe('tenant boundary', () => {
  it("another company's owner gets 404 for this company's invites and never sees them", async () => {
    const a = await verifiedCompany(ctx);
    const sent = await invite(ctx, a.client);
    const b = await verifiedCompany(ctx);
    // An unverified owner too: the 404 comes before any other refusal.
    const unverified = await signupCompany(ctx);
    for (const res of [
      await b.client.post(`/api/v1/invites/${sent.invite.id}/resend`),
      await b.client.del(`/api/v1/invites/${sent.invite.id}`),
      await unverified.client.post(`/api/v1/invites/${sent.invite.id}/resend`),
      await unverified.client.del(`/api/v1/invites/${sent.invite.id}`),
    ]) {
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
    }
    const list = await b.client.get('/api/v1/invites');
    expect(JSON.stringify(list.body)).not.toContain(sent.invite.id);
    const row = await ctx.deps.database.pool.query('select revoked_at from invites where id = $1', [
      sent.invite.id,
    ]);
    expect(row.rows[0].revoked_at).toBeNull();
    expect((await anon().get(`/api/v1/invites/lookup?token=${encodeURIComponent(sent.token)}`)).status).toBe(
      200,
    );
  });
});
