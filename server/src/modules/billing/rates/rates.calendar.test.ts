import { describe, expect, it } from 'vitest';
import {
  addDays,
  bulletinPath,
  expectedBulletinDate,
  isQuoteStale,
  isStale,
  previousWeekday,
  validBulletinDate,
} from './rates.calendar.ts';

// Istanbul is UTC+3: 15:30 Istanbul is 12:30Z.
const at = (iso: string) => new Date(iso);

describe('expectedBulletinDate', () => {
  it.each([
    // Monday 2026-09-21
    ['2026-09-21T06:00:00Z', '2026-09-18'], // 09:00 Monday: Friday's
    ['2026-09-21T12:29:00Z', '2026-09-18'], // 15:29
    ['2026-09-21T12:30:00Z', '2026-09-21'], // 15:30
    ['2026-09-21T12:31:00Z', '2026-09-21'], // 15:31
    // Tuesday to Thursday
    ['2026-09-22T12:29:59Z', '2026-09-21'],
    ['2026-09-22T12:31:00Z', '2026-09-22'],
    ['2026-09-23T20:00:00Z', '2026-09-23'], // 23:00 Wednesday
    ['2026-09-23T21:00:00Z', '2026-09-23'], // 00:00 Thursday Istanbul, still Wednesday UTC
    ['2026-09-24T12:29:00Z', '2026-09-23'],
    // Friday, the weekend, the next Monday
    ['2026-09-25T12:29:00Z', '2026-09-24'],
    ['2026-09-25T12:31:00Z', '2026-09-25'],
    ['2026-09-26T10:00:00Z', '2026-09-25'], // Saturday
    ['2026-09-26T13:00:00Z', '2026-09-25'], // Saturday after 15:30
    ['2026-09-27T18:00:00Z', '2026-09-25'], // Sunday
    ['2026-09-27T21:30:00Z', '2026-09-25'], // 00:30 Monday Istanbul
    ['2026-09-28T12:29:00Z', '2026-09-25'],
    ['2026-09-28T12:31:00Z', '2026-09-28'],
  ])('at %s it is %s', (now, want) => {
    expect(expectedBulletinDate(at(now))).toBe(want);
  });

  it('crosses month and year ends', () => {
    expect(expectedBulletinDate(at('2027-01-01T09:00:00Z'))).toBe('2026-12-31'); // Friday before 15:30
    expect(expectedBulletinDate(at('2026-11-01T09:00:00Z'))).toBe('2026-10-30'); // Sunday
  });
});

describe('validBulletinDate', () => {
  // The bulletin dated D (announced on D around 15:30) prices quotes and invoices from D+1 on.
  it.each([
    ['2026-09-17T23:53:00Z', '2026-09-17'], // 02:53 Friday: Thursday's, although Friday's may be stored
    ['2026-09-18T12:29:00Z', '2026-09-17'], // 15:29 Friday
    ['2026-09-18T13:00:00Z', '2026-09-17'], // 16:00 Friday, after Friday's was announced
    ['2026-09-18T20:59:59Z', '2026-09-17'], // 23:59:59 Friday
    ['2026-09-18T21:00:00Z', '2026-09-18'], // 00:00 Saturday
    ['2026-09-20T18:00:00Z', '2026-09-18'], // Sunday
    ['2026-09-20T23:53:00Z', '2026-09-18'], // 02:53 Monday
    ['2026-09-21T13:00:00Z', '2026-09-18'], // 16:00 Monday
    ['2026-09-21T21:00:00Z', '2026-09-21'], // 00:00 Tuesday
    ['2027-01-01T09:00:00Z', '2026-12-31'], // across the year end
  ])('at %s it is %s', (now, want) => {
    expect(validBulletinDate(at(now))).toBe(want);
  });
});

describe('isStale', () => {
  it('allows one missing business day (a holiday), not two', () => {
    const wed = at('2026-09-23T13:00:00Z'); // expected Wednesday's
    expect(isStale('2026-09-23', wed)).toBe(false);
    expect(isStale('2026-09-22', wed)).toBe(false);
    expect(isStale('2026-09-21', wed)).toBe(true);
  });

  it('reckons across weekends in business days', () => {
    const mon = at('2026-09-21T13:00:00Z'); // expected Monday's; one back is Friday
    expect(isStale('2026-09-18', mon)).toBe(false);
    expect(isStale('2026-09-17', mon)).toBe(true);
    const sat = at('2026-09-26T10:00:00Z'); // expected Friday's; one back is Thursday
    expect(isStale('2026-09-24', sat)).toBe(false);
    expect(isStale('2026-09-23', sat)).toBe(true);
  });
});

describe('isQuoteStale', () => {
  it('is isStale of the quoted bulletin while nothing newer is stored', () => {
    const tue = at('2026-09-22T13:00:00Z'); // Tuesday 16:00: expected Tuesday's, Monday's prices
    expect(isQuoteStale('2026-09-21', '2026-09-21', tue)).toBe(false);
    expect(isQuoteStale('2026-09-18', '2026-09-18', tue)).toBe(true); // Monday's and Tuesday's missing
  });

  it('tolerates one missing business day before the bulletin valid today', () => {
    const mon = at('2026-09-21T13:00:00Z'); // Monday 16:00 with Monday's stored: Friday's prices
    expect(isQuoteStale('2026-09-18', '2026-09-21', mon)).toBe(false);
    expect(isQuoteStale('2026-09-17', '2026-09-21', mon)).toBe(false); // Friday a holiday?
    expect(isQuoteStale('2026-09-16', '2026-09-21', mon)).toBe(true);
  });
});

describe('day helpers', () => {
  it('walks weekdays and formats TCMB paths', () => {
    expect(previousWeekday('2026-09-21')).toBe('2026-09-18');
    expect(previousWeekday('2026-09-22')).toBe('2026-09-21');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(bulletinPath('2021-12-17')).toBe('202112/17122021.xml');
    expect(() => bulletinPath('2021-02-30')).toThrow(RangeError);
  });
});
