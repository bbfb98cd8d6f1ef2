import type { InviteDto } from '@youarecoder/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { DAY } from '../../platform/clock.ts';
import {
  accept,
  auditActions,
  freshEmail,
  invite,
  join,
  nthMailTo,
  verifiedCompany,
  verifyEmail,
} from './team.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx.close());

const anon = () => new Client(ctx.app);

describe('the invite flow', () => {
  it('invite mail -> link -> lookup -> accept -> the invitee is signed in with the right role and quota', async () => {
    const owner = await verifiedCompany(ctx, 1);
    const email = freshEmail('flow');
    const res = await owner.client.post<InviteDto>('/api/v1/invites', {
      email: email.toUpperCase(),
      role: 'admin',
      workspaceQuota: 2,
    });
    expect(res.status).toBe(201);
    const now = ctx.clock.now().getTime();
    expect(res.body).toMatchObject({
      email,
      role: 'admin',
      workspaceQuota: 2,
      status: 'pending',
      invitedBy: { id: owner.userId },
    });
    expect(res.body.id).toMatch(/^ivt_/);
    expect(new Date(res.body.expiresAt).getTime()).toBe(now + 7 * DAY);
    expect(JSON.stringify(res.body)).not.toContain('token');

    const mail = await nthMailTo(ctx, email, 'invited you');
    expect(mail.subject).toContain(`Owner `);
    const link = (mail.text ?? '').match(/http:\/\/localhost:8080\/accept-invite\?token=\S+/)?.[0];
    expect(link).toBeTruthy();
    const token = new URL(link as string).searchParams.get('token') as string;
    const stored = await ctx.deps.database.pool.query('select token_hash from invites where id = $1', [
      res.body.id,
    ]);
    expect(stored.rows[0].token_hash).not.toBe(token);

    const look = await anon().get(`/api/v1/invites/lookup?token=${encodeURIComponent(token)}`);
    expect(look.status).toBe(200);
    expect(look.body).toMatchObject({
      email,
      role: 'admin',
      invitedBy: expect.stringContaining('Owner '),
      expiresAt: res.body.expiresAt,
    });
    expect(look.body.companyName).toMatch(/^Company /);

    const { client, res: acc } = await accept(ctx, token, { fullName: 'Deniz Kaya', locale: 'tr' });
    expect(acc.status).toBe(201);
    expect(acc.body.company.id).toBe(owner.companyId);
    expect(acc.body.user.email).toBe(email);
    const me = await client.get<{
      user: {
        role: string;
        workspaceQuota: number;
        emailVerified: boolean;
        locale: string;
        fullName: string;
      };
    }>('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body.user).toMatchObject({
      role: 'admin',
      workspaceQuota: 2,
      emailVerified: true,
      locale: 'tr',
      fullName: 'Deniz Kaya',
    });
    // The cookie session carries a CSRF token: a mutating call works.
    expect((await client.patch('/api/v1/me', { fullName: 'Deniz K.' })).status).toBe(200);

    const list = await owner.client.get<{ invites: InviteDto[] }>('/api/v1/invites');
    expect(list.body.invites.map((i) => i.id)).not.toContain(res.body.id);
    for (const again of [
      await anon().get(`/api/v1/invites/lookup?token=${token}`),
      (await accept(ctx, token)).res,
    ]) {
      expect(again.status).toBe(400);
      expect(again.body.code).toBe('TOKEN_INVALID');
    }
    const actions = (await auditActions(ctx, owner.companyId)).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['invite.sent', 'invite.accepted']));
    const accepted = (await auditActions(ctx, owner.companyId)).find((a) => a.action === 'invite.accepted');
    expect(accepted?.actor_user_id).toBe(acc.body.user.id);
    const terms = await ctx.deps.database.pool.query(
      'select version from terms_acceptances where user_id = $1',
      [acc.body.user.id],
    );
    expect(terms.rows).toEqual([{ version: ctx.config.TERMS_VERSION }]);
  });

  it('accepting needs the terms accepted', async () => {
    const owner = await verifiedCompany(ctx);
    const sent = await invite(ctx, owner.client);
    const res = await accept(ctx, sent.token, { acceptTerms: false });
    expect(res.res.status).toBe(400);
    expect(res.res.body.fields?.acceptTerms).toBe('must be accepted');
    expect((await accept(ctx, sent.token)).res.status).toBe(201);
  });

  it('an unknown token is refused with TOKEN_INVALID', async () => {
    const res = await anon().get('/api/v1/invites/lookup?token=not-a-real-token-at-all');
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('TOKEN_INVALID');
    expect((await accept(ctx, 'not-a-real-token-at-all')).res.body.code).toBe('TOKEN_INVALID');
  });

  it('a weak password is refused without using up the invite', async () => {
    const owner = await verifiedCompany(ctx);
    const sent = await invite(ctx, owner.client);
    const weak = await accept(ctx, sent.token, { password: 'password123' });
    expect(weak.res.status).toBe(400);
    expect(weak.res.body.fields?.password).toBeTruthy();
    expect((await accept(ctx, sent.token)).res.status).toBe(201);
  });

  it('two concurrent accepts of one token create one user', async () => {
    const owner = await verifiedCompany(ctx);
    const sent = await invite(ctx, owner.client);
    const results = await Promise.all([
      accept(ctx, sent.token),
      accept(ctx, sent.token),
      accept(ctx, sent.token),
    ]);
    expect(results.map((r) => r.res.status).sort()).toEqual([201, 400, 400]);
    const n = await ctx.deps.database.pool.query('select count(*)::int as n from users where email = $1', [
      sent.email,
    ]);
    expect(n.rows[0].n).toBe(1);
  });
});

