import { execFileSync } from 'node:child_process';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { operatorCommand } from '../../cli/operator.ts';
import { checkout, payingCompany, postCallback, simCallback, sqlRows } from './billing.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);
const quiet = { log: () => {}, error: () => {} } as unknown as Console;

describe('platform operators', () => {
  it('the operator flag is set from the CLI; everyone else gets 404 on admin routes', async () => {
    const s = await payingCompany(ctx);
    expect((await s.client.get('/api/v1/admin/companies')).status).toBe(404);
    expect(await operatorCommand(ctx.database.url, ['grant', 'nobody@example.com'], quiet)).toBe(1);
    expect(await operatorCommand(ctx.database.url, ['frobnicate'], quiet)).toBe(2);
    expect(await operatorCommand(ctx.database.url, ['grant', s.email], quiet)).toBe(0);
    const list = await s.client.get<{ companies: { id: string; status: string }[] }>(
      '/api/v1/admin/companies',
    );
    expect(list.status).toBe(200);
    expect(list.body.companies.find((c) => c.id === s.companyId)?.status).toBe('trialing');
    expect(await operatorCommand(ctx.database.url, ['revoke', s.email], quiet)).toBe(0);
    expect((await s.client.get('/api/v1/admin/companies')).status).toBe(404);
  });

  it('payments, held notifications with review, refunds with credit notes, and the evidence package', async () => {
    const op = await payingCompany(ctx);
    await operatorCommand(ctx.database.url, ['grant', op.email], quiet);
    const s = await payingCompany(ctx);
    const c = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
    expect((await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' }))?.callbackOk).toBe(true);

    // What a company paid, per currency: never minor units added across currencies.
    const companies = await op.client.get<{
      companies: { id: string; paid: { currency: string; minor: number }[] }[];
    }>('/api/v1/admin/companies');
    const paid = companies.body.companies.find((x) => x.id === s.companyId)?.paid;
    expect(paid).toHaveLength(1);
    expect(paid?.[0]?.currency).toBe('TRY');
    expect(paid?.[0]?.minor).toBeGreaterThan(0);
    expect(companies.body.companies.find((x) => x.id === op.companyId)?.paid).toEqual([]);

    const payments = await op.client.get<{ payments: { id: string; status: string; companyName: string }[] }>(
      '/api/v1/admin/payments',
    );
    expect(payments.body.payments.find((p) => p.id === c.orderId)?.status).toBe('paid');

    // A held notification shows up until reviewed.
    await postCallback(ctx, simCallback('NOSUCHORDER2', 'success', 5000));
    const held = await op.client.get<{ callbacks: { id: string; reason: string }[] }>(
      '/api/v1/admin/callbacks',
    );
    const mine = held.body.callbacks.find((x) => x.reason === 'unknown_order');
    expect(mine).toBeTruthy();
    expect((await op.client.post(`/api/v1/admin/callbacks/${mine?.id}/review`, { note: '' })).status).toBe(
      400,
    );
    expect(
      (await op.client.post(`/api/v1/admin/callbacks/${mine?.id}/review`, { note: 'not ours' })).status,
    ).toBe(200);
    const after = await op.client.get<{ callbacks: { id: string }[] }>('/api/v1/admin/callbacks');
    expect(after.body.callbacks.some((x) => x.id === mine?.id)).toBe(false);

    // Refunds: partial, too much, the rest; each a credit note in the same gapless series.
    const partial = await op.client.post<{ status: string; creditNoteId: string }>(
      `/api/v1/admin/orders/${c.orderId}/refund`,
      { amountMinor: 1000, reason: 'goodwill' },
    );
    expect(partial.status).toBe(200);
    expect(partial.body.status).toBe('done');
    const tooMuch = await op.client.post(`/api/v1/admin/orders/${c.orderId}/refund`, {
      amountMinor: c.amount,
      reason: 'again',
    });
    expect(tooMuch.status).toBe(400);
    expect(Object.keys(tooMuch.body.fields as object)).toEqual(['amountMinor']);
    const rest = await op.client.post<{ status: string }>(`/api/v1/admin/orders/${c.orderId}/refund`, {
      reason: 'closing',
    });
    expect(rest.body.status).toBe('done');
    const simOrder = ctx.sim?.order(c.merchantOid) as unknown as
      | { refunds: { amount: number }[] }
      | undefined;
    expect(simOrder?.refunds.length).toBe(2);
    const docs = await q<{ kind: string; total_minor: string; number: string }>(
      'select kind, total_minor, number from invoices where order_id = $1 order by number',
      [c.orderId],
    );
    expect(docs.map((d) => d.kind)).toEqual(['invoice', 'credit_note', 'credit_note']);
    expect(Number(docs[1]?.total_minor) + Number(docs[2]?.total_minor)).toBe(c.amount);
    const [order] = await q<{ refunded_minor: string }>('select refunded_minor from orders where id = $1', [
      c.orderId,
    ]);
    expect(Number(order?.refunded_minor)).toBe(c.amount);
    const owner = await s.client.get<{ invoices: { kind: string }[] }>('/api/v1/billing/invoices');
    expect(owner.body.invoices.filter((i) => i.kind === 'credit_note')).toHaveLength(2);
    // Each credit note is emailed with its PDF.
    await ctx.deps.payments.sendInvoiceMails();
    const notes = await q<{ template: string; files: number }>(
      "select template, jsonb_array_length(attachments) as files from mail_outbox where company_id = $1 and template = 'refund_issued'",
      [s.companyId],
    );
    expect(notes).toHaveLength(2);
    expect(notes.every((n) => n.files === 1)).toBe(true);
    // A non-operator cannot refund.
    expect((await s.client.post(`/api/v1/admin/orders/${c.orderId}/refund`, { reason: 'me' })).status).toBe(
      404,
    );

    // Evidence package: a ZIP of a PDF summary and the raw JSON.
    const ev = await op.client.get(`/api/v1/admin/orders/${c.orderId}/evidence`);
    expect(ev.status).toBe(200);
    expect(ev.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(ev.raw.rawPayload));
    expect(Object.keys(files)).toEqual(
      expect.arrayContaining([
        'summary.pdf',
        'order.json',
        'callbacks.json',
        'invoices.json',
        'refunds.json',
        'audit.json',
        'logins.json',
        `${docs[0]?.number}.pdf`,
      ]),
    );
    expect(JSON.parse(strFromU8(files['order.json'] as Uint8Array)).merchantOid).toBe(c.merchantOid);
    expect(JSON.parse(strFromU8(files['callbacks.json'] as Uint8Array))[0].outcome).toBe('booked');
    expect(JSON.parse(strFromU8(files['refunds.json'] as Uint8Array))).toHaveLength(2);
    const actions = JSON.parse(strFromU8(files['audit.json'] as Uint8Array)).map(
      (a: { action: string }) => a.action,
    );
    expect(actions).toEqual(
      expect.arrayContaining(['billing.checkout_started', 'billing.payment_succeeded', 'billing.refunded']),
    );
    // pdftotext reads the PDF from stdin: nothing is left in the temp folder.
    const text = execFileSync('pdftotext', ['-', '-'], {
      input: files['summary.pdf'] as Uint8Array,
      encoding: 'utf8',
    });
    expect(text).toContain(c.merchantOid);
    expect(text).toContain('Ödeme delil paketi');

    const jobs = await op.client.get<{ jobs: unknown[] }>('/api/v1/admin/jobs');
    expect(Array.isArray(jobs.body.jobs)).toBe(true);
  });
});

describe('orders left waiting', () => {
  it('the status inquiry job books a paid order whose notification never came, and expires an unpaid one', async () => {
    const s = await payingCompany(ctx);
    ctx.sim?.setConfig({ deliverCallbacks: false });
    const paid = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
    await ctx.sim?.pay({ merchantOid: paid.merchantOid, card: 'success' });
    const s2 = await payingCompany(ctx);
    const abandoned = await checkout(s2.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
    await q("update orders set expires_at = now() - interval '1 minute' where id in ($1, $2)", [
      paid.orderId,
      abandoned.orderId,
    ]);
    const r = await ctx.deps.payments.settleOverdue();
    expect(r.settled).toBe(2);
    const rows = await q<{ id: string; status: string; settled_by: string | null }>(
      'select id, status, settled_by from orders where id in ($1, $2)',
      [paid.orderId, abandoned.orderId],
    );
    expect(rows.find((o) => o.id === paid.orderId)).toMatchObject({ status: 'paid', settled_by: 'inquiry' });
    expect(rows.find((o) => o.id === abandoned.orderId)?.status).toBe('expired');
    const [sub] = await q<{ status: string; plan: string }>(
      'select status, plan from subscriptions where company_id = $1',
      [s.companyId],
    );
    expect(sub).toEqual({ status: 'active', plan: 'team' });
    // The late notification, when it comes, is a duplicate.
    ctx.sim?.setConfig({ deliverCallbacks: true });
    await new Promise((res) => setTimeout(res, 300));
    const outcomes = await q<{ outcome: string }>(
      'select outcome from payment_callbacks where merchant_oid = $1',
      [paid.merchantOid],
    );
    expect(outcomes.every((o) => o.outcome === 'duplicate')).toBe(true);
  });
});
