import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { signedCallback } from '@youarecoder/paytr-sim';
import { SIM, shot, signUp, subscribeThroughApi, translator } from './support.ts';

/**
 * The platform operators' pages: a company pays (through the API and the simulator, the billing
 * spec covers the portal's checkout), its owner is made an operator from the CLI, and the Admin
 * pages list the company and its payment, refund part of it, give the dispute evidence package, and
 * let a notification held for review be marked reviewed; reconciliation with PayTR's report finds a sale
 * PayTR lists and we never heard of, and an operator resolves it.
 */

const ROOT = path.join(import.meta.dirname, '..');

test('operators see companies and payments, refund, download evidence and review held notifications', async ({
  page,
}) => {
  const t = translator('en');
  const email = await signUp(page, t, {
    company: 'Operasyon Ltd',
    name: 'Deniz Kaya',
    tag: 'ops',
    verify: true,
  });

  // Pay for Team through the API and the simulator's test control (no browser checkout here).
  const { merchantOid, orderId } = await subscribeThroughApi(page, 'team');

  // Not an operator yet: no Admin entry, and the page is the portal's 404.
  await page.goto('/app');
  await expect(page.getByRole('link', { name: t('nav.admin') })).toHaveCount(0);

  // The flag comes from the CLI, against the running platform's embedded database.
  const out = execFileSync(
    process.execPath,
    ['--import', 'tsx', 'server/src/main.ts', 'operator', 'grant', email],
    { cwd: ROOT, env: { ...process.env, DATA_DIR: 'e2e/.data', LOG_LEVEL: 'warn' }, encoding: 'utf8' },
  );
  expect(out).toContain('is now a platform operator');

  await page.goto('/app');
  await page
    .getByRole('link', { name: t('nav.admin') })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: t('admin.title'), level: 1 })).toBeVisible();
  const company = page.getByTestId('admin-company-row').filter({ hasText: 'Operasyon Ltd' });
  await expect(company).toHaveAttribute('data-status', 'active');
  await shot(page, 'admin-companies');

  // Payments: refund 10.00 of it, with a credit note.
  await page.getByRole('tab', { name: t('admin.tab.payments') }).click();
  const payment = page.locator(`[data-testid="admin-payment-row"][data-order="${orderId}"]`);
  await expect(payment).toHaveAttribute('data-status', 'paid');
  const evidence = payment.getByTestId('evidence-link');
  const zip = await page.request.get((await evidence.getAttribute('href')) as string);
  expect(zip.headers()['content-type']).toBe('application/zip');
  expect((await zip.body()).subarray(0, 2).toString()).toBe('PK');
  await payment.getByRole('button', { name: new RegExp(`^Refund payment ${merchantOid}`) }).click();
  const dialog = page.getByTestId('refund-dialog');
  await dialog.getByLabel(t('admin.refund.amount', { currency: 'TRY' })).fill('10.00');
  await dialog.getByLabel(t('admin.refund.reason')).fill('Goodwill for a slow start');
  await shot(page, 'admin-refund');
  await dialog.getByRole('button', { name: t('admin.refund.submit') }).click();
  await expect(page.getByTestId('refund-notice')).toContainText('10.00');
  const invoices = await (await page.request.get('/api/v1/billing/invoices')).json();
  expect(invoices.invoices.map((i: { kind: string }) => i.kind).sort()).toEqual(['credit_note', 'invoice']);

  // A notification for an order nobody has is held for review; an operator marks it reviewed.
  const held = await page.request.post('/billing/paytr/callback', {
    form: signedCallback(
      { merchantOid: 'E2EUNKNOWN1', status: 'success', totalAmount: 1000, testMode: true },
      // The E2E platform's simulator credentials (playwright.config.ts makes them for the run).
      {
        merchantId: '100000',
        merchantKey: process.env.E2E_PAYTR_SIM_KEY as string,
        merchantSalt: process.env.E2E_PAYTR_SIM_SALT as string,
      },
    ),
  });
  expect(await held.text()).toBe('OK');
  await page.getByRole('tab', { name: t('admin.tab.callbacks') }).click();
  const row = page.getByTestId('admin-callback-row').filter({ hasText: 'E2EUNKNOWN1' });
  await expect(row).toBeVisible();
  await shot(page, 'admin-held');
  await row.getByRole('button', { name: t('admin.callbacks.review') }).click();
  await page.getByLabel(t('admin.review.note')).fill('Not one of ours: a test from the payment provider.');
  await page
    .getByTestId('review-dialog')
    .getByRole('button', { name: t('admin.callbacks.review') })
    .click();
  await expect(page.getByTestId('review-notice')).toBeVisible();
  await expect(page.getByTestId('admin-callback-row').filter({ hasText: 'E2EUNKNOWN1' })).toHaveCount(0);

  // PayTR's report lists a sale of yesterday (Istanbul) that never reached us: the simulator's test switch
  // plants it. The operator reconciles the last days and resolves it with a note.
  const yesterday = new Date(Date.now() + 3 * 3600_000 - 86_400_000).toISOString().slice(0, 10);
  const planted = await page.request.post(`${SIM}/__sim/report`, {
    data: {
      add: [
        { merchantOid: 'E2EGHOST1', type: 'S', amount: 4990, currency: 'TL', date: `${yesterday} 12:00:00` },
      ],
    },
  });
  expect(planted.ok()).toBe(true);
  await page.getByRole('tab', { name: t('admin.recon.tab') }).click();
  await expect(page.getByText(t('admin.recon.empty'))).toBeVisible();
  await page
    .getByTestId('recon-run-form')
    .getByRole('button', { name: t('admin.recon.run.submit') })
    .click();
  await expect(page.getByTestId('recon-run-notice')).toBeVisible();
  const ghost = page.locator('[data-testid="recon-row"][data-oid="E2EGHOST1"]');
  await expect(ghost).toHaveAttribute('data-kind', 'missing_here');
  await expect(ghost).toContainText(t('admin.recon.noPayment'));
  await shot(page, 'admin-reconciliation');
  await ghost.getByRole('button', { name: t('admin.recon.resolveLabel', { oid: 'E2EGHOST1' }) }).click();
  await page
    .getByLabel(t('admin.recon.resolveDialog.note'))
    .fill('Not ours: a payment link made on the PayTR panel.');
  await page
    .getByTestId('resolve-dialog')
    .getByRole('button', { name: t('admin.recon.resolveDialog.submit') })
    .click();
  await expect(page.getByTestId('resolve-notice')).toBeVisible();
  await expect(page.locator('[data-testid="recon-row"][data-oid="E2EGHOST1"]')).toHaveCount(0);
  await page.getByTestId('recon-filter').selectOption('resolved');
  await expect(page.locator('[data-testid="recon-row"][data-oid="E2EGHOST1"]')).toHaveAttribute(
    'data-status',
    'resolved',
  );

  await page.getByRole('tab', { name: t('admin.tab.jobs') }).click();
  await expect(page.getByTestId('admin-jobs')).toBeVisible();
  await shot(page, 'admin-jobs');
});