describe('who may invite', () => {
  it('an owner whose email is not verified gets 403 EMAIL_NOT_VERIFIED', async () => {
    const owner = await signupCompany(ctx);
    await owner.client.patch(`/api/v1/members/${owner.userId}`, { workspaceQuota: 0 });
    const res = await owner.client.post('/api/v1/invites', {
      email: freshEmail(),
      role: 'member',
      workspaceQuota: 0,
    });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('EMAIL_NOT_VERIFIED');
  });

  it('a member cannot invite, list, resend or revoke invites (403)', async () => {
    const owner = await verifiedCompany(ctx);
    const member = await join(ctx, owner.client);
    const pending = await invite(ctx, owner.client);
    for (const res of [
      await member.client.post('/api/v1/invites', { email: freshEmail(), role: 'member', workspaceQuota: 0 }),
      await member.client.get('/api/v1/invites'),
      await member.client.post(`/api/v1/invites/${pending.invite.id}/resend`),
      await member.client.del(`/api/v1/invites/${pending.invite.id}`),
    ]) {
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
  });

  it('an admin may invite', async () => {
    const owner = await verifiedCompany(ctx);
    const admin = await join(ctx, owner.client, { role: 'admin' });
    const sent = await invite(ctx, admin.client, { role: 'member' });
    expect(sent.invite.invitedBy?.id).toBe(admin.userId);
  });
});

describe('a new company invites at once', () => {
  it('the owner holds the whole limit; takeFromOwner moves what is missing, without it the answer is 409', async () => {
    const owner = await signupCompany(ctx);
    await verifyEmail(ctx, owner.email);
    const body = { email: freshEmail('first'), role: 'member', workspaceQuota: 1 };
    const refused = await owner.client.post<{ code: string }>('/api/v1/invites', body);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('QUOTA_EXCEEDED');
    const ok = await owner.client.post<InviteDto>('/api/v1/invites', { ...body, takeFromOwner: true });
    expect(ok.status).toBe(201);
    const me = await owner.client.get<{ user: { workspaceQuota: number } }>('/api/v1/me');
    expect(me.body.user.workspaceQuota).toBe(4);
    // Only what is missing is taken: the company's free room is used first.
    await owner.client.patch(`/api/v1/members/${owner.userId}`, { workspaceQuota: 2 });
    const second = await owner.client.post<InviteDto>('/api/v1/invites', {
      ...body,
      email: freshEmail('second'),
      workspaceQuota: 3,
      takeFromOwner: true,
    });
    expect(second.status).toBe(201);
    expect(
      (await owner.client.get<{ user: { workspaceQuota: number } }>('/api/v1/me')).body.user.workspaceQuota,
    ).toBe(1);
    expect((await auditActions(ctx, owner.companyId)).map((r) => r.action)).toContain('member.quota_changed');
  });

  it("an admin's first invite takes what is missing from the owner's quota too (it was a 409 'at most 0')", async () => {
    const owner = await signupCompany(ctx);
    await verifyEmail(ctx, owner.email);
    const admin = await join(ctx, owner.client, { role: 'admin' });
    const body = { email: freshEmail('by-admin'), role: 'member', workspaceQuota: 1 };
    const refused = await admin.client.post<{ code: string; message: string }>('/api/v1/invites', body);
    expect(refused.status).toBe(409);
    expect(refused.body.message).toMatch(/at most 0/);
    const ok = await admin.client.post<InviteDto>('/api/v1/invites', { ...body, takeFromOwner: true });
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
    expect(ok.body).toMatchObject({ workspaceQuota: 1, invitedBy: { id: admin.userId } });
    const me = await owner.client.get<{ user: { workspaceQuota: number } }>('/api/v1/me');
    expect(me.body.user.workspaceQuota).toBe(4);
    // The owner's audit log says who moved the owner's quota and why.
    const moved = (await auditActions(ctx, owner.companyId)).find((r) => r.action === 'member.quota_changed');
    expect(moved).toMatchObject({
      actor_user_id: admin.userId,
      target_id: owner.userId,
      diff: { workspaceQuota: { from: 5, to: 4 } },
      metadata: { email: body.email, reason: 'invite' },
    });
    // A member still cannot invite, takeFromOwner or not.
    const member = await join(ctx, owner.client, { role: 'member' });
    const denied = await member.client.post('/api/v1/invites', {
      ...body,
      email: freshEmail('by-member'),
      workspaceQuota: 0,
      takeFromOwner: true,
    });
    expect(denied.status).toBe(403);
  });
});

describe('conflicts', () => {
  it('an address that already has an account anywhere gets 409 EMAIL_TAKEN on email', async () => {
    const owner = await verifiedCompany(ctx);
    const elsewhere = await signupCompany(ctx);
    for (const email of [elsewhere.email, owner.email.toUpperCase()]) {
      const res = await owner.client.post('/api/v1/invites', { email, role: 'member', workspaceQuota: 0 });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('EMAIL_TAKEN');
      expect(res.body.fields).toEqual({ email: 'is already registered' });
    }
  });

  it('an open invite for the address gets 409 CONFLICT suggesting a resend', async () => {
    const owner = await verifiedCompany(ctx);
    const sent = await invite(ctx, owner.client);
    const res = await owner.client.post('/api/v1/invites', {
      email: sent.email,
      role: 'admin',
      workspaceQuota: 0,
    });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('CONFLICT');
    expect(res.body.message).toMatch(/resend/);
    // Another company may invite the same address.
    const other = await verifiedCompany(ctx);
    expect(
      (await other.client.post('/api/v1/invites', { email: sent.email, role: 'member', workspaceQuota: 0 }))
        .status,
    ).toBe(201);
  });

  it('accepting after the address got an account elsewhere is a 409 EMAIL_TAKEN and leaves the invite unused', async () => {
    const owner = await verifiedCompany(ctx);
    const sent = await invite(ctx, owner.client);
    await signupCompany(ctx, { email: sent.email });
    const { res } = await accept(ctx, sent.token);
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
    const row = await ctx.deps.database.pool.query('select accepted_at from invites where id = $1', [
      sent.invite.id,
    ]);
    expect(row.rows[0].accepted_at).toBeNull();
  });
});
