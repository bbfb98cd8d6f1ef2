import { type BrowserContext, expect, type Locator, type Page, test } from '@playwright/test';
import config from '../playwright.config.ts';
import { englishOnTurkishPage, shot, signUp, translator } from './support.ts';

/**
 * A template's IDE choices (issue 12 B) on the Templates page, in English and Turkish, and what they do
 * in VS Code: the Welcome page back on, a file of the project opened first instead of the README.
 * Every workspace made here is deleted at the end, whatever happened.
 */

type T = ReturnType<typeof translator>;
const UNTIL_RUNNING = 90_000;
const UNTIL_WORKBENCH = 60_000;

/** The portal's JSON API with the page's session and its CSRF token. */
async function api(page: Page, method: 'GET' | 'POST' | 'DELETE', url: string, data?: unknown) {
  const me = await page.request.get('/api/v1/me');
  const csrf = ((await me.json()) as { csrfToken?: string }).csrfToken ?? '';
  const res = await page.request.fetch(url, { method, data, headers: { 'x-csrf-token': csrf } });
  return { status: res.status(), body: (await res.json().catch(() => null)) as Record<string, unknown> };
}

/** Templates → New template. */
async function newTemplate(page: Page, t: T) {
  await page.goto('/app');
  await page
    .getByRole('link', { name: t('nav.templates') })
    .first()
    .click();
  await page.getByRole('link', { name: t('templates.new') }).click();
  await expect(page.getByRole('heading', { name: t('templates.newTitle'), level: 1 })).toBeVisible();
}

/** The IDE's card of the template editor. */
const ideCard = (page: Page) => page.getByTestId('template-ide');

// The IDE without WebGL, as in workspaces.spec.ts.
const launch = config.use?.launchOptions ?? {};
test.use({ launchOptions: { ...launch, args: [...(launch.args ?? []), '--disable-webgl'] } });

