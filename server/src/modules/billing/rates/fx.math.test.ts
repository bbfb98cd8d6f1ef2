import { describe, expect, it } from 'vitest';
import { normalizeDecimal, perUnit, toTryMinor, usdToMinor } from './fx.math.ts';

describe('usdToMinor', () => {
  it('leaves USD unchanged', () => {
    expect(usdToMinor(1999, 'USD', { usdTry: '48.6116', targetTry: '48.6116' })).toBe(1999);
  });

  it('converts to kuruş: cents x usdTry, half up', () => {
    // 1999 x 48.6116 = 97174.5884
    expect(usdToMinor(1999, 'TRY', { usdTry: '48.611600', targetTry: '1.000000' })).toBe(97175);
    // 100 x 48.6150 = 4861.5 exactly: half goes up; 4861.49 goes down
    expect(usdToMinor(100, 'TRY', { usdTry: '48.6150', targetTry: '1' })).toBe(4862);
    expect(usdToMinor(100, 'TRY', { usdTry: '48.6149', targetTry: '1' })).toBe(4861);
    // 12345 x 48.61165 = 592560 + 7550.81925 = 600110.81925
    expect(usdToMinor(12345, 'TRY', { usdTry: '48.61165', targetTry: '1' })).toBe(600111);
  });

  it('is exact where floats are not', () => {
    // 10000 x 48.61185 = 486118.5 exactly; as floats 486118.49999999994, which rounds to 486118
    expect(usdToMinor(10000, 'TRY', { usdTry: '48.61185', targetTry: '1' })).toBe(486119);
    expect(usdToMinor(100, 'TRY', { usdTry: '1.005', targetTry: '1' })).toBe(101);
  });

  it('converts to EUR cents through TRY with one rounding at the end', () => {
    // 1999 x 48.6116 / 56.9631 = 97174.5884 / 56.9631 = 1705.92...; 56.9631 x 1705 = 97122.0855
    expect(usdToMinor(1999, 'EUR', { usdTry: '48.6116', targetTry: '56.9631' })).toBe(1706);
    // 5 x 48.6 / 97.2 = 2.5 exactly: half up (banker's rounding would give 2)
    expect(usdToMinor(5, 'EUR', { usdTry: '48.6', targetTry: '97.2' })).toBe(3);
    // 133 x 48.6116 / 56.9631 = 6465.3428 / 56.9631 = 113.5005...; rounding the TRY amount first
    // (6465 kuruş) would give 113.494... and so 113: one rounding only.
    expect(usdToMinor(133, 'EUR', { usdTry: '48.6116', targetTry: '56.9631' })).toBe(114);
    // 590 x 48.6116 / 56.9631 = 28680.844 / 56.9631 = 503.4986...; two roundings would give 504
    expect(usdToMinor(590, 'EUR', { usdTry: '48.6116', targetTry: '56.9631' })).toBe(503);
  });

  it('handles large amounts exactly', () => {
    // 123456789012 x 48.61165 = 6001438217575.1898 (float: 6001438217575.189)
    expect(usdToMinor(123_456_789_012, 'TRY', { usdTry: '48.61165', targetTry: '1' })).toBe(
      6_001_438_217_575,
    );
    // 123456789012 x 48.61165 / 56.96318 = 105356446349.645...
    expect(usdToMinor(123_456_789_012, 'EUR', { usdTry: '48.61165', targetTry: '56.96318' })).toBe(
      105_356_446_350,
    );
  });

  it('rounds credits half away from zero, mirroring the charge', () => {
    expect(usdToMinor(-100, 'TRY', { usdTry: '48.6150', targetTry: '1' })).toBe(-4862);
    expect(usdToMinor(-1999, 'EUR', { usdTry: '48.6116', targetTry: '56.9631' })).toBe(-1706);
  });

  it('refuses bad input instead of guessing', () => {
    const q = { usdTry: '48.6116', targetTry: '56.9631' };
    expect(() => usdToMinor(19.99, 'TRY', q)).toThrow(RangeError);
    expect(() => usdToMinor(Number.NaN, 'TRY', q)).toThrow(RangeError);
    expect(() => usdToMinor(100, 'TRY', { usdTry: '0', targetTry: '1' })).toThrow(RangeError);
    expect(() => usdToMinor(100, 'TRY', { usdTry: '48,61', targetTry: '1' })).toThrow(RangeError);
    expect(() => usdToMinor(100, 'EUR', { usdTry: '48.61', targetTry: '' })).toThrow(RangeError);
    expect(() => usdToMinor(Number.MAX_SAFE_INTEGER, 'TRY', q)).toThrow(/MAX_SAFE_INTEGER/);
  });
});

describe('toTryMinor', () => {
  it('gives the TRY equivalent in kuruş, half up', () => {
    // 4999 x 56.9631 = 284758.5369
    expect(toTryMinor(4999, '56.963100')).toBe(284759);
    expect(toTryMinor(97175, '1.000000')).toBe(97175);
    // 3 x 0.5 = 1.5
    expect(toTryMinor(3, '0.5')).toBe(2);
    expect(toTryMinor(0, '48.6116')).toBe(0);
  });
});

describe('perUnit', () => {
  it('divides by the unit at 6 decimals, half up', () => {
    expect(perUnit('48.6116', 1)).toBe('48.611600');
    expect(perUnit('32.988300', 100)).toBe('0.329883');
    // 32.98835 / 100 = 0.3298835: the 7th decimal is a 5
    expect(perUnit('32.98835', 100)).toBe('0.329884');
    expect(perUnit('0.11545', 100)).toBe('0.001155');
  });

  it('refuses a zero unit or a bad value', () => {
    expect(() => perUnit('32.9883', 0)).toThrow(RangeError);
    expect(() => perUnit('', 1)).toThrow(RangeError);
  });
});

describe('normalizeDecimal', () => {
  it.each([
    ['48.6116', '48.611600'],
    [' \t48.6116\n', '48.611600'],
    ['0.03498', '0.034980'],
    ['007.5', '7.500000'],
    ['159', '159.000000'],
    ['0.1234565', '0.123457'],
  ])('%j -> %s', (raw, want) => {
    expect(normalizeDecimal(raw)).toBe(want);
  });

  it.each([[''], ['   '], ['N/A'], ['-1.5'], ['1,5'], ['1e3'], ['0.0000'], ['.5'], ['1234567890123.5']])(
    '%j -> null',
    (raw) => {
      expect(normalizeDecimal(raw)).toBeNull();
    },
  );

  it('treats a missing value as null', () => {
    expect(normalizeDecimal(undefined)).toBeNull();
    expect(normalizeDecimal(null)).toBeNull();
  });
});
