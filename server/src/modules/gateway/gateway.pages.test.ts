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
});
