import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';

// A template's IDE choices (issue 12 B): the Welcome page and chat back on, a file to open first. The
// API validates them, a workspace keeps the template's choices, provisioning writes them into VS Code's
// settings, and the gateway opens the file at the IDE's first open. Provisioning runs real code-server
// (process driver); the context stops it.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

async function company() {
  const c = await signupCompany(ctx);
  await ctx.deps.database.pool.query('update users set email_verified_at = now() where id = $1', [c.userId]);
  const { rows } = await ctx.deps.database.pool.query('select subdomain from companies where id = $1', [
    c.companyId,
  ]);
  return { ...c, subdomain: rows[0].subdomain as string };
}

type Fields = { code: string; fields: Record<string, string> };
const readme = { type: 'files', files: [{ path: 'README.md', content: '# hi\n' }] };

describe('template IDE choices: the API', () => {
  it('defaults to everything off and the README; a GET gives them back', async () => {
    const c = await company();
    const t = await c.client.post<{ id: string; ide: unknown }>('/api/v1/templates', {
      name: 'Plain',
      steps: [],
    });
    expect(t.status).toBe(201);
    expect(t.body.ide).toEqual({ welcome: false, chat: false, openFile: null });
    const official = await c.client.get<{ ide: unknown }>('/api/v1/templates/tpl_blank');
    expect(official.body.ide).toEqual({ welcome: false, chat: false, openFile: null });
  });

  it('stores welcome, chat and a normalized file to open; PUT changes them', async () => {
    const c = await company();
    const t = await c.client.post<{ id: string; ide: unknown }>('/api/v1/templates', {
      name: 'Chatty',
      steps: [],
      ide: { welcome: true, chat: true, openFile: ' ./src//main.ts ' },
    });
    expect(t.status, JSON.stringify(t.body)).toBe(201);
    expect(t.body.ide).toEqual({ welcome: true, chat: true, openFile: 'src/main.ts' });
    const put = await c.client.put<{ ide: unknown }>(`/api/v1/templates/${t.body.id}`, {
      name: 'Chatty',
      steps: [],
      ide: { welcome: false, chat: true, openFile: '' },
    });
    expect(put.status).toBe(200);
    expect(put.body.ide).toEqual({ welcome: false, chat: true, openFile: null });
    const list = await c.client.get<{ items: Array<{ id: string; ide: unknown }> }>('/api/v1/templates');
    expect(list.body.items.find((x) => x.id === t.body.id)?.ide).toEqual(put.body.ide);
    // Another company sees no such template.
    const other = await company();
    expect((await other.client.get(`/api/v1/templates/${t.body.id}`)).status).toBe(404);
  });

  it.each([
    ['../secrets.txt', 'may not contain ..'],
    ['src/../../etc/passwd', 'may not contain ..'],
    ['/etc/passwd', 'must be relative'],
    ['~/.bashrc', 'must be relative'],
    ['C:/boot.ini', 'must be relative'],
    ['src\\main.ts', 'backslashes'],
    ['src/', 'must name a file'],
    [`${'a/'.repeat(150)}x.ts`, 'at most 300 characters'],
    [42, 'must be a path'],
  ])('refuses the file to open %j with a 400 naming ide.openFile', async (openFile, message) => {
    const c = await company();
    const bad = await c.client.post<Fields>('/api/v1/templates', {
      name: 'Bad',
      steps: [],
      ide: { openFile },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect(bad.body.fields['ide.openFile']).toContain(message);
  });

  it('refuses a choice that is not true or false, and unknown keys, naming the field', async () => {
    const c = await company();
    const bad = await c.client.post<Fields>('/api/v1/templates', {
      name: 'Bad',
      steps: [],
      ide: { welcome: 'yes', chat: 1 },
    });
    expect(bad.status).toBe(400);
    expect(bad.body.fields).toMatchObject({
      'ide.welcome': 'must be true or false',
      'ide.chat': 'must be true or false',
    });
    const t = await c.client.post<{ id: string }>('/api/v1/templates', { name: 'Good', steps: [] });
    const unknown = await c.client.put<Fields>(`/api/v1/templates/${t.body.id}`, {
      name: 'Good',
      steps: [],
      ide: { copilot: true },
    });
    expect(unknown.status).toBe(400);
    expect(Object.keys(unknown.body.fields).some((k) => k.startsWith('ide'))).toBe(true);
  });
});

describe('template IDE choices: a workspace', () => {
  it('keeps the choices, writes them into VS Code settings, and opens the file at the first open only', async () => {
    const c = await company();
    const t = await c.client.post<{ id: string }>('/api/v1/templates', {
      name: 'Opens main',
      steps: [readme, { type: 'files', files: [{ path: 'src/main.ts', content: 'export {};\n' }] }],
      ide: { welcome: true, chat: true, openFile: 'src/main.ts' },
    });
    const missing = await c.client.post<{ id: string }>('/api/v1/templates', {
      name: 'Opens nothing',
      steps: [readme],
      ide: { openFile: 'docs/gone.md' },
    });
    const ws = await c.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'main',
      templateId: t.body.id,
    });
    const ws2 = await c.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'gone',
      templateId: missing.body.id,
    });
    expect(ws.status, JSON.stringify(ws.body)).toBe(202);
    // Later edits of the template do not change a workspace made from it.
    await c.client.put(`/api/v1/templates/${t.body.id}`, { name: 'Opens main', steps: [], ide: {} });
    const { rows } = await ctx.deps.database.pool.query('select ide from workspaces where id = $1', [
      ws.body.id,
    ]);
    expect(rows[0].ide).toEqual({ welcome: true, chat: true, openFile: 'src/main.ts' });

    await ctx.runJobs();
    const state = await ctx.deps.database.pool.query('select id, status, status_reason from workspaces');
    expect(state.rows.map((r) => r.status)).toEqual(['running', 'running']);
    const settings = JSON.parse(
      String(await ctx.deps.driver.readFile(ws.body.id, { area: 'userData', path: 'User/settings.json' })),
    );
    expect(settings['workbench.startupEditor']).toBe('welcomePage');
    expect(settings).not.toHaveProperty('chat.disableAIFeatures');
    expect(settings).not.toHaveProperty('workbench.secondarySideBar.defaultVisibility');
    expect(settings['window.title']).toContain('main · ');
    const plain = JSON.parse(
      String(await ctx.deps.driver.readFile(ws2.body.id, { area: 'userData', path: 'User/settings.json' })),
    );
    expect(plain).toMatchObject({ 'workbench.startupEditor': 'readme', 'chat.disableAIFeatures': true });

    const authorize = async (name: string) => {
      const host = `${name}--${c.subdomain}.localhost:8080`;
      const r = await c.client.get(`/gateway/authorize?host=${encodeURIComponent(host)}&path=%2F`);
      expect(r.status).toBe(302);
      return { host, path: new URL(String(r.headers.location)).searchParams.get('path') };
    };
    const first = await authorize('main');
    const project = ctx.deps.driver.paths(ws.body.id).project;
    expect(first.path).toBe(
      `/?payload=${encodeURIComponent(JSON.stringify([['openFile', `vscode-remote://${first.host}${project}/src/main.ts`]]))}`,
    );
    // Opened once: the IDE keeps its own editors from then on.
    expect((await authorize('main')).path).toBe('/');
    // A file that is not there: the README's start, no error.
    expect((await authorize('gone')).path).toBe('/');
  });
});
