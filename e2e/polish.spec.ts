// Issue 12's smaller onboarding fixes, as a person sees them: the sign-in page reached from a
// workspace link, in English and Turkish.
import { expect, test } from '@playwright/test';
import { type Lang, shot, translator } from './support.ts';

const workspaceLink = `/login?next=${encodeURIComponent(
  `/gateway/authorize?host=${encodeURIComponent('api-server--acme-robotics.localhost')}&path=%2F`,
)}`;

for (const lang of ['en', 'tr'] as Lang[]) {
  test(`sign-in from a workspace link names the workspace and focuses the email (${lang})`, async ({
    page,
  }) => {
    const t = translator(lang);
    await page.addInitScript((l) => localStorage.setItem('yac.locale', l), lang);
    await page.goto(workspaceLink);
    await expect(
      page.getByText(t('login.forWorkspace', { workspace: 'api-server', company: 'acme-robotics' })),
    ).toBeVisible();
    await expect(page.getByLabel(t('common.email'))).toBeFocused();
    await shot(page, `login-workspace-${lang}`);
  });
}

test('on a phone, the public header has a menu with the navigation and the language switch', async ({
  page,
}) => {
  const en = translator('en');
  const tr = translator('tr');
  await page.setViewportSize({ width: 390, height: 844 });
  await page.addInitScript(() => localStorage.setItem('yac.locale', 'en'));
  await page.goto('/');
  const header = page.getByRole('banner');
  await header.getByTestId('public-menu-button').click();
  // Named in the page's language: found by its id, which stays.
  const menu = header.locator('#public-mobile-nav');
  await expect(menu).toHaveAttribute('aria-label', en('nav.public'));
  await expect(menu.getByRole('link', { name: en('nav.pricing') })).toBeVisible();
  await expect(menu.getByRole('link', { name: en('nav.contact') })).toBeVisible();
  await expect(menu.getByRole('link', { name: en('nav.login') })).toBeVisible();
  await shot(page, 'phone-public-menu');
  await menu.getByTestId('locale-switch').getByRole('button', { name: 'Türkçe' }).click();
  await expect(menu.getByRole('link', { name: tr('nav.pricing') })).toBeVisible();
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
  await shot(page, 'phone-public-menu-tr');
});
