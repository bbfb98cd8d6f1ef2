import { describe, expect, it } from 'vitest';
import { istanbulDayNumber, REFUND_FULL_DAYS, refundOffer } from './legal.ts';

const DAY = 86_400_000;
// A monthly period paid on 26 November 12:00 Istanbul (09:00 UTC): 30 Istanbul days to 26 December.
const start = new Date('2026-11-26T09:00:00Z');
const end = new Date('2026-12-26T09:00:00Z');
const paid = { amountMinor: 119_880, refundedMinor: 0, coverStart: start, periodEnd: end };
const at = (days: number, hours = 0) => new Date(start.getTime() + days * DAY + hours * 3_600_000);

describe('refund policy', () => {
  it('gives everything not yet refunded within 14 days of the first payment', () => {
    expect(refundOffer(paid, start, at(0))).toMatchObject({ rule: 'full', amountMinor: 119_880 });
    expect(refundOffer(paid, start, at(REFUND_FULL_DAYS))).toMatchObject({ rule: 'full' });
    expect(refundOffer({ ...paid, refundedMinor: 10_000 }, start, at(3)).amountMinor).toBe(109_880);
  });

  it('after 14 days: the amount × unused whole Istanbul days ÷ the period’s days, rounded down', () => {
    // Day 20 (16 December) has begun: 21 days used, 9 of 30 unused.
    const o = refundOffer(paid, start, at(20));
    expect(o).toEqual({
      rule: 'pro_rata',
      amountMinor: Math.floor((119_880 * 9) / 30),
      periodDays: 30,
      unusedDays: 9,
    });
    // 20:59 UTC is still 16 December in Istanbul; 21:00 UTC is already the 17th: one day fewer.
    expect(refundOffer(paid, start, at(20, 11.98)).unusedDays).toBe(9);
    expect(refundOffer(paid, start, at(20, 12)).unusedDays).toBe(8);
    // Rounded down on integers: 1 × 9 ÷ 30 is 0, so nothing.
    expect(refundOffer({ ...paid, amountMinor: 1 }, start, at(20))).toMatchObject({
      rule: 'none',
      amountMinor: 0,
    });
  });

  it('never gives more than is left, and nothing for a period that is over', () => {
    expect(refundOffer({ ...paid, refundedMinor: 119_000 }, start, at(20)).amountMinor).toBe(880);
    expect(refundOffer(paid, start, at(29))).toMatchObject({ rule: 'none', amountMinor: 0, unusedDays: 0 });
    expect(refundOffer(paid, start, at(40))).toMatchObject({ rule: 'none', amountMinor: 0 });
    expect(refundOffer({ ...paid, refundedMinor: 119_880 }, start, at(1))).toMatchObject({ rule: 'none' });
  });

  it('a period paid ahead that has not begun is wholly unused', () => {
    const next = { ...paid, coverStart: end, periodEnd: new Date('2027-01-26T09:00:00Z') };
    expect(refundOffer(next, new Date(start.getTime() - 60 * DAY), at(25))).toMatchObject({
      rule: 'pro_rata',
      amountMinor: 119_880,
      periodDays: 31,
      unusedDays: 31,
    });
  });

  it('counts Istanbul calendar days (UTC+3)', () => {
    expect(istanbulDayNumber(new Date('2026-12-16T20:59:59Z'))).toBe(
      istanbulDayNumber(new Date('2026-12-16T00:00:00Z')),
    );
    expect(istanbulDayNumber(new Date('2026-12-16T21:00:00Z'))).toBe(
      istanbulDayNumber(new Date('2026-12-16T00:00:00Z')) + 1,
    );
  });
});
