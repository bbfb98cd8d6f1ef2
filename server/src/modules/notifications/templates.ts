import type { Locale } from '@youarecoder/contract';
import { type BillingTemplateData, billingEn, billingTr } from './billing-templates.ts';
import {
  type DunningCancelTemplateData,
  dunningCancelEn,
  dunningCancelTr,
} from './dunning-cancel-templates.ts';
import { type BuildersOf, type Parts, PRODUCT, toHtml, toText } from './mail-layout.ts';
import {
  type RefundRequestTemplateData,
  refundRequestEn,
  refundRequestTr,
} from './refund-request-templates.ts';

export { escapeHtml, PRODUCT } from './mail-layout.ts';

/** What each template needs (billing's are in billing-templates.ts). */
export interface TemplateData
  extends BillingTemplateData,
    DunningCancelTemplateData,
    RefundRequestTemplateData {
  verify_email: { name: string; url: string };
  welcome: { name: string; companyName: string; url: string };
  password_reset: { name: string; url: string };
  invite: {
    companyName: string;
    inviterName: string;
    role: 'admin' | 'member';
    url: string;
    expiresAt: Date;
  };
  security_alert: {
    name: string;
    event: 'throttled' | 'password_changed' | 'password_reset';
    ip: string | null;
    at: Date;
  };
  workspace_ready: { name: string; workspaceName: string; url: string; portalUrl: string };
  domain_verification: { companyName: string; domain: string; requestedBy: string; url: string };
}
/** A template's name. */
export type TemplateName = keyof TemplateData;

/** A rendered message. */
export interface Rendered {
  subject: string;
  html: string;
  text: string;
}

function fmtDate(d: Date, locale: Locale): string {
  return new Intl.DateTimeFormat(locale === 'tr' ? 'tr-TR' : 'en-GB', {
    dateStyle: 'long',
    timeStyle: 'short',
    timeZone: 'Europe/Istanbul',
  }).format(d);
}

const ROLE_NAMES: Record<Locale, Record<'admin' | 'member', string>> = {
  en: { admin: 'an admin', member: 'a member' },
  tr: { admin: 'yönetici', member: 'üye' },
};

type Builders = BuildersOf<TemplateData>;

const FOOTER: Record<Locale, string> = {
  en: `You receive this email because of an account at ${PRODUCT}. If this was not you, you can ignore it.`,
  tr: `Bu e-postayı ${PRODUCT} hesabı nedeniyle alıyorsunuz. Bu işlemi siz yapmadıysanız dikkate almayabilirsiniz.`,
};

const en: Builders = {
  ...billingEn,
  ...dunningCancelEn,
  ...refundRequestEn,
  verify_email: (d) => ({
    subject: `Confirm your email address for ${PRODUCT}`,
    greeting: `Hello ${d.name},`,
    paragraphs: ['Please confirm your email address. The link is valid for 24 hours and can be used once.'],
    action: { label: 'Confirm email address', url: d.url },
    footer: FOOTER.en,
  }),
  welcome: (d) => ({
    subject: `Welcome to ${PRODUCT}`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `${d.companyName} is ready on ${PRODUCT}. Invite your team and create your first workspace.`,
    ],
    action: { label: 'Open the dashboard', url: d.url },
    footer: FOOTER.en,
  }),
  password_reset: (d) => ({
    subject: `Reset your ${PRODUCT} password`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      'Someone asked to reset the password of your account. The link is valid for 1 hour and can be used once.',
      'Resetting the password signs you out everywhere.',
    ],
    action: { label: 'Choose a new password', url: d.url },
    footer: FOOTER.en,
  }),
  invite: (d, l) => ({
    subject: `${d.inviterName} invited you to ${d.companyName} on ${PRODUCT}`,
    greeting: 'Hello,',
    paragraphs: [
      `${d.inviterName} invited you to join ${d.companyName} as ${ROLE_NAMES.en[d.role]}.`,
      `The invitation is valid until ${fmtDate(d.expiresAt, l)}.`,
    ],
    action: { label: 'Accept the invitation', url: d.url },
    footer: FOOTER.en,
  }),
  security_alert: (d, l) => ({
    subject: `Security alert for your ${PRODUCT} account`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      d.event === 'throttled'
        ? 'Someone failed to sign in to your account 5 times from one address. That address now has to wait longer before each next attempt; your own sign-ins from elsewhere are not affected.'
        : d.event === 'password_changed'
          ? 'The password of your account was changed.'
          : 'The password of your account was reset and every session was signed out.',
      `Time: ${fmtDate(d.at, l)}${d.ip ? `, from IP address ${d.ip}` : ''}.`,
      'If this was not you, reset your password now and tell your company admin.',
    ],
    footer: FOOTER.en,
  }),
  domain_verification: (d) => ({
    subject: `Confirm ${d.domain} for ${d.companyName} on ${PRODUCT}`,
    greeting: 'Hello,',
    paragraphs: [
      `${d.requestedBy} asked to add ${d.domain} to ${d.companyName} on ${PRODUCT}. Once confirmed, people with an address at ${d.domain} whom the company's single sign-on vouches for can join ${d.companyName}.`,
      'The link is valid for 7 days and can be used once. If you did not expect this, ignore this message: nothing changes without the link.',
    ],
    action: { label: `Confirm ${d.domain}`, url: d.url },
    footer: FOOTER.en,
  }),
  workspace_ready: (d) => ({
    subject: `Your ${PRODUCT} workspace ${d.workspaceName} is ready`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `Your workspace ${d.workspaceName} is running. Open it in your browser: you are signed in through ${PRODUCT}, no second password.`,
      `Manage it (stop, restart, logs, charts) in the portal: ${d.portalUrl}`,
    ],
    action: { label: 'Open the workspace', url: d.url },
    footer: FOOTER.en,
  }),
};

