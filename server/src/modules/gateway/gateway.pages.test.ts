import { describe, expect, it } from 'vitest';
import { notFoundPage, stoppedPage } from './gateway.pages.ts';

describe('gateway pages', () => {
  it('carry the portal look: the YouAreCoder header and a card', () => {
    const { status, html } = notFoundPage('en', 'http://portal.test');
    expect(status).toBe(404);
    expect(html).toContain('<span>YouAreCoder</span>');
    expect(html).toContain('<div class="card"><h1>Workspace not found</h1>');
    expect(html).toContain('<title>Workspace not found · YouAreCoder</title>');
  });

  it('speak Turkish to a Turkish reader', () => {
    const tr = stoppedPage('tr', {
      name: 'api',
      status: 'stopped',
      reason: null,
      csrf: 'x',
      action: '/s',
    }).html;
    const en = stoppedPage('en', {
      name: 'api',
      status: 'stopped',
      reason: null,
      csrf: 'x',
      action: '/s',
    }).html;
    expect(tr).toContain('lang="tr"');
    expect(tr).toContain('durduruldu');
    expect(tr).not.toContain('stopped');
    expect(en).toContain('stopped');
  });

  it("give a stop's known reason in the reader's language, like the portal (it showed the English note)", () => {
    const page = (locale: 'en' | 'tr', reason: string) =>
      stoppedPage(locale, { name: 'api', status: 'stopped', reason, csrf: 'x', action: '/s' }).html;
    expect(page('tr', 'stopped by ayse@example.com')).toContain('ayse@example.com durdurdu');
    expect(page('tr', 'stopped by ayse@example.com')).not.toContain('stopped by');
    expect(page('tr', 'stopped after 1 hour 30 minutes without IDE activity')).toContain(
      '1 saat 30 dakika IDE etkinliği olmadığı için durduruldu',
    );
    expect(
      page('tr', "stopped: the company's subscription is suspended (trial ended); data is kept"),
    ).toContain('şirketin aboneliği askıya alındı');
    expect(page('tr', 'stopped with the platform (--stop-workspaces)')).toContain('platformla birlikte');
    // A failure's own words stay as recorded; English readers get the note as it is.
    expect(page('tr', 'code-server exited with code 1')).toContain('code-server exited with code 1');
    expect(page('en', 'stopped by ayse@example.com')).toContain('stopped by ayse@example.com');
  });
});
