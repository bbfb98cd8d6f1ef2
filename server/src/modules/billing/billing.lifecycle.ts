import {
  formatMoney,
  GRACE_DAYS,
  PLAN_NAMES,
  RENEWAL_NOTICE_DAYS,
  TRIAL_NOTICE_DAYS,
} from '@youarecoder/contract';
import type { Tx } from '../../platform/db/client.ts';
import type { BillingContext } from './billing.context.ts';
import { scheduleDunningRetry } from './billing.dunning.ts';
import { billingUrl, mailBilling, periodLabel } from './billing.mail.ts';
import { createOrder, priceOrder, renewalSpec } from './billing.orders.ts';
import { recordFailure } from './billing.payments.ts';
import * as repo from './billing.repo.ts';
import { changeStatus } from './billing.status.ts';
import { DAY, daysUntil, istanbulDate } from './periods.ts';

/** A stored-card renewal to send: its order. */
interface PendingCharge {
  id: string;
  companyId: string;
}
/** A charge sent without an outcome is sent again after this long (PayTR refuses a duplicate order id). */
const CHARGE_RETRY_MS = 10 * 60_000;
/** Sends of one stored-card charge at most; then the renewal link in the mails is the way. */
const CHARGE_ATTEMPTS = 3;

/** Run the lifecycle of every company that may need it (trial end, renewals, grace, suspension). */
export async function runLifecycle(ctx: BillingContext): Promise<{ reviewed: number; charges: number }> {
  const ids = await repo.subscriptionsToReview(ctx.db, ctx.clock.now(), {
    trialDays: Math.max(...TRIAL_NOTICE_DAYS),
    renewalDays: Math.max(...RENEWAL_NOTICE_DAYS),
  });
  for (const companyId of ids) {
    try {
      await ctx.db.transaction((tx) => reviewCompany(ctx, tx, companyId));
    } catch (err) {
      // One company's problem (a missing rate, say) must not hold up the others.
      ctx.log.error({ err, companyId }, 'billing lifecycle failed for a company; retried next run');
    }
  }
  // Every stored-card renewal not yet sent, this run's and any an earlier run created but never sent
  // (a crash, PayTR unreachable): the charge is a step of its own, resumed until PayTR has it.
  let charges = 0;
  const now = ctx.clock.now();
  for (const c of await repo.unsentCharges(
    ctx.db,
    new Date(now.getTime() - CHARGE_RETRY_MS),
    CHARGE_ATTEMPTS,
  ))
    if (await chargeStoredCard(ctx, c)) charges++;
  return { reviewed: ids.length, charges };
}

/** The smallest notice day that has come, e.g. 1 when a day is left (so only one of 3/1 goes out late). */
function dueNotice(daysLeft: number, days: readonly number[]): number | null {
  return [...days].sort((a, b) => a - b).find((d) => daysLeft <= d) ?? null;
}