const tr: Builders = {
  ...billingTr,
  ...dunningCancelTr,
  ...refundRequestTr,
  verify_email: (d) => ({
    subject: `${PRODUCT} için e-posta adresinizi doğrulayın`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      'Lütfen e-posta adresinizi doğrulayın. Bağlantı 24 saat geçerlidir ve bir kez kullanılabilir.',
    ],
    action: { label: 'E-posta adresini doğrula', url: d.url },
    footer: FOOTER.tr,
  }),
  welcome: (d) => ({
    subject: `${PRODUCT}'a hoş geldiniz`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.companyName} ${PRODUCT} üzerinde hazır. Ekibinizi davet edin ve ilk çalışma alanınızı oluşturun.`,
    ],
    action: { label: 'Panoyu aç', url: d.url },
    footer: FOOTER.tr,
  }),
  password_reset: (d) => ({
    subject: `${PRODUCT} şifrenizi sıfırlayın`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      'Hesabınızın şifresini sıfırlama isteği aldık. Bağlantı 1 saat geçerlidir ve bir kez kullanılabilir.',
      'Şifreyi sıfırlamak tüm oturumlarınızı kapatır.',
    ],
    action: { label: 'Yeni şifre belirle', url: d.url },
    footer: FOOTER.tr,
  }),
  invite: (d, l) => ({
    subject: `${d.inviterName} sizi ${PRODUCT} üzerinde ${d.companyName} ekibine davet etti`,
    greeting: 'Merhaba,',
    paragraphs: [
      `${d.inviterName} sizi ${d.companyName} ekibine ${ROLE_NAMES.tr[d.role]} olarak davet etti.`,
      `Davet ${fmtDate(d.expiresAt, l)} tarihine kadar geçerlidir.`,
    ],
    action: { label: 'Daveti kabul et', url: d.url },
    footer: FOOTER.tr,
  }),
  security_alert: (d, l) => ({
    subject: `${PRODUCT} hesabınız için güvenlik uyarısı`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      d.event === 'throttled'
        ? 'Birisi tek bir adresten hesabınıza 5 kez giriş yapmayı denedi ve başaramadı. O adres artık her yeni denemeden önce daha uzun beklemek zorunda; sizin başka yerlerden girişleriniz etkilenmez.'
        : d.event === 'password_changed'
          ? 'Hesabınızın şifresi değiştirildi.'
          : 'Hesabınızın şifresi sıfırlandı ve tüm oturumlar kapatıldı.',
      `Zaman: ${fmtDate(d.at, l)}${d.ip ? `, IP adresi ${d.ip}` : ''}.`,
      'Bu işlemi siz yapmadıysanız hemen şifrenizi sıfırlayın ve şirket yöneticinize haber verin.',
    ],
    footer: FOOTER.tr,
  }),
  domain_verification: (d) => ({
    subject: `${d.domain} alan adını ${PRODUCT} üzerinde ${d.companyName} için onaylayın`,
    greeting: 'Merhaba,',
    paragraphs: [
      `${d.requestedBy}, ${d.domain} alan adını ${PRODUCT} üzerinde ${d.companyName} şirketine eklemek istedi. Onaylandığında, şirketin tek oturum açma (SSO) sisteminin doğruladığı @${d.domain} adresli kişiler ${d.companyName} ekibine katılabilir.`,
      'Bağlantı 7 gün geçerlidir ve bir kez kullanılabilir. Bunu beklemiyorsanız bu iletiyi yok sayın: bağlantı olmadan hiçbir şey değişmez.',
    ],
    action: { label: `${d.domain} alan adını onayla`, url: d.url },
    footer: FOOTER.tr,
  }),
  workspace_ready: (d) => ({
    subject: `${PRODUCT} çalışma alanınız ${d.workspaceName} hazır`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.workspaceName} çalışma alanınız çalışıyor. Tarayıcınızda açın: ${PRODUCT} oturumunuzla girersiniz, ikinci bir şifre gerekmez.`,
      `Durdurma, yeniden başlatma, günlükler ve grafikler için portal: ${d.portalUrl}`,
    ],
    action: { label: 'Çalışma alanını aç', url: d.url },
    footer: FOOTER.tr,
  }),
};

/** Render a template in the user's locale, as HTML (escaped) and plain text. */
export function renderTemplate<K extends TemplateName>(
  name: K,
  locale: Locale,
  data: TemplateData[K],
): Rendered {
  const builders = (locale === 'tr' ? tr : en) as Builders;
  const parts = (builders[name] as (d: TemplateData[K], l: Locale) => Parts)(data, locale);
  return { subject: parts.subject, html: toHtml(parts, locale), text: toText(parts) };
}
