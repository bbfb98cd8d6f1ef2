import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestContext, type TestContext } from '../../../test/harness.ts';
import { login } from '../accounts/accounts.test-helpers.ts';
import { checkout, endTrialNow, payingCompany, sqlRows } from './billing.test-helpers.ts';
import { DAY } from './periods.ts';

// A 13-month run on a fake clock: trial, suspension, payment, renewals paid ahead, a failed renewal,
// a missed renewal with its grace and suspension, restore; then the books must balance.
let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ paytr: true, fakeClock: true });
});
afterAll(async () => ctx?.close());

const q = sqlRows(() => ctx);
const clock = () => {
  if (!ctx.fakeClock) throw new Error('fake clock expected');
  return ctx.fakeClock;
};
const HOUR = 3_600_000;

describe('subscription lifecycle over 13 months', () => {
  it('trial → suspended → paid → renewals → failed renewal → grace → suspended → restored; books balance', async () => {
    const s = await payingCompany(ctx);
    const sub = async () =>
      (
        await q<{
          status: string;
          plan: string;
          current_period_end: Date | null;
          past_due_since: Date | null;
        }>(
          'select status, plan, current_period_end, past_due_since from subscriptions where company_id = $1',
          [s.companyId],
        )
      )[0];
    const mails = async () =>
      (
        await q<{ template: string }>(
          'select template from mail_outbox where company_id = $1 order by created_at',
          [s.companyId],
        )
      ).map((m) => m.template);
    const tick = async (ms: number) => {
      clock().advance(ms);
      await ctx.deps.payments.runLifecycle();
    };
    // Sessions expire as the fake clock moves: sign in afresh for each call, as a person would.
    const api = async () => (await login(ctx, s.email, s.password, { remember: true })).client;
    const pay = async (plan: 'starter' | 'team', card: 'success' | 'decline' = 'success') => {
      const c = await checkout(await api(), { plan, period: 'monthly', currency: 'TRY' });
      const r = await ctx.sim?.pay({ merchantOid: c.merchantOid, card });
      expect(r?.callbackOk).toBe(true);
      return c;
    };

    // A running workspace, to see suspension stop it (and keep it).
    const tpl = (await s.client.get<{ items: { id: string }[] }>('/api/v1/templates')).body.items[0];
    const ws = await s.client.post<{ id: string }>('/api/v1/workspaces', {
      name: 'keep-me',
      templateId: tpl?.id,
    });
    expect(ws.status).toBe(202);
    await q("update workspaces set status = 'running', desired = 'running' where id = $1", [ws.body.id]);

    // Nothing is due yet: the minute's run does not even lock the subscription.
    expect((await ctx.deps.payments.runLifecycle()).reviewed).toBe(0);

    // Trial: reminders 3 days and 1 day before the end, then suspension.
    await tick(11 * DAY + HOUR);
    expect(await mails()).toContain('trial_ending');
    await tick(2 * DAY);
    expect((await mails()).filter((m) => m === 'trial_ending')).toHaveLength(2);
    await tick(1 * DAY);
    expect((await sub())?.status).toBe('suspended');
    expect(await mails()).toContain('trial_ended');
    const [stopped] = await q<{ status: string; status_reason: string }>(
      'select status, status_reason from workspaces where id = $1',
      [ws.body.id],
    );
    expect(stopped?.status).toBe('stopping');
    expect(stopped?.status_reason).toContain('suspended');
    // Nothing new while suspended: 402 with a message that says what to do.
    const refused = await (await api()).post('/api/v1/workspaces', { name: 'new-one', templateId: tpl?.id });
    expect(refused.status).toBe(402);
    expect(refused.body.code).toBe('SUBSCRIPTION_INACTIVE');
    await q("update workspaces set status = 'stopped', desired = 'stopped' where id = $1", [ws.body.id]);
    expect((await (await api()).post(`/api/v1/workspaces/${ws.body.id}/start`)).status).toBe(402);

    // Pay: restored at once, period starts now.
    await tick(2 * DAY);
    await pay('starter');
    expect((await sub())?.status).toBe('active');
    expect(await mails()).toContain('restored');
    // The workspace the suspension stopped starts again by itself.
    const [back] = await q<{ status: string; desired: string }>(
      'select status, desired from workspaces where id = $1',
      [ws.body.id],
    );
    expect(back).toEqual({ status: 'starting', desired: 'running' });
    expect((await (await api()).post(`/api/v1/workspaces/${ws.body.id}/start`)).status).toBe(202);

    // Months 2–6: renewal notices at 7/3/1 days; paid 3 days ahead; rolled over at the period end.
    for (let m = 0; m < 5; m++) {
      const end = (await sub())?.current_period_end as Date;
      clock().set(new Date(end.getTime() - 7 * DAY + HOUR));
      await ctx.deps.payments.runLifecycle();
      clock().set(new Date(end.getTime() - 3 * DAY + HOUR));
      await ctx.deps.payments.runLifecycle();
      if (m === 2) {
        // Upgrade mid-period (prorated, limits change on payment), then renew on the new plan.
        const up = await pay('team');
        expect(up.kind).toBe('upgrade');
        expect((await sub())?.plan).toBe('team');
      }
      const renewal = await pay(m >= 2 ? 'team' : 'starter');
      expect(renewal.kind).toBe('renewal');
      clock().set(new Date(end.getTime() + HOUR));
      await ctx.deps.payments.runLifecycle();
      const now = await sub();
      expect(now?.status).toBe('active');
      expect(new Date(now?.current_period_end ?? 0).getTime()).toBeGreaterThan(end.getTime() + 27 * DAY);
      expect(now?.plan).toBe(m >= 2 ? 'team' : 'starter');
    }
    expect((await mails()).filter((m) => m === 'renewal_due').length).toBeGreaterThanOrEqual(10);

    // Month 7: the card is declined; then nothing is paid: past due, grace reminders, suspended.
    let end = (await sub())?.current_period_end as Date;
    clock().set(new Date(end.getTime() - 2 * DAY));
    await pay('team', 'decline');
    expect(await mails()).toContain('payment_failed');
    clock().set(new Date(end.getTime() + HOUR));
    await ctx.deps.payments.runLifecycle();
    expect((await sub())?.status).toBe('past_due');
    expect(await mails()).toContain('past_due');
    await tick(3 * DAY);
    expect((await sub())?.status).toBe('past_due'); // workspaces keep running in the grace
    await tick(4 * DAY);
    expect((await sub())?.status).toBe('suspended');
    expect(await mails()).toContain('suspended');

    // Restored by a payment, a fresh period from now.
    await tick(3 * DAY);
    const restoredAt = clock().now().getTime();
    await pay('starter');
    expect((await sub())?.status).toBe('active');
    // A fresh period: renewals are counted from here on, not from the first payment's day.
    const [anchored] = await q<{ billing_anchor: Date; current_period_start: Date }>(
      'select billing_anchor, current_period_start from subscriptions where company_id = $1',
      [s.companyId],
    );
    expect(anchored?.billing_anchor.getTime()).toBe(restoredAt);
    expect(anchored?.current_period_start.getTime()).toBe(restoredAt);
    // Back from Team to Starter: limit and the owner's quota shrink with the plan.
    const [limits] = await q<{ plan: string; workspace_limit: number; quota: number }>(
      `select c.plan, c.workspace_limit, u.workspace_quota as quota
         from companies c join users u on u.company_id = c.id and u.role = 'owner' where c.id = $1`,
      [s.companyId],
    );
    expect(limits).toEqual({ plan: 'starter', workspace_limit: 5, quota: 5 });

    // Month 9: paid late inside the grace: the period continues from the old end (no gap, no overlap).
    end = (await sub())?.current_period_end as Date;
    clock().set(new Date(end.getTime() + 2 * DAY));
    await ctx.deps.payments.runLifecycle();
    expect((await sub())?.status).toBe('past_due');
    await pay('starter');
    expect((await sub())?.status).toBe('active');
    const [late] = await q<{ period_start: Date }>(
      "select period_start from orders where company_id = $1 and status = 'paid' order by paid_at desc limit 1",
      [s.companyId],
    );
    expect(late?.period_start.getTime()).toBe(end.getTime());

    // Months 10–14: renewals paid one day ahead.
    for (let m = 0; m < 5; m++) {
      end = (await sub())?.current_period_end as Date;
      clock().set(new Date(end.getTime() - DAY));
      await pay('starter');
      clock().set(new Date(end.getTime() + HOUR));
      await ctx.deps.payments.runLifecycle();
      expect((await sub())?.status).toBe('active');
    }
    expect(clock().now().getTime() - new Date('2026-11-26T09:00:00Z').getTime()).toBeGreaterThan(
      13 * 30 * DAY,
    );
    expect(restoredAt).toBeGreaterThan(0);

    // The books: every paid order has exactly one invoice; payments equal invoices; no period twice.
    const paid = await q<{
      id: string;
      amount_minor: string;
      period_start: Date;
      period_end: Date;
      kind: string;
    }>(
      "select id, amount_minor, period_start, period_end, kind from orders where company_id = $1 and status = 'paid' order by period_start",
      [s.companyId],
    );
    const invoices = await q<{ order_id: string; total_minor: string; number: string }>(
      "select order_id, total_minor, number from invoices where company_id = $1 and kind = 'invoice' order by number",
      [s.companyId],
    );
    expect(paid.length).toBe(14);
    expect(invoices.length).toBe(paid.length);
    const sum = (xs: string[]) => xs.reduce((a, b) => a + Number(b), 0);
    expect(sum(invoices.map((i) => i.total_minor))).toBe(sum(paid.map((p) => p.amount_minor)));
    const periods = paid.filter((p) => p.kind !== 'upgrade');
    for (let i = 1; i < periods.length; i++) {
      const prev = periods[i - 1];
      const cur = periods[i];
      if (!prev || !cur) continue;
      // Periods never overlap (a suspension leaves a gap; renewals continue exactly).
      expect(cur.period_start.getTime()).toBeGreaterThanOrEqual(prev.period_end.getTime());
    }
    // Numbered without gaps within each Istanbul year (the run crosses a new year).
    const byYear = new Map<string, number[]>();
    for (const i of invoices)
      byYear.set(i.number.slice(3, 7), [
        ...(byYear.get(i.number.slice(3, 7)) ?? []),
        Number(i.number.slice(-9)),
      ]);
    expect(byYear.size).toBe(2);
    for (const seq of byYear.values()) expect(seq).toEqual(seq.map((_, k) => k + 1));
  });
});

