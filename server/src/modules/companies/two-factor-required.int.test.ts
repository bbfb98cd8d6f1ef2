// The owner requires two-factor sign-in of the whole company: people without it are signed out, and once
// signed in again can do nothing but enrol (the API answers TWO_FACTOR_REQUIRED, their API tokens stop);
// with it on, everything works as before, and it cannot be turned off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, type TestContext } from '../../../test/harness.ts';
import { bearerClient, enrolTwoFactor, login, totpAt } from '../accounts/accounts.test-helpers.ts';
import { auditActions, join, verifiedCompany } from './team.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx?.close());

describe('two-factor required by the company', () => {
  it('needs the owner to have two-factor first, and only the owner may set it', async () => {
    const owner = await verifiedCompany(ctx);
    const admin = await join(ctx, owner.client, { role: 'admin' });
    const early = await owner.client.patch<{ fields: Record<string, string> }>('/api/v1/sign-in-policy', {
      requireTwoFactor: true,
    });
    expect(early.status).toBe(400);
    expect(early.body.fields.requireTwoFactor).toMatch(/your own account/);
    await enrolTwoFactor(ctx, admin.client);
    expect((await admin.client.patch('/api/v1/sign-in-policy', { requireTwoFactor: true })).status).toBe(403);
    expect((await admin.client.get('/api/v1/sign-in-policy')).status).toBe(200);
    const empty = await owner.client.patch<{ code: string }>('/api/v1/sign-in-policy', {});
    expect(empty.status).toBe(400);
  });

  it('signs out those without it, lets them only enrol, then opens everything', async () => {
    const owner = await verifiedCompany(ctx);
    const member = await join(ctx, owner.client);
    const token = await member.client.post<{ token: string }>('/api/v1/api-tokens', {
      name: 'ci',
      scopes: ['read'],
    });
    expect(token.status).toBe(201);
    const bearer = bearerClient(ctx, token.body.token);
    expect((await bearer.get('/api/v1/workspaces')).status).toBe(200);

    await enrolTwoFactor(ctx, owner.client);
    const on = await owner.client.patch<{ requireTwoFactor: boolean; membersWithoutTwoFactor: number }>(
      '/api/v1/sign-in-policy',
      { requireTwoFactor: true },
    );
    expect(on.status, JSON.stringify(on.body)).toBe(200);
    expect(on.body).toMatchObject({ requireTwoFactor: true, membersWithoutTwoFactor: 1 });
    // The owner (with two-factor) keeps working; the member's session ended.
    expect((await owner.client.get('/api/v1/workspaces')).status).toBe(200);
    expect((await member.client.get('/api/v1/me')).status).toBe(401);
    const change = (await auditActions(ctx, owner.companyId)).find(
      (e) => e.action === 'company.sign_in_policy_changed',
    );
    expect(change?.diff).toEqual({ requireTwoFactor: { from: false, to: true } });
    expect(change?.metadata).toEqual({ sessionsSignedOut: 1 });

    // Signed in again: me says what is needed, everything else is refused, enrolment works.
    const again = await login(ctx, member.email, member.password);
    expect(again.res.status).toBe(200);
    const me = await again.client.get<{ twoFactorSetupNeeded: boolean }>('/api/v1/me');
    expect(me.body.twoFactorSetupNeeded).toBe(true);
    for (const path of ['/api/v1/workspaces', '/api/v1/company', '/api/v1/sessions', '/api/v1/members']) {
      const res = await again.client.get<{ code: string }>(path);
      expect(res.status, path).toBe(403);
      expect(res.body.code).toBe('TWO_FACTOR_REQUIRED');
    }
    expect((await again.client.post('/api/v1/workspaces', { name: 'x' })).body).toMatchObject({
      code: 'TWO_FACTOR_REQUIRED',
    });
    expect((await bearer.get('/api/v1/workspaces')).body).toMatchObject({ code: 'TWO_FACTOR_REQUIRED' });
    // (The gateway's handshake sends them to the portal: gateway.handshake.int.test.ts.)

    const { secret } = await enrolTwoFactor(ctx, again.client);
    expect(
      (await again.client.get<{ twoFactorSetupNeeded: boolean }>('/api/v1/me')).body.twoFactorSetupNeeded,
    ).toBe(false);
    expect((await again.client.get('/api/v1/workspaces')).status).toBe(200);
    expect((await bearer.get('/api/v1/workspaces')).status).toBe(200);
    // It cannot be turned off while required.
    const off = await again.client.post<{ code: string; message: string }>('/api/v1/me/two-factor/disable', {
      password: member.password,
    });
    expect(off.status).toBe(403);
    expect(off.body.message).toMatch(/requires two-factor/);
    // The next sign-in asks for a code as usual (a later one: each code works once).
    ctx.fakeClock?.advance(30_000);
    const next = await login(ctx, member.email, member.password);
    expect(next.res.body).toMatchObject({ twoFactorRequired: true });
    const step = await next.client.post('/api/v1/sessions/two-factor', {
      challenge: (next.res.body as { challenge: string }).challenge,
      code: totpAt(secret, ctx.clock.now()),
    });
    expect(step.status).toBe(200);
  });

  it('lifted by the owner, people without two-factor work again', async () => {
    const owner = await verifiedCompany(ctx);
    const member = await join(ctx, owner.client);
    await enrolTwoFactor(ctx, owner.client);
    await owner.client.patch('/api/v1/sign-in-policy', { requireTwoFactor: true });
    const again = await login(ctx, member.email, member.password);
    expect((await again.client.get('/api/v1/workspaces')).status).toBe(403);
    const off = await owner.client.patch('/api/v1/sign-in-policy', { requireTwoFactor: false });
    expect(off.body).toMatchObject({ requireTwoFactor: false });
    expect((await again.client.get('/api/v1/workspaces')).status).toBe(200);
  });

  it('is one company’s rule only', async () => {
    const a = await verifiedCompany(ctx);
    await enrolTwoFactor(ctx, a.client);
    await a.client.patch('/api/v1/sign-in-policy', { requireTwoFactor: true });
    const b = await verifiedCompany(ctx);
    const bMember = await join(ctx, b.client);
    expect((await bMember.client.get('/api/v1/workspaces')).status).toBe(200);
    expect((await new Client(ctx.app).get('/api/v1/sign-in-policy')).status).toBe(401);
  });
});
