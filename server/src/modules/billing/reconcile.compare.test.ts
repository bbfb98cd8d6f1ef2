import { describe, expect, it } from 'vitest';
import { parsePaytrDate, reportWindows } from './gateways/paytr/paytr.report.ts';
import { type BookRecord, compareBooks, istanbulDayOf, istanbulDayStart } from './reconcile.compare.ts';

const rec = (
  type: BookRecord['type'],
  oid: string,
  amountMinor: number,
  at: string,
  currency = 'TRY',
): BookRecord => ({
  type,
  merchantOid: oid,
  amountMinor,
  currency,
  at: new Date(at),
});

describe('compareBooks', () => {
  it('pairs a sale PayTR dates before midnight with ours booked after it', () => {
    const paytr = [rec('sale', 'A1', 1000, '2026-11-26T20:59:59Z')];
    const ours = [rec('sale', 'A1', 1000, '2026-11-26T21:00:01Z')];
    expect(compareBooks(paytr, ours, ['2026-11-26', '2026-11-27'])).toEqual([]);
  });

  it('names each kind, dated by PayTR when PayTR has the record, and keeps only the asked days', () => {
    const paytr = [
      rec('sale', 'HERE', 500, '2026-11-26T10:00:00Z'),
      rec('sale', 'DIFF', 700, '2026-11-26T10:00:00Z', 'USD'),
      rec('sale', 'OUT', 500, '2026-11-28T10:00:00Z'),
    ];
    const ours = [
      rec('sale', 'DIFF', 700, '2026-11-27T10:00:00Z'),
      rec('sale', 'THERE', 900, '2026-11-26T22:00:00Z'),
    ];
    expect(
      compareBooks(paytr, ours, ['2026-11-26', '2026-11-27']).map((f) => [f.day, f.merchantOid, f.kind]),
    ).toEqual([
      ['2026-11-26', 'DIFF', 'amount_mismatch'],
      ['2026-11-26', 'HERE', 'missing_here'],
      ['2026-11-27', 'THERE', 'missing_at_paytr'],
    ]);
  });

  it('matches refunds of one order by amount in any order, and sums what is left on a day', () => {
    const paytr = [
      rec('refund', 'R', 300, '2026-11-26T10:00:00Z'),
      rec('refund', 'R', 200, '2026-11-26T11:00:00Z'),
    ];
    const ours = [
      rec('refund', 'R', 200, '2026-11-26T10:00:00Z'),
      rec('refund', 'R', 300, '2026-11-26T11:00:00Z'),
    ];
    expect(compareBooks(paytr, ours, ['2026-11-26'])).toEqual([]);
    const more = [
      ...paytr,
      rec('refund', 'R', 50, '2026-11-26T12:00:00Z'),
      rec('refund', 'R', 25, '2026-11-26T13:00:00Z'),
    ];
    expect(compareBooks(more, ours, ['2026-11-26'])).toMatchObject([
      { merchantOid: 'R', subject: 'refund', kind: 'missing_here', paytr: { amountMinor: 75 }, ours: null },
    ]);
  });
});

describe('Istanbul days and report windows', () => {
  it('reckons days in Istanbul', () => {
    expect(istanbulDayOf(new Date('2026-11-26T21:00:00Z'))).toBe('2026-11-27');
    expect(istanbulDayStart('2026-11-27').toISOString()).toBe('2026-11-26T21:00:00.000Z');
  });

  it('reads PayTR dates in Turkish time, dashed or dotted', () => {
    expect(parsePaytrDate('2026-11-27 00:30:00')?.toISOString()).toBe('2026-11-26T21:30:00.000Z');
    expect(parsePaytrDate('27.11.2026 00:30:00')?.toISOString()).toBe('2026-11-26T21:30:00.000Z');
    expect(parsePaytrDate('2026-11-27')?.toISOString()).toBe('2026-11-26T21:00:00.000Z');
    expect(parsePaytrDate('yesterday')).toBeNull();
  });

  it('splits a range into windows of at most 3 days that touch but never overlap', () => {
    const w = reportWindows(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-10T23:59:59Z'));
    expect(w.map((x) => [x.start.toISOString(), x.end.toISOString()])).toEqual([
      ['2026-11-01T00:00:00.000Z', '2026-11-04T00:00:00.000Z'],
      ['2026-11-04T00:00:01.000Z', '2026-11-07T00:00:01.000Z'],
      ['2026-11-07T00:00:02.000Z', '2026-11-10T00:00:02.000Z'],
      ['2026-11-10T00:00:03.000Z', '2026-11-10T23:59:59.000Z'],
    ]);
    expect(reportWindows(new Date('2026-11-01T00:00:00Z'), new Date('2026-11-03T23:59:59Z'))).toHaveLength(1);
  });
});
