import { expect, test } from '@playwright/test';
import { startTestIdp, type TestIdp } from '../server/test/oidc-idp.ts';
import { followMailLink, shot, signUp, subscribeThroughApi, translator } from './support.ts';

/**
 * Company single sign-on as its owner sets it up and a developer uses it, against a real OpenID provider
 * (oidc-provider, started by this spec): the Enterprise plan, the Sign-in security page (issuer, client id
 * and secret, checked at once; a domain proven by its mailed link), then a new developer of that domain
 * signs in from the login page through the IdP's own form and lands in the portal as a member; a user the
 * IdP disabled is sent back with the reason.
 */

let idp: TestIdp;
test.beforeAll(async () => {
  idp = await startTestIdp();
});
test.afterAll(async () => {
  await idp?.close();
});

test('an owner sets up SSO, and a developer signs in with it', async ({ page, browser, baseURL }) => {
  const t = translator('en');
  const client = idp.registerClient([`${baseURL}/api/v1/sso/callback`]);
  await signUp(page, t, {
    company: 'Kurumsal SSO A.Ş.',
    name: 'Selin Sahip',
    tag: 'sso-owner',
    verify: true,
  });
  await subscribeThroughApi(page, 'enterprise');

  await page.goto('/app/security');
  await expect(page.getByTestId('sso-redirect-uri')).toContainText(`${baseURL}/api/v1/sso/callback`);
  await page.getByLabel(t('security.sso.issuer')).fill(idp.issuer);
  await page.getByLabel(t('security.sso.clientId')).fill(client.clientId);
  await page.getByLabel(t('security.sso.clientSecret')).fill(client.clientSecret);
  await page.getByTestId('sso-save').click();
  await expect(page.getByTestId('sso-remove')).toBeVisible();

  const domain = `kurumsal-${Date.now().toString(36)}.test`;
  await page.getByTestId('domain-email').fill(`it@${domain}`);
  await page.getByTestId('domain-add').click();
  await expect(page.getByText(`it@${domain}`)).toBeVisible();
  await followMailLink(
    page,
    `it@${domain}`,
    new RegExp(`Confirm ${domain.replace('.', '\\.')}`),
    '/verify-domain?token=',
  );
  await expect(page.getByTestId('domain-verified')).toContainText(domain);
  await shot(page, 'sso-domain-verified');
  await page.goto('/app/security');
  await expect(page.getByText(domain)).toBeVisible();
  await shot(page, 'security-settings');

  // A developer of that domain, new to the platform, in a browser of their own.
  idp.addUser({
    username: 'deniz',
    password: 'idp secret 1',
    email: `deniz@${domain}`,
    name: 'Deniz Geliştirici',
  });
  const dev = await (await browser.newContext()).newPage();
  await dev.goto('/login');
  await dev.getByTestId('sso-toggle').click();
  await dev.getByTestId('sso-email').fill(`deniz@${domain}`);
  await shot(dev, 'login-sso');
  await dev.getByTestId('sso-continue').click();
  await expect(dev).toHaveTitle(/Test IdP/);
  await dev.getByLabel(/username/i).fill('deniz');
  await dev.getByLabel(/password/i).fill('idp secret 1');
  await shot(dev, 'sso-idp-login');
  await dev.getByRole('button', { name: 'Sign in' }).click();
  await expect(dev.getByRole('heading', { name: t('dashboard.title', { name: 'Deniz' }) })).toBeVisible();
  await shot(dev, 'sso-signed-in');
  const me = await (await dev.request.get('/api/v1/me')).json();
  expect(me).toMatchObject({ signedInWith: 'sso', user: { email: `deniz@${domain}`, role: 'member' } });

  // The IdP disables them: the next sign-in comes back with the reason.
  idp.disableUser('deniz');
  const later = await (await browser.newContext()).newPage();
  await later.goto('/login');
  await later.getByTestId('sso-toggle').click();
  await later.getByTestId('sso-email').fill(`deniz@${domain}`);
  await later.getByTestId('sso-continue').click();
  await later.getByLabel(/username/i).fill('deniz');
  await later.getByLabel(/password/i).fill('idp secret 1');
  await later.getByRole('button', { name: 'Sign in' }).click();
  await expect(later).toHaveURL(/\/login\?sso_error=idp$/);
  await expect(later.getByTestId('sso-error')).toBeVisible();
  await shot(later, 'login-sso-refused');
});
