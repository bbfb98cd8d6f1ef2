import { describe, expect, it } from 'vitest';
import {
  callbackFigures,
  isKnownReason,
  majorAmountInput,
  parseMajorAmount,
  refundableMinor,
} from './admin.ts';

describe('parseMajorAmount', () => {
  it('reads major units with a dot or a comma as minor units', () => {
    expect(parseMajorAmount('12.34')).toBe(1234);
    expect(parseMajorAmount('12,34')).toBe(1234);
    expect(parseMajorAmount('12.3')).toBe(1230);
    expect(parseMajorAmount('12')).toBe(1200);
    expect(parseMajorAmount(' 0.01 ')).toBe(1);
    expect(parseMajorAmount('0')).toBe(0);
    expect(parseMajorAmount('007.50')).toBe(750);
  });

  it('is exact where float arithmetic is not (0.29 × 100 = 28.999…)', () => {
    expect(parseMajorAmount('0.29')).toBe(29);
    expect(parseMajorAmount('1.15')).toBe(115);
    expect(parseMajorAmount('4.35')).toBe(435);
    expect(parseMajorAmount('1409.74')).toBe(140974);
  });

  it('refuses anything else', () => {
    for (const s of [
      '',
      ' ',
      '.5',
      '12.',
      '12.345',
      '1,234.56',
      '1.234,56',
      '-5',
      '+5',
      '1e3',
      '12 TL',
      'abc',
      '∞',
    ])
      expect(parseMajorAmount(s), s).toBeNull();
    expect(parseMajorAmount('9'.repeat(20))).toBeNull();
  });

  it('round-trips the prefilled input in both languages', () => {
    for (const minor of [1, 29, 100, 1234, 140974])
      for (const locale of ['en', 'tr'] as const)
        expect(parseMajorAmount(majorAmountInput(minor, locale))).toBe(minor);
    expect(majorAmountInput(1234, 'en')).toBe('12.34');
    expect(majorAmountInput(1234, 'tr')).toBe('12,34');
    expect(majorAmountInput(-5, 'en')).toBe('0.00');
  });
});

describe('refundableMinor', () => {
  it('is what is left of a paid order', () => {
    expect(refundableMinor({ status: 'paid', amountMinor: 3480, refundedMinor: 1000 })).toBe(2480);
    expect(refundableMinor({ status: 'paid', amountMinor: 3480, refundedMinor: 3480 })).toBe(0);
    expect(refundableMinor({ status: 'failed', amountMinor: 3480, refundedMinor: 0 })).toBe(0);
  });
});

describe('callbackFigures', () => {
  it("reads PayTR's status, total (× 100) and currency, TL as TRY", () => {
    expect(callbackFigures({ status: 'success', total_amount: '3480', currency: 'TL' })).toEqual({
      status: 'success',
      totalMinor: 3480,
      currency: 'TRY',
      rawTotal: '3480',
      rawCurrency: 'TL',
    });
  });

  it('keeps odd values raw', () => {
    const f = callbackFigures({ total_amount: '34.80', currency: 'GBP' });
    expect(f).toMatchObject({ status: null, totalMinor: null, currency: null, rawTotal: '34.80' });
    expect(callbackFigures({ source: 'status_inquiry', totalMinor: '100', currency: 'USD' })).toMatchObject({
      totalMinor: 100,
      currency: 'USD',
    });
  });

  it('knows the reasons the portal words', () => {
    expect(isKnownReason('amount_mismatch')).toBe(true);
    expect(isKnownReason('already paid (success)')).toBe(false);
    expect(isKnownReason(null)).toBe(false);
  });
});
