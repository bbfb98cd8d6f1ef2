import {
  type APIRequestContext,
  type BrowserContext,
  expect,
  type Locator,
  type Page,
  test,
} from '@playwright/test';
import config from '../playwright.config.ts';
import * as gatewayPages from '../server/src/modules/gateway/gateway.pages.ts';
import { officialTexts } from '../web/src/i18n/official.ts';
import { englishOnTurkishPage, followMailLink, type Lang, shot, translator, uniqueEmail } from './support.ts';

/**
 * Workspaces for real: a company creates one from a template and watches it being set up, opens VS Code
 * in the browser through the gateway (a terminal included), stops it, starts it again from the
 * gateway's own page, and deletes it. Other people — another company's, or nobody signed in — reach the
 * same address and see what they should. Every workspace made here runs as a real code-server process
 * under its own Linux user, so each test deletes what it made, even when it fails.
 */

type T = ReturnType<typeof translator>;

interface Person {
  name: string;
  email: string;
  password: string;
  company: string;
}

const PASSWORD = 'a sturdy passphrase 42';
/** How long a new workspace may take to be set up and reach "running" (template steps, then code-server). */
const UNTIL_RUNNING = 90_000;
/** How long VS Code may take to show its workbench in the browser. */
const UNTIL_WORKBENCH = 60_000;

const VERIFY_SUBJECT: Record<Lang, RegExp> = { en: /Confirm your email address/, tr: /doğrulayın/ };

/** The title and first sentence of one of the gateway's own pages, in English (its dictionary is its own). */
function gatewayText(p: gatewayPages.GatewayPage) {
  const decode = (s: string | undefined) =>
    (s ?? '').replace(/&#(\d+);/g, (_, c: string) => String.fromCharCode(Number(c)));
  return {
    status: p.status,
    title: decode(/<h1>(.*?)<\/h1>/.exec(p.html)?.[1]),
    text: decode(/<p>([^<]*)<\/p>/.exec(p.html)?.[1]),
  };
}

const NOT_FOUND = gatewayText(gatewayPages.notFoundPage('en', ''));
/** The gateway's page for a stopped workspace: its title and the label of its Start button. */
function stoppedText(name: string) {
  const p = gatewayPages.stoppedPage('en', { name, status: 'stopped', reason: null, csrf: '', action: '' });
  return { ...gatewayText(p), start: /<button type="submit">(.*?)<\/button>/.exec(p.html)?.[1] ?? '' };
}

/** Sign up a company on /signup (the portal in `lang`); optionally confirm the address from the mail. */
async function signUp(
  page: Page,
  t: T,
  opts: { company: string; name: string; tag: string; verify: boolean; lang?: Lang },
): Promise<Person> {
  const person = { name: opts.name, email: uniqueEmail(opts.tag), password: PASSWORD, company: opts.company };
  await page.goto('/signup');
  await page.getByLabel(t('signup.companyName')).fill(person.company);
  await page.getByLabel(t('signup.fullName')).fill(person.name);
  await page.getByLabel(t('common.email')).fill(person.email);
  await page.getByLabel(t('common.password')).fill(person.password);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: t('signup.submit') }).click();
  const first = person.name.split(' ')[0] as string;
  await expect(page.getByRole('heading', { name: t('dashboard.title', { name: first }) })).toBeVisible();
  if (opts.verify) {
    await followMailLink(page, person.email, VERIFY_SUBJECT[opts.lang ?? 'en'], '/verify-email?token=');
    await expect(page.getByText(t('verify.done'))).toBeVisible();
  }
  return person;
}

/** The portal's Workspaces page, reached from the navigation. */
async function toWorkspaces(page: Page, t: T) {
  await page.goto('/app');
  await page
    .getByRole('link', { name: t('nav.workspaces') })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: t('nav.workspaces'), level: 1 })).toBeVisible();
}