async function reviewCompany(ctx: BillingContext, tx: Tx, companyId: string): Promise<PendingCharge[]> {
  const now = ctx.clock.now();
  const charges: PendingCharge[] = [];
  // A long outage may have skipped several periods: roll forward until the state is current.
  for (let round = 0; round < 24; round++) {
    const sub = await repo.lockSubscription(tx, companyId);
    if (!sub) return charges;
    const url = billingUrl(ctx);
    const set = (patch: Parameters<typeof repo.updateSubscription>[2]) =>
      repo.updateSubscription(tx, companyId, { ...patch, updatedAt: now });
    const audit = (
      action: Parameters<typeof ctx.audit.record>[1]['action'],
      metadata: Record<string, unknown>,
    ) =>
      ctx.audit.record(tx, {
        companyId,
        actor: null,
        action,
        target: { type: 'company', id: companyId },
        metadata,
        meta: null,
      });

    if (sub.status === 'trialing' && sub.trialEndsAt) {
      if (now >= sub.trialEndsAt) {
        const to = sub.cancelAtPeriodEnd ? 'canceled' : 'suspended';
        await set({ status: to, suspendedAt: now, ...(to === 'canceled' ? { canceledAt: now } : {}) });
        await changeStatus(ctx, tx, companyId, 'trialing', to, 'trial ended without payment');
        await audit('billing.trial_ended', { to });
        await mailBilling(ctx, tx, companyId, 'trial_ended', (c) => ({
          name: c.name,
          companyName: c.companyName,
          billingUrl: url,
        }));
        return charges;
      }
      const left = daysUntil(now, sub.trialEndsAt);
      const d = dueNotice(left, TRIAL_NOTICE_DAYS);
      if (
        d !== null &&
        (await repo.claimNotice(tx, companyId, 'trial_ending', `${sub.trialEndsAt.toISOString()}:${d}`, now))
      )
        await mailBilling(ctx, tx, companyId, 'trial_ending', (c) => ({
          name: c.name,
          companyName: c.companyName,
          daysLeft: left,
          endsOn: istanbulDate(sub.trialEndsAt as Date),
          billingUrl: url,
        }));
      return charges;
    }

    if (sub.status === 'active' && sub.currentPeriodEnd) {
      const end = sub.currentPeriodEnd;
      if (now >= end) {
        const next = await repo.paidOrderStarting(tx, companyId, end);
        if (next) {
          await set({
            currentPeriodStart: next.periodStart,
            currentPeriodEnd: next.periodEnd,
            plan: next.plan,
            period: next.period,
            nextPlan: null,
            nextPeriod: null,
          });
          if (next.plan !== sub.plan) {
            await ctx.companies.applyPlan(tx, companyId, next.plan, now);
            await audit('billing.plan_changed', { from: sub.plan, to: next.plan, at: 'period_end' });
          }
          continue;
        }
        if (sub.cancelAtPeriodEnd) {
          await set({ status: 'canceled', canceledAt: now });
          await changeStatus(ctx, tx, companyId, 'active', 'canceled', 'canceled at the period end');
          await audit('billing.canceled', { periodEnd: end.toISOString() });
          return charges;
        }
        await set({ status: 'past_due', pastDueSince: end });
        await audit('billing.past_due', { periodEnd: end.toISOString() });
        continue;
      }
      if (sub.cancelAtPeriodEnd || (await repo.paidOrderStarting(tx, companyId, end))) return charges;
      const left = daysUntil(now, end);
      const d = dueNotice(left, RENEWAL_NOTICE_DAYS);
      const automatic = ctx.config.PAYTR_RECURRING === '1' && !!sub.cardUtoken && !!sub.cardCtoken;
      if (
        d !== null &&
        (await repo.claimNotice(tx, companyId, 'renewal_due', `${end.toISOString()}:${d}`, now))
      ) {
        const spec = renewalSpec(sub, end);
        const price = await priceOrder(ctx, tx, spec);
        await mailBilling(ctx, tx, companyId, 'renewal_due', (c) => ({
          name: c.name,
          companyName: c.companyName,
          planName: PLAN_NAMES[spec.plan],
          periodLabel: periodLabel(spec.period, c.locale),
          net: formatMoney(price.netMinor, price.currency, c.locale),
          vat: formatMoney(price.vatMinor, price.currency, c.locale),
          total: formatMoney(price.amountMinor, price.currency, c.locale),
          dueOn: istanbulDate(end),
          daysLeft: left,
          payUrl: `${url}?renew=1`,
          automatic,
        }));
      }
      if (
        automatic &&
        left <= 1 &&
        (await repo.claimNotice(tx, companyId, 'auto_charge', end.toISOString(), now))
      ) {
        const { rows } = await repo.billingContacts(tx, companyId);
        const order = await createOrder(ctx, tx, {
          ...renewalSpec(sub, end, rows[0]?.email ?? ''),
          autoCharge: true,
        });
        charges.push({ id: order.id, companyId });
      }
      return charges;
    }

    if (sub.status === 'past_due' && sub.pastDueSince) {
      const suspendAt = new Date(sub.pastDueSince.getTime() + GRACE_DAYS * DAY);
      if (now >= suspendAt) {
        await set({ status: 'suspended', suspendedAt: now });
        await changeStatus(ctx, tx, companyId, 'past_due', 'suspended', 'unpaid after the grace period');
        await audit('billing.suspended', { pastDueSince: sub.pastDueSince.toISOString() });
        await mailBilling(ctx, tx, companyId, 'suspended', (c) => ({
          name: c.name,
          companyName: c.companyName,
          payUrl: `${url}?renew=1`,
        }));
        return charges;
      }
      // A declined stored-card renewal is charged again on the configured days (billing.dunning.ts).
      const retry = await scheduleDunningRetry(ctx, tx, sub);
      if (retry) charges.push(retry);
      const left = daysUntil(now, suspendAt);
      const d = dueNotice(left, [GRACE_DAYS, 3, 1]);
      if (
        d !== null &&
        (await repo.claimNotice(tx, companyId, 'past_due', `${sub.pastDueSince.toISOString()}:${d}`, now))
      ) {
        const price = await priceOrder(ctx, tx, renewalSpec(sub, sub.pastDueSince));
        await mailBilling(ctx, tx, companyId, 'past_due', (c) => ({
          name: c.name,
          companyName: c.companyName,
          total: formatMoney(price.amountMinor, price.currency, c.locale),
          suspendOn: istanbulDate(suspendAt),
          payUrl: `${url}?renew=1`,
        }));
      }
      return charges;
    }
    return charges;
  }
  return charges;
}

