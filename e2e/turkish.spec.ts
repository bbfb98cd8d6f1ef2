import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, type Page, test } from '@playwright/test';
import { GATEWAY_TEXT } from '../server/src/modules/gateway/gateway.pages.ts';
import { TEST_VKN } from '../server/test/tax-ids.ts';
import {
  englishOnTurkishPage,
  englishProseOnPage,
  followMailLink,
  PASSWORD,
  shot,
  translator,
  uniqueEmail,
} from './support.ts';

/**
 * Every page a customer or an operator can reach, in Turkish, swept for English texts of the portal's
 * catalogue (and the gateway's): the public pages, signup and sign-in, the dashboard, workspaces (list,
 * create, a workspace's tabs), team and invites, templates, billing and each checkout step, invoices,
 * the audit log, sign-in security, the account, the operators' pages, and the gateway's own pages.
 * Each page's screenshot is e2e/screenshots/tr-sweep-<page>.png.
 */

const ROOT = path.join(import.meta.dirname, '..');
const t = translator('tr');
/** Which English texts each page showed; empty when all is Turkish. */
const found: Record<string, string[]> = {};

/** Look at the page as it is now: screenshot, and note any English catalogue text on it. */
async function sweep(
  page: Page,
  name: string,
  opts: { live?: boolean; skip?: RegExp[]; data?: string } = {},
) {
  await shot(page, `tr-sweep-${name}`, opts);
  // `data`: parts of the page that show data in its own language (hidden for the checks only).
  if (opts.data)
    await page.evaluate((sel) => {
      for (const el of document.querySelectorAll<HTMLElement>(sel)) el.style.display = 'none';
    }, opts.data);
  const english = [
    ...(await englishOnTurkishPage(page, [GATEWAY_TEXT])),
    ...(await englishProseOnPage(page, opts.skip)),
  ];
  if (english.length) found[name] = english;
}

async function csrf(page: Page): Promise<Record<string, string>> {
  const me = (await (await page.request.get('/api/v1/me')).json()) as { csrfToken: string };
  return { 'x-csrf-token': me.csrfToken };
}

// A control that is not there fails the step in seconds, not at the end of the whole sweep.
test.use({ actionTimeout: 20_000 });

