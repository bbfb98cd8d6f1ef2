import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { newestBundledBulletin } from '../server/src/modules/billing/rates/rates.seed.ts';
import { TEST_VKN } from '../server/test/tax-ids.ts';
import { formatBulletinDate } from '../web/src/lib/billing.ts';
import { shot, shotOf, signUp, subscribeThroughApi, translator } from './support.ts';

/**
 * Billing against the bundled PayTR simulator: a trial company upgrades to Team paying in TRY through
 * PayTR's iframe. A declined card first leaves everything as it was and says why; then a card that pays
 * moves the company to Team, with an invoice (its PDF) and the payment-received mail carrying the PDF.
 * Prices in TRY come from the bundled recorded TCMB bulletin (the config points TCMB at nothing).
 */

type T = ReturnType<typeof translator>;

/** The simulator's test cards (tools/paytr-sim/src/cards.ts). */
const CARDS = { paid: '4355 0843 5508 4358', declined: '4111 1111 1111 1111' } as const;
const DECLINED_REASON = 'Kartın limiti yetersiz';
/** Where the development mail transport writes each message, as `<outbox id>@youarecoder.eml`. */
const MAIL_DIR = path.join(import.meta.dirname, '.data', 'mail');

/** The billing page, reached from the navigation. */
async function toBilling(page: Page, t: T) {
  await page.goto('/app');
  await page
    .getByRole('link', { name: t('nav.billing') })
    .first()
    .click();
  await expect(page.getByRole('heading', { name: t('billing.title'), level: 1 })).toBeVisible();
  await expect(page.getByTestId('billing-status')).toBeVisible();
}

/** Pay on the simulator's page inside the checkout's iframe (English: the payer's locale). */
async function payWith(page: Page, card: string) {
  const paytr = page.frameLocator('[data-testid="paytr-iframe"]');
  await paytr.getByLabel('Name on card').fill('Ayşe Yılmaz');
  await paytr.getByLabel('Card number').fill(card);
  await paytr.getByLabel('Expiry date (MM/YY)').fill('12/30');
  await paytr.getByLabel('Security code (CVC)').fill('000');
  // The simulator's answer sends the whole window back to the billing page with ?payment=…&order=….
  await paytr.getByRole('button', { name: 'Pay' }).click();
  await page.waitForURL(/\/app\/billing/);
}

