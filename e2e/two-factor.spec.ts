import { expect, test } from '@playwright/test';
import * as OTPAuth from 'otpauth';
import { followMailLink, PASSWORD, shot, signUp, translator, uniqueEmail } from './support.ts';

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

/**
 * The owner requires two-factor of everyone on the Sign-in security page: a member without it is signed
 * out, and after signing in again sees only the enrolment, which opens the portal once it is on.
 */
test('a company that requires two-factor: a member enrols before anything else', async ({
  page,
  browser,
}) => {
  const t = translator('en');
  await signUp(page, t, {
    company: `Strict Co ${Date.now().toString(36)}`,
    name: 'Ozan Owner',
    tag: 'strict',
    verify: true,
  });
  const me = await (await page.request.get('/api/v1/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  const setup = await (await page.request.post('/api/v1/me/two-factor/setup', { headers })).json();
  const on = await page.request.post('/api/v1/me/two-factor/enable', {
    headers,
    data: { code: codeOf(setup.secret) },
  });
  expect(on.status()).toBe(200);
  const memberEmail = uniqueEmail('strict-member');
  const invited = await page.request.post('/api/v1/invites', {
    headers,
    data: { email: memberEmail, role: 'member', workspaceQuota: 0 },
  });
  expect(invited.status()).toBe(201);

  const member = await (await browser.newContext()).newPage();
  await followMailLink(member, memberEmail, /invited you/, '/accept-invite?token=');
  await member.getByLabel(t('signup.fullName')).fill('Mert Member');
  await member.getByLabel(t('common.password')).fill(PASSWORD);
  await member.getByRole('checkbox').check();
  await member.getByRole('button', { name: t('accept.submit') }).click();
  await expect(member.getByRole('heading', { name: t('dashboard.title', { name: 'Mert' }) })).toBeVisible();

  await page.goto('/app/security');
  await expect(page.getByTestId('members-without-two-factor')).toBeVisible();
  await page.getByTestId('require-two-factor').click();
  await expect(page.getByTestId('require-two-factor-state')).toContainText(
    t('security.twoFactor.on').slice(0, 20),
  );
  await shot(page, 'security-two-factor-required');

  // The member's session ended; signed in again, the portal shows only the enrolment.
  await member.goto('/app/workspaces');
  await expect(member).toHaveURL(/\/login/);
  await member.getByLabel(t('common.email')).fill(memberEmail);
  await member.getByLabel(t('common.password')).fill(PASSWORD);
  await member.getByRole('button', { name: t('login.submit') }).click();
  const gate = member.getByTestId('two-factor-required');
  await expect(gate).toBeVisible();
  await shot(member, 'two-factor-required');
  await gate.getByRole('button', { name: t('twoFactor.turnOn') }).click();
  const key = await member.getByTestId('two-factor-key').inputValue();
  await member.getByTestId('two-factor-setup').getByLabel(t('login.code')).fill(codeOf(key));
  await member.getByRole('button', { name: t('twoFactor.confirm') }).click();
  await expect(member.getByTestId('recovery-codes').locator('li')).toHaveCount(10);
  await member.getByRole('button', { name: t('twoFactor.codesDone') }).click();
  // On to the page the sign-in was for.
  await expect(member.getByRole('heading', { name: t('nav.workspaces'), level: 1 })).toBeVisible();
});
