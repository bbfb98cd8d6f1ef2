import { LOCALES } from '@youarecoder/contract';
import { describe, expect, it } from 'vitest';
import { escapeHtml, PRODUCT, renderTemplate, type TemplateData, type TemplateName } from './templates.ts';

const EVIL = '<script>alert("x")</script> & Co';
const URL_WITH_QUERY = 'https://acme.youarecoder.example/accept?token=a<b>&next="/x"';

const samples: { [K in TemplateName]: TemplateData[K] } = {
  verify_email: { name: EVIL, url: URL_WITH_QUERY },
  welcome: { name: EVIL, companyName: EVIL, url: URL_WITH_QUERY },
  password_reset: { name: EVIL, url: URL_WITH_QUERY },
  invite: {
    companyName: EVIL,
    inviterName: EVIL,
    role: 'admin',
    url: URL_WITH_QUERY,
    expiresAt: new Date('2026-12-03T09:00:00Z'),
  },
  security_alert: { name: EVIL, event: 'throttled', ip: '203.0.113.9', at: new Date('2026-11-26T09:00:00Z') },
  workspace_ready: { name: EVIL, workspaceName: EVIL, url: URL_WITH_QUERY, portalUrl: URL_WITH_QUERY },
  domain_verification: { companyName: EVIL, domain: EVIL, requestedBy: EVIL, url: URL_WITH_QUERY },
  payment_succeeded: {
    name: EVIL,
    companyName: EVIL,
    planName: EVIL,
    periodLabel: EVIL,
    amount: EVIL,
    invoiceNumber: EVIL,
    billingUrl: URL_WITH_QUERY,
  },
  payment_failed: {
    name: EVIL,
    companyName: EVIL,
    planName: EVIL,
    amount: EVIL,
    reason: EVIL,
    reasonCode: '0',
    billingUrl: URL_WITH_QUERY,
  },
  trial_ending: { name: EVIL, companyName: EVIL, daysLeft: 3, endsOn: EVIL, billingUrl: URL_WITH_QUERY },
  trial_ended: { name: EVIL, companyName: EVIL, billingUrl: URL_WITH_QUERY },
  renewal_due: {
    name: EVIL,
    companyName: EVIL,
    planName: EVIL,
    periodLabel: EVIL,
    net: EVIL,
    vat: EVIL,
    total: EVIL,
    dueOn: EVIL,
    daysLeft: 7,
    payUrl: URL_WITH_QUERY,
    automatic: false,
  },
  past_due: { name: EVIL, companyName: EVIL, total: EVIL, suspendOn: EVIL, payUrl: URL_WITH_QUERY },
  suspended: { name: EVIL, companyName: EVIL, payUrl: URL_WITH_QUERY },
  restored: { name: EVIL, companyName: EVIL, planName: EVIL, billingUrl: URL_WITH_QUERY },
  refund_issued: {
    name: EVIL,
    companyName: EVIL,
    amount: EVIL,
    creditNoteNumber: EVIL,
    billingUrl: URL_WITH_QUERY,
  },
  ops_alert: { subject: EVIL, body: EVIL, url: URL_WITH_QUERY },
  dunning_retry: {
    name: EVIL,
    companyName: EVIL,
    planName: EVIL,
    amount: EVIL,
    triedOn: EVIL,
    paid: false,
    reason: EVIL,
    reasonCode: '0',
    nextTryOn: EVIL,
    suspendOn: EVIL,
    payUrl: URL_WITH_QUERY,
  },
  canceled_now: { name: EVIL, companyName: EVIL, endedOn: EVIL, credit: EVIL, billingUrl: URL_WITH_QUERY },
  refund_request_update: {
    name: EVIL,
    companyName: EVIL,
    status: 'declined',
    planName: EVIL,
    amount: EVIL,
    note: EVIL,
    billingUrl: URL_WITH_QUERY,
  },
};
const withoutAction = new Set<TemplateName>(['security_alert']);
const billing: TemplateName[] = [
  'payment_succeeded',
  'payment_failed',
  'trial_ending',
  'trial_ended',
  'renewal_due',
  'past_due',
  'suspended',
  'restored',
  'refund_issued',
  'dunning_retry',
  'canceled_now',
  'refund_request_update',
];
/** Written for the operators, in English whatever the locale. */
const englishOnly = new Set<TemplateName>(['ops_alert']);
const TURKISH_LETTER = /[çğıöşüÇĞİÖŞÜ]/;

