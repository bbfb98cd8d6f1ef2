import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { TEST_VKN } from '../../../test/tax-ids.ts';
import { operatorCommand } from '../../cli/operator.ts';
import { checkout, payingCompany, sqlRows, TR_DETAILS } from './billing.test-helpers.ts';

// Issue 11, defect 5: the export exemption rests on evidence, recorded with the order and its invoice;
// details that contradict it are held for an operator (taxed until one confirms).
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true, env: { OPS_EMAIL: 'ops@example.com' } });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);
const quiet = { log: () => {}, error: () => {} } as unknown as Console;
const ABROAD = { ...TR_DETAILS, legalName: 'Acme GmbH', city: 'München', country: 'DE' };

interface Details {
  vat: { status: string; reason: string | null };
}

const orderOf = async (id: string) =>
  (
    await q<{ vat_minor: string; vat_rate_bp: number; tax_evidence: Record<string, string> }>(
      'select vat_minor, vat_rate_bp, tax_evidence from orders where id = $1',
      [id],
    )
  )[0];

describe('the export exemption', () => {
  it('is granted to a buyer abroad with a tax number of their own, and the invoice records why', async () => {
    const s = await payingCompany(ctx, { ...ABROAD, taxNumber: 'DE123456789' });
    expect((await s.client.get<Details>('/api/v1/billing/details')).body.vat).toEqual({
      status: 'exempt',
      reason: null,
    });
    const c = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'EUR' });
    expect(await orderOf(c.orderId)).toMatchObject({
      vat_minor: '0',
      tax_evidence: { basis: 'foreign_tax_id', country: 'DE', taxNumber: 'DE123456789' },
    });
    await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' });
    const [inv] = await q<{ vat_exempt_reason: string | null; tax_evidence: Record<string, string> }>(
      'select vat_exempt_reason, tax_evidence from invoices where order_id = $1',
      [c.orderId],
    );
    expect(inv?.vat_exempt_reason).toBeTruthy();
    expect(inv?.tax_evidence).toMatchObject({ basis: 'foreign_tax_id', country: 'DE' });
  });

  it('is held for an operator when the details contradict it: taxed until confirmed, then exempt', async () => {
    // A company "in Germany" with a Turkish VKN: on today's main this paid 0 % KDV.
    const s = await payingCompany(ctx, { ...ABROAD, taxNumber: TEST_VKN });
    expect((await s.client.get<Details>('/api/v1/billing/details')).body.vat).toEqual({
      status: 'review_pending',
      reason: 'turkish_tax_number',
    });
    const alerts = await q<{ subject: string }>(
      "select subject from mail_outbox where template = 'ops_alert' and subject like $1",
      [`%${s.companyId}%`],
    );
    expect(alerts).toHaveLength(1);
    // Saving the same details again does not ask again.
    await s.client.put('/api/v1/billing/details', { ...ABROAD, taxNumber: TEST_VKN, city: 'Berlin' });
    expect(
      await q('select 1 from mail_outbox where template = $1 and subject like $2', [
        'ops_alert',
        `%${s.companyId}%`,
      ]),
    ).toHaveLength(1);

    const taxed = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'EUR' });
    const o = await orderOf(taxed.orderId);
    expect(Number(o?.vat_minor)).toBeGreaterThan(0);
    expect(o?.tax_evidence).toMatchObject({
      basis: 'contradiction',
      reason: 'turkish_tax_number',
      review: 'pending',
    });

    // The review belongs to operators: everyone else gets the 404 of a route that does not exist.
    const decide = {
      decision: 'confirm',
      note: 'Branch office in Munich; VKN of the Turkish parent, invoice abroad.',
    };
    expect((await s.client.post(`/api/v1/admin/companies/${s.companyId}/vat-exemption`, decide)).status).toBe(
      404,
    );
    const op = await payingCompany(ctx);
    expect(await operatorCommand(ctx.database.url, ['grant', op.email], quiet)).toBe(0);
    const listed = await op.client.get<{ companies: { id: string; vatReview: unknown }[] }>(
      '/api/v1/admin/companies',
    );
    expect(listed.body.companies.find((c) => c.id === s.companyId)?.vatReview).toEqual({
      status: 'pending',
      country: 'DE',
      taxNumber: TEST_VKN,
    });
    const bad = await op.client.post(`/api/v1/admin/companies/${s.companyId}/vat-exemption`, {
      decision: 'maybe',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields ?? {}).sort()).toEqual(['decision', 'note']);
    expect(
      (await op.client.post(`/api/v1/admin/companies/${op.companyId}/vat-exemption`, decide)).status,
    ).toBe(404);
    const ok = await op.client.post(`/api/v1/admin/companies/${s.companyId}/vat-exemption`, decide);
    expect(ok.status).toBe(200);
    expect((await s.client.get<Details>('/api/v1/billing/details')).body.vat.status).toBe('exempt');

    const exempt = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'EUR' });
    expect(await orderOf(exempt.orderId)).toMatchObject({
      vat_minor: '0',
      vat_rate_bp: 0,
      tax_evidence: { basis: 'operator', review: 'confirmed', reviewedBy: op.userId, note: decide.note },
    });
    const [audit] = await q<{ n: number }>(
      "select count(*)::int as n from audit_events where company_id = $1 and action = 'billing.vat_exemption_reviewed'",
      [s.companyId],
    );
    expect(audit?.n).toBe(1);

    // Other details (a changed tax number that still contradicts) ask again, taxed meanwhile.
    await s.client.put('/api/v1/billing/details', { ...ABROAD, taxNumber: '7302641588' });
    expect((await s.client.get<Details>('/api/v1/billing/details')).body.vat.status).toBe('review_pending');
  });

  it('details saved before the check digits were checked must be corrected before the next payment', async () => {
    const s = await payingCompany(ctx);
    await q("update billing_details set tax_number = '0000000000' where company_id = $1", [s.companyId]);
    const r = await s.client.post<{ code: string; fields: Record<string, string> }>(
      '/api/v1/billing/checkout',
      {
        plan: 'starter',
        period: 'monthly',
        currency: 'TRY',
      },
    );
    expect(r.status).toBe(409);
    expect(r.body.code).toBe('BILLING_DETAILS_REQUIRED');
    expect(r.body.fields).toEqual({ taxNumber: 'is not a valid VKN or TCKN (check digit)' });
    expect(await q('select 1 from orders where company_id = $1', [s.companyId])).toHaveLength(0);
  });
});
