import { describe, expect, it } from 'vitest';
import { istanbulYear } from './invoices/index.ts';
import { addMonthsIstanbul, istanbulDate, periodEnd, prorate } from './periods.ts';

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