/** Open the create dialog from the page header. */
async function openCreateDialog(page: Page, t: T) {
  await page.getByRole('button', { name: t('workspaces.new') }).click();
  const dialog = page.getByRole('dialog', { name: t('workspaces.createTitle') });
  await expect(dialog).toBeVisible();
  // The templates load when the dialog opens; the first is preselected.
  await expect(dialog.getByRole('radio').first()).toBeChecked();
  return dialog;
}

/**
 * Workspaces made by a test, deleted afterwards through the API with the owner's session whatever
 * happened (a workspace is a Linux user and a code-server process on this machine).
 */
class Leftovers {
  private items: { request: APIRequestContext; id: string }[] = [];

  add(request: APIRequestContext, id: string) {
    this.items.push({ request, id });
  }

  async clear() {
    for (const { request, id } of this.items.splice(0)) {
      const me = await request.get('/api/v1/me');
      const csrf = me.ok() ? ((await me.json()) as { csrfToken?: string }).csrfToken : undefined;
      const headers = csrf ? { 'x-csrf-token': csrf } : undefined;
      await request.delete(`/api/v1/workspaces/${id}`, { headers }).catch(() => undefined);
      // Gone means the runtime (process, Linux user, files) is removed too.
      await expect
        .poll(async () => (await request.get(`/api/v1/workspaces/${id}`)).status(), { timeout: 30_000 })
        .toBe(404);
    }
  }
}

/**
 * Create a workspace from the dialog (opened here unless it is open already) and land on its page;
 * returns its id and address.
 */
async function createWorkspace(
  page: Page,
  t: T,
  leftovers: Leftovers,
  o: { name: string; template: string },
  open?: Locator,
) {
  const dialog = open ?? (await openCreateDialog(page, t));
  await dialog.getByLabel(t('workspaces.name'), { exact: true }).fill(o.name);
  await dialog.getByRole('radio', { name: new RegExp(`^${o.template}`) }).check();
  await dialog.getByRole('button', { name: t('workspaces.create') }).click();
  await expect(page).toHaveURL(/\/app\/workspaces\/[^/]+$/);
  const id = new URL(page.url()).pathname.split('/').pop() as string;
  leftovers.add(page.request, id);
  await expect(page.getByRole('heading', { name: o.name, level: 1 })).toBeVisible();
  const url = (await page.getByTestId('workspace-url').textContent())?.trim() ?? '';
  expect(url).toMatch(new RegExp(`^http://${o.name}--[a-z0-9-]+\\.localhost:\\d+/?$`));
  return { id, url };
}

/** The status badge on a workspace page. */
const statusOf = (page: Page) => page.getByTestId('workspace-status');
/** The workspace page's "Open" link (its name goes on with "(opens in a new tab)"). */
const openLink = (page: Page, t: T) =>
  page.getByRole('link', { name: new RegExp(`^${t('workspaces.open')}(\\s|$)`) });

/** VS Code in the browser: the workbench is there, its explorer showing `file` of the project. */
async function expectWorkbench(ide: Page, file: string) {
  await expect(ide.locator('.monaco-workbench')).toBeVisible({ timeout: UNTIL_WORKBENCH });
  await expect(ide.getByRole('treeitem', { name: file })).toBeVisible({ timeout: 30_000 });
}

/**
 * Open VS Code's terminal (Ctrl+`), run a command in it and see its output. The terminal draws on a
 * WebGL canvas when it can: this file's browser has WebGL off, so it falls back to DOM rows that can be
 * read like any text on the screen.
 */
async function runInTerminal(
  ide: Page,
  command: string,
  output: string | RegExp,
  { perTryMs = 5_000, totalMs = 30_000, open = true } = {},
) {
  if (open) await openTerminal(ide);
  const rows = ide.locator('.terminal-wrapper.active .xterm-rows').first();
  // The command line holds the text too: the output is the row that is nothing else.
  const line = rows
    .locator('> div')
    .filter({ hasText: typeof output === 'string' ? new RegExp(`^\\s*${output}\\s*$`) : output });
  await expect(async () => {
    await ide.locator('.terminal-wrapper.active .xterm-screen').first().click();
    await ide.keyboard.type(command);
    await ide.keyboard.press('Enter');
    // Keys typed while the terminal still connects to its shell can be lost: type again, as a person would.
    await expect(line.first()).toBeVisible({ timeout: perTryMs });
  }).toPass({ timeout: totalMs });
}

