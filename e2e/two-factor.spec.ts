import { expect, test } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import { PASSWORD, shot, signUp, translator } from './support.ts';

/** The code an authenticator app would show now for this key. */
const codeOf = (key: string) => new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(key) }).generate();

/**
 * Two-factor sign-in as a person turns it on: the Account page shows a QR code and the key, a code from
 * the "app" confirms it, the recovery codes are shown once; the next sign-in asks for a code.
 */
test('turning on two-factor sign-in, then signing in with a code', async ({ page }) => {
  const t = translator('en');
  const email = await signUp(page, t, {
    company: `Totp Co ${Date.now().toString(36)}`,
    name: 'Tia Totp',
    tag: 'totp',
    verify: false,
  });
  await page.goto('/app/account');
  await page.getByRole('button', { name: t('twoFactor.turnOn') }).click();
  const setup = page.getByTestId('two-factor-setup');
  await expect(setup.getByRole('img', { name: t('twoFactor.qrAlt') })).toBeVisible();
  const key = await page.getByTestId('two-factor-key').inputValue();
  expect(key).toMatch(/^[A-Z2-7]{32}$/);
  await setup.scrollIntoViewIfNeeded();
  await shot(page, 'account-2fa-setup');
  await setup.getByLabel(t('login.code')).fill(codeOf(key));
  await setup.getByRole('button', { name: t('twoFactor.confirm') }).click();
  const codes = page.getByTestId('recovery-codes');
  await expect(codes.locator('li')).toHaveCount(10);
  await codes.scrollIntoViewIfNeeded();
  await shot(page, 'account-2fa-codes');
  await expect(page.getByTestId('two-factor-on')).toContainText('10');

  await page
    .getByRole('button', { name: t('nav.logout') })
    .first()
    .click();
  await page.goto('/login');
  await page.getByLabel(t('common.email')).fill(email);
  await page.getByLabel(t('common.password')).fill(PASSWORD);
  await page.getByRole('button', { name: t('login.submit') }).click();
  const step = page.getByTestId('two-factor-form');
  await expect(step).toBeVisible();
  await shot(page, 'login-2fa');
  // A new 30-second step: the code used to confirm is not taken twice.
  await page.waitForTimeout(((30 - (Math.floor(Date.now() / 1000) % 30)) % 30) * 1000 + 1000);
  await step.getByLabel(t('login.code')).fill(codeOf(key));
  await step.getByRole('button', { name: t('login.verify') }).click();
  await expect(page.getByRole('heading', { name: t('dashboard.title', { name: 'Tia' }) })).toBeVisible();
});
