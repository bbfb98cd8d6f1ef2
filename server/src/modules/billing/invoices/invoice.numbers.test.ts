import { describe, expect, it } from 'vitest';
import { dayToTurkish, istanbulDay, istanbulYear } from './invoice.dates.ts';
import { formatInvoiceNumber, INVOICE_NUMBER_RE, isInvoiceNumber } from './invoice.numbers.ts';

describe('invoice numbers', () => {
  it('are prefix + year + 9-digit sequence, 16 characters in GIB form', () => {
    const n = formatInvoiceNumber('YAC', 2026, 1);
    expect(n).toBe('YAC2026000000001');
    expect(n).toHaveLength(16);
    expect(n).toMatch(INVOICE_NUMBER_RE);
    expect(formatInvoiceNumber('A1B', 2099, 999_999_999)).toBe('A1B2099999999999');
  });

  it('refuse parts that cannot fit', () => {
    expect(() => formatInvoiceNumber('yac', 2026, 1)).toThrow(RangeError);
    expect(() => formatInvoiceNumber('YA', 2026, 1)).toThrow(RangeError);
    expect(() => formatInvoiceNumber('YAC', 1999, 1)).toThrow(RangeError);
    expect(() => formatInvoiceNumber('YAC', 2026, 0)).toThrow(RangeError);
    expect(() => formatInvoiceNumber('YAC', 2026, 1_000_000_000)).toThrow(RangeError);
  });

  it('are recognised by isInvoiceNumber', () => {
    expect(isInvoiceNumber('YAC2026000000001')).toBe(true);
    expect(isInvoiceNumber('9X92030123456789')).toBe(true);
    for (const bad of [
      'YAC202600000001',
      'YAC20260000000001',
      'yac2026000000001',
      'YAC1999000000001',
      'YAC2026-00000001',
      42,
    ])
      expect(isInvoiceNumber(bad)).toBe(false);
  });
});

describe('Istanbul dates', () => {
  it('count the year from Istanbul midnight (UTC+3)', () => {
    expect(istanbulYear(new Date('2026-12-31T20:59:59.999Z'))).toBe(2026);
    expect(istanbulYear(new Date('2026-12-31T21:00:00Z'))).toBe(2027);
    expect(istanbulDay(new Date('2026-09-17T21:30:00Z'))).toBe('18.09.2026');
    expect(dayToTurkish('2026-09-18')).toBe('18.09.2026');
    expect(() => istanbulYear(new Date('nope'))).toThrow(RangeError);
  });
});
