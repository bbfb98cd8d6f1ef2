import type { WorkspaceDto, WorkspaceListDto } from '@youarecoder/contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { packVsix } from './templates/vsix.ts';

// The workspace API without a running IDE: create, quotas (also under concurrency), names,
// visibility, settings, templates. The lifecycle with real code-server is in lifecycle.int.test.ts.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type Company = Awaited<ReturnType<typeof signupCompany>> & { subdomain: string };

async function company(): Promise<Company> {
  const c = await signupCompany(ctx);
  await ctx.deps.database.pool.query('update users set email_verified_at = now() where id = $1', [c.userId]);
  const { rows } = await ctx.deps.database.pool.query('select subdomain from companies where id = $1', [
    c.companyId,
  ]);
  return { ...c, subdomain: rows[0].subdomain };
}

/** A member of the company with this quota, signed in. */
async function member(c: Company, quota: number, role: 'member' | 'admin' = 'member') {
  const invite = await c.client.post<{ id: string }>('/api/v1/invites', {
    email: `m-${Math.random().toString(36).slice(2)}@example.com`,
    role,
    workspaceQuota: quota,
  });
  expect(invite.status).toBe(201);
  const tokenRow = await ctx.deps.database.pool.query('select email from invites where id = $1', [
    invite.body.id,
  ]);
  // Accept through the service with a token we set ourselves (the mail flow is tested elsewhere).
  const token = `tok-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  const { hashSecret } = await import('../../platform/ids.ts');
  await ctx.deps.database.pool.query('update invites set token_hash = $1 where id = $2', [
    hashSecret(token),
    invite.body.id,
  ]);
  const client = new Client(ctx.app);
  const accepted = await client.post<{ user: { id: string } }>('/api/v1/invites/accept', {
    token,
    fullName: 'Member',
    password: 'a sturdy passphrase 42',
    acceptTerms: true,
  });
  expect(accepted.status, JSON.stringify(accepted.body)).toBe(201);
  const me = await client.get<{ user: { id: string } }>('/api/v1/me');
  await ctx.deps.database.pool.query('update users set email_verified_at = now() where id = $1', [
    me.body.user.id,
  ]);
  return { client, userId: me.body.user.id, email: tokenRow.rows[0].email as string };
}

describe('workspaces API', () => {
  it('creates a workspace (202, pending, URL on the gateway host) and lists it with the quota', async () => {
    const c = await company();
    const res = await c.client.post<{ id: string; status: string; url: string }>('/api/v1/workspaces', {
      name: 'My-API',
      templateId: 'tpl_blank',
    });
    expect(res.status, JSON.stringify(res.body)).toBe(202);
    expect(res.body.status).toBe('pending');
    expect(res.body.id).toMatch(/^ws_[a-z0-9]{20}$/);
    expect(res.body.url).toBe(`http://my-api--${c.subdomain}.localhost:8080/`);
    const list = await c.client.get<WorkspaceListDto>('/api/v1/workspaces');
    expect(list.status).toBe(200);
    expect(list.body.items.map((w) => w.name)).toEqual(['my-api']);
    expect(list.body.quota).toEqual({ mine: 1, myQuota: 5, company: 1, companyLimit: 5, plan: 'starter' });
    const one = await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${res.body.id}`);
    expect(one.body).toMatchObject({
      name: 'my-api',
      status: 'pending',
      template: { id: 'tpl_blank', name: 'Blank' },
      idleTimeoutMinutes: 60,
      sharedWithAdmins: false,
      diskQuotaBytes: 10 * 1024 ** 3,
      overDiskQuota: false,
    });
    const audit = await ctx.deps.database.pool.query(
      "select action from audit_events where company_id = $1 and action like 'workspace.%'",
      [c.companyId],
    );
    expect(audit.rows.map((r) => r.action)).toEqual(['workspace.created']);
    // The converge job is queued with the workspace's key.
    const jobs = await ctx.deps.database.pool.query(
      'select task_identifier from graphile_worker.jobs where key = $1',
      [`workspace:${res.body.id}`],
    );
    expect(jobs.rows).toEqual([{ task_identifier: 'workspace:converge' }]);
  });

  it('refuses bad input with 4xx naming the field', async () => {
    const c = await company();
    const post = (body: unknown) =>
      c.client.post<{ code: string; fields?: Record<string, string>; fieldCodes?: Record<string, string> }>(
        '/api/v1/workspaces',
        body,
      );
    const bad = await post({ name: 'no_underscores', templateId: 'tpl_blank' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('name');
    expect((await post({ name: 'a--b', templateId: 'tpl_blank' })).body.fields).toHaveProperty('name');
    expect((await post({ name: '', templateId: 'tpl_blank' })).body.fields).toHaveProperty('name');
    const tpl = await post({ name: 'x', templateId: 'tpl_nope' });
    expect(tpl.status).toBe(400);
    expect(tpl.body.fields).toHaveProperty('templateId');
    const idle = await post({ name: 'x', templateId: 'tpl_blank', idleTimeoutMinutes: 5 });
    expect(idle.status).toBe(400);
    expect(idle.body.fields).toHaveProperty('idleTimeoutMinutes');
    expect((await post({ name: 'dup', templateId: 'tpl_blank' })).status).toBe(202);
    const dup = await post({ name: 'DUP', templateId: 'tpl_blank' });
    expect(dup.status).toBe(409);
    expect(dup.body.fieldCodes).toEqual({ name: 'already_taken' });
    // Another company's template is no template at all.
    const other = await company();
    const theirs = await other.client.post<{ id: string }>('/api/v1/templates', {
      name: 'Theirs',
      steps: [],
    });
    expect(theirs.status).toBe(201);
    expect((await post({ name: 'y', templateId: theirs.body.id })).body.fields).toHaveProperty('templateId');
    // The host label `<name>--<company>` must fit in 63 characters.
    const long = await post({ name: 'n'.repeat(40), templateId: 'tpl_blank' });
    if (c.subdomain.length + 2 + 40 > 63) expect(long.body.fields).toHaveProperty('name');
    else expect(long.status).toBe(202);
  });

  it('an unverified owner may create a first workspace, not a second', async () => {
    const c = await signupCompany(ctx);
    const first = await c.client.post<{ code: string }>('/api/v1/workspaces', {
      name: 'first',
      templateId: 'tpl_blank',
    });
    expect(first.status).toBe(202);
    const second = await c.client.post<{ code: string; message: string }>('/api/v1/workspaces', {
      name: 'second',
      templateId: 'tpl_blank',
    });
    expect(second.status).toBe(403);
    expect(second.body.code).toBe('EMAIL_NOT_VERIFIED');
    expect(second.body.message).toMatch(/first workspace/);
  });

  it('never passes the company limit, also with 12 creates at once', async () => {
    const c = await company();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        c.client.post<{ code?: string; message?: string }>('/api/v1/workspaces', {
          name: `ws-${i}`,
          templateId: 'tpl_blank',
        }),
      ),
    );
    expect(results.filter((r) => r.status === 202)).toHaveLength(5);
    const refused = results.filter((r) => r.status !== 202);
    expect(refused.every((r) => r.status === 409 && r.body.code === 'QUOTA_EXCEEDED')).toBe(true);
    expect(refused[0]?.body.message).toMatch(/5 of your 5|of its 5 workspaces/);
    const { rows } = await ctx.deps.database.pool.query(
      'select count(*)::int as n from workspaces where company_id = $1',
      [c.companyId],
    );
    expect(rows[0].n).toBe(5);
  });

  it("never passes a member's personal quota under concurrency; members see their own, admins all", async () => {
    const c = await company();
    // The owner's quota starts at the company limit: lower it to give quota to members.
    const me = await c.client.get<{ user: { id: string } }>('/api/v1/me');
    expect((await c.client.patch(`/api/v1/members/${me.body.user.id}`, { workspaceQuota: 2 })).status).toBe(
      200,
    );
    const m = await member(c, 2);
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        m.client.post('/api/v1/workspaces', { name: `m-${i}`, templateId: 'tpl_blank' }),
      ),
    );
    expect(results.filter((r) => r.status === 202)).toHaveLength(2);
    const quota = results.find((r) => r.status === 409)?.body as { message: string };
    expect(quota.message).toContain('2 of your 2 workspaces');
    expect(
      (await c.client.post('/api/v1/workspaces', { name: 'owner-1', templateId: 'tpl_blank' })).status,
    ).toBe(202);
    const mine = await m.client.get<WorkspaceListDto>('/api/v1/workspaces');
    expect(mine.body.items.every((w) => w.owner.id === m.userId)).toBe(true);
    expect(mine.body.items).toHaveLength(2);
    const all = await c.client.get<WorkspaceListDto>('/api/v1/workspaces');
    expect(all.body.items).toHaveLength(3);
    // A member cannot see or act on the owner's workspace: 404 like a missing one.
    const ownerWs = all.body.items.find((w) => w.name === 'owner-1') as WorkspaceDto;
    expect((await m.client.get(`/api/v1/workspaces/${ownerWs.id}`)).status).toBe(404);
    expect((await m.client.post(`/api/v1/workspaces/${ownerWs.id}/stop`)).status).toBe(404);
    expect((await m.client.del(`/api/v1/workspaces/${ownerWs.id}`)).status).toBe(404);
  });

  it('settings: idle timeout within the plan, sharing by the owner alone, audited', async () => {
    const c = await company();
    const admin = await member(c, 0, 'admin');
    const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'set',
      templateId: 'tpl_blank',
      idleTimeoutMinutes: 15,
    });
    const url = `/api/v1/workspaces/${ws.body.id}`;
    expect(
      (await c.client.patch<WorkspaceDto>(url, { idleTimeoutMinutes: 480 })).body.idleTimeoutMinutes,
    ).toBe(480);
    expect((await c.client.patch(url, { idleTimeoutMinutes: 481 })).status).toBe(400);
    expect((await c.client.patch(url, {})).status).toBe(400);
    const share = await admin.client.patch<{ code: string }>(url, { sharedWithAdmins: true });
    expect(share.status).toBe(403);
    expect(
      (await admin.client.patch<WorkspaceDto>(url, { idleTimeoutMinutes: 30 })).body.idleTimeoutMinutes,
    ).toBe(30);
    expect((await c.client.patch<WorkspaceDto>(url, { sharedWithAdmins: true })).body.sharedWithAdmins).toBe(
      true,
    );
    const { rows } = await ctx.deps.database.pool.query(
      "select diff from audit_events where target_id = $1 and action = 'workspace.updated' order by created_at",
      [ws.body.id],
    );
    expect(rows.map((r) => Object.keys(r.diff))).toEqual([
      ['idleTimeoutMinutes'],
      ['idleTimeoutMinutes'],
      ['sharedWithAdmins'],
    ]);
  });

  it('operations that the state does not allow answer 409; delete marks deleting at once', async () => {
    const c = await company();
    const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'ops',
      templateId: 'tpl_blank',
    });
    const restart = await c.client.post<{ code: string; message: string }>(
      `/api/v1/workspaces/${ws.body.id}/restart`,
    );
    expect(restart.status).toBe(409);
    expect(restart.body.message).toContain('pending');
    // Start while pending is a no-op (already on its way).
    expect((await c.client.post(`/api/v1/workspaces/${ws.body.id}/start`)).status).toBe(202);
    const del = await c.client.del<{ status: string }>(`/api/v1/workspaces/${ws.body.id}`);
    expect(del.status).toBe(202);
    expect(del.body.status).toBe('deleting');
    expect((await c.client.post(`/api/v1/workspaces/${ws.body.id}/start`)).status).toBe(409);
  });

  it('a workspace over its disk quota is flagged and, where the driver does not hold its disk to it, cannot be started until it is under', async () => {
    expect(ctx.deps.driver.contained).toBe(false);
    const c = await company();
    const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'big',
      templateId: 'tpl_blank',
    });
    const quota = 10 * 1024 ** 3;
    await ctx.deps.database.pool.query(
      "update workspaces set status = 'stopped', desired = 'stopped', provisioned_at = now(), disk_bytes = $1 where id = $2",
      [quota + 1, ws.body.id],
    );
    const dto = await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${ws.body.id}`);
    expect(dto.body).toMatchObject({ overDiskQuota: true, diskBytes: quota + 1, diskQuotaBytes: quota });
    const start = await c.client.post<{ code: string; message: string }>(
      `/api/v1/workspaces/${ws.body.id}/start`,
    );
    expect(start.status).toBe(409);
    expect(start.body.message).toContain('10.0 GB disk quota');
    await ctx.deps.database.pool.query('update workspaces set disk_bytes = $1 where id = $2', [
      quota,
      ws.body.id,
    ]);
    const ok = await c.client.post<{ status: string }>(`/api/v1/workspaces/${ws.body.id}/start`);
    expect(ok.status).toBe(202);
    expect(ok.body.status).toBe('starting');
  });

  it('the reconciler fails a provisioning nobody works on past its timeout, naming it', async () => {
    const c = await company();
    const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'stuck',
      templateId: 'tpl_blank',
    });
    const q = ctx.deps.database.pool.query.bind(ctx.deps.database.pool);
    // Blank: one step of 30 s, no retries, so the limit is 30 s + 10 minutes.
    await q(
      "update workspaces set status = 'provisioning', operation_started_at = now() - interval '11 minutes' where id = $1",
      [ws.body.id],
    );
    await ctx.deps.converger.reconcile();
    const dto = await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${ws.body.id}`);
    expect(dto.body.status).toBe('failed');
    expect(dto.body.statusReason).toBe('Provisioning did not finish within 11 minutes.');
    const audit = await q(
      "select actor_user_id from audit_events where target_id = $1 and action = 'workspace.failed'",
      [ws.body.id],
    );
    expect(audit.rows).toEqual([{ actor_user_id: null }]);
    // Within its time it is left to the converge job (queued again), not failed.
    const fresh = await c.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'slow',
      templateId: 'tpl_blank',
    });
    await q(
      "update workspaces set status = 'provisioning', operation_started_at = now() - interval '5 minutes' where id = $1",
      [fresh.body.id],
    );
    await ctx.deps.converger.reconcile();
    expect((await c.client.get<WorkspaceDto>(`/api/v1/workspaces/${fresh.body.id}`)).body.status).toBe(
      'provisioning',
    );
  });

  it('removing a member hands their workspaces to the remover, or deletes them', async () => {
    const c = await company();
    const me = await c.client.get<{ user: { id: string } }>('/api/v1/me');
    await c.client.patch(`/api/v1/members/${me.body.user.id}`, { workspaceQuota: 1 });
    const m1 = await member(c, 1);
    const m2 = await member(c, 1);
    const w1 = await m1.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'keep',
      templateId: 'tpl_blank',
    });
    const w2 = await m2.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'drop',
      templateId: 'tpl_blank',
    });
    expect((await c.client.del(`/api/v1/members/${m1.userId}?resources=transfer`)).status).toBe(200);
    expect((await c.client.del(`/api/v1/members/${m2.userId}?resources=delete`)).status).toBe(200);
    const q = (id: string) =>
      ctx.deps.database.pool.query('select owner_id, status, desired from workspaces where id = $1', [id]);
    expect((await q(w1.body.id)).rows[0]).toEqual({
      owner_id: me.body.user.id,
      status: 'pending',
      desired: 'running',
    });
    expect((await q(w2.body.id)).rows[0]).toEqual({
      owner_id: me.body.user.id,
      status: 'deleting',
      desired: 'deleted',
    });
  });
});

/** A multipart/form-data upload of one file in the field `file`, as a browser sends it. */
function multipart(fileName: string, data: Uint8Array, field = 'file') {
  const boundary = `----yac${Math.random().toString(36).slice(2)}`;
  const body = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${fileName}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.from(data),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** POST a body of `contentType` to the upload route as the company's owner. */
async function postAsset(c: Company, contentType: string, payload: string | Buffer) {
  const res = await ctx.app.inject({
    method: 'POST',
    url: '/api/v1/templates/assets',
    headers: {
      cookie: `yac_session=${c.client.cookie}`,
      'x-csrf-token': c.client.csrf as string,
      'content-type': contentType,
    },
    payload,
  });
  return { status: res.statusCode, body: res.json() as Record<string, unknown> };
}

async function upload(c: Company, fileName: string, data: Uint8Array, field?: string) {
  const m = multipart(fileName, data, field);
  return postAsset(c, m.contentType, m.body);
}

describe('.vsix uploads', () => {
  it('stores a real .vsix with its extension id, refuses what is not one, and keeps one in use', async () => {
    const c = await company();
    const vsix = packVsix({
      'package.json': new TextEncoder().encode(
        JSON.stringify({
          publisher: 'acme',
          name: 'tools',
          version: '1.2.3',
          engines: { vscode: '^1.80.0' },
        }),
      ),
      'extension.js': new TextEncoder().encode('exports.activate = () => {};'),
    });
    const up = await upload(c, 'acme-tools.vsix', vsix);
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    expect(up.body).toMatchObject({
      fileName: 'acme-tools.vsix',
      extensionId: 'acme.tools',
      version: '1.2.3',
      size: vsix.length,
    });
    const id = up.body.id as string;
    const list = await c.client.get<{ items: Array<{ id: string }> }>('/api/v1/templates/assets');
    expect(list.body.items.map((a) => a.id)).toEqual([id]);

    const bad = await upload(c, 'notes.vsix', new TextEncoder().encode('not a zip at all'));
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toHaveProperty('file');
    expect((await upload(c, 'a.vsix', vsix, 'other')).status).toBe(400);
    const json = await c.client.post<{ code: string }>('/api/v1/templates/assets', { file: 'x' });
    expect(json.status).toBe(415);

    const t = await c.client.post<{ id: string }>('/api/v1/templates', {
      name: 'With tools',
      steps: [{ type: 'extensions', vsix: [id, 'bundled:youarecoder-welcome.vsix'] }],
    });
    expect(t.status).toBe(201);
    const del = await c.client.del<{ code: string }>(`/api/v1/templates/assets/${id}`);
    expect(del.status).toBe(409);
    expect((await c.client.del(`/api/v1/templates/${t.body.id}`)).status).toBe(204);
    expect((await c.client.del(`/api/v1/templates/assets/${id}`)).status).toBe(204);
    expect((await c.client.get<{ items: unknown[] }>('/api/v1/templates/assets')).body.items).toEqual([]);
    // Members neither list nor upload.
    const m = await member(c, 0);
    expect((await m.client.get('/api/v1/templates/assets')).status).toBe(403);
  });
});

describe('malformed uploads', () => {
  it('answers 400 with the usual error body, never 500', async () => {
    const c = await company();
    const send = async (contentType: string, payload: string | Buffer) => {
      const r = await postAsset(c, contentType, payload);
      return r as { status: number; body: { code?: string; message?: string; requestId?: string } };
    };
    const whole = multipart('a.vsix', new TextEncoder().encode('PK\u0003\u0004 not really'), 'file');
    const cases: [string, string, string | Buffer][] = [
      ['no boundary', 'multipart/form-data', whole.body],
      ['an empty boundary', 'multipart/form-data; boundary=', whole.body],
      ['another boundary', 'multipart/form-data; boundary=nothere', whole.body],
      [
        'a truncated body',
        whole.contentType,
        Buffer.from(whole.body).subarray(0, Math.floor(whole.body.length / 2)),
      ],
      ['an empty body', whole.contentType, ''],
      [
        'headers cut short',
        whole.contentType,
        `--${whole.contentType.split('boundary=')[1]}\r\nContent-Disposition: form-data; name="file"`,
      ],
    ];
    for (const [what, type, payload] of cases) {
      const r = await send(type, payload);
      expect([what, r.status, r.body.code]).toEqual([
        what,
        400,
        expect.stringMatching(/^(BAD_REQUEST|VALIDATION_FAILED)$/),
      ]);
      expect(r.body.message, what).toMatch(/\S/);
      expect(r.body.requestId, what).toBeTruthy();
    }
  });
});

describe('templates API', () => {
  it('lists the official templates to everyone and validates steps with field paths', async () => {
    const c = await company();
    const list = await c.client.get<{ items: Array<{ id: string; official: boolean; name: string }> }>(
      '/api/v1/templates',
    );
    expect(list.body.items.filter((t) => t.official).map((t) => t.id)).toEqual(
      expect.arrayContaining(['tpl_blank', 'tpl_node', 'tpl_python']),
    );
    const bad = await c.client.post<{ fields: Record<string, string> }>('/api/v1/templates', {
      name: 'Bad',
      steps: [
        { type: 'files', files: [{ path: '../etc/passwd', content: 'x' }] },
        { type: 'git_clone', url: 'ftp://nope' },
        { type: 'teleport' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields)).toEqual(
      expect.arrayContaining(['steps.0.files.0.path', 'steps.1.url']),
    );
    const missingAsset = await c.client.post<{ fields: Record<string, string> }>('/api/v1/templates', {
      name: 'Ext',
      steps: [{ type: 'extensions', vsix: ['asset_doesnotexist00'] }],
    });
    expect(missingAsset.status).toBe(400);
    expect(missingAsset.body.fields).toHaveProperty('steps.0.vsix.0');
  });

  it('members cannot write templates; official ones cannot be changed; a template in use cannot be deleted', async () => {
    const c = await company();
    const m = await member(c, 0);
    expect((await m.client.post('/api/v1/templates', { name: 'M', steps: [] })).status).toBe(403);
    expect((await c.client.put('/api/v1/templates/tpl_node', { name: 'Mine now', steps: [] })).status).toBe(
      403,
    );
    expect((await c.client.del('/api/v1/templates/tpl_node')).status).toBe(403);
    const t = await c.client.post<{ id: string; steps: unknown[] }>('/api/v1/templates', {
      name: 'Ours',
      description: 'for us',
      steps: [{ type: 'shell', script: 'echo hi' }],
    });
    expect(t.status).toBe(201);
    expect(t.body.steps).toEqual([
      { type: 'shell', script: 'echo hi', timeoutSeconds: 120, retries: 0, fatal: true },
    ]);
    expect((await c.client.post('/api/v1/templates', { name: 'Ours', steps: [] })).status).toBe(409);
    const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'uses',
      templateId: t.body.id,
    });
    expect(ws.status).toBe(202);
    const del = await c.client.del<{ code: string; message: string }>(`/api/v1/templates/${t.body.id}`);
    expect(del.status).toBe(409);
    expect(del.body.message).toContain('1 workspace uses');
    // Editing does not change the workspace made from it.
    const put = await c.client.put<{ steps: unknown[] }>(`/api/v1/templates/${t.body.id}`, {
      name: 'Ours',
      steps: [],
    });
    expect(put.status).toBe(200);
    const { rows } = await ctx.deps.database.pool.query('select steps from workspaces where id = $1', [
      ws.body.id,
    ]);
    expect(rows[0].steps).toHaveLength(1);
    await ctx.deps.database.pool.query('delete from workspaces where id = $1', [ws.body.id]);
    expect((await c.client.del(`/api/v1/templates/${t.body.id}`)).status).toBe(204);
    expect((await c.client.get(`/api/v1/templates/${t.body.id}`)).status).toBe(404);
  });
});
