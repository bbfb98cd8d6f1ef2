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
  security_alert: { name: EVIL, event: 'locked', ip: '203.0.113.9', at: new Date('2026-11-26T09:00:00Z') },
  workspace_ready: { name: EVIL, workspaceName: EVIL, url: URL_WITH_QUERY, portalUrl: URL_WITH_QUERY },
};
const withAction = new Set<TemplateName>([
  'verify_email',
  'welcome',
  'password_reset',
  'invite',
  'workspace_ready',
]);

describe('mail templates', () => {
  for (const locale of LOCALES) {
    for (const name of Object.keys(samples) as TemplateName[]) {
      it(`${name} (${locale}) renders subject, html and text with user data escaped in html`, () => {
        const r = renderTemplate(name, locale, samples[name] as never);
        expect(r.subject.trim()).not.toBe('');
        expect(r.subject).toContain(PRODUCT);
        expect(r.html).toContain(`<html lang="${locale}">`);
        expect(r.html).toContain(PRODUCT);
        expect(r.text).toContain(PRODUCT);

        // The user's text is in both parts, escaped in HTML and never raw there.
        expect(r.html).not.toContain('<script>');
        expect(r.html).not.toContain('"x"');
        expect(r.html).toContain(escapeHtml(EVIL));
        expect(r.text).toContain(EVIL);

        if (withAction.has(name)) {
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
      expect(tr.subject).not.toBe(en.subject);
      expect(tr.text).not.toBe(en.text);
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

  it('escapeHtml covers the five special characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe(
      '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;',
    );
  });
});
