import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { checkout, payingCompany, postCallback, simCallback, sqlRows } from './billing.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);

async function state(companyId: string) {
  const [sub] = await q<{ status: string; plan: string }>(
    'select status, plan from subscriptions where company_id = $1',
    [companyId],
  );
  const [company] = await q<{ plan: string; workspace_limit: number }>(
    'select plan, workspace_limit from companies where id = $1',
    [companyId],
  );
  const [owner] = await q<{ workspace_quota: number }>(
    "select workspace_quota from users where company_id = $1 and role = 'owner'",
    [companyId],
  );
  const paid = await q('select id from orders where company_id = $1 and status = $2', [companyId, 'paid']);
  const invoices = await q<{ number: string }>('select number from invoices where company_id = $1', [
    companyId,
  ]);
  return {
    sub,
    company,
    ownerQuota: owner?.workspace_quota,
    paid: paid.length,
    invoices: invoices.map((i) => i.number),
  };
}

describe('checkout and PayTR notifications', () => {
  it('a trial company pays for Team in TRY: plan, limits, quota, subscription and invoice move together', async () => {
    const s = await payingCompany(ctx);
    const before = await state(s.companyId);
    expect(before.sub).toEqual({ status: 'trialing', plan: 'starter' });
    expect(before.company).toEqual({ plan: 'starter', workspace_limit: 5 });

    const c = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
    expect(c.kind).toBe('subscribe');
    expect(c.merchantOid).toMatch(/^[A-Za-z0-9]{1,64}$/);
    expect(c.iframeUrl.startsWith(`${ctx.sim?.url}/odeme/guvenli/`)).toBe(true);
    const [order] = await q<{
      net_minor: string;
      vat_minor: string;
      amount_minor: string;
      try_rate: string;
      fx_date: string;
    }>(
      'select net_minor, vat_minor, amount_minor, try_rate, fx_date::text as fx_date from orders where id = $1',
      [c.orderId],
    );
    // $99 at the stored USD rate, then 20 % KDV; all integers.
    const net = Number(order?.net_minor);
    expect(Number(order?.vat_minor)).toBe(Math.floor((net * 2000 + 5000) / 10000));
    expect(c.amount).toBe(net + Number(order?.vat_minor));
    expect(order?.fx_date).toMatch(/^\d{4}-\d{2}-\d{2}$/);

    const paid = await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' });
    expect(paid?.callbackOk).toBe(true);
    const after = await state(s.companyId);
    expect(after.sub).toEqual({ status: 'active', plan: 'team' });
    expect(after.company).toEqual({ plan: 'team', workspace_limit: 20 });
    expect(after.ownerQuota).toBe(20);
    expect(after.paid).toBe(1);
    expect(after.invoices).toHaveLength(1);
    expect(after.invoices[0]).toMatch(/^YAC20\d{2}\d{9}$/);

    const sub = await s.client.get<{ status: string; entitlements: { workspaceLimit: number } }>(
      '/api/v1/billing/subscription',
    );
    expect(sub.body.status).toBe('active');
    expect(sub.body.entitlements.workspaceLimit).toBe(20);
    const orders = await s.client.get<{ orders: { status: string; invoiceId: string | null }[] }>(
      '/api/v1/billing/orders',
    );
    expect(orders.body.orders[0]?.status).toBe('paid');
    expect(orders.body.orders[0]?.invoiceId).toBeTruthy();

    // The payment-success email carries the invoice PDF (rendered by a job, not in the callback).
    // The payment kicked the mail sweep (queued once, after the commit).
    await expect
      .poll(
        async () =>
          (
            await q<{ n: number }>(
              "select count(*)::int as n from graphile_worker.jobs where task_identifier = 'billing:invoice-mails'",
            )
          )[0]?.n,
      )
      .toBe(1);
    await ctx.runJobs(); // the sweep: renders the PDF, queues the mail
    await ctx.runJobs(); // the mail's delivery
    const mail = await ctx.smtp.waitFor(
      (m) =>
        m.to !== undefined &&
        JSON.stringify(m.to).includes(s.email) &&
        /invoice|fatura/i.test(m.subject ?? ''),
    );
    const pdf = mail.attachments.find((a) => a.contentType === 'application/pdf');
    expect(pdf?.filename).toBe(`${after.invoices[0]}.pdf`);
    expect(pdf?.content.subarray(0, 5).toString()).toBe('%PDF-');

    // Delivered again: answered OK, nothing booked twice.
    const again = await ctx.sim?.resendCallback(c.merchantOid);
    expect(again?.ok).toBe(true);
    expect(again?.body).toBe('OK');
    const dup = await q<{ outcome: string }>(
      'select outcome from payment_callbacks where merchant_oid = $1 order by received_at',
      [c.merchantOid],
    );
    expect(dup.map((d) => d.outcome)).toEqual(['booked', 'duplicate']);
    expect((await state(s.companyId)).paid).toBe(1);
    expect((await state(s.companyId)).invoices).toHaveLength(1);
  });

  it('20 identical notifications at once book exactly one payment and one invoice', async () => {
    const s = await payingCompany(ctx);
    ctx.sim?.setConfig({ deliverCallbacks: false });
    const c = await checkout(s.client, { plan: 'starter', period: 'monthly', currency: 'TRY' });
    ctx.sim?.setConfig({ deliverCallbacks: true });
    const body = simCallback(c.merchantOid, 'success', c.amount);
    const answers = await Promise.all(Array.from({ length: 20 }, () => postCallback(ctx, body)));
    expect(answers.every((a) => a.status === 200 && a.text === 'OK')).toBe(true);
    const st = await state(s.companyId);
    expect(st.paid).toBe(1);
    expect(st.invoices).toHaveLength(1);
    const outcomes = await q<{ outcome: string; n: number }>(
      'select outcome, count(*)::int as n from payment_callbacks where merchant_oid = $1 group by 1 order by 1',
      [c.merchantOid],
    );
    expect(outcomes).toEqual([
      { outcome: 'booked', n: 1 },
      { outcome: 'duplicate', n: 19 },
    ]);
  });

  it('a forged notification changes nothing, is not answered OK and is logged as rejected', async () => {
    const s = await payingCompany(ctx);
    const c = await checkout(s.client, { plan: 'enterprise', period: 'monthly', currency: 'USD' });
    const forged = { ...simCallback(c.merchantOid, 'success', c.amount, { currency: 'USD' }), hash: 'AAAA' };
    const r = await postCallback(ctx, forged);
    expect(r.status).toBe(400);
    expect(r.text).not.toBe('OK');
    // Signed with another salt: same result.
    const wrongSalt = { ...forged, hash: simCallback(c.merchantOid, 'success', c.amount + 1).hash as string };
    expect((await postCallback(ctx, wrongSalt)).text).not.toBe('OK');
    const st = await state(s.companyId);
    expect(st.sub?.status).toBe('trialing');
    expect(st.paid).toBe(0);
    const rows = await q<{ outcome: string; reason: string; hash_valid: boolean }>(
      'select outcome, reason, hash_valid from payment_callbacks where merchant_oid = $1',
      [c.merchantOid],
    );
    expect(rows).toHaveLength(2);
    expect(rows.every((x) => x.outcome === 'rejected' && x.reason === 'bad_hash' && !x.hash_valid)).toBe(
      true,
    );
    const metrics = await ctx.app.inject({ url: '/metrics' });
    expect(metrics.body).toMatch(/payment_callbacks_rejected_total\{reason="bad_hash"\} [1-9]/);
  });

  it('unknown orders, underpayment and a wrong currency are held for review and never booked', async () => {
    const s = await payingCompany(ctx);
    ctx.sim?.setConfig({ deliverCallbacks: false });
    const c = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'EUR' });
    ctx.sim?.setConfig({ deliverCallbacks: true });

    expect((await postCallback(ctx, simCallback('NOSUCHORDER1', 'success', 1000))).text).toBe('OK');
    expect(
      (await postCallback(ctx, simCallback(c.merchantOid, 'success', c.amount - 1, { currency: 'EUR' })))
        .text,
    ).toBe('OK');
    expect(
      (await postCallback(ctx, simCallback(c.merchantOid, 'success', c.amount, { currency: 'TL' }))).text,
    ).toBe('OK');
    const held = await q<{ reason: string }>(
      "select reason from payment_callbacks where outcome = 'held' and merchant_oid in ($1, 'NOSUCHORDER1') order by received_at",
      [c.merchantOid],
    );
    expect(held.map((h) => h.reason)).toEqual(['unknown_order', 'amount_mismatch', 'currency_mismatch']);
    const st = await state(s.companyId);
    expect(st.paid).toBe(0);
    expect(st.sub?.plan).toBe('starter');
    // An operator alert went out for each (OPS_EMAIL unset here: logged only) and the order still waits.
    const [o] = await q<{ status: string }>('select status from orders where merchant_oid = $1', [
      c.merchantOid,
    ]);
    expect(o?.status).toBe('pending');
  });

  it('overpayment through installments is booked with the charged total', async () => {
    const s = await payingCompany(ctx);
    ctx.sim?.setConfig({ deliverCallbacks: false });
    const c = await checkout(s.client, { plan: 'starter', period: 'annual', currency: 'TRY' });
    ctx.sim?.setConfig({ deliverCallbacks: true });
    const total = c.amount + 1234;
    const r = await postCallback(
      ctx,
      simCallback(c.merchantOid, 'success', total, { installmentCount: 3, paymentAmount: c.amount }),
    );
    expect(r.text).toBe('OK');
    const [o] = await q<{
      status: string;
      paid_total_minor: string;
      installment_count: number;
      period_end: Date;
      period_start: Date;
    }>(
      'select status, paid_total_minor, installment_count, period_start, period_end from orders where id = $1',
      [c.orderId],
    );
    expect(o?.status).toBe('paid');
    expect(Number(o?.paid_total_minor)).toBe(total);
    expect(o?.installment_count).toBe(3);
    // Annual: twelve months.
    const months =
      (new Date(o?.period_end as Date).getUTCFullYear() -
        new Date(o?.period_start as Date).getUTCFullYear()) *
      12;
    expect(months).toBe(12);
    const [inv] = await q<{
      total_minor: string;
      net_minor: string;
      vat_minor: string;
      lines: { description: string; netMinor: number }[];
    }>('select total_minor, net_minor, vat_minor, lines from invoices where order_id = $1', [c.orderId]);
    // The invoice is for the money received: the price, and the installment surcharge as its own line
    // (vade farkı is part of the VAT base), its VAT included.
    expect(Number(inv?.total_minor)).toBe(total);
    expect(Number(inv?.net_minor) + Number(inv?.vat_minor)).toBe(total);
    expect(inv?.lines).toHaveLength(2);
    expect(inv?.lines[1]?.description).toMatch(/Taksit vade farkı \/ Installment surcharge \(3 /);
    // ₺12,34 with 20 % VAT in it: ₺10,28 net (10.28 × 1.2 = 12.336).
    expect(inv?.lines[1]?.netMinor).toBe(1028);
  });

  it('a failure is recorded with its reason; a later success PayTR does not confirm is held (payment-checks)', async () => {
    const s = await payingCompany(ctx);
    const c = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
    const declined = await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'decline' });
    expect(declined?.status).toBe('failed');
    let [o] = await q<{ status: string; failed_reason_code: string; failed_reason_msg: string }>(
      'select status, failed_reason_code, failed_reason_msg from orders where id = $1',
      [c.orderId],
    );
    expect(o).toEqual({
      status: 'failed',
      failed_reason_code: '0',
      failed_reason_msg: 'Kartın limiti yetersiz',
    });
    expect((await state(s.companyId)).sub).toEqual({ status: 'trialing', plan: 'starter' });
    const history = await s.client.get<{ orders: { status: string; failedReasonMsg: string }[] }>(
      '/api/v1/billing/orders',
    );
    expect(history.body.orders[0]).toMatchObject({
      status: 'failed',
      failedReasonMsg: 'Kartın limiti yetersiz',
    });

    // The simulator declined it, so its status inquiry does not confirm a success that arrives now.
    expect((await postCallback(ctx, simCallback(c.merchantOid, 'success', c.amount))).text).toBe('OK');
    [o] = await q('select status, failed_reason_code, failed_reason_msg from orders where id = $1', [
      c.orderId,
    ]);
    expect(o?.status).toBe('failed');
    expect((await state(s.companyId)).sub).toEqual({ status: 'trialing', plan: 'starter' });
  });

  it('when the database fails the answer is not OK; the retry books the payment once', async () => {
    const s = await payingCompany(ctx);
    ctx.sim?.setConfig({ deliverCallbacks: false });
    const c = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
    ctx.sim?.setConfig({ deliverCallbacks: true });
    const body = simCallback(c.merchantOid, 'success', c.amount);
    await q('alter table invoice_sequences rename to invoice_sequences_away');
    try {
      const r = await postCallback(ctx, body);
      expect(r.status).toBe(500);
      expect(r.text).not.toBe('OK');
    } finally {
      await q('alter table invoice_sequences_away rename to invoice_sequences');
    }
    const mid = await state(s.companyId);
    expect(mid.paid).toBe(0);
    expect(mid.sub?.status).toBe('trialing');
    expect((await postCallback(ctx, body)).text).toBe('OK');
    const end = await state(s.companyId);
    expect(end.paid).toBe(1);
    expect(end.invoices).toHaveLength(1);
    expect(end.sub).toEqual({ status: 'active', plan: 'team' });
  });

  it("the browser's return to the success page marks nothing paid", async () => {
    const s = await payingCompany(ctx);
    const c = await checkout(s.client, { plan: 'team', period: 'monthly', currency: 'TRY' });
    await s.client.get(`/app/billing?payment=ok&order=${c.orderId}`);
    const [o] = await q<{ status: string }>('select status from orders where id = $1', [c.orderId]);
    expect(o?.status).toBe('pending');
    expect((await state(s.companyId)).sub?.status).toBe('trialing');
  });
});

