import { describe, expect, it } from 'vitest';
import { parseCompanyHost, parseWorkspaceHost, workspaceHost } from './host.ts';

describe('parseWorkspaceHost', () => {
  const base = 'localhost:8080';

  it('reads workspace and company from the first label', () => {
    expect(parseWorkspaceHost('api--acme.localhost:8080', base)).toEqual({
      workspace: 'api',
      company: 'acme',
    });
    expect(parseWorkspaceHost('my-ws--acme-corp.example.com', 'example.com')).toEqual({
      workspace: 'my-ws',
      company: 'acme-corp',
    });
  });

  it('is case-insensitive and answers lowercase', () => {
    expect(parseWorkspaceHost('API--Acme.LocalHost:8080', 'LOCALHOST:8080')).toEqual({
      workspace: 'api',
      company: 'acme',
    });
  });

  it('splits at the last `--`: companies cannot hold one, workspaces may', () => {
    expect(parseWorkspaceHost('a--b--acme.localhost:8080', base)).toEqual({
      workspace: 'a--b',
      company: 'acme',
    });
    // `a---b`: the last `--` leaves `a-`, not a DNS-safe name
    expect(parseWorkspaceHost('a---b.localhost:8080', base)).toBeNull();
  });

  it('gives null for the portal itself and for other hosts', () => {
    for (const h of [
      'localhost:8080',
      'localhost',
      'acme.localhost:8080', // a subdomain without a workspace
      'api--acme.localhost', // port missing: another origin
      'api--acme.localhost:9090',
      'api--acme.localhost:8080.evil.com',
      'api--acme.evil-localhost:8080',
      'x.api--acme.localhost:8080', // two labels
      'api--acme.localhost:8080.', // absolute form
      '',
      undefined,
    ])
      expect(parseWorkspaceHost(h, base), String(h)).toBeNull();
  });

  it('refuses names that are not DNS labels', () => {
    for (const label of [
      '--acme',
      'api--',
      '-api--acme',
      'api--acme-',
      'api_x--acme',
      'ápi--acme',
      'api--ac me',
      `${'a'.repeat(58)}--acme`, // 64 characters
    ])
      expect(parseWorkspaceHost(`${label}.localhost:8080`, base), label).toBeNull();
    expect(parseWorkspaceHost(`${'a'.repeat(57)}--acme.localhost:8080`, base)).toEqual({
      workspace: 'a'.repeat(57),
      company: 'acme',
    });
  });

  it('defaults to localhost:8080 and matches a base domain without a port exactly', () => {
    expect(parseWorkspaceHost('w--c.localhost:8080')).toEqual({ workspace: 'w', company: 'c' });
    expect(parseWorkspaceHost('w--c.example.com:443', 'example.com')).toBeNull();
  });

  it('round-trips with workspaceHost', () => {
    const h = workspaceHost('My-WS', 'acme', 'yac.example.com');
    expect(h).toBe('my-ws--acme.yac.example.com');
    expect(parseWorkspaceHost(h, 'yac.example.com')).toEqual({ workspace: 'my-ws', company: 'acme' });
  });
});

describe('parseCompanyHost', () => {
  it('names the company of `<company>.<base>`', () => {
    expect(parseCompanyHost('Acme-Robotics.example.com', 'example.com')).toBe('acme-robotics');
    expect(parseCompanyHost('acme.localhost:8080')).toBe('acme');
  });

  it('is null for workspace hosts, deeper names, other domains and the base itself', () => {
    for (const h of [
      'api--acme.example.com',
      'a.acme.example.com',
      'acme.example.org',
      'example.com',
      '-x.example.com',
    ])
      expect(parseCompanyHost(h, 'example.com')).toBeNull();
    expect(parseCompanyHost(undefined, 'example.com')).toBeNull();
  });
});
