import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { TEST_VKN_2 } from '../server/test/tax-ids.ts';
import { en } from '../web/src/i18n/en.ts';
import { tr } from '../web/src/i18n/tr.ts';

/** Folder for the screenshots people open after a run (ignored by git). */
export const SHOTS = path.join(import.meta.dirname, 'screenshots');
mkdirSync(SHOTS, { recursive: true });

/** The portal's own dictionaries, so one spec reads the screens in either language. */
export const dictionaries = { en, tr };
/** A locale of the portal. */
export type Lang = keyof typeof dictionaries;

/** A translator for a locale, with `{name}` placeholders filled. */
export function translator(lang: Lang) {
  const d = dictionaries[lang] as Record<string, string>;
  return (key: string, vars: Record<string, string | number> = {}) => {
    const s = d[key];
    if (s === undefined) throw new Error(`no ${lang} text for ${key}`);
    return s.replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? `{${k}}`));
  };
}

/** Options of shot(). */
export interface ShotOptions {
  /**
   * The page keeps a connection open (Server-Sent Events, a WebSocket: the workspace page, the IDE),
   * so the network never goes idle: wait for the load event and the fonts instead.
   */
  live?: boolean;
}

/** Save a full-page screenshot as e2e/screenshots/<name>.png. */
export async function shot(page: Page, name: string, opts: ShotOptions = {}): Promise<void> {
  if (opts.live) {
    await page.waitForLoadState('load');
    await page.evaluate(() => document.fonts.ready.then(() => undefined));
  } else {
    await page.waitForLoadState('networkidle');
  }
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

/**
 * Open a message on the development mail page as a person would (the list, then the message) and
 * follow its link to `linkPath`.
 */
export async function followMailLink(
  page: Page,
  to: string,
  subject: RegExp,
  linkPath: string,
  shotName?: string,
) {
  const item = page.getByRole('button').filter({ hasText: to }).filter({ hasText: subject }).first();
  // The mail job delivers within a moment of the request; look again like a person pressing reload.
  await expect(async () => {
    await page.goto('/dev/mail');
    await expect(item).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await item.click();
  const message = page.getByTestId('dev-mail-message');
  await expect(message).toBeVisible();
  if (shotName) await shot(page, shotName);
  const link = message.getByRole('link', { name: new RegExp(linkPath.replace(/[?/]/g, '\\$&')) }).first();
  await link.click();
}

/** A unique address per run, so reruns on the same data never collide. */
export function uniqueEmail(tag: string): string {
  return `${tag}-${Date.now().toString(36)}@example.com`;
}

/** Save a screenshot of one element (an iframe, a card) as e2e/screenshots/<name>.png. */
export async function shotOf(locator: Locator, name: string): Promise<void> {
  await locator.screenshot({ path: path.join(SHOTS, `${name}.png`) });
}

/** The password every E2E account uses. */
export const PASSWORD = 'a sturdy passphrase 42';

/** Sign up a company (trial) on /signup; optionally confirm the address through the mail link. */
export async function signUp(
  page: Page,
  t: ReturnType<typeof translator>,
  o: { company: string; name: string; tag: string; verify: boolean },
) {
  const email = uniqueEmail(o.tag);
  await page.goto('/signup');
  await page.getByLabel(t('signup.companyName')).fill(o.company);
  await page.getByLabel(t('signup.fullName')).fill(o.name);
  await page.getByLabel(t('common.email')).fill(email);
  await page.getByLabel(t('common.password')).fill(PASSWORD);
  await page.getByRole('checkbox').check();
  await page.getByRole('button', { name: t('signup.submit') }).click();
  const first = o.name.split(' ')[0] as string;
  await expect(page.getByRole('heading', { name: t('dashboard.title', { name: first }) })).toBeVisible();
  if (o.verify) {
    await followMailLink(page, email, /Confirm your email address/, '/verify-email?token=');
    await expect(page.getByText(t('verify.done'))).toBeVisible();
  }
  return email;
}

/** The bundled PayTR simulator of the E2E platform. */
export const SIM = `http://127.0.0.1:${process.env.E2E_PAYTR_SIM_PORT ?? 18788}`;

/**
 * Pay for a plan as the signed-in owner through the API and the simulator's test control (the billing
 * spec covers the portal's checkout): billing details, a checkout, a successful card.
 */
export async function subscribeThroughApi(page: Page, plan: 'team' | 'enterprise') {
  const me = await (await page.request.get('/api/v1/me')).json();
  const headers = { 'x-csrf-token': me.csrfToken as string };
  const details = await page.request.put('/api/v1/billing/details', {
    headers,
    data: {
      legalName: 'Operasyon Yazılım Ltd. Şti.',
      taxOffice: 'Çankaya',
      taxNumber: TEST_VKN_2,
      address: 'Atatürk Bulvarı 1',
      city: 'Ankara',
      country: 'TR',
      phone: '+90 312 000 00 00',
    },
  });
  expect(details.status()).toBe(200);
  const checkout = await page.request.post('/api/v1/billing/checkout', {
    headers,
    data: { plan, period: 'monthly', currency: 'TRY', acceptLegal: true },
  });
  expect(checkout.status()).toBe(201);
  const { merchantOid, orderId } = (await checkout.json()) as { merchantOid: string; orderId: string };
  const paid = await page.request.post(`${SIM}/__sim/pay`, {
    data: { merchant_oid: merchantOid, card: 'success' },
  });
  expect((await paid.json()).callbackOk).toBe(true);
  return { merchantOid, orderId };
}

/** The English texts of a catalogue worth looking for on a Turkish page (see englishOnTurkishPage). */
function englishNeedles(enDict: Record<string, string>, trDict: Record<string, string>): string[] {
  const turkish = Object.values(trDict);
  const needles = new Set<string>();
  for (const s of Object.values(enDict)) {
    // A text with placeholders counts by its literal parts ("{n} workspaces left" -> " workspaces left").
    const parts = s.replace(/\[\w+\|[^\]]*\]/g, '{}').split(/\{\w*\}/);
    for (const part of parts.map((x) => x.trim())) {
      if (part.length >= 12 && !turkish.some((t) => t.includes(part))) needles.add(part);
    }
  }
  return [...needles];
}

/**
 * English texts of the portal's catalogue (and `extra` catalogues, e.g. the gateway's pages') that show
 * on a Turkish page: in its text, or in the labels, placeholders and titles a person meets (screen
 * readers too). Names and codes meant to stay are the same in both catalogues and so never count. Only
 * texts, or literal parts of texts with placeholders, of at least 12 characters: a shorter one ("Plan",
 * "PDF") also occurs inside Turkish words and names.
 */
export async function englishOnTurkishPage(
  page: Page,
  extra: { en: Record<string, string>; tr: Record<string, string> }[] = [],
): Promise<string[]> {
  const shown = await page.evaluate(() => {
    // What is rendered: hidden parts (a closed menu, another tab) are not what a person meets.
    const visible = (el: Element) => el.checkVisibility();
    const attrs = [...document.querySelectorAll('[aria-label],[placeholder],[title],[alt]')]
      .filter(visible)
      .flatMap((el) => ['aria-label', 'placeholder', 'title', 'alt'].map((a) => el.getAttribute(a) ?? ''));
    const options = [...document.querySelectorAll('select')]
      .filter(visible)
      .flatMap((sel) => [...sel.querySelectorAll('option,optgroup')])
      .map((o) => (o as HTMLOptionElement).label || o.textContent || '');
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text a person sees
    return [document.body.innerText, ...attrs, ...options].join('\n');
  });
  const catalogues = [{ en: en as Record<string, string>, tr: tr as Record<string, string> }, ...extra];
  return [...new Set(catalogues.flatMap((c) => englishNeedles(c.en, c.tr)))].filter((s) => shown.includes(s));
}

/**
 * Lines of a Turkish page that read as English prose although no catalogue has them (a text written
 * into a component, a server message): two or more common English words in one line. Names, emails
 * and codes do not trip it; `skip` names text to ignore (a log's own words).
 */
export async function englishProseOnPage(page: Page, skip: RegExp[] = []): Promise<string[]> {
  const { text, code } = await page.evaluate(() => ({
    // biome-ignore lint/performance/useDomNodeTextContent: innerText is the text a person sees
    text: document.body.innerText,
    // Files, commands and logs are what they are, in any language.
    code: [...document.querySelectorAll('pre, code, textarea, kbd, samp')].map((el) =>
      el instanceof HTMLTextAreaElement ? el.value : (el.textContent ?? ''),
    ),
  }));
  const inCode = new Set(code.flatMap((c) => c.split('\n').map((l) => l.trim())));
  // Letters and digits around a word count, in any alphabet: "için" holds no English "in", and a random
  // suffix such as "mxdp38to" holds no "to".
  const words =
    /(?<![\p{L}\p{N}])(the|your|you|and|with|this|that|is|are|was|not|of|to|for|from|will|can|be|has|have|in|on|at|by|or|it)(?![\p{L}\p{N}])/giu;
  return text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => !inCode.has(l) && !skip.some((re) => re.test(l)))
    .filter((l) => (l.match(words)?.length ?? 0) >= 2);
}
