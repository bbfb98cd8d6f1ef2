import { expect, type Page, test } from '@playwright/test';
import { englishOnTurkishPage, followMailLink, type Lang, shot, translator, uniqueEmail } from './support.ts';

/**
 * The first day of a company, in each language: sign up, verify through the mail link, sign out and
 * in, invite a member who accepts and signs in, change their role, sign out. Screenshots of every
 * page go to e2e/screenshots/.
 */
/** The dashboard greets people by their first name. */
const first = (name: string) => name.split(' ')[0] as string;

/** Sign in on the login page and wait for the person's dashboard. */
async function signIn(
  page: Page,
  t: ReturnType<typeof translator>,
  who: { email: string; password: string; name: string },
): Promise<void> {
  await page.goto('/login');
  await page.getByLabel(t('common.email')).fill(who.email);
  await page.getByLabel(t('common.password')).fill(who.password);
  await page.getByRole('button', { name: t('login.submit') }).click();
  await expect(
    page.getByRole('heading', { name: t('dashboard.title', { name: first(who.name) }) }),
  ).toBeVisible();
}

const SUBJECTS: Record<Lang, { verify: RegExp; invite: RegExp }> = {
  en: { verify: /Confirm your email address/, invite: /invited you/ },
  tr: { verify: /doğrulayın/, invite: /davet etti/ },
};

