// Issue 11: checkout records the payer's acceptance of the distance sales contract and the preliminary
// information form; customers ask for refunds under the policy, operators carry them out through the
// refund path or decline them; the chargeback evidence carries the acceptance, usage and emails.
import { LEGAL_VERSION } from '@youarecoder/contract';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, type TestContext } from '../../../test/harness.ts';
import { operatorCommand } from '../../cli/operator.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import { checkout, payingCompany, sqlRows } from './billing.test-helpers.ts';
import { DAY } from './periods.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true, fakeClock: true, env: { OPS_EMAIL: 'ops@example.com' } });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);
const quiet = { log: () => {}, error: () => {} } as unknown as Console;
const clock = () => {
  if (!ctx.fakeClock) throw new Error('fake clock expected');
  return ctx.fakeClock;
};
const TEAM = { plan: 'team', period: 'monthly', currency: 'TRY' } as const;
// Istanbul calendar day of an instant (UTC+3), computed here independently of the code under test.
const istDay = (d: Date) => Math.floor((d.getTime() + 3 * 3_600_000) / DAY);

/** A company that paid for Team now, and a way to sign its owner in again after the clock moved. */
async function paidCompany() {
  const s = await payingCompany(ctx);
  const c = await checkout(s.client, TEAM);
  expect((await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' }))?.callbackOk).toBe(true);
  const api = async () => (await login(ctx, s.email, s.password, { remember: true })).client;
  return { s, c, api };
}

async function operator() {
  const op = await payingCompany(ctx);
  await operatorCommand(ctx.database.url, ['grant', op.email], quiet);
  return async () => (await login(ctx, op.email, op.password, { remember: true })).client;
}

type Offer = { orderId: string; rule: string; amountMinor: number; unusedDays: number; periodDays: number };
type Req = { id: string; status: string; rule: string; amountMinor: number; decisionNote: string | null };

describe('checkout acceptance of the distance sales contract and preliminary information form', () => {
  it('the seller and version are public; the quote matches the order', async () => {
    const seller = await new Client(ctx.app).get<Record<string, unknown>>('/api/v1/legal/seller');
    expect(seller.status).toBe(200);
    expect(seller.body).toMatchObject({
      legalName: ctx.deps.config.SELLER_LEGAL_NAME,
      taxNumber: ctx.deps.config.SELLER_TAX_NUMBER,
      email: ctx.deps.config.SELLER_EMAIL,
      legalVersion: LEGAL_VERSION,
    });
    const s = await payingCompany(ctx);
    const quote = await s.client.get<{ amountMinor: number; vatMinor: number; kind: string }>(
      '/api/v1/billing/checkout/quote?plan=team&period=monthly&currency=TRY',
    );
    expect(quote.status).toBe(200);
    expect(quote.body.kind).toBe('subscribe');
    expect(quote.body.vatMinor).toBeGreaterThan(0);
    expect((await q('select 1 from orders where company_id = $1', [s.companyId])).length).toBe(0);
    const c = await checkout(s.client, TEAM);
    expect(c.amount).toBe(quote.body.amountMinor);
  });

  it('refuses an order without it (400 naming acceptLegal, English or Turkish), records it with version, time and IP', async () => {
    const s = await payingCompany(ctx);
    const refused = await s.client.post<{ code: string; message: string; fields: Record<string, string> }>(
      '/api/v1/billing/checkout',
      TEAM,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.code).toBe('VALIDATION_FAILED');
    expect(Object.keys(refused.body.fields)).toEqual(['acceptLegal']);
    expect(refused.body.message).toMatch(/distance sales contract/);
    const stale = await s.client.post<{ fields: Record<string, string> }>('/api/v1/billing/checkout', {
      ...TEAM,
      acceptLegal: true,
      legalVersion: '2020-01-01',
    });
    expect(stale.status).toBe(400);
    expect(Object.keys(stale.body.fields)).toEqual(['legalVersion']);
    // An upgrade or renewal through POST /billing/plan needs it as well (a downgrade does not).
    await q("update users set locale = 'tr' where id = $1", [s.userId]);
    const tr = await s.client.post<{ message: string }>('/api/v1/billing/checkout', {
      ...TEAM,
      acceptLegal: false,
    });
    expect(tr.status).toBe(400);
    expect(tr.body.message).toMatch(/Mesafeli Satış Sözleşmesi/);
    expect((await q('select 1 from orders where company_id = $1', [s.companyId])).length).toBe(0);

    const c = await checkout(s.client, { ...TEAM, legalVersion: LEGAL_VERSION });
    const rows = await q<{
      document: string;
      version: string;
      ip: string;
      user_id: string;
      order_id: string;
      accepted_at: Date;
      facts: { amountMinor: number; seller: { legalName: string } };
    }>('select * from legal_acceptances where company_id = $1 order by document', [s.companyId]);
    expect(rows.map((r) => r.document)).toEqual(['distance_sales', 'pre_information']);
    for (const r of rows) {
      expect(r).toMatchObject({
        version: LEGAL_VERSION,
        ip: '127.0.0.1',
        user_id: s.userId,
        order_id: c.orderId,
      });
      expect(new Date(r.accepted_at).toISOString()).toBe(clock().now().toISOString());
      expect(r.facts.amountMinor).toBe(c.amount);
      expect(r.facts.seller.legalName).toBe(ctx.deps.config.SELLER_LEGAL_NAME);
    }
    const audit = await q<{ action: string }>(
      "select action from audit_events where company_id = $1 and action = 'billing.legal_accepted'",
      [s.companyId],
    );
    expect(audit).toHaveLength(1);
  });

  it('an upgrade through POST /billing/plan needs it too', async () => {
    const { api } = await paidCompany();
    const client = await api();
    const without = await client.post('/api/v1/billing/plan', { plan: 'enterprise', currency: 'TRY' });
    expect(without.status).toBe(400);
    const up = await client.post<{ effect: string }>('/api/v1/billing/plan', {
      plan: 'enterprise',
      currency: 'TRY',
      acceptLegal: true,
    });
    expect(up.body.effect).toBe('checkout');
  });
});

describe('refund requests', () => {
  it('within 14 days of the first payment: the full amount; one open request; the operator refunds it', async () => {
    const { s, c, api } = await paidCompany();
    clock().advance(3 * DAY);
    const other = await payingCompany(ctx);
    const client = await api();
    const overview = await client.get<{ offers: Offer[]; requests: Req[] }>('/api/v1/billing/refunds');
    expect(overview.body.offers).toEqual([
      expect.objectContaining({ orderId: c.orderId, rule: 'full', amountMinor: c.amount }),
    ]);
    // Another company's payment is not there for them: 404 like a missing one.
    expect((await other.client.post(`/api/v1/billing/orders/${c.orderId}/refund-request`, {})).status).toBe(
      404,
    );
    expect((await other.client.get<{ offers: Offer[] }>('/api/v1/billing/refunds')).body.offers).toEqual([]);

    const made = await client.post<Req>(`/api/v1/billing/orders/${c.orderId}/refund-request`, {
      reason: 'We chose another tool.',
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ status: 'open', rule: 'full', amountMinor: c.amount });
    const again = await client.post<{ code: string }>(
      `/api/v1/billing/orders/${c.orderId}/refund-request`,
      {},
    );
    expect(again.status).toBe(409);
    const mails = await q<{ template: string; to_address: string }>(
      "select template, to_address from mail_outbox where template in ('ops_alert', 'refund_request_update') and (company_id = $1 or subject like $2)",
      [s.companyId, `%${made.body.id}%`],
    );
    expect(mails).toEqual(
      expect.arrayContaining([
        { template: 'ops_alert', to_address: 'ops@example.com' },
        { template: 'refund_request_update', to_address: s.email },
      ]),
    );

    // The operator sees it beside the payment and refunds the prefilled amount through the refund path.
    const op = await (await operator())();
    const payments = await op.get<{ payments: { id: string; refundRequest: Req | null }[] }>(
      '/api/v1/admin/payments',
    );
    const row = payments.body.payments.find((p) => p.id === c.orderId);
    expect(row?.refundRequest).toMatchObject({ id: made.body.id, status: 'open', amountMinor: c.amount });
    // A request of another order cannot be carried out by this one's refund.
    expect(
      (await op.post(`/api/v1/admin/orders/${c.orderId}/refund`, { reason: 'x', requestId: 'rrq_nope' }))
        .status,
    ).toBe(404);
    const refund = await op.post<{ status: string; id: string }>(`/api/v1/admin/orders/${c.orderId}/refund`, {
      amountMinor: row?.refundRequest?.amountMinor,
      reason: 'refund policy: 14 days',
      requestId: made.body.id,
    });
    expect(refund.body.status).toBe('done');
    const [req] = await q<{ status: string; refund_id: string; decided_by: string }>(
      'select status, refund_id, decided_by from refund_requests where id = $1',
      [made.body.id],
    );
    expect(req).toMatchObject({ status: 'approved', refund_id: refund.body.id });
    const [order] = await q<{ refunded_minor: string }>('select refunded_minor from orders where id = $1', [
      c.orderId,
    ]);
    expect(Number(order?.refunded_minor)).toBe(c.amount);
    const after = await client.get<{ offers: Offer[]; requests: Req[] }>('/api/v1/billing/refunds');
    expect(after.body.requests[0]?.status).toBe('approved');
    expect(after.body.offers[0]?.rule).toBe('none');
    // Nothing left: a new request is refused.
    expect((await client.post(`/api/v1/billing/orders/${c.orderId}/refund-request`, {})).status).toBe(409);
    // Billing is for owners and admins: a member may neither look nor ask.
    await q("update users set role = 'member' where id = $1", [s.userId]);
    const member = await api();
    expect((await member.get('/api/v1/billing/refunds')).status).toBe(403);
    expect((await member.post(`/api/v1/billing/orders/${c.orderId}/refund-request`, {})).status).toBe(403);
  });

  it('after 14 days: pro rata on unused whole days; the operator declines with a note; outside the policy it is refused', async () => {
    const { s, c, api } = await paidCompany();
    clock().advance(20 * DAY);
    const client = await api();
    const [o] = await q<{ period_start: Date; period_end: Date }>(
      'select period_start, period_end from orders where id = $1',
      [c.orderId],
    );
    const start = new Date(o?.period_start as Date);
    const periodDays = istDay(new Date(o?.period_end as Date)) - istDay(start);
    const unused = periodDays - (istDay(clock().now()) - istDay(start) + 1);
    const expected = Math.floor((c.amount * unused) / periodDays);
    const overview = await client.get<{ offers: Offer[] }>('/api/v1/billing/refunds');
    expect(overview.body.offers[0]).toMatchObject({
      rule: 'pro_rata',
      amountMinor: expected,
      unusedDays: unused,
      periodDays,
    });
    const made = await client.post<Req>(`/api/v1/billing/orders/${c.orderId}/refund-request`, {});
    expect(made.body).toMatchObject({ rule: 'pro_rata', amountMinor: expected });

    const opApi = await operator();
    expect(
      (await client.post(`/api/v1/admin/refund-requests/${made.body.id}/decline`, { note: 'x' })).status,
    ).toBe(404);
    const op = await opApi();
    expect(
      (await op.post(`/api/v1/admin/refund-requests/${made.body.id}/decline`, { note: '' })).status,
    ).toBe(400);
    const declined = await op.post<Req>(`/api/v1/admin/refund-requests/${made.body.id}/decline`, {
      note: 'The workspaces were used every day of the period.',
    });
    expect(declined.body).toMatchObject({
      status: 'declined',
      decisionNote: 'The workspaces were used every day of the period.',
    });
    expect(
      (await op.post(`/api/v1/admin/refund-requests/${made.body.id}/decline`, { note: 'again' })).status,
    ).toBe(409);
    const mail = await q<{ text: string }>(
      "select text from mail_outbox where company_id = $1 and template = 'refund_request_update' and subject like '%declined%'",
      [s.companyId],
    );
    expect(mail[0]?.text).toContain('used every day of the period');

    // Once the period is over the policy gives nothing: refused with the reason.
    const periodEnd = o?.period_end as Date;
    clock().set(new Date(periodEnd.getTime() + DAY));
    const late = await (await api()).post<{ message: string }>(
      `/api/v1/billing/orders/${c.orderId}/refund-request`,
      {},
    );
    expect(late.status).toBe(409);
    expect(late.body.message).toMatch(/refund policy gives nothing/);
  });
});

describe('chargeback evidence', () => {
  it('carries the acceptance, the workspace usage of the paid period and the emails sent', async () => {
    const { s, c, api } = await paidCompany();
    clock().advance(DAY);
    await (await api()).post(`/api/v1/billing/orders/${c.orderId}/refund-request`, { reason: 'testing' });
    const op = await (await operator())();
    const ev = await op.get(`/api/v1/admin/orders/${c.orderId}/evidence`);
    expect(ev.status).toBe(200);
    const files = unzipSync(new Uint8Array(ev.raw.rawPayload));
    const read = (name: string) => JSON.parse(strFromU8(files[name] as Uint8Array));
    const acceptance = read('acceptance.json');
    expect(acceptance.basis).toBe('this_order');
    expect(
      acceptance.records.map((r: { document: string; version: string; ip: string }) => [
        r.document,
        r.version,
        r.ip,
      ]),
    ).toEqual([
      ['distance_sales', LEGAL_VERSION, '127.0.0.1'],
      ['pre_information', LEGAL_VERSION, '127.0.0.1'],
    ]);
    const usage = read('workspace-usage.json');
    expect(usage.report).toMatchObject({ workspaces: [], transitions: [] });
    expect(new Date(usage.from).getTime()).toBeLessThan(new Date(usage.to).getTime());
    const emails = read('emails.json') as {
      to: string;
      subject: string;
      template: string;
      createdAt: string;
    }[];
    expect(emails.map((m) => m.template)).toEqual(
      expect.arrayContaining(['welcome', 'refund_request_update']),
    );
    expect(emails.every((m) => m.to && m.subject && m.createdAt)).toBe(true);
    expect(emails.some((m) => m.to === s.email)).toBe(true);
    expect(read('refund-requests.json')).toHaveLength(1);
    const actions = read('audit.json').map((a: { action: string }) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['billing.legal_accepted', 'billing.refund_requested']));
  });
});