describe('checkout prerequisites', () => {
  it('needs billing details, a verified email and the owner or admin role', async () => {
    const { signupCompany } = await import('../../../test/harness.ts');
    const s = await signupCompany(ctx);
    const unverified = await s.client.post('/api/v1/billing/checkout', {
      plan: 'team',
      period: 'monthly',
      currency: 'TRY',
    });
    expect(unverified.status).toBe(403);
    expect(unverified.body.code).toBe('EMAIL_NOT_VERIFIED');
    await q('update users set email_verified_at = now() where id = $1', [s.userId]);
    const noDetails = await s.client.post('/api/v1/billing/checkout', {
      plan: 'team',
      period: 'monthly',
      currency: 'TRY',
    });
    expect(noDetails.status).toBe(409);
    expect(noDetails.body.code).toBe('BILLING_DETAILS_REQUIRED');
    expect(Object.keys(noDetails.body.fields as object)).toContain('taxNumber');
    const bad = await s.client.post('/api/v1/billing/checkout', {
      plan: 'gold',
      period: 'weekly',
      currency: 'GBP',
    });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields as object).sort()).toEqual(['currency', 'period', 'plan']);
    const badDetails = await s.client.put('/api/v1/billing/details', { legalName: 'x', country: 'Turkey' });
    expect(badDetails.status).toBe(400);
    expect(Object.keys(badDetails.body.fields as object)).toEqual(
      expect.arrayContaining(['legalName', 'taxOffice', 'taxNumber', 'address', 'city', 'country']),
    );
  });
});
