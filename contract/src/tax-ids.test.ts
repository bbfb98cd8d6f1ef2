import { describe, expect, it } from 'vitest';
import { exemptionCheck, isValidTckn, isValidVkn, turkishTaxIdProblem } from './tax-ids.ts';

// Made-up numbers whose check digits were computed by hand from the rules (nobody's real number is
// meant): VKN digits 1-9 give the 10th; TCKN digits 1-9 give the 10th and digits 1-10 the 11th.
const VALID_VKNS = ['4820159375', '7302641588', '6153928400', '0000000019', '9876543217'];
const VALID_TCKNS = ['28473091554', '51946037230', '98765432150', '20000000282'];

describe('isValidVkn', () => {
  it.each(VALID_VKNS)('accepts %s', (vkn) => expect(isValidVkn(vkn)).toBe(true));

  it.each([
    ['0000000000', 'check digit (0000000001 would pass)'],
    ['1234567891', 'check digit (1234567890 would pass)'],
    ['9876543210', 'check digit'],
    ['4820159374', 'last digit off by one'],
    ['4820159376', 'last digit off by one'],
    ['8420159375', 'two digits swapped'],
    ['482015937', 'nine digits'],
    ['48201593755', 'eleven digits'],
    ['482015937a', 'a letter'],
    [' 4820159375', 'a space'],
    ['', 'empty'],
  ])('refuses %s (%s)', (vkn) => expect(isValidVkn(vkn)).toBe(false));

  it('finds every single wrong digit', () => {
    for (const vkn of VALID_VKNS)
      for (let i = 0; i < 10; i++)
        for (let d = 0; d <= 9; d++) {
          const other = `${vkn.slice(0, i)}${d}${vkn.slice(i + 1)}`;
          if (other !== vkn) expect(isValidVkn(other), other).toBe(false);
        }
  });
});

describe('isValidTckn', () => {
  it.each(VALID_TCKNS)('accepts %s', (tckn) => expect(isValidTckn(tckn)).toBe(true));

  it.each([
    ['11111111111', '11th digit (the 10th is right)'],
    ['12345678900', '10th digit'],
    ['28473091564', '10th digit off by one'],
    ['28473091555', '11th digit off by one'],
    ['08473091554', 'starts with 0'],
    ['00000000000', 'all zero: the sums pass, the first digit does not'],
    ['2847309155', 'ten digits'],
    ['284730915540', 'twelve digits'],
    ['2847309155x', 'a letter'],
  ])('refuses %s (%s)', (tckn) => expect(isValidTckn(tckn)).toBe(false));
});

describe('turkishTaxIdProblem', () => {
  it('accepts a valid VKN or TCKN', () => {
    expect(turkishTaxIdProblem('4820159375')).toBeNull();
    expect(turkishTaxIdProblem('28473091554')).toBeNull();
  });

  it('tells a wrong shape from a wrong check digit', () => {
    expect(turkishTaxIdProblem('ABC12345')).toBe('format');
    expect(turkishTaxIdProblem('123456789')).toBe('format');
    expect(turkishTaxIdProblem('123456789012')).toBe('format');
    expect(turkishTaxIdProblem('0000000000')).toBe('check_digit');
    expect(turkishTaxIdProblem('1234567891')).toBe('check_digit');
    expect(turkishTaxIdProblem('11111111111')).toBe('check_digit');
    expect(turkishTaxIdProblem('12345678900')).toBe('check_digit');
    expect(turkishTaxIdProblem('08473091554')).toBe('check_digit');
  });
});

describe('exemptionCheck (is the export exemption backed by the details?)', () => {
  it('a Turkish buyer is domestic whatever the number', () => {
    expect(exemptionCheck('TR', '4820159375')).toEqual({ kind: 'domestic' });
    expect(exemptionCheck('tr', 'anything')).toEqual({ kind: 'domestic' });
  });

  it.each([
    ['DE', 'DE123456789'],
    ['GR', 'EL123456789'],
    ['US', '12-3456789'],
    ['GB', 'GB123456789'],
    ['CH', 'CHE-123.456.789'],
    ['AZ', '1234567891'], // ten digits, but not a valid VKN: a foreign number
  ])('%s with %s is a foreign tax number', (country, n) =>
    expect(exemptionCheck(country, n)).toEqual({ kind: 'foreign_tax_id' }),
  );

  it.each([
    ['DE', '4820159375'],
    ['US', '28473091554'],
    ['NL', '48 2015 9375'],
  ])('%s with the Turkish number %s contradicts itself', (country, n) =>
    expect(exemptionCheck(country, n)).toEqual({ kind: 'contradiction', reason: 'turkish_tax_number' }),
  );

  it.each([
    ['US', 'DE123456789'],
    ['FR', 'DE123456789'],
    ['GR', 'GR123456789'.replace('GR', 'IT')],
  ])('%s with the EU VAT number %s of another state contradicts itself', (country, n) =>
    expect(exemptionCheck(country, n)).toEqual({
      kind: 'contradiction',
      reason: 'vat_number_of_another_country',
    }),
  );
});
