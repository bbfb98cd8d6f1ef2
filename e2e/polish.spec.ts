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