test('every page in Turkish shows no English text', async ({ page, context }) => {
  test.setTimeout(540_000);
  await page.addInitScript(() => localStorage.setItem('yac.locale', 'tr'));
  const email = uniqueEmail('sweep-tr');
  const company = `Türkçe Tarama ${Date.now().toString(36)}`;
  let workspaceId = '';
  const invitee = uniqueEmail('sweep-invitee');

  try {
    await test.step('public pages, signed out', async () => {
      for (const [name, url] of [
        ['landing', '/'],
        ['signup', '/signup'],
        ['login', '/login'],
        ['login-sso', '/login?sso=1'],
        // Every reason the server sends a browser back from the identity provider, and one it does not know.
        ...(
          [
            'expired',
            'idp',
            'exchange',
            'email_unverified',
            'domain',
            'other_company',
            'unavailable',
            'something_new',
          ] as const
        ).map((r) => [`login-sso-error-${r}`, `/login?sso_error=${r}`] as const),
        ['forgot-password', '/forgot-password'],
        ['reset-password-bad-link', '/reset-password?token=nope'],
        ['verify-email-bad-link', '/verify-email?token=nope'],
        ['accept-invite-bad-link', '/accept-invite?token=nope'],
        ['terms', '/terms'],
        ['privacy', '/privacy'],
        ['distance-sales', '/legal/distance-sales'],
        ['pre-information', '/legal/pre-information'],
        ['refunds', '/legal/refunds'],
        ['delivery', '/legal/delivery'],
        ['contact', '/contact'],
        ['dev-mail', '/dev/mail'],
        ['not-found', '/no-such-page'],
      ] as const) {
        await page.goto(url);
        await expect(page.locator('main, body').first()).toBeVisible();
        await page.waitForLoadState('networkidle');
        // The development mail page lists every mail sent, each in its recipient's language (other
        // tests sign up English users): its own texts are checked against the catalogue, the list is data.
        await sweep(page, name, name === 'dev-mail' ? { data: 'main ul, main article' } : {});
      }
      // A sign-in that fails, and an empty signup form: the messages a person meets.
      await page.goto('/login');
      await page.getByLabel(t('common.email')).fill('nobody@example.com');
      await page.getByLabel(t('common.password')).fill('wrong password 1');
      await page.getByRole('button', { name: t('login.submit') }).click();
      await page.waitForLoadState('networkidle');
      await sweep(page, 'login-failed');
      // Single sign-on asked for an address whose company has none.
      await page.goto('/login?sso=1');
      await page.getByLabel(t('common.email')).fill('nobody@example.com');
      await page.getByRole('button', { name: t('login.ssoContinue') }).click();
      await page.waitForLoadState('networkidle');
      await sweep(page, 'login-sso-unavailable');
      await page.goto('/signup');
      await page.getByRole('button', { name: t('signup.submit') }).click();
      await expect(page.getByText(t('form.required')).first()).toBeVisible();
      await sweep(page, 'signup-empty');
      // The server's refusal of a link that is no good, as the reset page words it.
      await page.goto('/reset-password?token=nope');
      await page.getByLabel(t('password.new'), { exact: true }).fill(PASSWORD);
      await page.getByLabel(t('password.confirm'), { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: t('reset.submit') }).click();
      await page.waitForLoadState('networkidle');
      await sweep(page, 'reset-password-refused');
    });

    await test.step('sign up; the dashboard before and after verifying', async () => {
      await page.goto('/signup');
      await page.getByLabel(t('signup.companyName')).fill(company);
      await page.getByLabel(t('signup.fullName')).fill('Zeynep Şahin');
      await page.getByLabel(t('common.email')).fill(email);
      await page.getByLabel(t('common.password')).fill(PASSWORD);
      await page.getByRole('checkbox').check();
      await page.getByRole('button', { name: t('signup.submit') }).click();
      await expect(
        page.getByRole('heading', { name: t('dashboard.title', { name: 'Zeynep' }) }),
      ).toBeVisible();
      await sweep(page, 'dashboard-unverified');
      await followMailLink(page, email, /doğrulayın/, '/verify-email?token=');
      await expect(page.getByText(t('verify.done'))).toBeVisible();
      await sweep(page, 'verified');
      await page.goto('/app');
      await expect(page.getByTestId('dashboard-company-address')).toBeVisible();
      await sweep(page, 'dashboard');
    });

    await test.step('workspaces: the list, the create dialog, a workspace and its tabs', async () => {
      await page.goto('/app/workspaces');
      await expect(page.getByTestId('no-workspaces')).toBeVisible();
      await sweep(page, 'workspaces-empty');
      await page
        .getByRole('button', { name: t('workspaces.new') })
        .first()
        .click();
      const dialog = page.getByRole('dialog', { name: t('workspaces.createTitle') });
      await dialog.getByLabel(t('workspaces.name'), { exact: true }).fill('tarama');
      await sweep(page, 'workspace-create');
      await dialog.getByRole('button', { name: t('workspaces.create') }).click();
      await expect(page).toHaveURL(/\/app\/workspaces\/[^/]+$/);
      workspaceId = new URL(page.url()).pathname.split('/').pop() as string;
      await sweep(page, 'workspace-provisioning', { live: true });
      const status = page.getByTestId('workspace-status');
      await expect(status).toHaveAttribute('data-status', 'running', { timeout: 150_000 });
      await sweep(page, 'workspace-running', { live: true });
      for (const tab of ['logs', 'charts', 'settings'] as const) {
        const name = t(`workspace.${tab}`);
        const tabEl = page.getByRole('tab', { name });
        if (await tabEl.count()) {
          await tabEl.click();
          await sweep(page, `workspace-${tab}`, { live: true });
        }
      }
      await page.getByRole('button', { name: t('workspace.delete'), exact: true }).click();
      const del = page.getByRole('dialog', { name: t('workspace.deleteTitle', { name: 'tarama' }) });
      await expect(del).toBeVisible();
      await sweep(page, 'workspace-delete-dialog', { live: true });
      await page.keyboard.press('Escape');
      await expect(del).toHaveCount(0);
      await page.goto('/app/workspaces');
      await sweep(page, 'workspaces-list', { live: true });
      // Stopped: the gateway's page for it offers Start, in the user's language.
      const stop = await page.request.post(`/api/v1/workspaces/${workspaceId}/stop`, {
        headers: await csrf(page),
      });
      expect(stop.status()).toBe(202);
      await page.goto(`/app/workspaces/${workspaceId}`);
      // A loaded machine (four people's tests on two cores) may take a while to stop it.
      await expect(status).toHaveAttribute('data-status', 'stopped', { timeout: 150_000 });
      await sweep(page, 'workspace-stopped', { live: true });
      const url = (await page.getByTestId('workspace-url').textContent())?.trim() ?? '';
      await page.goto(url);
      await expect(page.locator('h1')).toBeVisible();
      await sweep(page, 'gateway-stopped');
      // An address that names no workspace: the gateway knows nobody there and speaks the browser's
      // language (a Turkish browser here).
      const host = new URL(url);
      const turkish = await context.browser()?.newContext({ locale: 'tr-TR' });
      const stranger = await turkish?.newPage();
      if (!stranger || !turkish) throw new Error('no browser context');
      await stranger.goto(`${host.protocol}//a.b.${host.host.split('.').slice(1).join('.')}/`);
      await sweep(stranger, 'gateway-not-found');
      await turkish.close();
    });

    await test.step('team, invites, templates, audit, sign-in security, account', async () => {
      await page.goto('/app/team');
      await expect(page.getByTestId('invite-form')).toBeVisible();
      const form = page.getByTestId('invite-form');
      await form.getByLabel(t('common.email')).fill(invitee);
      await form.getByLabel(t('team.quota')).fill('1');
      await expect(page.getByTestId('invite-take-from-owner')).toBeVisible();
      await sweep(page, 'team-invite-form');
      await form.getByRole('button', { name: t('team.sendInvite') }).click();
      await expect(page.getByTestId('invite-row')).toHaveCount(1);
      await sweep(page, 'team-invited');
      // More than anyone holds: the server's 409, as the form words it.
      await form.getByLabel(t('common.email')).fill(uniqueEmail('sweep-too-many'));
      await form.getByLabel(t('team.quota')).fill('9');
      await form.getByRole('button', { name: t('team.sendInvite') }).click();
      await page.waitForLoadState('networkidle');
      await sweep(page, 'team-invite-refused');
      for (const [name, url] of [
        ['templates', '/app/templates'],
        ['template-new', '/app/templates/new'],
        ['template-official', '/app/templates/tpl_node'],
        ['audit', '/app/audit'],
        ['security', '/app/security'],
        ['account', '/app/account'],
      ] as const) {
        await page.goto(url);
        await page.waitForLoadState('networkidle');
        await sweep(page, name);
      }
      await page.getByRole('button', { name: t('twoFactor.turnOn') }).click();
      await page.waitForLoadState('networkidle');
      await sweep(page, 'account-two-factor-setup');
      await page.goto('/app/account');
      await page.getByLabel(t('tokens.name')).fill('betik');
      await page.getByRole('button', { name: t('tokens.create') }).click();
      await expect(page.getByTestId('new-token-value')).toBeVisible();
      await sweep(page, 'account-token-created');
    });

    await test.step('the invitee accepts and sees the portal as a member', async () => {
      const other = await context.browser()?.newContext({ locale: 'tr-TR' });
      const p = await other?.newPage();
      if (!p || !other) throw new Error('no browser context');
      await p.addInitScript(() => localStorage.setItem('yac.locale', 'tr'));
      await followMailLink(p, invitee, /davet etti/, '/accept-invite?token=');
      await expect(p.getByRole('button', { name: t('accept.submit') })).toBeVisible();
      await sweep(p, 'accept-invite');
      await p.getByRole('button', { name: t('accept.submit') }).click();
      await sweep(p, 'accept-invite-empty');
      await p.getByLabel(t('signup.fullName')).fill('Mert Demir');
      await p.getByLabel(t('common.password')).fill(PASSWORD);
      await p.getByRole('checkbox').check();
      await p.getByRole('button', { name: t('accept.submit') }).click();
      await expect(p.getByRole('heading', { name: t('dashboard.title', { name: 'Mert' }) })).toBeVisible();
      await sweep(p, 'member-dashboard');
      for (const [name, url] of [
        ['member-workspaces', '/app/workspaces'],
        ['member-team', '/app/team'],
        ['member-templates', '/app/templates'],
        ['member-billing', '/app/billing'],
        ['member-audit', '/app/audit'],
      ] as const) {
        await p.goto(url);
        await p.waitForLoadState('networkidle');
        await sweep(p, name);
      }
      await other.close();
    });

    await test.step('billing and each checkout step', async () => {
      await page.goto('/app/billing');
      await expect(page.getByTestId('billing-status')).toBeVisible();
      await sweep(page, 'billing-trial');
      const dialog = page.getByTestId('checkout-dialog');
      await page
        .getByTestId('plan-card-team')
        .getByRole('button', { name: t('plans.choose', { plan: 'Team' }) })
        .click();
      const details = dialog.getByTestId('billing-details-form');
      await expect(details).toBeVisible();
      await details.getByRole('button', { name: t('checkout.continue') }).click();
      await sweep(page, 'checkout-details-empty');
      await details.getByLabel(t('billingDetails.legalName')).fill('Tarama Yazılım A.Ş.');
      await details.getByLabel(t('billingDetails.taxOffice')).fill('Kadıköy');
      await details.getByLabel(t('billingDetails.taxNumber')).fill(TEST_VKN);
      await details.getByLabel(t('billingDetails.address')).fill('Moda Cad. No: 12');
      await details.getByLabel(t('billingDetails.city')).fill('İstanbul');
      await details.getByLabel(t('billingDetails.country')).selectOption('TR');
      await details.getByLabel(t('billingDetails.phone')).fill('+90 212 555 01 23');
      await details.getByRole('button', { name: t('checkout.continue') }).click();
      const legal = dialog.getByTestId('checkout-legal');
      await expect(legal).toBeVisible();
      await legal.getByTestId('checkout-accept').click();
      await sweep(page, 'checkout-legal');
      await legal.getByRole('checkbox').check();
      await legal.getByTestId('checkout-accept').click();
      await expect(dialog.getByTestId('paytr-iframe')).toBeVisible();
      await sweep(page, 'checkout-pay', { live: true });
      // A declined card, then one that pays: the result, the payment history and the invoice.
      const paytr = page.frameLocator('[data-testid="paytr-iframe"]');
      const pay = async (card: string) => {
        await paytr.getByLabel(/Kart üzerindeki isim|Name on card/).fill('Zeynep Şahin');
        await paytr.getByLabel(/Kart numarası|Card number/).fill(card);
        await paytr.getByLabel(/Son kullanma tarihi|Expiry date/).fill('12/30');
        const cvc = paytr.getByLabel(/Güvenlik kodu|Security code/);
        await cvc.fill('000');
        await expect(paytr.getByRole('button', { name: /^(Öde|Pay)$/ })).toBeVisible();
        // Enter in the last field submits the form, as a person typing does. A click on the button was lost
        // once in a loaded CI run: Playwright saw no navigation after it and the form sat filled for 90 s
        // (the English billing test still clicks the button).
        await cvc.press('Enter');
        // The simulator's answer sends the whole window back to the billing page with ?payment=…, which
        // shows the result (the page then cleans its address): waited for below.
      };
      const result = page.getByTestId('payment-result');
      await pay('4111 1111 1111 1111');
      await expect(result).toHaveAttribute('data-status', 'failed', { timeout: 90_000 });
      await sweep(page, 'payment-declined');
      await result.getByRole('button', { name: t('common.retry') }).click();
      await dialog.getByTestId('checkout-legal').getByRole('checkbox').check();
      await dialog.getByTestId('checkout-accept').click();
      await pay('4355 0843 5508 4358');
      await expect(result).toHaveAttribute('data-status', 'paid', { timeout: 90_000 });
      await sweep(page, 'payment-paid');
      await page.goto('/app/billing');
      await expect(page.getByTestId('invoice-row')).toHaveCount(1);
      await sweep(page, 'billing-paid-invoices');
      await page.getByRole('button', { name: t('billing.cancelNow.button') }).click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await sweep(page, 'billing-cancel-now-dialog');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
      // Its accessible name also says which payment: found by its text.
      await page
        .getByRole('button')
        .filter({ hasText: t('billing.refund.ask') })
        .first()
        .click();
      await expect(page.getByRole('dialog')).toBeVisible();
      await sweep(page, 'billing-refund-dialog');
      await page.keyboard.press('Escape');
      await expect(page.getByRole('dialog')).toHaveCount(0);
    });

    await test.step('the operators’ pages', async () => {
      execFileSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'operator', 'grant', email], {
        cwd: ROOT,
        env: { ...process.env, DATA_DIR: 'e2e/.data', LOG_LEVEL: 'warn' },
        encoding: 'utf8',
      });
      for (const tab of ['companies', 'payments', 'callbacks', 'reconciliation', 'jobs']) {
        await page.goto(`/app/admin/${tab}`);
        await expect(page.getByRole('heading', { name: t('admin.title'), level: 1 })).toBeVisible();
        await page.waitForLoadState('networkidle');
        await sweep(page, `admin-${tab}`);
      }
    });

    await test.step('signed out through the company’s address: the sign-in', async () => {
      const other = await context.browser()?.newContext({ locale: 'tr-TR' });
      const p = await other?.newPage();
      if (!p || !other) throw new Error('no browser context');
      await p.addInitScript(() => localStorage.setItem('yac.locale', 'tr'));
      const address = (await page
        .goto('/app')
        .then(() => page.getByTestId('company-address').getByRole('link').getAttribute('href'))) as string;
      await p.goto(address);
      await expect(p).toHaveURL(/\/login\?next=/);
      await sweep(p, 'company-address-sign-in');
      await other.close();
    });
  } finally {
    if (workspaceId)
      await page.request.delete(`/api/v1/workspaces/${workspaceId}`, { headers: await csrf(page) });
  }
  expect(found).toEqual({});
});
