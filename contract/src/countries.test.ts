import { describe, expect, it } from 'vitest';
import { COUNTRY_CODES, isCountryCode } from './countries.ts';

describe('ISO 3166-1 alpha-2 country codes', () => {
  it('lists the 249 officially assigned codes once each, sorted', () => {
    expect(COUNTRY_CODES).toHaveLength(249);
    expect(new Set(COUNTRY_CODES).size).toBe(249);
    expect([...COUNTRY_CODES].sort()).toEqual([...COUNTRY_CODES]);
    for (const c of COUNTRY_CODES) expect(c).toMatch(/^[A-Z]{2}$/);
  });

  it.each(['TR', 'DE', 'NL', 'GB', 'US', 'AE', 'CY', 'AX', 'BQ', 'CW', 'SS', 'SX', 'PS', 'TW', 'UM'])(
    'knows %s',
    (code) => expect(isCountryCode(code)).toBe(true),
  );

  it.each([
    ['XX', 'user-assigned'],
    ['ZZ', 'user-assigned'],
    ['AA', 'user-assigned'],
    ['QM', 'user-assigned'],
    ['XK', 'user-assigned (Kosovo, used by some, not ISO)'],
    ['EU', 'exceptionally reserved'],
    ['UK', 'exceptionally reserved (GB is the code)'],
    ['AN', 'withdrawn (Netherlands Antilles)'],
    ['YU', 'withdrawn'],
    ['tr', 'lower case'],
    ['TUR', 'alpha-3'],
    ['', 'empty'],
  ])('refuses %s (%s)', (code) => expect(isCountryCode(code)).toBe(false));
});
