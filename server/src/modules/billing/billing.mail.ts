import { type Locale, PLAN_NAMES } from '@youarecoder/contract';
import type { Executor } from '../../platform/db/client.ts';
import type { MailAttachment, TemplateName } from '../notifications/index.ts';
import type { TemplateData } from '../notifications/templates.ts';
import type { BillingContext } from './billing.context.ts';
import { billingContacts } from './billing.repo.ts';

/** One person a billing email goes to. */
export interface Contact {
  id: string;
  email: string;
  name: string;
  locale: Locale;
  companyName: string;
}

/** The portal's billing page. */
export const billingUrl = (ctx: BillingContext) => `${ctx.config.publicUrl}/app/billing`;

/** A billing period in words, in the reader's language. */
export function periodLabel(period: 'monthly' | 'annual', locale: Locale): string {
  const words = { en: { monthly: 'monthly', annual: 'annual' }, tr: { monthly: 'aylık', annual: 'yıllık' } };
  return words[locale][period];
}

/** A plan's name for people. */
export const planName = (plan: keyof typeof PLAN_NAMES) => PLAN_NAMES[plan];

/** Queue a billing email to the company's owner and admins, in the caller's transaction. */
export async function mailBilling<K extends TemplateName>(
  ctx: BillingContext,
  exec: Executor,
  companyId: string,
  template: K,
  data: (c: Contact) => TemplateData[K],
  opts: { attachments?: MailAttachment[]; requestId?: string } = {},
): Promise<void> {
  const { rows } = await billingContacts(exec, companyId);
  for (const r of rows) {
    const c: Contact = {
      id: r.id,
      email: r.email,
      name: r.full_name,
      locale: r.locale,
      companyName: r.company_name,
    };
    await ctx.notifications.queue(exec, {
      template,
      to: c.email,
      locale: c.locale,
      data: data(c),
      companyId,
      userId: c.id,
      requestId: opts.requestId,
      attachments: opts.attachments,
    });
  }
}

/** An operator alert to OPS_EMAIL (logged either way). */
export async function alertOps(
  ctx: BillingContext,
  exec: Executor,
  subject: string,
  body: string,
): Promise<void> {
  ctx.log.warn({ alert: subject, body }, 'operator alert');
  if (!ctx.config.OPS_EMAIL) return;
  await ctx.notifications.queue(exec, {
    template: 'ops_alert',
    to: ctx.config.OPS_EMAIL,
    locale: 'en',
    data: { subject, body, url: `${ctx.config.publicUrl}/app/admin` },
  });
}