/** Text of a PDF, through poppler's pdftotext. */
function pdfText(pdf: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'billing-e2e-'));
  try {
    const file = path.join(dir, 'invoice.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** "₺1,234.56" and "1,234.56" name the same amount: compare the digits. */
const digits = (s: string | null) => (s ?? '').replace(/\D/g, '');

test('a trial company upgrades to Team in TRY: a declined card, then a paid one', async ({ page }) => {
  test.setTimeout(180_000);
  const t = translator('en');
  const stamp = Date.now().toString(36);
  // Every Turkish letter a font can miss: ğ ü ş ı ö ç İ.
  const legalName = 'Ağaçlı Gözüm Yazılım İşleri A.Ş.';
  const bulletin = await newestBundledBulletin();
  expect(bulletin, 'a recorded TCMB bulletin is bundled').not.toBeNull();
  let owner = '';

  await test.step('sign up, verify: the company is on the Starter trial', async () => {
    owner = await signUp(page, t, {
      company: `Anatolia Labs ${stamp}`,
      name: 'Ayşe Yılmaz',
      tag: 'bill',
      verify: true,
    });
    await page.goto('/app');
    await expect(page.getByTestId('dashboard-quota')).toContainText('of 5');
    await expect(page.getByTestId('dashboard-trial')).toContainText(t('dashboard.trialTitle'));
    await toBilling(page, t);
    await expect(page.getByTestId('billing-status')).toHaveAttribute('data-status', 'trialing');
    await expect(page.getByTestId('billing-status')).toHaveText(t('subscriptionStatus.trialing'));
    await expect(page.getByTestId('billing-plan')).toHaveText('Starter');
    await expect(page.getByTestId('gateway-simulator').first()).toBeVisible();
    // During the trial the plan card leads with paying; cancelling is there, but not the headline.
    const card = page.getByTestId('subscription-card');
    await expect(
      card.getByTestId('trial-pay').getByRole('button', { name: t('onboard.addPayment') }),
    ).toBeVisible();
    await expect(card.getByTestId('trial-pay')).toContainText(/first period runs until/);
    await expect(card.getByRole('button', { name: t('billing.cancel') })).toBeVisible();
    // The trial's own plan is kept, not "chosen" again.
    const starter = page.getByTestId('plan-card-starter');
    await expect(
      starter.getByRole('button', { name: t('onboard.keepPlan', { plan: 'Starter' }) }),
    ).toBeVisible();
    await expect(starter.getByRole('button', { name: t('plans.choose', { plan: 'Starter' }) })).toHaveCount(
      0,
    );
    await shot(page, 'billing-trial');
  });

  await test.step('prices in TRY, at the bundled bulletin’s rate', async () => {
    const currency = page.getByTestId('currency-switch');
    const teamPrice = page.getByTestId('plan-card-team').getByTestId('plan-price');
    // Through USD and back, so the switch is seen to work whichever currency the trial starts in.
    await currency.getByRole('button', { name: 'USD' }).click();
    await expect(teamPrice).toContainText('$');
    await currency.getByRole('button', { name: 'TRY' }).click();
    await expect(currency.getByRole('button', { name: 'TRY' })).toHaveAttribute('aria-pressed', 'true');
    await expect(teamPrice).toContainText('₺');
    await expect(page.getByTestId('rate-line')).toContainText(
      t('pricing.rates', { date: formatBulletinDate(bulletin?.parsed.date ?? '') }),
    );
    await expect(
      page.getByTestId('period-switch').getByRole('button', { name: t('pricing.monthly') }),
    ).toHaveAttribute('aria-pressed', 'true');
  });

  const dialog = page.getByTestId('checkout-dialog');
  await test.step('choose Team monthly: billing details first, then PayTR’s page with the amount in ₺', async () => {
    await page
      .getByTestId('plan-card-team')
      .getByRole('button', { name: t('plans.choose', { plan: 'Team' }) })
      .click();
    await expect(dialog.getByText(t('checkout.detailsTitle'))).toBeVisible();
    // The order beside the details step: plan, price, the trial's days kept.
    const summary = dialog.getByTestId('order-summary');
    await expect(summary).toContainText('Team');
    await expect(summary.getByTestId('order-summary-price')).toContainText('₺');
    await expect(summary.getByTestId('order-summary-trial')).toBeVisible();
    const form = dialog.getByTestId('billing-details-form');
    // Cancel and Continue sit together, under the form (the dialog shows no second row of buttons).
    await expect(form.getByRole('button', { name: t('common.cancel') })).toBeVisible();
    await expect(dialog.getByRole('button', { name: t('common.cancel') })).toHaveCount(1);
    await shot(page, 'billing-checkout-details');
    await form.getByLabel(t('billingDetails.legalName')).fill(legalName);
    await form.getByLabel(t('billingDetails.taxOffice')).fill('Kadıköy');
    await form.getByLabel(t('billingDetails.taxNumber')).fill(TEST_VKN);
    await form.getByLabel(t('billingDetails.address')).fill('Moda Cad. No: 12 Dış Kapı 3, Kadıköy');
    await form.getByLabel(t('billingDetails.city')).fill('İstanbul');
    await form.getByLabel(t('billingDetails.country')).selectOption('TR');
    await form.getByLabel(t('billingDetails.phone')).fill('+90 212 555 01 23');
    await form.getByRole('button', { name: t('checkout.continue') }).click();

    // The preliminary information form with the order's facts; no payment before the box is ticked.
    const legal = dialog.getByTestId('checkout-legal');
    await expect(dialog.getByTestId('order-summary')).toContainText('Team');
    await expect(legal.getByTestId('order-facts')).toContainText('₺');
    await expect(legal.getByTestId('seller-block')).toContainText('YouAreCoder Yazılım A.Ş.');
    await expect(legal.getByRole('link', { name: t('checkout.legal.contract') })).toHaveAttribute(
      'href',
      '/legal/distance-sales',
    );
    await legal.getByTestId('checkout-accept').click();
    await expect(legal.getByText(t('checkout.legal.required'))).toBeVisible();
    await shot(page, 'billing-checkout-legal');
    await legal.getByRole('checkbox').check();
    await legal.getByTestId('checkout-accept').click();

    await expect(dialog.getByText(t('checkout.title', { plan: 'Team' }))).toBeVisible();
    const amount = dialog.getByTestId('checkout-amount');
    await expect(amount).toContainText(/₺[\d,]+\.\d{2}/);
    const iframe = dialog.getByTestId('paytr-iframe');
    const paytrAmount = page.frameLocator('[data-testid="paytr-iframe"]').getByTestId('amount');
    await expect(paytrAmount).toContainText('₺');
    // The portal and PayTR's page ask for the same amount.
    const shown = /₺[\d,.]+/.exec((await amount.textContent()) ?? '')?.[0] ?? '';
    expect(digits(await paytrAmount.textContent())).toBe(digits(shown));
    // With PayTR's cross-origin iframe in it, Playwright never reports the page network-idle (no request
    // is pending): wait for the load event and fonts instead; the iframe's amount is already there.
    await shot(page, 'billing-checkout', { live: true });
    await shotOf(iframe, 'billing-paytr-page');
  });

  const result = page.getByTestId('payment-result');
  await test.step('a declined card: the reason is shown and nothing changes', async () => {
    await payWith(page, CARDS.declined);
    await expect(result).toHaveAttribute('data-status', 'failed', { timeout: 30_000 });
    await expect(result).toContainText(t('payment.failed'));
    // PayTR's code 0 (a bank's refusal), explained in English with what to do; its Turkish text as detail.
    const reason = page.getByTestId('payment-result').getByTestId('payment-failure-reason');
    await expect(reason).toHaveAttribute('data-reason', 'bank');
    await expect(reason).toContainText(t('payfail.bank'));
    await expect(reason).toContainText(t('payfail.detail', { msg: DECLINED_REASON }));
    await expect(page.getByTestId('billing-status')).toHaveAttribute('data-status', 'trialing');
    await expect(page.getByTestId('billing-plan')).toHaveText('Starter');
    const rows = page.getByTestId('order-row');
    await expect(rows).toHaveCount(1);
    await expect(rows.first()).toHaveAttribute('data-status', 'failed');
    await expect(rows.first()).toContainText(t('orderStatus.failed'));
    await expect(rows.first()).toContainText(t('payfail.bank'));
    await expect(page.getByTestId('invoice-row')).toHaveCount(0);
    await expect(page.getByText(t('invoices.empty'))).toBeVisible();
    await shot(page, 'billing-declined');
    // The same row in Turkish: the Turkish sentence, never the English one.
    const tr = translator('tr');
    const locale = page.getByTestId('locale-switch').first();
    await locale.getByRole('button', { name: 'Türkçe' }).click();
    await expect(rows.first()).toContainText(tr('payfail.bank'));
    await expect(rows.first()).not.toContainText(t('payfail.bank'));
    await expect(reason).toContainText(tr('payfail.bank'));
    await shot(page, 'billing-declined-tr');
    await locale.getByRole('button', { name: 'English' }).click();
    await expect(rows.first()).toContainText(t('payfail.bank'));
  });

  await test.step('try again with a card that pays: Team, active', async () => {
    await result.getByRole('button', { name: t('common.retry') }).click();
    // A new order: the contract is accepted again for it.
    await dialog.getByTestId('checkout-legal').getByRole('checkbox').check();
    await dialog.getByTestId('checkout-accept').click();
    await expect(dialog.getByTestId('checkout-amount')).toContainText('₺');
    await payWith(page, CARDS.paid);
    await expect(result).toHaveAttribute('data-status', 'paid', { timeout: 30_000 });
    await expect(result).toContainText(t('payment.paid', { plan: 'Team' }));
    await expect(page.getByTestId('billing-status')).toHaveAttribute('data-status', 'active');
    await expect(page.getByTestId('billing-status')).toHaveText(t('subscriptionStatus.active'));
    await expect(page.getByTestId('billing-plan')).toHaveText('Team');
    await shot(page, 'billing-paid');
  });

  let invoiceNumber = '';
  await test.step('the payment history, the invoice and its PDF', async () => {
    await expect(page.getByTestId('order-row')).toHaveCount(2);
    await expect(page.locator('[data-testid="order-row"][data-status="paid"]')).toHaveCount(1);
    await expect(page.locator('[data-testid="order-row"][data-status="failed"]')).toHaveCount(1);
    const invoice = page.getByTestId('invoice-row');
    await expect(invoice).toHaveCount(1);
    await expect(invoice).toHaveAttribute('data-kind', 'invoice');
    invoiceNumber = ((await invoice.locator('td').first().textContent()) ?? '').trim();
    expect(invoiceNumber).toMatch(/^YAC\d{13}$/);
    await expect(invoice).toContainText('₺');
    const what = t('orders.subscribe', { plan: 'Team', period: t('billing.period.monthly') });
    await expect(
      page
        .locator('[data-testid="order-row"][data-status="paid"]')
        .getByRole('link', { name: t('orders.invoiceLabel', { what }) }),
    ).toBeVisible();

    const link = invoice.getByRole('link', { name: t('invoices.pdfLabel', { number: invoiceNumber }) });
    const href = await link.getAttribute('href');
    // The portal's language decides the PDF's number format.
    expect(href).toMatch(/^\/api\/v1\/billing\/invoices\/[^/]+\/pdf\?locale=en$/);
    const res = await page.request.get(href as string);
    expect(res.status()).toBe(200);
    expect(res.headers()['content-type']).toContain('application/pdf');
    const pdf = await res.body();
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(pdf);
    expect(text).toContain(invoiceNumber);
    expect(text).toContain('₺');
    // The buyer's name, in the DejaVu font that has the Turkish letters.
    expect(text.replace(/\s+/g, ' ')).toContain(legalName);
    expect(text).toMatch(/₺\d{1,3}(,\d{3})*\.\d\d(?!\d)/);
    // The Turkish portal's PDF writes ₺4.817,76, as the Turkish portal does.
    const trPdf = await page.request.get((href as string).replace('locale=en', 'locale=tr'));
    const trText = pdfText(await trPdf.body());
    expect(trText).toMatch(/₺\d{1,3}(\.\d{3})*,\d\d(?!\d)/);
    expect(trText).not.toMatch(/₺\d{1,3}(,\d{3})*\.\d\d(?!\d)/);
    await shot(page, 'billing-invoices');
  });

  await test.step('on a phone, each payment and invoice is a card: its status and PDF in view', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const inView = async (l: Locator) => {
      await expect(l).toBeVisible();
      const box = await l.boundingBox();
      // Within the screen's width: nothing hidden behind a sideways scroll.
      expect((box?.x ?? 999) + (box?.width ?? 999)).toBeLessThanOrEqual(390);
    };
    const paid = page.locator('[data-testid="order-row"][data-status="paid"]');
    await inView(paid.getByText(t('orderStatus.paid'), { exact: true }));
    await inView(paid.getByRole('link', { name: /./ }));
    const failed = page.locator('[data-testid="order-row"][data-status="failed"]');
    await inView(failed.getByTestId('payment-failure-reason'));
    const invoice = page.getByTestId('invoice-row');
    await inView(invoice.getByRole('link', { name: t('invoices.pdfLabel', { number: invoiceNumber }) }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.getByTestId('orders-table').scrollIntoViewIfNeeded();
    await shot(page, 'phone-history');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await test.step('the company may now have 20 workspaces', async () => {
    await page.goto('/app');
    await expect(page.getByTestId('dashboard-quota')).toContainText('0 of 20');
  });

  await test.step('the payment-received mail, with the invoice PDF attached', async () => {
    const subject = `Payment received: YouAreCoder invoice ${invoiceNumber}`;
    const item = page.getByRole('button').filter({ hasText: owner }).filter({ hasText: subject });
    await expect(async () => {
      await page.goto('/dev/mail');
      await expect(item).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 30_000 });
    await item.click();
    const message = page.getByTestId('dev-mail-message');
    await expect(message.getByRole('heading', { name: subject })).toBeVisible();
    await expect(message).toContainText('payment_succeeded');
    await shot(page, 'billing-mail');

    // The page shows no attachments: read the .eml the development transport wrote once it was sent.
    const id = new URL(page.url()).searchParams.get('id');
    expect(id).toBeTruthy();
    const eml = path.join(MAIL_DIR, `${id}@youarecoder.eml`);
    // Listed once queued; the file is there once the mail job has sent it.
    await expect.poll(() => existsSync(eml), { timeout: 30_000 }).toBe(true);
    const mail = await simpleParser(readFileSync(eml));
    expect(mail.subject).toBe(subject);
    expect(mail.to && 'text' in mail.to ? mail.to.text : '').toContain(owner);
    const pdfs = mail.attachments.filter((a) => a.contentType === 'application/pdf');
    expect(pdfs.map((a) => a.filename)).toEqual([`${invoiceNumber}.pdf`]);
    const attached = pdfs[0]?.content as Buffer;
    expect(attached.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(attached)).toContain(invoiceNumber);
  });

  await test.step('a refund request under the policy: in full within 14 days of the first payment', async () => {
    await toBilling(page, t);
    const row = page.getByTestId('refund-row');
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-rule', 'full');
    await row.getByRole('button', { name: t('billing.refund.ask') }).click();
    const ask = page.getByTestId('refund-request-dialog');
    await expect(ask.getByTestId('refund-request-amount')).toContainText('₺');
    await ask.getByLabel(t('billing.refund.reason')).fill('Ekibimiz başka bir araca geçti.');
    await ask.getByRole('button', { name: t('billing.refund.submit') }).click();
    await expect(page.getByTestId('refund-request-sent')).toBeVisible();
    await expect(row.getByTestId('refund-request-status')).toHaveAttribute('data-status', 'open');
    await expect(row.getByRole('button', { name: t('billing.refund.ask') })).toHaveCount(0);
    await row.scrollIntoViewIfNeeded();
    await shot(page, 'billing-refund-request');
  });

  await test.step('an operator approves it on Admin → Payments: the refund path, prefilled', async () => {
    execFileSync(process.execPath, ['--import', 'tsx', 'server/src/main.ts', 'operator', 'grant', owner], {
      env: { ...process.env, DATA_DIR: 'e2e/.data', LOG_LEVEL: 'warn' },
      encoding: 'utf8',
    });
    await page.goto('/app/admin');
    await page.getByRole('tab', { name: t('admin.tab.payments') }).click();
    const request = page
      .locator('[data-testid="admin-payment-row"][data-status="paid"]')
      .getByTestId('admin-refund-request');
    await expect(request).toHaveAttribute('data-status', 'open');
    await expect(request).toContainText('Ekibimiz başka bir araca geçti.');
    await request.getByRole('button', { name: t('billing.refund.admin.approve') }).click();
    const refund = page.getByTestId('refund-dialog');
    await expect(refund.getByTestId('refund-prefilled')).toBeVisible();
    await shot(page, 'admin-refund-request');
    await refund.getByRole('button', { name: t('admin.refund.submit') }).click();
    await expect(page.getByTestId('refund-notice')).toBeVisible();
    await expect(request).toHaveAttribute('data-status', 'approved');
    await toBilling(page, t);
    await expect(page.getByTestId('refund-request-status')).toHaveAttribute('data-status', 'approved');
  });
});

test('the legal pages in Turkish name the seller; the footer links them', async ({ page }) => {
  const tr = translator('tr');
  await page.goto('/legal/distance-sales');
  await page.getByTestId('locale-switch').last().getByRole('button', { name: 'Türkçe' }).click();
  await expect(page.getByRole('heading', { name: tr('legal.distance.title'), level: 1 })).toBeVisible();
  await expect(page.getByTestId('seller-block')).toContainText('YouAreCoder Yazılım A.Ş.');
  await expect(page.getByTestId('seller-block')).toContainText('Kozyatağı');
  await expect(page.getByText('Mesafeli Sözleşmeler Yönetmeliği', { exact: false }).first()).toBeVisible();
  await shot(page, 'legal-distance-sales-tr');
  for (const [title, path] of [
    ['legal.pre.title', '/legal/pre-information'],
    ['legal.refunds.title', '/legal/refunds'],
    ['legal.delivery.title', '/legal/delivery'],
  ] as const) {
    await page
      .getByRole('contentinfo')
      .getByRole('link', { name: tr(title) })
      .click();
    await expect(page).toHaveURL(path);
    await expect(page.getByRole('heading', { name: tr(title), level: 1 })).toBeVisible();
  }
  await page
    .getByRole('contentinfo')
    .getByRole('link', { name: tr('legal.refunds.title') })
    .click();
  await expect(page.getByText('359,64 TL')).toBeVisible();
  await shot(page, 'legal-refunds-tr');
  await page.goto('/contact');
  await expect(page.getByTestId('seller-block')).toContainText('Kozyatağı / 0000000019');
});

test('pricing in TRY, and the billing page on a phone and in Turkish', async ({ page }) => {
  test.setTimeout(120_000);
  const t = translator('en');
  const bulletin = await newestBundledBulletin();

  await test.step('the landing page’s pricing in TRY', async () => {
    await page.goto('/');
    const pricing = page.getByTestId('pricing');
    const teamPrice = pricing.getByTestId('plan-team').getByTestId('plan-price');
    await pricing.getByTestId('currency-switch').getByRole('button', { name: 'USD' }).click();
    await expect(teamPrice).toContainText('$');
    await pricing.getByTestId('currency-switch').getByRole('button', { name: 'TRY' }).click();
    await expect(teamPrice).toContainText('₺');
    await expect(pricing.getByTestId('rate-line')).toContainText(
      formatBulletinDate(bulletin?.parsed.date ?? ''),
    );
    // Each plan's CPU and memory per workspace, from the catalog.
    for (const [plan, cpus, memory] of [
      ['starter', 2, 4],
      ['team', 4, 8],
      ['enterprise', 8, 16],
    ] as const)
      await expect(pricing.getByTestId(`plan-${plan}`)).toContainText(
        `${cpus} vCPU and ${memory} GB memory per workspace`,
      );
    await shot(page, 'pricing-try');
  });

  await test.step('the billing page on a phone-sized screen', async () => {
    await signUp(page, t, {
      company: `Pocket Billing ${Date.now().toString(36)}`,
      name: 'Pat Phone',
      tag: 'bill-phone',
      verify: false,
    });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto('/app/billing');
    await expect(page.getByTestId('billing-status')).toHaveAttribute('data-status', 'trialing');
    await expect(page.getByTestId('plan-card-team')).toBeVisible();
    await expect(page.getByTestId('plan-card-team')).toContainText('4 vCPU and 8 GB memory per workspace');
    await expect(page.getByTestId('billing-details-form')).toBeVisible();
    // Nothing sticks out sideways (the tables scroll inside their cards).
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await shot(page, 'phone-billing');
  });

  await test.step('the billing page in Turkish', async () => {
    const tr = translator('tr');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.getByTestId('locale-switch').first().getByRole('button', { name: 'Türkçe' }).click();
    await expect(page.getByRole('heading', { name: tr('billing.title'), level: 1 })).toBeVisible();
    await expect(page.getByTestId('billing-status')).toHaveText(tr('subscriptionStatus.trialing'));
    await expect(
      page.getByTestId('plan-card-team').getByRole('button', { name: tr('plans.choose', { plan: 'Team' }) }),
    ).toBeVisible();
    await expect(
      page
        .getByTestId('plan-card-starter')
        .getByRole('button', { name: tr('onboard.keepPlan', { plan: 'Starter' }) }),
    ).toBeVisible();
    await expect(
      page.getByTestId('trial-pay').getByRole('button', { name: tr('onboard.addPayment') }),
    ).toBeVisible();
    await expect(page.getByTestId('trial-pay')).toContainText('ilk döneminiz');
    await expect(page.getByText(tr('invoices.empty'))).toBeVisible();
    await shot(page, 'tr-billing');
  });
});

test('cancel now: the dialog states the end and that there is no refund or credit, then the company is canceled', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const t = translator('en');
  const stamp = Date.now().toString(36);
  const bulletin = await newestBundledBulletin();
  await signUp(page, t, { company: `Quit Now ${stamp}`, name: 'Deniz Kaya', tag: 'cnow', verify: true });
  await subscribeThroughApi(page, 'team');
  await toBilling(page, t);
  await expect(page.getByTestId('billing-status')).toHaveAttribute('data-status', 'active');
  // The bundled bulletin's date near the prices, in the operators'-free wording.
  await expect(page.getByTestId('rates-date')).toHaveText(
    t('billing.rates.of', { date: formatBulletinDate(bulletin?.parsed.date ?? '') }),
  );
  await expect(page.getByText(/older than expected/i)).toHaveCount(0);
  await shotOf(page.getByTestId('subscription-card'), 'billing-cancel-now-card');

  await page.getByTestId('cancel-now').click();
  const dialog = page.getByTestId('cancel-now-dialog');
  await expect(dialog.getByText(t('billing.cancelNow.title'))).toBeVisible();
  // CANCEL_REFUND_POLICY is `none` by default: said before the owner confirms.
  await expect(dialog.getByTestId('cancel-now-refund')).toHaveText(t('billing.cancelNow.noCredit'));
  await shotOf(dialog, 'billing-cancel-now-dialog');
  await dialog.getByRole('button', { name: t('billing.cancelNow.confirm') }).click();
  await expect(page.getByTestId('billing-status')).toHaveAttribute('data-status', 'canceled');
  await expect(page.getByTestId('cancel-now')).toHaveCount(0);
});