test.describe('template IDE choices', () => {
  const made: { page: Page; id: string }[] = [];
  test.afterEach(async () => {
    for (const { page, id } of made.splice(0)) {
      await api(page, 'DELETE', `/api/v1/workspaces/${id}`).catch(() => undefined);
      await expect
        .poll(async () => (await page.request.get(`/api/v1/workspaces/${id}`)).status(), { timeout: 30_000 })
        .toBe(404);
    }
  });

  test('the Templates page in English: Welcome page, chat and a file to open, checked and saved', async ({
    page,
  }) => {
    const t = translator('en');
    await signUp(page, t, {
      company: `Tpl Ide ${Date.now().toString(36)}`,
      name: 'Ada Byron',
      tag: 'tpl-ide',
      verify: false,
    });
    await newTemplate(page, t);
    const card = ideCard(page);
    await expect(page.getByText(t('templates.ideBody'))).toBeVisible();
    const welcome = card.getByRole('checkbox', { name: t('templates.ideWelcome') });
    const chat = card.getByRole('checkbox', { name: t('templates.ideChat') });
    const file = card.getByLabel(t('templates.ideOpenFile'));
    await expect(welcome).not.toBeChecked();
    await expect(chat).not.toBeChecked();
    await expect(file).toHaveValue('');
    await expect(card.getByText(t('templates.ideOpenFileHint'))).toBeVisible();
    await page.getByLabel(t('templates.name')).fill('First view');
    await welcome.check();
    await chat.check();
    await file.fill('../secrets.txt');
    await page.getByRole('button', { name: t('templates.create') }).click();
    await expect(card.getByText(t('templates.ideOpenFile.parent'))).toBeVisible();
    await shot(page, 'templates-ide-en-error');
    await file.fill('/etc/passwd');
    await page.getByRole('button', { name: t('templates.create') }).click();
    await expect(card.getByText(t('templates.ideOpenFile.absolute'))).toBeVisible();
    await file.fill('docs/start.md');
    await page.getByRole('button', { name: t('templates.create') }).click();
    await expect(page.getByText(t('templates.saved', { name: 'First view' }))).toBeVisible();
    // Back in the editor: what was saved.
    await page.getByRole('link', { name: 'First view' }).first().click();
    await expect(ideCard(page).getByRole('checkbox', { name: t('templates.ideWelcome') })).toBeChecked();
    await expect(ideCard(page).getByRole('checkbox', { name: t('templates.ideChat') })).toBeChecked();
    await expect(ideCard(page).getByLabel(t('templates.ideOpenFile'))).toHaveValue('docs/start.md');
    await shot(page, 'templates-ide-en');
  });

  test('the Templates page in Turkish: the same choices, no English', async ({ browser }) => {
    const context = await browser.newContext({ locale: 'tr-TR' });
    const page = await context.newPage();
    const t = translator('tr');
    await page.goto('/');
    await page.getByTestId('locale-switch').first().getByRole('button', { name: 'Türkçe' }).click();
    await signUp(page, t, {
      company: `Şablon Görünüm ${Date.now().toString(36)}`,
      name: 'Ayşe Demir',
      tag: 'tpl-ide-tr',
      verify: false,
    });
    await newTemplate(page, t);
    const card = ideCard(page);
    await expect(page.getByText(t('templates.ide'))).toBeVisible();
    await expect(page.getByText(t('templates.ideBody'))).toBeVisible();
    await expect(card.getByRole('checkbox', { name: t('templates.ideWelcome') })).toBeVisible();
    await expect(card.getByText(t('templates.ideWelcomeHint'))).toBeVisible();
    await expect(card.getByRole('checkbox', { name: t('templates.ideChat') })).toBeVisible();
    await expect(card.getByText(t('templates.ideChatHint'))).toBeVisible();
    await expect(card.getByText(t('templates.ideOpenFileHint'))).toBeVisible();
    await page.getByLabel(t('templates.name')).fill('İlk görünüm');
    await card.getByLabel(t('templates.ideOpenFile')).fill('src/../../x');
    await page.getByRole('button', { name: t('templates.create') }).click();
    await expect(card.getByText(t('templates.ideOpenFile.parent'))).toBeVisible();
    expect(await englishOnTurkishPage(page)).toEqual([]);
    await shot(page, 'templates-ide-tr');
    await context.close();
  });

  test('a workspace opens the Welcome page, or the file its template names', async ({ page, context }) => {
    test.setTimeout(360_000);
    const t = translator('en');
    await signUp(page, t, {
      company: `Tpl Open ${Date.now().toString(36)}`,
      name: 'Grace Hopper',
      tag: 'tpl-open',
      verify: true,
    });
    const files = {
      type: 'files',
      files: [
        { path: 'README.md', content: '# The project\n' },
        { path: 'notes/todo.md', content: '# To do\n\n- ship it\n' },
      ],
    };
    const cases: {
      name: string;
      ide: object;
      tab: string;
      not: string;
      content: (p: Page) => Locator;
      text: string;
    }[] = [
      {
        name: 'opens-todo',
        ide: { openFile: 'notes/todo.md' },
        tab: 'todo.md',
        not: 'README.md',
        content: (ide) => ide.locator('.monaco-editor .view-lines').first(),
        text: 'ship it',
      },
      {
        name: 'welcome',
        ide: { welcome: true },
        tab: 'Welcome',
        not: 'README.md',
        content: (ide) => ide.locator('.gettingStartedContainer').first(),
        text: 'Walkthroughs',
      },
    ];
    for (const c of cases) {
      const tpl = await api(page, 'POST', '/api/v1/templates', { name: c.name, steps: [files], ide: c.ide });
      expect(tpl.status, JSON.stringify(tpl.body)).toBe(201);
      const ws = await api(page, 'POST', '/api/v1/workspaces', { name: c.name, templateId: tpl.body.id });
      expect(ws.status, JSON.stringify(ws.body)).toBe(202);
      made.push({ page, id: ws.body.id as string });
      await expect
        .poll(async () => (await api(page, 'GET', `/api/v1/workspaces/${ws.body.id}`)).body.status, {
          timeout: UNTIL_RUNNING,
        })
        .toBe('running');
      const ide = await openIde(context, ws.body.url as string);
      const tabs = ide.locator('.tabs-container .tab');
      await expect(tabs.filter({ hasText: c.tab }).first()).toBeVisible({ timeout: 30_000 });
      await expect(tabs.filter({ hasText: c.not })).toHaveCount(0);
      await expect(c.content(ide)).toContainText(c.text, { timeout: 30_000 });
      await shot(ide, `ide-template-${c.name}`, { live: true });
      await ide.close();
    }
  });
});

/** The IDE in a new tab of the signed-in context, its workbench drawn. */
async function openIde(context: BrowserContext, url: string): Promise<Page> {
  const ide = await context.newPage();
  await ide.goto(url);
  await expect(ide.locator('.monaco-workbench')).toBeVisible({ timeout: UNTIL_WORKBENCH });
  return ide;
}
