import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { TEST_TCKN, TEST_VKN } from '../../../test/tax-ids.ts';
import { TR_DETAILS } from './billing.test-helpers.ts';

// Issue 11: the tax country and a Turkish tax number are checked, not taken as declared.
let ctx: TestContext;
let client: Awaited<ReturnType<typeof signupCompany>>['client'];
beforeAll(async () => {
  ctx = await createTestContext();
  client = (await signupCompany(ctx)).client;
});
afterAll(async () => ctx?.close());

interface Refusal {
  code: string;
  fields: Record<string, string>;
  fieldCodes?: Record<string, string>;
}

const put = (over: Record<string, string>) =>
  client.put<Refusal>('/api/v1/billing/details', { ...TR_DETAILS, ...over });

describe('PUT /billing/details', () => {
  it.each(['XX', 'ZZ', 'EU', 'QM'])('refuses the country %s, naming the field', async (country) => {
    const r = await put({ country, taxNumber: 'FOREIGN-123' });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      fields: { country: 'must be an ISO 3166 country code such as TR or DE' },
      fieldCodes: { country: 'country_unknown' },
    });
    expect(Object.keys(r.body.fields)).toEqual(['country']);
  });

  it.each(['0000000000', '1234567891', '11111111111', '12345678900'])(
    'refuses the Turkish tax number %s, naming the field',
    async (taxNumber) => {
      const r = await put({ taxNumber });
      expect(r.status).toBe(400);
      expect(r.body).toMatchObject({
        code: 'VALIDATION_FAILED',
        fields: { taxNumber: 'is not a valid VKN or TCKN (check digit)' },
        fieldCodes: { taxNumber: 'tax_number_invalid' },
      });
      expect(Object.keys(r.body.fields)).toEqual(['taxNumber']);
    },
  );

  it('stores nothing that was refused', async () => {
    const fresh = (await signupCompany(ctx)).client;
    expect((await fresh.put('/api/v1/billing/details', { ...TR_DETAILS, country: 'XX' })).status).toBe(400);
    const got = await fresh.get<{ country?: string } | null>('/api/v1/billing/details');
    expect(got.status).toBe(200);
    expect(got.body?.country).toBeUndefined();
  });

  it('accepts a VKN, a TCKN and a company abroad with its own tax id', async () => {
    for (const [over, vat] of [
      [{ taxNumber: TEST_VKN }, 'TR'],
      [{ taxNumber: TEST_TCKN, legalName: 'Ayşe Yılmaz', country: 'tr' }, 'TR'],
      [{ taxNumber: 'DE123456789', country: 'DE', city: 'Berlin', taxOffice: 'Finanzamt' }, 'DE'],
      [{ taxNumber: 'GB-987654321', country: 'gb', city: 'London', taxOffice: 'HMRC' }, 'GB'],
    ] as const) {
      const r = await put(over);
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      expect(r.body).toMatchObject({ taxNumber: over.taxNumber, country: vat });
    }
  });
});