/** Charge a stored card for a renewal order; the outcome arrives as a notification. */
async function chargeStoredCard(ctx: BillingContext, c: PendingCharge): Promise<boolean> {
  // Claimed before PayTR is asked: two workers never send one charge at once, and a crash after this
  // leaves it to be sent again after CHARGE_RETRY_MS (PayTR refuses an order id it already has).
  const order = await ctx.db.transaction(async (tx) => {
    const found = await repo.findOrder(tx, c.companyId, c.id);
    if (found?.status !== 'pending') return null;
    const row = await repo.lockOrderByOid(tx, found.merchantOid);
    const now = ctx.clock.now();
    if (
      row?.status !== 'pending' ||
      (row.chargeSentAt && now.getTime() - row.chargeSentAt.getTime() < CHARGE_RETRY_MS)
    )
      return null;
    await repo.updateOrder(tx, row.id, {
      chargeSentAt: now,
      chargeAttempts: row.chargeAttempts + 1,
      // The status inquiry waits for this send's outcome, as for a payer's page.
      expiresAt: new Date(now.getTime() + ctx.config.PAYTR_ORDER_TIMEOUT_MINUTES * 60_000),
    });
    return row;
  });
  const sub = await repo.findSubscription(ctx.db, c.companyId);
  const details = await repo.findDetails(ctx.db, c.companyId);
  if (!order || !sub?.cardUtoken || !sub.cardCtoken) return false;
  try {
    const r = await ctx.gateway.chargeStoredCard({
      merchantOid: order.merchantOid,
      userIp: order.userIp,
      email: order.email,
      amountMinor: order.amountMinor,
      currency: order.currency,
      utoken: sub.cardUtoken,
      ctoken: sub.cardCtoken,
      userName: details?.legalName ?? '',
      userAddress: details ? `${details.address}, ${details.city}` : '',
      userPhone: '0000000000',
      basket: [
        { name: `YouAreCoder ${PLAN_NAMES[order.plan]}`, unitPriceMinor: order.amountMinor, quantity: 1 },
      ],
    });
    if (r.accepted) return true;
    await ctx.db.transaction(async (tx) => {
      const locked = await repo.lockOrderByOid(tx, order.merchantOid);
      if (locked?.status === 'pending') await recordFailure(ctx, tx, locked, null, r.reason);
    });
  } catch (err) {
    ctx.log.warn(
      { err, orderId: order.id },
      'stored-card charge could not be sent; sent again at a later lifecycle run (the renewal link works too)',
    );
  }
  return false;
}
