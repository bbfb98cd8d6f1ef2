import { describe, expect, it } from 'vitest';
import { notFoundPage, progressPage, stoppedPage } from './gateway.pages.ts';
import {
  canOpenWorkspace,
  gatewayBaseDomain,
  pickLocale,
  readCookies,
  safeRelativePath,
  startCsrfToken,
} from './gateway.policy.ts';
import { platformCookieFilter } from './headers.ts';

describe('canOpenWorkspace', () => {
  const ws = { companyId: 'cmp_a', ownerId: 'usr_owner', sharedWithAdmins: false };
  const user = (userId: string, role: string, companyId = 'cmp_a') => ({ userId, role, companyId });

  it('lets the owner in, whatever their role', () => {
    expect(canOpenWorkspace(user('usr_owner', 'member'), ws)).toBe(true);
  });
  it('keeps admins and the company owner out unless shared', () => {
    expect(canOpenWorkspace(user('usr_admin', 'admin'), ws)).toBe(false);
    expect(canOpenWorkspace(user('usr_boss', 'owner'), ws)).toBe(false);
    expect(canOpenWorkspace(user('usr_admin', 'admin'), { ...ws, sharedWithAdmins: true })).toBe(true);
    expect(canOpenWorkspace(user('usr_boss', 'owner'), { ...ws, sharedWithAdmins: true })).toBe(true);
  });
  it('never lets other members or other companies in', () => {
    expect(canOpenWorkspace(user('usr_m', 'member'), { ...ws, sharedWithAdmins: true })).toBe(false);
    expect(canOpenWorkspace(user('usr_owner', 'owner', 'cmp_b'), { ...ws, sharedWithAdmins: true })).toBe(
      false,
    );
  });
});

describe('safeRelativePath', () => {
  it('keeps paths on the same host', () => {
    for (const p of ['/', '/a/b?c=1&d=%2F', '/stable-abc/static/x.js', '/?folder=/home/x', '/a//b'])
      expect(safeRelativePath(p)).toBe(p);
  });
  it('refuses anything that could leave the host', () => {
    for (const p of [
      '//evil.com',
      '/\\evil.com',
      'http://x',
      'https://evil.com/',
      'evil.com',
      '',
      '/\t/evil.com',
      '/\n/evil.com',
      ' /x',
      '/x y',
      '/€',
      'javascript:alert(1)',
      null,
      undefined,
    ])
      expect(safeRelativePath(p), String(p)).toBeNull();
  });
});

describe('pickLocale', () => {
  it('picks Turkish only when it ranks above English', () => {
    expect(pickLocale('tr-TR,tr;q=0.9,en-US;q=0.8')).toBe('tr');
    expect(pickLocale('en-US,en;q=0.9,tr;q=0.8')).toBe('en');
    expect(pickLocale('de-DE,tr;q=0.5')).toBe('tr');
    expect(pickLocale('tr;q=0')).toBe('en');
    expect(pickLocale(undefined)).toBe('en');
    expect(pickLocale('fr')).toBe('en');
  });
});

describe('cookies and tokens', () => {
  it('reads every value of a cookie name', () => {
    expect(readCookies('a=1; yac_ws=x; b=2; yac_ws=y', 'yac_ws')).toEqual(['x', 'y']);
    expect(readCookies(undefined, 'yac_ws')).toEqual([]);
    expect(readCookies('yac_wsx=1; yac_ws=', 'yac_ws')).toEqual([]);
  });
  it('derives a CSRF token per cookie and workspace', () => {
    const a = startCsrfToken('cookie-one', 'ws_1');
    expect(a).toBe(startCsrfToken('cookie-one', 'ws_1'));
    expect(a).not.toBe(startCsrfToken('cookie-two', 'ws_1'));
    expect(a).not.toBe(startCsrfToken('cookie-one', 'ws_2'));
  });
  it('treats the gateway cookie as a platform cookie', () => {
    const isPlatform = platformCookieFilter(['yac_session', 'yac_ws'], ['yac_']);
    expect(isPlatform('yac_ws')).toBe(true);
    expect(isPlatform('YAC_WS')).toBe(true);
    expect(isPlatform('yac_session')).toBe(true);
    expect(isPlatform('vscode-tkn')).toBe(false);
  });
  it('defaults the base domain to localhost:PORT', () => {
    expect(gatewayBaseDomain({ PORT: 8080 })).toBe('localhost:8080');
    expect(gatewayBaseDomain({ PORT: 8080, BASE_DOMAIN: 'Example.com' })).toBe('example.com');
  });
});

describe('pages', () => {
  it('escapes what comes from the database', () => {
    const p = stoppedPage('en', {
      name: 'ws',
      status: 'failed',
      reason: '<script>alert(1)</script>',
      csrf: 'tok"en',
      action: '/__yac/start',
    });
    expect(p.html).not.toContain('<script>');
    expect(p.html).toContain('&#60;script&#62;');
    expect(p.html).toContain('value="tok&#34;en"');
    expect(p.html).toContain('method="post"');
  });
  it('speaks Turkish when asked', () => {
    expect(notFoundPage('tr', 'http://p').html).toContain('Çalışma alanı bulunamadı');
    expect(notFoundPage('tr', 'http://p').html).toContain('lang="tr"');
  });
  it('refreshes progress every 2 s and lists the steps', () => {
    const p = progressPage('en', {
      name: 'api',
      status: 'provisioning',
      reason: null,
      steps: [
        { index: 0, name: 'Clone repo', status: 'succeeded' },
        { index: 1, name: 'Install', status: 'running' },
      ],
    });
    expect(p.html).toContain('<meta http-equiv="refresh" content="2">');
    expect(p.html).toMatch(/Clone repo.*done.*Install.*running/s);
  });
});
