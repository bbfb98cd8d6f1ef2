import type { BillingPeriod } from '@youarecoder/contract';
import { describe, expect, it } from 'vitest';
import { istanbulYear } from './invoices/index.ts';
import { addMonthsIstanbul, anchoredPeriodEnd, istanbulDate, periodEnd, prorate } from './periods.ts';

describe('billing periods on the Istanbul calendar', () => {
  it('adds months, clamping to the last day of shorter months', () => {
    // 31 Jan 2027 10:00 Istanbul = 07:00 UTC
    expect(addMonthsIstanbul(new Date('2027-01-31T07:00:00Z'), 1).toISOString()).toBe(
      '2027-02-28T07:00:00.000Z',
    );
    expect(addMonthsIstanbul(new Date('2028-01-31T07:00:00Z'), 1).toISOString()).toBe(
      '2028-02-29T07:00:00.000Z',
    );
    expect(addMonthsIstanbul(new Date('2026-12-15T12:00:00Z'), 1).toISOString()).toBe(
      '2027-01-15T12:00:00.000Z',
    );
  });

  it('uses the Istanbul day, not the UTC one, near midnight', () => {
    // 30 Nov 2026 22:30 UTC is already 1 Dec 01:30 in Istanbul: next period starts 1 Jan.
    expect(addMonthsIstanbul(new Date('2026-11-30T22:30:00Z'), 1).toISOString()).toBe(
      '2026-12-31T22:30:00.000Z',
    );
    expect(istanbulDate(new Date('2026-11-30T22:30:00Z'))).toBe('01.12.2026');
    expect(istanbulYear(new Date('2026-12-31T21:30:00Z'))).toBe(2027);
  });

  it('annual periods are 12 months', () => {
    expect(periodEnd(new Date('2026-11-26T09:00:00Z'), 'annual').toISOString()).toBe(
      '2027-11-26T09:00:00.000Z',
    );
  });

  it('renews monthly from the anchor, not from the previous end: 31 Jan → 28 Feb → 31 Mar', () => {
    // 31 Jan 2027 10:00 Istanbul = 07:00 UTC
    expect(renewals('2027-01-31T07:00:00Z', 'monthly', 4)).toEqual([
      '2027-02-28T07:00:00.000Z',
      '2027-03-31T07:00:00.000Z',
      '2027-04-30T07:00:00.000Z',
      '2027-05-31T07:00:00.000Z',
    ]);
    // A leap year: 29 February, then back to the 31st.
    expect(renewals('2028-01-31T07:00:00Z', 'monthly', 3)).toEqual([
      '2028-02-29T07:00:00.000Z',
      '2028-03-31T07:00:00.000Z',
      '2028-04-30T07:00:00.000Z',
    ]);
    // An anchor on the 30th comes back to the 30th after February too.
    expect(renewals('2027-01-30T07:00:00Z', 'monthly', 2)).toEqual([
      '2027-02-28T07:00:00.000Z',
      '2027-03-30T07:00:00.000Z',
    ]);
  });

  it('keeps the Istanbul day and time of day of the anchor, also when it is another UTC day', () => {
    // 31 Jan 2027 00:30 Istanbul is still 30 Jan 21:30 UTC.
    expect(renewals('2027-01-30T21:30:00Z', 'monthly', 3)).toEqual([
      '2027-02-27T21:30:00.000Z', // 28 Feb 00:30 Istanbul
      '2027-03-30T21:30:00.000Z', // 31 Mar 00:30 Istanbul
      '2027-04-29T21:30:00.000Z', // 30 Apr 00:30 Istanbul
    ]);
    expect(istanbulDate(new Date('2027-03-30T21:30:00Z'))).toBe('31.03.2027');
    // 31 Jan 2027 23:45 Istanbul.
    expect(renewals('2027-01-31T20:45:00Z', 'monthly', 2)).toEqual([
      '2027-02-28T20:45:00.000Z',
      '2027-03-31T20:45:00.000Z',
    ]);
  });

  it('renews annually from the anchor: 29 Feb 2028 → 28 Feb 2029 … → 29 Feb 2032', () => {
    expect(renewals('2028-02-29T07:00:00Z', 'annual', 4)).toEqual([
      '2029-02-28T07:00:00.000Z',
      '2030-02-28T07:00:00.000Z',
      '2031-02-28T07:00:00.000Z',
      '2032-02-29T07:00:00.000Z',
    ]);
  });

  it('counts a change of period in months from the same anchor', () => {
    const anchor = new Date('2027-01-31T07:00:00Z');
    // Three monthly periods, then a year: 30 Apr 2027 → 30 Apr 2028 (anchor + 15 months).
    expect(anchoredPeriodEnd(anchor, new Date('2027-04-30T07:00:00Z'), 'annual').toISOString()).toBe(
      '2028-04-30T07:00:00.000Z',
    );
    // After a year from 29 Feb 2028, monthly: 28 Feb 2029 → 29 Mar 2029, the anchor's day.
    expect(
      anchoredPeriodEnd(
        new Date('2028-02-29T07:00:00Z'),
        new Date('2029-02-28T07:00:00Z'),
        'monthly',
      ).toISOString(),
    ).toBe('2029-03-29T07:00:00.000Z');
  });

  it('brings a period that already drifted back to the anchor', () => {
    // A subscription that drifted to 28 March under the old rule ends its next period on 30 April.
    expect(
      anchoredPeriodEnd(
        new Date('2027-01-31T07:00:00Z'),
        new Date('2027-03-28T07:00:00Z'),
        'monthly',
      ).toISOString(),
    ).toBe('2027-04-30T07:00:00.000Z');
  });

  it('without an anchor, a period is one period from its start', () => {
    expect(anchoredPeriodEnd(null, new Date('2027-03-28T07:00:00Z'), 'monthly').toISOString()).toBe(
      '2027-04-28T07:00:00.000Z',
    );
  });

  it('prorates on integers, half up', () => {
    const start = new Date('2026-11-01T00:00:00Z');
    const end = new Date('2026-12-01T00:00:00Z'); // 30 days
    expect(prorate(7000, start, end, new Date('2026-11-16T00:00:00Z'))).toBe(3500);
    expect(prorate(7000, start, end, start)).toBe(7000);
    expect(prorate(7000, start, end, end)).toBe(0);
    // 1/3 of 100 = 33.33 → 33; 2/3 of 100 = 66.67 → 67
    expect(prorate(100, start, end, new Date('2026-11-21T00:00:00Z'))).toBe(33);
    expect(prorate(100, start, end, new Date('2026-11-11T00:00:00Z'))).toBe(67);
  });
});

/** The ends of `n` consecutive periods from `anchor`, each renewal starting at the previous end. */
function renewals(anchor: string, period: BillingPeriod, n: number): string[] {
  const a = new Date(anchor);
  const ends: string[] = [];
  let start = a;
  for (let i = 0; i < n; i++) {
    start = anchoredPeriodEnd(a, start, period);
    ends.push(start.toISOString());
  }
  return ends;
}