/** Open VS Code's terminal (Ctrl+`), trusting the folder when asked, until its shell shows a prompt. */
async function openTerminal(ide: Page) {
  // A new folder opens in Restricted Mode: a terminal runs code, so VS Code asks to trust the folder.
  const trust = ide.getByRole('button', { name: 'Trust Folder & Continue' });
  // The terminal's tab is named after its shell once the shell runs.
  const shell = ide.locator('.single-terminal-tab').filter({ hasText: 'bash' });
  // Keys reach the workbench once it has focus: the status bar, as the editor may hold the README's
  // preview (a webview frame that keeps the click and the keys to itself).
  await ide.locator('.monaco-workbench .part.statusbar').click({ position: { x: 400, y: 5 } });
  await ide.keyboard.press('Control+Backquote');
  await expect(trust.or(shell)).toBeVisible({ timeout: 30_000 });
  if (await trust.isVisible()) await trust.click();
  await expect(shell).toBeVisible({ timeout: 30_000 });
  // The prompt is there: the shell reads input.
  await expect(ide.locator('.terminal-wrapper.active .xterm-rows').first()).toContainText('$', {
    timeout: 15_000,
  });
}

/** The next tab this context opens while `action` runs. */
async function newTab(context: BrowserContext, action: () => Promise<void>): Promise<Page> {
  const [tab] = await Promise.all([context.waitForEvent('page'), action()]);
  return tab;
}

// The IDE's terminal without WebGL: DOM rows instead of a canvas (see runInTerminal).
const launch = config.use?.launchOptions ?? {};
test.use({ launchOptions: { ...launch, args: [...(launch.args ?? []), '--disable-webgl'] } });

