import { describe, expect, it } from 'vitest';
import { billingDetailsBody } from './billing.ts';

const TR_COMPANY = {
  legalName: 'Deneme Yazılım A.Ş.',
  taxOffice: 'Kadıköy',
  taxNumber: '4820159375',
  address: 'Moda Cad. No: 1',
  city: 'İstanbul',
  country: 'TR',
};

/** The issues of a refused body, as field -> [message, reason]. */
function refusal(body: Record<string, unknown>) {
  const r = billingDetailsBody.safeParse(body);
  if (r.success) return null;
  return Object.fromEntries(
    r.error.issues.map((i) => [
      i.path.join('.'),
      [i.message, (i as { params?: { reason?: string } }).params?.reason],
    ]),
  );
}

describe('billingDetailsBody', () => {
  it('accepts a VKN, a TCKN and a foreign company with a free-form tax id', () => {
    expect(refusal(TR_COMPANY)).toBeNull();
    expect(refusal({ ...TR_COMPANY, taxNumber: '28473091554', country: 'tr' })).toBeNull();
    expect(refusal({ ...TR_COMPANY, taxNumber: 'DE123456789', country: 'DE' })).toBeNull();
  });

  it.each(['XX', 'ZZ', 'EU', 'UK', 'QM', 'XK'])(
    'refuses the country %s, which is no ISO 3166 country',
    (country) => {
      expect(refusal({ ...TR_COMPANY, country })).toEqual({
        country: ['must be an ISO 3166 country code such as TR or DE', 'country_unknown'],
      });
    },
  );

  it.each(['0000000000', '1234567891', '11111111111', '12345678900'])(
    'refuses the Turkish tax number %s by its check digits',
    (taxNumber) => {
      expect(refusal({ ...TR_COMPANY, taxNumber })).toEqual({
        taxNumber: ['is not a valid VKN or TCKN (check digit)', 'tax_number_invalid'],
      });
    },
  );

  it('names the shape a Turkish tax number must have', () => {
    expect(refusal({ ...TR_COMPANY, taxNumber: 'ABC12345' })).toEqual({
      taxNumber: [
        'must be a 10-digit VKN (companies) or an 11-digit TCKN (individuals) for a buyer in Türkiye',
        'tax_number_invalid',
      ],
    });
  });

  it('leaves a foreign tax id free text, invalid as a VKN or not', () => {
    expect(refusal({ ...TR_COMPANY, taxNumber: '0000000000', country: 'DE' })).toBeNull();
    expect(refusal({ ...TR_COMPANY, taxNumber: 'GB 123', country: 'GB' })).toEqual({
      taxNumber: [expect.stringContaining('5-20 letters or digits'), undefined],
    });
  });
});