describe('mail templates', () => {
  for (const locale of LOCALES) {
    for (const name of Object.keys(samples) as TemplateName[]) {
      it(`${name} (${locale}) renders subject, html and text with user data escaped in html`, () => {
        const r = renderTemplate(name, locale, samples[name] as never);
        expect(r.subject.trim()).not.toBe('');
        expect(r.subject).toContain(PRODUCT);
        expect(r.html).toContain(`<html lang="${englishOnly.has(name) ? 'en' : locale}">`);
        expect(r.html).toContain(PRODUCT);
        expect(r.text).toContain(PRODUCT);

        // The user's text is in both parts, escaped in HTML and never raw there.
        expect(r.html).not.toContain('<script>');
        expect(r.html).not.toContain('"x"');
        expect(r.html).toContain(escapeHtml(EVIL));
        expect(r.text).toContain(EVIL);

        if (!withoutAction.has(name)) {
          expect(r.html).toContain(`href="${escapeHtml(URL_WITH_QUERY)}"`);
          expect(r.text).toContain(URL_WITH_QUERY);
        } else {
          expect(r.html).not.toContain('href=');
        }
      });
    }
  }

  it('English and Turkish are different texts', () => {
    for (const name of Object.keys(samples) as TemplateName[]) {
      const en = renderTemplate(name, 'en', samples[name] as never);
      const tr = renderTemplate(name, 'tr', samples[name] as never);
      if (englishOnly.has(name)) {
        expect(tr).toEqual(en);
        continue;
      }
      expect(tr.subject).not.toBe(en.subject);
      expect(tr.text).not.toBe(en.text);
    }
  });

  it('Turkish billing subjects are written in Turkish', () => {
    for (const name of billing) {
      const tr = renderTemplate(name, 'tr', samples[name] as never);
      expect(tr.subject, name).toMatch(TURKISH_LETTER);
      expect(tr.text, name).toMatch(TURKISH_LETTER);
    }
  });

  it('dates are shown in Istanbul time', () => {
    const r = renderTemplate('security_alert', 'en', {
      name: 'Ayşe',
      event: 'password_changed',
      ip: null,
      at: new Date('2026-11-26T09:00:00Z'),
    });
    expect(r.text).toContain('12:00');
    expect(r.text).not.toContain('IP address');
  });

  it('billing: the invoice and the credit note are said to be attached, amounts shown as given', () => {
    const paid = { ...samples.payment_succeeded, amount: '₺1.409,74', invoiceNumber: 'YAC2026000042' };
    expect(renderTemplate('payment_succeeded', 'en', paid).text).toContain('YAC2026000042 is attached');
    const tr = renderTemplate('payment_succeeded', 'tr', paid);
    expect(tr.subject).toBe(`Ödemeniz alındı: ${PRODUCT} faturası YAC2026000042`);
    expect(tr.text).toContain('₺1.409,74 tutarındaki ödemenizi aldık');
    expect(tr.html).toContain('₺1.409,74');
    expect(tr.text).toContain('ekinde PDF olarak');
    const refund = { ...samples.refund_issued, creditNoteNumber: 'CN2026000007' };
    expect(renderTemplate('refund_issued', 'en', refund).text).toContain('CN2026000007 is attached');
    expect(renderTemplate('refund_issued', 'tr', refund).text).toContain('ekinde PDF olarak');
  });

  it("billing: a decline is explained in the reader's language by PayTR's code, PayTR's text as detail", () => {
    const limit = { ...samples.payment_failed, reasonCode: '0', reason: 'Kartın limiti yetersiz' };
    const en = renderTemplate('payment_failed', 'en', limit).text;
    expect(en).toContain('Your bank declined the payment');
    expect(en).toContain('Payment provider’s message: Kartın limiti yetersiz');
    expect(renderTemplate('payment_failed', 'tr', limit).text).toContain('Bankanız ödemeyi onaylamadı');
    const secure = { ...samples.dunning_retry, reasonCode: '10', reason: '3D gerekli' };
    expect(renderTemplate('dunning_retry', 'en', secure).text).toContain('This card needs 3-D Secure');
    // No code: the platform's own note (for operators) stays out; a general sentence is given.
    const own = { ...samples.payment_failed, reasonCode: null, reason: 'payment page not created: x' };
    expect(renderTemplate('payment_failed', 'en', own).text).toContain('The payment did not go through');
    expect(renderTemplate('payment_failed', 'en', own).text).not.toContain('page not created');
    const empty = { ...samples.payment_failed, reason: '  ' };
    expect(renderTemplate('payment_failed', 'tr', empty).text).not.toContain('mesajı');
    expect(renderTemplate('payment_failed', 'tr', empty).subject).toContain('ödeme başarısız');
  });

  it('billing: the trial countdown reads naturally for 3 days and for 1 day', () => {
    const d = { ...samples.trial_ending, endsOn: '5 Aralık 2026' };
    expect(renderTemplate('trial_ending', 'tr', d).subject).toBe(
      `${PRODUCT} deneme süreniz 3 gün sonra bitiyor`,
    );
    expect(renderTemplate('trial_ending', 'en', d).subject).toBe(`Your ${PRODUCT} trial ends in 3 days`);
    const tomorrow = { ...d, daysLeft: 1 };
    expect(renderTemplate('trial_ending', 'tr', tomorrow).subject).toBe(
      `${PRODUCT} deneme süreniz yarın bitiyor`,
    );
    expect(renderTemplate('trial_ending', 'tr', tomorrow).text).toContain('yarın (5 Aralık 2026) bitiyor');
    expect(renderTemplate('trial_ending', 'en', tomorrow).text).toContain('ends tomorrow, on 5 Aralık 2026');
  });

  it('billing: the renewal notice lists the pro-forma and says whether the card is charged', () => {
    const d = {
      ...samples.renewal_due,
      net: '₺1.174,78',
      vat: '₺234,96',
      total: '₺1.409,74',
      dueOn: '1 Ocak 2027',
    };
    const manual = renderTemplate('renewal_due', 'tr', d);
    expect(manual.text).toContain('Net tutar: ₺1.174,78\nKDV: ₺234,96\nToplam: ₺1.409,74');
    expect(manual.html).toContain('Net tutar: ₺1.174,78<br>KDV: ₺234,96<br>Toplam: ₺1.409,74');
    expect(manual.text).toContain('Şimdi öde: ');
    expect(manual.text).not.toContain('otomatik');
    const auto = renderTemplate('renewal_due', 'tr', { ...d, automatic: true });
    expect(auto.subject).toBe(`${PRODUCT} aboneliğiniz 1 Ocak 2027 tarihinde yenileniyor`);
    expect(auto.text).toContain(
      'Kayıtlı kartınızdan 1 Ocak 2027 tarihinde ₺1.409,74 otomatik olarak çekilecek',
    );
    const autoEn = renderTemplate('renewal_due', 'en', { ...d, automatic: true });
    expect(autoEn.text).toContain('charged ₺1.409,74 automatically on 1 Ocak 2027');
    expect(renderTemplate('renewal_due', 'en', d).text).toContain('Please pay ₺1.409,74 by 1 Ocak 2027');
  });

  it('ops_alert renders for both locales, keeps the subject on one line, and needs no link', () => {
    const d = { subject: 'PayTR callbacks\nfailing', body: 'Three callbacks failed.\n\nLast: hash mismatch' };
    for (const locale of LOCALES) {
      const r = renderTemplate('ops_alert', locale, d);
      expect(r.subject).toBe(`[${PRODUCT}] PayTR callbacks failing`);
      expect(r.html).toContain('<html lang="en">');
      expect(r.html).toContain('<p>Three callbacks failed.</p>\n<p>Last: hash mismatch</p>');
      expect(r.html).not.toContain('href=');
      expect(r.text).toContain('Three callbacks failed.\n\nLast: hash mismatch');
    }
  });

  it('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