test.describe('workspaces', () => {
  const leftovers = new Leftovers();
  test.afterEach(async () => {
    await leftovers.clear();
  });

  test('a workspace from creation to deletion', async ({ page, context }) => {
    test.setTimeout(600_000);
    const t = translator('en');
    const stamp = Date.now().toString(36);
    let owner: Person;
    let ws: { id: string; url: string };
    let ide: Page;

    await test.step('sign up, verify, and find no workspaces yet', async () => {
      owner = await signUp(page, t, {
        company: `Acme ${stamp}`,
        name: 'Ada Lovelace',
        tag: 'ws-owner',
        verify: true,
      });
      await toWorkspaces(page, t);
      await expect(page.getByText(t('workspaces.emptyTitle'))).toBeVisible();
      await expect(page.getByRole('button', { name: t('workspaces.createFirst') })).toBeVisible();
      await shot(page, 'ws-01-empty');
    });

    await test.step('the create dialog', async () => {
      const dialog = await openCreateDialog(page, t);
      await dialog.getByLabel(t('workspaces.name'), { exact: true }).fill('web');
      await expect(dialog.getByTestId('workspace-url-preview')).toContainText('web--acme-');
      await expect(dialog.getByRole('radio', { name: /^Node\.js/ })).toBeVisible();
      await expect(dialog.getByLabel(t('workspaces.idleTimeout'))).toBeVisible();
      await shot(page, 'ws-02-create-dialog');
      await dialog.getByRole('button', { name: t('common.cancel') }).click();
      await expect(dialog).toBeHidden();
    });

    await test.step('create "web" from the Node.js template and watch it being set up', async () => {
      ws = await createWorkspace(page, t, leftovers, { name: 'web', template: 'Node\\.js' });
      const provisioning = page.getByTestId('provisioning');
      await expect(provisioning).toBeVisible();
      await expect(provisioning.getByTestId('provisioning-step')).toHaveCount(4);
      if ((await statusOf(page).getAttribute('data-status')) !== 'running')
        await shot(page, 'ws-03-provisioning', { live: true });
      await expect(statusOf(page)).toHaveAttribute('data-status', 'running', { timeout: UNTIL_RUNNING });
      await expect(statusOf(page)).toHaveText(t('workspaceStatus.running'));
      await expect(provisioning.getByTestId('provisioning-step')).toHaveCount(4);
      for (const step of await provisioning.getByTestId('provisioning-step').all())
        await expect(step).toHaveAttribute('data-status', 'succeeded');
      await expect(page.getByTestId('time-left')).toBeVisible();
      await shot(page, 'ws-04-running', { live: true });
    });

    await test.step('open it: VS Code in a new tab, with a terminal', async () => {
      ide = await newTab(context, () => openLink(page, t).click());
      await expectWorkbench(ide, 'package.json');
      expect(new URL(ide.url()).host).toBe(new URL(ws.url).host);
      await runInTerminal(ide, 'echo hello-from-e2e', 'hello-from-e2e');
      await shot(ide, 'ws-05-ide-terminal', { live: true });
    });

    await test.step('in a container: the short prompt in /workspace, sudo apt-get install, npm', async () => {
      // Workspaces run in containers wherever the platform can (as root, with podman and the image): the
      // E2E platform must, as CI's does; a host that cannot fails here saying what to do, never skips.
      const dto = await (await page.request.get(`/api/v1/workspaces/${ws.id}`)).json();
      expect(
        dto.limitsEnforced,
        'workspaces must run in containers: run the E2E tests as root after `npm run setup:ide` (podman, the workspace image)',
      ).toBe(true);
      const rows = ide.locator('.terminal-wrapper.active .xterm-rows').first();
      await expect(rows).toContainText('dev@web:/workspace$');
      // Typed again if keys were lost (apt-get twice is harmless).
      await runInTerminal(
        ide,
        'sudo apt-get update -qq && sudo apt-get install -y -qq jq >/dev/null 2>&1; jq --version',
        /^\s*jq-1\.\d+\s*$/,
        { perTryMs: 90_000, totalMs: 200_000, open: false },
      );
      // Node's npm is there too, as a developer expects in a Node.js workspace.
      await runInTerminal(ide, 'echo "npm-$(npm --version)"', /^\s*npm-11\.\d+\.\d+\s*$/, { open: false });
      await shot(ide, 'ws-05b-ide-sudo-apt', { live: true });
      await page.bringToFront();
      await expect(page.getByText(/2 vCPU · 4 GB memory · 2,048 processes · 10 GB disk/)).toBeVisible();
      await shot(page, 'ws-05c-limits', { live: true });

      // A memory hog in the terminal: the kernel stops it at the plan's 4 GB, and the page says so once
      // the minute's sample has seen it.
      await ide.bringToFront();
      await runInTerminal(
        ide,
        `node -e 'const a = []; for (;;) a.push(Buffer.alloc(16 << 20, 1))'; echo "status $?"`,
        /^\s*status 137\s*$/,
        { perTryMs: 60_000, totalMs: 130_000, open: false },
      );
      await page.bringToFront();
      await expect(async () => {
        await page.reload();
        await expect(page.getByTestId('oom-notice')).toBeVisible({ timeout: 2_000 });
      }).toPass({ timeout: 100_000, intervals: [5_000] });
      await expect(page.getByTestId('oom-notice')).toContainText('out of memory (4 GB limit)');
      await shot(page, 'ws-05d-out-of-memory', { live: true });
      await ide.bringToFront();
    });

    await test.step('stop it in the portal: stopped, and who did it', async () => {
      await page.bringToFront();
      await page.getByRole('button', { name: t('workspaces.stop'), exact: true }).click();
      // Stopping waits up to 10 s for code-server to end after SIGTERM (an open terminal's bash ignores it).
      await expect(statusOf(page)).toHaveAttribute('data-status', 'stopped', { timeout: 60_000 });
      await expect(page.getByTestId('status-reason')).toContainText(`stopped by ${owner.email}`);
      await expect(page.getByRole('button', { name: t('workspaces.start'), exact: true })).toBeVisible();
      await expect(openLink(page, t)).toHaveCount(0);
      await shot(page, 'ws-06-stopped', { live: true });
    });

    await test.step('its address shows the gateway’s stopped page; Start there brings the IDE back', async () => {
      const stopped = stoppedText('web');
      await ide.bringToFront();
      // The gateway may have the running state cached for a few seconds: reload like a person would.
      await expect(async () => {
        const res = await ide.goto(ws.url);
        expect(res?.status()).toBe(stopped.status);
        await expect(ide.getByRole('heading', { name: stopped.title })).toBeVisible({ timeout: 1_000 });
      }).toPass({ timeout: 20_000 });
      await expect(ide.getByText(`stopped by ${owner.email}`)).toBeVisible();
      await shot(ide, 'ws-07-gateway-stopped');
      // The form posts to the gateway's /__yac/start, which starts the workspace and sends the browser on.
      const [started] = await Promise.all([
        ide.waitForResponse((r) => new URL(r.url()).pathname === '/__yac/start'),
        ide.getByRole('button', { name: stopped.start }).click(),
      ]);
      expect(started.status(), 'the gateway accepts its own Start form').toBe(303);
      // The progress page refreshes itself until the IDE answers.
      await expectWorkbench(ide, 'package.json');
      await shot(ide, 'ws-08-ide-restarted', { live: true });
      await ide.close();
      await expect(statusOf(page)).toHaveAttribute('data-status', 'running');
    });

    await test.step('delete it, confirming with its name: the card is gone', async () => {
      await page.getByRole('button', { name: t('workspace.delete'), exact: true }).click();
      const dialog = page.getByRole('dialog', { name: t('workspace.deleteTitle', { name: 'web' }) });
      await expect(dialog.getByRole('button', { name: t('workspace.deleteSubmit') })).toBeDisabled();
      await dialog.getByLabel(t('workspace.deleteConfirm', { name: 'web' })).fill('web');
      await shot(page, 'ws-09-delete-dialog', { live: true });
      await dialog.getByRole('button', { name: t('workspace.deleteSubmit') }).click();
      await expect(page).toHaveURL(/\/app\/workspaces\?deleted=web$/);
      await expect(page.getByTestId('workspace-deleted')).toHaveText(
        t('workspaces.deleted', { name: 'web' }),
      );
      await expect(page.getByTestId('workspace-card').filter({ hasText: 'web' })).toHaveCount(0, {
        timeout: 30_000,
      });
      await expect(page.getByText(t('workspaces.emptyTitle'))).toBeVisible();
    });
  });

  test('the gateway lets in only the company’s signed-in people', async ({ page, browser }) => {
    test.setTimeout(180_000);
    const t = translator('en');
    const stamp = Date.now().toString(36);
    const owner = await signUp(page, t, {
      company: `Globex ${stamp}`,
      name: 'Grace Hopper',
      tag: 'gw-owner',
      verify: true,
    });
    await toWorkspaces(page, t);
    const ws = await createWorkspace(page, t, leftovers, { name: 'api', template: 'Blank' });
    const host = new URL(ws.url).host;
    const missing = ws.url.replace('//api--', '//nothing-here--');

    await test.step('the workspace page on a phone-sized screen', async () => {
      await page.setViewportSize({ width: 390, height: 844 });
      await expect(statusOf(page)).toHaveAttribute('data-status', 'running', { timeout: UNTIL_RUNNING });
      await expect(openLink(page, t)).toBeVisible();
      await shot(page, 'phone-workspace', { live: true });
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await test.step('another company’s user gets the same 404 as for a workspace that does not exist', async () => {
      const other = await browser.newContext();
      try {
        const stranger = await other.newPage();
        await signUp(stranger, t, {
          company: `Initech ${stamp}`,
          name: 'Peter Gibbons',
          tag: 'gw-stranger',
          verify: false,
        });
        const seen: { status: number | undefined; title: string; text: string }[] = [];
        for (const [url, name] of [
          [ws.url, 'gw-404-other-company'],
          [missing, 'gw-404-no-such-workspace'],
        ] as const) {
          const res = await stranger.goto(url);
          await expect(stranger.getByRole('heading', { name: NOT_FOUND.title })).toBeVisible();
          await expect(stranger.getByText(NOT_FOUND.text)).toBeVisible();
          // The 404 comes from the portal's access check: no cookie is ever set on the workspace host.
          expect((await other.cookies(`http://${host}/`)).map((c) => c.name)).toEqual([]);
          seen.push({
            status: res?.status(),
            title: await stranger.title(),
            text: ((await stranger.locator('body').textContent()) ?? '').trim(),
          });
          await shot(stranger, name);
        }
        expect(seen[0]?.status).toBe(NOT_FOUND.status);
        expect(seen[0]).toEqual(seen[1]);
      } finally {
        await other.close();
      }
    });

    await test.step('signed out: the address asks to sign in, then lands in the IDE', async () => {
      const fresh = await browser.newContext();
      try {
        const visitor = await fresh.newPage();
        await visitor.goto(ws.url);
        await expect(visitor).toHaveURL(/\/login\?next=%2Fgateway%2Fauthorize/);
        await expect(visitor.getByRole('heading', { name: t('login.title') })).toBeVisible();
        // It names what the sign-in opens: the workspace and its company, read off the address.
        const [wsName, company] = host.split('.')[0]?.split('--') ?? [];
        await expect(
          visitor.getByText(t('login.forWorkspace', { workspace: wsName ?? '', company: company ?? '' })),
        ).toBeVisible();
        await visitor.getByLabel(t('common.email')).fill(owner.email);
        await visitor.getByLabel(t('common.password')).fill(owner.password);
        await shot(visitor, 'gw-login-first');
        await visitor.getByRole('button', { name: t('login.submit') }).click();
        await expectWorkbench(visitor, 'README.md');
        // Through the portal's check and the ticket on the workspace host, which leaves no trace in the address.
        expect(new URL(visitor.url()).host).toBe(host);
        expect(visitor.url()).not.toContain('__yac');
        expect((await fresh.cookies(`http://${host}/`)).map((c) => c.name)).toEqual(['yac_ws']);
        await shot(visitor, 'gw-ide-after-login', { live: true });
      } finally {
        await fresh.close();
      }
    });
  });

  test('the first IDE view: README open, no Welcome or chat, names in the title, a quick terminal', async ({
    page,
    context,
  }) => {
    test.setTimeout(480_000);
    const t = translator('en');
    const company = `Acme First ${Date.now().toString(36)}`;
    await signUp(page, t, { company, name: 'Ada Lovelace', tag: 'ws-first', verify: true });
    await toWorkspaces(page, t);
    const ws = await createWorkspace(page, t, leftovers, {
      name: 'first',
      template: officialTexts('en').name('tpl_blank', 'Blank'),
    });
    await expect(statusOf(page)).toHaveAttribute('data-status', 'running', { timeout: UNTIL_RUNNING });
    const ide = await newTab(context, () => openLink(page, t).click());
    await expect(ide.locator('.monaco-workbench')).toBeVisible({ timeout: UNTIL_WORKBENCH });
    const workbenchAt = Date.now();
    const tabs = ide.locator('.tabs-container .tab');
    await expect(tabs.filter({ hasText: 'README.md' })).toBeVisible({ timeout: 30_000 });
    await expect(tabs.filter({ hasText: 'Welcome' })).toHaveCount(0);
    await expect(ide).toHaveTitle(new RegExp(`first · ${company}`));
    // The "Build with Agent" chat lives in the secondary side bar: hidden, with no chat view in it.
    await expect(ide.locator('.part.auxiliarybar')).toBeHidden();
    await openTerminal(ide);
    const terminalMs = Date.now() - workbenchAt;
    test.info().annotations.push({ type: 'terminal-ms', description: String(terminalMs) });
    console.log(`first terminal prompt ${terminalMs} ms after the workbench`);
    await shot(ide, 'ide-first-view', { live: true });
    expect(new URL(ide.url()).host).toBe(new URL(ws.url).host);
    await ide.close();

    // The company's address leads to the portal's workspace list (signed in here: straight to it).
    const sub = new URL(ws.url).host.split('.')[0]?.split('--')[1] ?? '';
    const base = new URL(ws.url).host.split('.').slice(1).join('.');
    await page.goto(`${new URL(ws.url).protocol}//${sub}.${base}/`);
    await expect(page).toHaveURL(/\/app\/workspaces$/);
    for (const lang of ['en', 'tr'] as const) {
      const other = await context.browser()?.newContext({ locale: lang === 'tr' ? 'tr-TR' : 'en-US' });
      const p = await other?.newPage();
      if (!p || !other) throw new Error('no browser context');
      // Signed out: the company's address asks for the sign-in, then lands on the workspace list.
      await p.goto(`${new URL(ws.url).protocol}//${sub}.${base}/`);
      await expect(p).toHaveURL(/\/login\?next=/);
      await shot(p, `gw-company-sign-in-${lang}`);
      await p.goto(`${new URL(ws.url).protocol}//a.b.${base}/`);
      await expect(p.locator('h1')).toHaveText(gatewayText(gatewayPages.notFoundPage(lang, '')).title);
      await shot(p, `gw-not-found-${lang}`);
      await other.close();
    }
  });

  test('workspaces in Turkish', async ({ page }) => {
    test.setTimeout(150_000);
    const t = translator('tr');
    await page.goto('/');
    await page.getByTestId('locale-switch').first().getByRole('button', { name: 'Türkçe' }).click();
    await signUp(page, t, {
      company: `Çalışkan Yazılım ${Date.now().toString(36)}`,
      name: 'Ayşe Yılmaz',
      tag: 'ws-tr',
      verify: true,
      lang: 'tr',
    });
    await toWorkspaces(page, t);
    await expect(page.getByText(t('workspaces.emptyTitle'))).toBeVisible();
    await expect(page.getByText(t('workspaces.emptyBody'))).toBeVisible();
    await shot(page, 'tr-ws-01-empty');
    const dialog = await openCreateDialog(page, t);
    await dialog.getByLabel(t('workspaces.name'), { exact: true }).fill('deneme');
    await expect(dialog.getByTestId('workspace-url-preview')).toContainText('deneme--caliskan-yazilim-');
    await expect(dialog.getByText(t('workspaces.idleTimeoutHint'))).toBeVisible();
    await expect(dialog.getByRole('button', { name: t('workspaces.create') })).toBeEnabled();
    await shot(page, 'tr-ws-02-create-dialog');

    // Official templates are shown in the reader's language.
    const blank = officialTexts('tr').name('tpl_blank', 'Blank');
    expect(blank).toBe('Boş');
    await createWorkspace(page, t, leftovers, { name: 'deneme', template: blank }, dialog);
    await expect(statusOf(page)).toHaveAttribute('data-status', 'running', { timeout: UNTIL_RUNNING });
    await expect(statusOf(page)).toHaveText(t('workspaceStatus.running'));
    await expect(page.getByRole('tab', { name: t('workspace.overview') })).toBeVisible();
    await shot(page, 'tr-ws-03-running', { live: true });
    expect(await englishOnTurkishPage(page)).toEqual([]);

    await page.getByRole('button', { name: t('workspace.delete'), exact: true }).click();
    const del = page.getByRole('dialog', { name: t('workspace.deleteTitle', { name: 'deneme' }) });
    await del.getByLabel(t('workspace.deleteConfirm', { name: 'deneme' })).fill('deneme');
    await shot(page, 'tr-ws-04-delete-dialog', { live: true });
    await del.getByRole('button', { name: t('workspace.deleteSubmit') }).click();
    await expect(page.getByText(t('workspaces.emptyTitle'))).toBeVisible({ timeout: 30_000 });
    await expect(page.getByTestId('workspace-deleted')).toHaveText(
      t('workspaces.deleted', { name: 'deneme' }),
    );
    await shot(page, 'tr-ws-05-deleted');
  });
});