for (const lang of ['en', 'tr'] as const) {
  test(`onboarding a team (${lang})`, async ({ page }) => {
    const t = translator(lang);
    const owner = {
      name: lang === 'tr' ? 'Ayşe Yılmaz' : 'Ada Lovelace',
      email: uniqueEmail(`owner-${lang}`),
      password: 'a sturdy passphrase 42',
    };
    const member = {
      name: lang === 'tr' ? 'Mehmet Öztürk' : 'Grace Hopper',
      email: uniqueEmail(`member-${lang}`),
      password: 'another sturdy phrase 7',
    };
    const company =
      lang === 'tr'
        ? `Şirket Ağı ${Date.now().toString(36)}`
        : `Analytical Engines ${Date.now().toString(36)}`;

    await test.step('landing page, in the chosen language', async () => {
      await page.goto('/');
      await page
        .getByTestId('locale-switch')
        .first()
        .getByRole('button', { name: lang === 'tr' ? 'Türkçe' : 'English' })
        .click();
      await expect(page.getByRole('link', { name: t('nav.signup') }).first()).toBeVisible();
      await shot(page, `${lang}-01-landing`);
    });

    await test.step('sign up', async () => {
      await page
        .getByRole('link', { name: t('nav.signup') })
        .first()
        .click();
      await expect(page.getByRole('heading', { name: t('signup.title') })).toBeVisible();
      // An empty form: every field flagged at once, as required, the focus on the first; no request id.
      const signupForm = page.getByTestId('signup-form');
      await page.getByRole('button', { name: t('signup.submit') }).click();
      await expect(signupForm.getByText(t('form.required'), { exact: true })).toHaveCount(4);
      await expect(signupForm.getByText(t('signup.mustAccept'))).toBeVisible();
      await expect(page.getByLabel(t('signup.companyName'))).toBeFocused();
      await expect(signupForm.getByTestId('request-id')).toHaveCount(0);
      await shot(page, `${lang}-02-signup-empty`);
      await page.getByLabel(t('signup.companyName')).fill(company);
      await expect(page.getByTestId('subdomain-preview')).toContainText(
        lang === 'tr' ? 'sirket-agi' : 'analytical-engines',
      );
      await page.getByLabel(t('signup.fullName')).fill(owner.name);
      await page.getByLabel(t('common.email')).fill(owner.email);
      await page.getByLabel(t('common.password')).fill(owner.password);
      await page.getByRole('checkbox').check();
      await shot(page, `${lang}-02-signup`);
      await page.getByRole('button', { name: t('signup.submit') }).click();
      await expect(
        page.getByRole('heading', { name: t('dashboard.title', { name: first(owner.name) }) }),
      ).toBeVisible();
      // One verification notice (the banner), the workspaces first with Create, the trial's days.
      await expect(page.getByTestId('verify-banner')).toHaveCount(1);
      await expect(page.getByRole('heading', { name: t('dashboard.myWorkspaces') })).toBeVisible();
      await expect(page.getByTestId('dashboard-trial')).toContainText(t('dashboard.trialTitle'));
      await expect(page.getByTestId('trial-days-left')).toHaveText(/\d/);
      await shot(page, `${lang}-03-dashboard-unverified`);
    });

    await test.step('the first workspace before verifying; a second waits for it, said before the form', async () => {
      await page.getByRole('button', { name: t('workspaces.new') }).click();
      const dialog = page.getByRole('dialog', { name: t('workspaces.createTitle') });
      await expect(dialog.getByRole('radio').first()).toBeChecked();
      await dialog.getByLabel(t('workspaces.name'), { exact: true }).fill('first');
      await dialog.getByRole('button', { name: t('workspaces.create') }).click();
      await expect(page).toHaveURL(/\/app\/workspaces\/[^/]+$/);
      const id = new URL(page.url()).pathname.split('/').pop() as string;
      await page.goto('/app');
      const card = page
        .getByTestId('dashboard-workspaces')
        .getByRole('listitem')
        .filter({ hasText: 'first' });
      await expect(card).toBeVisible();
      const create = page.getByRole('button', { name: t('workspaces.new') });
      await expect(create).toBeDisabled();
      await expect(page.getByText(t('onboard.verifyToCreate')).first()).toBeVisible();
      await expect(
        page
          .getByTestId('create-workspace')
          .first()
          .getByRole('button', { name: t('verify.resend') }),
      ).toBeVisible();
      await shot(page, `${lang}-03b-dashboard-first-workspace`);
      // The workspace is not what this test is about: remove it (and its process) now.
      const me = (await (await page.request.get('/api/v1/me')).json()) as { csrfToken?: string };
      const del = await page.request.delete(`/api/v1/workspaces/${id}`, {
        headers: me.csrfToken ? { 'x-csrf-token': me.csrfToken } : undefined,
      });
      expect(del.status()).toBeLessThan(300);
    });

    await test.step('verify the email through the mail link', async () => {
      await followMailLink(
        page,
        owner.email,
        SUBJECTS[lang].verify,
        '/verify-email?token=',
        `${lang}-04-dev-mail`,
      );
      await expect(page.getByText(t('verify.done'))).toBeVisible();
      await shot(page, `${lang}-05-verified`);
    });

    await test.step('sign out and in again', async () => {
      await page.goto('/app');
      await page
        .getByRole('button', { name: t('nav.logout') })
        .first()
        .click();
      await page.goto('/login');
      await page.getByLabel(t('common.email')).fill(owner.email);
      await page.getByLabel(t('common.password')).fill(owner.password);
      await shot(page, `${lang}-06-login`);
      await page.getByRole('button', { name: t('login.submit') }).click();
      await expect(
        page.getByRole('heading', { name: t('dashboard.title', { name: first(owner.name) }) }),
      ).toBeVisible();
      await expect(page.getByTestId('verify-banner')).toHaveCount(0);
      // The company's address (its sign-in and workspace list): a link with a copy button.
      const address = page.getByTestId('dashboard-company-address');
      await expect(address).toContainText(t('dashboard.address'));
      const link = address.getByRole('link');
      const host = (await link.textContent()) ?? '';
      expect(host).toMatch(
        new RegExp(`^${lang === 'tr' ? 'sirket-agi' : 'analytical-engines'}-[a-z0-9-]+\\.localhost:\\d+$`),
      );
      await expect(link).toHaveAttribute('href', `http://${host}/`);
      await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
      await address.getByRole('button', { name: t('common.copy') }).click();
      await expect(address.getByRole('button', { name: t('common.copied') })).toBeVisible();
      expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(`http://${host}/`);
      await shot(page, `${lang}-07-dashboard`);
    });

    await test.step('invite a member', async () => {
      await page
        .getByRole('link', { name: t('nav.team') })
        .first()
        .click();
      // A new owner holds the whole company limit: the form offers (checked) to take the invitee's part.
      const take = page.getByTestId('invite-take-from-owner');
      const form = page
        .locator('form')
        .filter({ has: page.getByRole('button', { name: t('team.sendInvite') }) });
      await form.getByLabel(t('common.email')).fill(member.email);
      await form.getByLabel(t('team.quota')).fill('1');
      await expect(take.getByRole('checkbox')).toBeChecked();
      await expect(take).toContainText(t('onboard.takeFromOwner', { n: 1, left: 4 }));
      await shot(page, `${lang}-08a-team-invite-offer`);
      await form.getByRole('button', { name: t('team.sendInvite') }).click();
      await expect(page.getByTestId('invite-row').filter({ hasText: member.email })).toBeVisible();
      await expect(page.getByLabel(t('team.quotaFor', { name: owner.name }))).toHaveValue('4');
      await shot(page, `${lang}-08-team-invited`);
      await page
        .getByRole('button', { name: t('nav.logout') })
        .first()
        .click();
    });

    await test.step('the member accepts the invitation and signs in', async () => {
      await followMailLink(page, member.email, SUBJECTS[lang].invite, '/accept-invite?token=');
      await expect(page.getByText(company).first()).toBeVisible();
      await page.getByRole('button', { name: t('accept.submit') }).click();
      const acceptForm = page.getByTestId('accept-invite-form');
      await expect(acceptForm.getByText(t('form.required'), { exact: true })).toHaveCount(2);
      await expect(page.getByLabel(t('signup.fullName'))).toBeFocused();
      await page.getByLabel(t('signup.fullName')).fill(member.name);
      await page.getByLabel(t('common.password')).fill(member.password);
      await page.getByRole('checkbox').check();
      await shot(page, `${lang}-09-accept-invite`);
      await page.getByRole('button', { name: t('accept.submit') }).click();
      await expect(
        page.getByRole('heading', { name: t('dashboard.title', { name: first(member.name) }) }),
      ).toBeVisible();
      await expect(page.getByText(t('role.member')).first()).toBeVisible();
      await shot(page, `${lang}-10-member-dashboard`);
      await page
        .getByRole('button', { name: t('nav.logout') })
        .first()
        .click();
      await signIn(page, t, member);
      await page
        .getByRole('button', { name: t('nav.logout') })
        .first()
        .click();
    });

    await test.step('the owner makes the member an admin', async () => {
      await signIn(page, t, owner);
      await page
        .getByRole('link', { name: t('nav.team') })
        .first()
        .click();
      const role = page.getByLabel(t('team.roleFor', { name: member.name }));
      await expect(role).toHaveValue('member');
      await role.selectOption('admin');
      await page.reload();
      await expect(page.getByLabel(t('team.roleFor', { name: member.name }))).toHaveValue('admin');
      await shot(page, `${lang}-11-team-role-changed`);
    });

    await test.step('the audit log shows what happened; sign out', async () => {
      await page
        .getByRole('link', { name: t('nav.audit') })
        .first()
        .click();
      // A sentence in the page's language naming both people, the member linked to the team page.
      const row = page.locator('[data-testid="audit-row"][data-action="member.role_changed"]').first();
      await expect(row.getByTestId('audit-sentence')).toHaveText(
        t('audit.sentence.member.role_changed', { actor: owner.name, target: member.name }),
      );
      await expect(row.getByRole('link', { name: member.name })).toHaveAttribute('href', '/app/team');
      if (lang === 'tr') expect(await englishOnTurkishPage(page)).toEqual([]);
      await shot(page, `${lang}-12-audit`);
      // The action filter names actions in the reader's language, not by their codes.
      const filter = page.getByLabel(t('audit.action'));
      await expect(filter.locator('option', { hasText: 'member.role_changed' })).toHaveCount(0);
      await filter.selectOption({ label: t('audit.action.member.role_changed') });
      await page.getByRole('button', { name: t('audit.apply') }).click();
      const rows = page.getByTestId('audit-row');
      await expect(rows.first()).toHaveAttribute('data-action', 'member.role_changed');
      for (const action of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-action'))))
        expect(action).toBe('member.role_changed');
      await shot(page, `${lang}-12b-audit-filtered`);
      await page
        .getByRole('button', { name: t('nav.logout') })
        .first()
        .click();
      await page.goto('/app');
      await expect(page).toHaveURL(/\/login/);
    });

    await test.step("the new admin's first invite takes the quota from the owner's (it was a 409)", async () => {
      await signIn(page, t, member);
      await page
        .getByRole('link', { name: t('nav.team') })
        .first()
        .click();
      const form = page
        .locator('form')
        .filter({ has: page.getByRole('button', { name: t('team.sendInvite') }) });
      const colleague = uniqueEmail(`colleague-${lang}`);
      await form.getByLabel(t('common.email')).fill(colleague);
      await form.getByLabel(t('team.quota')).fill('1');
      // The owner holds the rest of the limit (4 after the member's 1): the admin is offered it too.
      const take = page.getByTestId('invite-take-from-owner');
      await expect(take.getByRole('checkbox')).toBeChecked();
      await expect(take).toContainText(t('onboard.takeFromTheOwner', { n: 1, name: owner.name, left: 3 }));
      await shot(page, `${lang}-13-admin-invite-offer`);
      await form.getByRole('button', { name: t('team.sendInvite') }).click();
      await expect(page.getByText(t('team.invited', { email: colleague }))).toBeVisible();
      await expect(page.getByTestId('invite-row').filter({ hasText: colleague })).toBeVisible();
      await shot(page, `${lang}-13-admin-invited`);
      await page
        .getByRole('button', { name: t('nav.logout') })
        .first()
        .click();
    });
  });
}

test('the signed-in shell on a phone-sized screen', async ({ page }) => {
  const t = translator('en');
  await page.setViewportSize({ width: 390, height: 844 });
  const email = uniqueEmail('phone');
  await page.goto('/signup');
  await page.getByLabel(t('signup.companyName')).fill(`Pocket Co ${Date.now().toString(36)}`);
  await page.getByLabel(t('signup.fullName')).fill('Pat Phone');
  await page.getByLabel(t('common.email')).fill(email);
  await page.getByLabel(t('common.password')).fill('a sturdy passphrase 42');
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: t('signup.submit') }).click();
  await expect(page.getByRole('heading', { name: t('dashboard.title', { name: 'Pat' }) })).toBeVisible();
  await shot(page, 'phone-dashboard');
  await page.getByTestId('menu-button').click();
  await expect(page.locator('#mobile-nav').getByRole('link', { name: t('nav.team') })).toBeVisible();
  await shot(page, 'phone-menu');
  await page
    .locator('#mobile-nav')
    .getByRole('link', { name: t('nav.account') })
    .click();
  await shot(page, 'phone-account');

  // An API token that may only read and manage workspaces: the scopes are chosen, then listed.
  await page.getByLabel(t('tokens.name')).fill('deploy script');
  await page.getByTestId('token-scopes').getByText(t('tokens.scope.workspaces'), { exact: true }).click();
  await page.getByRole('button', { name: t('tokens.create') }).click();
  await expect(page.getByTestId('new-token-value')).toBeVisible();
  await expect(page.getByTestId('token-scopes-of').first()).toHaveText(
    t('tokens.scopesOf', { scopes: [t('tokens.scope.read'), t('tokens.scope.workspaces')].join(', ') }),
  );
  await expect(page.getByTestId('tokens-password-note')).toHaveText(t('tokens.passwordNote'));
  await page.getByTestId('token-scopes-of').first().scrollIntoViewIfNeeded();
  await shot(page, 'phone-account-token');
});
