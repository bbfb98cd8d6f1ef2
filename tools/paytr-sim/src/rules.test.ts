import { describe, expect, it } from 'vitest';
import { cardInputError, cardOutcome, luhnValid, maskPan } from './cards.ts';
import { Refusal } from './http.ts';
import {
  formatDecimal,
  formatTrDate,
  installmentTotal,
  parseDecimal,
  parseMinor,
  parseTrDate,
} from './money.ts';
import { decodeBasket } from './validate.ts';

describe('amounts', () => {
  it('minor units must be positive integers', () => {
    expect(parseMinor('3456')).toBe(3456);
    for (const bad of ['0', '-1', '34.56', '034', '', '1e3']) expect(parseMinor(bad)).toBeNull();
  });

  it('decimal amounts have a dot and at most two decimals', () => {
    expect(parseDecimal('9.99')).toBe(999);
    expect(parseDecimal('10')).toBe(1000);
    expect(parseDecimal('0.5')).toBe(50);
    for (const bad of ['0', '0.00', '9,99', '9.999', '-1', '']) expect(parseDecimal(bad)).toBeNull();
    expect(formatDecimal(999)).toBe('9.99');
    expect(formatDecimal(100005)).toBe('1000.05');
  });

  it('installments add 1.5 % per extra installment, rounded half up', () => {
    expect(installmentTotal(10000, 1)).toBe(10000);
    expect(installmentTotal(10000, 3)).toBe(10300);
    // 3456 * 1.015 = 3507.84 -> 3508; 100 * 1.045 = 104.5 -> 105 (half up)
    expect(installmentTotal(3456, 2)).toBe(3508);
    expect(installmentTotal(100, 4)).toBe(105);
  });
});

describe('dates', () => {
  it('are Turkish time, YYYY-MM-DD hh:mm:ss', () => {
    const ms = Date.UTC(2024, 4, 1, 21, 30, 0);
    expect(formatTrDate(ms)).toBe('2024-05-02 00:30:00');
    expect(parseTrDate('2024-05-02 00:30:00')).toBe(ms);
    expect(parseTrDate('2024-02-31 00:00:00')).toBeNull();
    expect(parseTrDate('2024-05-02T00:30:00')).toBeNull();
  });
});

describe('cards', () => {
  const now = new Date(Date.UTC(2025, 5, 15));
  const card = (number: string, cvv = '000', month = '12', year = '30') => ({ number, month, year, cvv });

  it('checks Luhn, expiry and CVC before charging', () => {
    expect(luhnValid('4355084355084358')).toBe(true);
    expect(luhnValid('4355084355084359')).toBe(false);
    expect(cardInputError(card('4355 0843 5508 4358'), now)).toBeNull();
    expect(cardInputError(card('4355084355084359'), now)?.field).toBe('cc_number');
    expect(cardInputError(card('4355084355084358', '000', '05', '25'), now)?.field).toBe('cc_expiry');
    expect(cardInputError(card('4355084355084358', '000', '06', '2025'), now)).toBeNull();
    expect(cardInputError(card('4355084355084358', '0a0'), now)?.field).toBe('cc_cvc');
  });

  it('gives each test card its outcome', () => {
    for (const n of ['4355084355084358', '5406675406675403', '9792030394440796']) {
      expect(cardOutcome(card(n))).toEqual({ ok: true });
    }
    expect(cardOutcome(card('4355084355084358', '123'))).toMatchObject({ ok: false, code: 0 });
    expect(cardOutcome(card('4111111111111111'))).toEqual({
      ok: false,
      code: 0,
      message: 'Kartın limiti yetersiz',
    });
    expect(cardOutcome(card('5555555555554444'))).toEqual({
      ok: false,
      code: 2,
      message: 'Doğrulama başarısız',
    });
    expect(cardOutcome(card('4242424242424242'))).toMatchObject({ ok: false, code: 9 });
    expect(maskPan('4355084355084358')).toBe('435508******4358');
  });
});

describe('decodeBasket', () => {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8').toString('base64');

  it('reads base64 JSON lines', () => {
    expect(decodeBasket(b64([['Çay', '18.00', 2]]))).toEqual([
      { name: 'Çay', unitPrice: '18.00', quantity: 2 },
    ]);
  });

  it('accepts the HTML-escaped JSON of the Direct API only when allowed', () => {
    const escaped = '[[&quot;Plan&quot;,&quot;9.99&quot;,1]]';
    expect(decodeBasket(escaped, true)).toEqual([{ name: 'Plan', unitPrice: '9.99', quantity: 1 }]);
    expect(() => decodeBasket(escaped)).toThrow(Refusal);
  });

  it('refuses what cannot be a basket', () => {
    for (const bad of ['not base64!', b64({}), b64([]), b64([['x', 18, 1]]), b64([['x', '1.00', 0]])]) {
      expect(() => decodeBasket(bad)).toThrow(/user_basket/);
    }
  });
});