describe('renewals keep the anchor of the first paid period', () => {
  /** A company that pays `period` at `firstPaid` and renews `renewals` times, 3 days ahead each time. */
  async function renewFrom(firstPaid: string, period: 'monthly' | 'annual', renewals: number) {
    clock().set(new Date(new Date(firstPaid).getTime() - 2 * DAY));
    const s = await payingCompany(ctx);
    const api = async () => (await login(ctx, s.email, s.password, { remember: true })).client;
    const pay = async () => {
      const c = await checkout(await api(), { plan: 'starter', period, currency: 'TRY' });
      expect((await ctx.sim?.pay({ merchantOid: c.merchantOid, card: 'success' }))?.callbackOk).toBe(true);
      return c;
    };
    const current = async () =>
      (
        await q<{ status: string; current_period_start: Date; current_period_end: Date }>(
          'select status, current_period_start, current_period_end from subscriptions where company_id = $1',
          [s.companyId],
        )
      )[0];
    clock().set(new Date(firstPaid));
    await endTrialNow(ctx, s.companyId);
    expect((await pay()).kind).toBe('subscribe');
    const starts = [(await current())?.current_period_start.toISOString()];
    for (let i = 0; i < renewals; i++) {
      const end = (await current())?.current_period_end as Date;
      clock().set(new Date(end.getTime() - 3 * DAY + HOUR));
      await ctx.deps.payments.runLifecycle();
      expect((await pay()).kind).toBe('renewal');
      clock().set(new Date(end.getTime() + HOUR));
      await ctx.deps.payments.runLifecycle();
      const now = await current();
      expect(now?.status).toBe('active');
      starts.push(now?.current_period_start.toISOString());
    }
    starts.push((await current())?.current_period_end.toISOString());
    // The paid orders say the same: each period starts where the previous one ended.
    const paid = await q<{ period_start: Date; period_end: Date }>(
      "select period_start, period_end from orders where company_id = $1 and status = 'paid' order by period_start",
      [s.companyId],
    );
    expect(paid.flatMap((o) => [o.period_start.toISOString(), o.period_end.toISOString()])).toEqual(
      starts.flatMap((t, i) => (i === 0 || i === starts.length - 1 ? [t] : [t, t])),
    );
    return starts;
  }

  it('a year of monthly periods from 31 January 10:00 Istanbul ends on the 31st whenever the month has one', async () => {
    // Later than the 13-month run above: the fake clock only moves forward in this file.
    expect(await renewFrom('2029-01-31T07:00:00Z', 'monthly', 12)).toEqual([
      '2029-01-31T07:00:00.000Z',
      '2029-02-28T07:00:00.000Z',
      '2029-03-31T07:00:00.000Z',
      '2029-04-30T07:00:00.000Z',
      '2029-05-31T07:00:00.000Z',
      '2029-06-30T07:00:00.000Z',
      '2029-07-31T07:00:00.000Z',
      '2029-08-31T07:00:00.000Z',
      '2029-09-30T07:00:00.000Z',
      '2029-10-31T07:00:00.000Z',
      '2029-11-30T07:00:00.000Z',
      '2029-12-31T07:00:00.000Z',
      '2030-01-31T07:00:00.000Z',
      '2030-02-28T07:00:00.000Z',
    ]);
  });

  it('annual periods from 29 February come back to 29 February in the next leap year', async () => {
    expect(await renewFrom('2032-02-29T07:00:00Z', 'annual', 3)).toEqual([
      '2032-02-29T07:00:00.000Z',
      '2033-02-28T07:00:00.000Z',
      '2034-02-28T07:00:00.000Z',
      '2035-02-28T07:00:00.000Z',
      '2036-02-29T07:00:00.000Z',
    ]);
  });
});
