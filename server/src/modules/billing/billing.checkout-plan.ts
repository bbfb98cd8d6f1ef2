import { type CheckoutBody, PLAN_NAMES, planPriceUsdCents, planRank } from '@youarecoder/contract';
import type { Principal } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import type { OrderSpec } from './billing.orders.ts';
import type { SubscriptionRow } from './billing.repo.ts';
import { anchoredPeriodEnd, periodEnd, prorate, trialKeptUntil } from './periods.ts';

/** Decide what a checkout buys for this subscription: a new subscription, a renewal or an upgrade. */
export function checkoutPlan(sub: SubscriptionRow, body: Pick<CheckoutBody, 'plan' | 'period'>, now: Date) {
  // A renewal continues from the current end to the anchor's day (booking computes it again).
  const anchor = sub.billingAnchor ?? sub.currentPeriodStart;
  if (sub.status === 'active' && sub.currentPeriodStart && sub.currentPeriodEnd) {
    const r = planRank(body.plan) - planRank(sub.plan);
    if (r < 0)
      throw new AppError(
        'CONFLICT',
        `Moving down to ${PLAN_NAMES[body.plan]} takes effect at the end of the period: schedule it with POST /api/v1/billing/plan instead of paying now.`,
        { fields: { plan: 'is lower than the current plan' } },
      );
    if (r > 0) {
      const diff = planPriceUsdCents(body.plan, sub.period) - planPriceUsdCents(sub.plan, sub.period);
      const usd = prorate(diff, sub.currentPeriodStart, sub.currentPeriodEnd, now);
      if (usd <= 0)
        throw new AppError(
          'CONFLICT',
          'The period ends too soon for an upgrade; choose the plan at renewal.',
        );
      return {
        kind: 'upgrade' as const,
        period: sub.period,
        usd,
        start: sub.currentPeriodStart,
        end: sub.currentPeriodEnd,
      };
    }
    return {
      kind: 'renewal' as const,
      period: body.period,
      usd: planPriceUsdCents(body.plan, body.period),
      start: sub.currentPeriodEnd,
      end: anchoredPeriodEnd(anchor, sub.currentPeriodEnd, body.period),
    };
  }
  if (sub.status === 'past_due' && sub.currentPeriodEnd)
    return {
      kind: 'renewal' as const,
      period: body.period,
      usd: planPriceUsdCents(body.plan, body.period),
      start: sub.currentPeriodEnd,
      end: anchoredPeriodEnd(anchor, sub.currentPeriodEnd, body.period),
    };
  return {
    kind: 'subscribe' as const,
    period: body.period,
    usd: planPriceUsdCents(body.plan, body.period),
    start: now,
    // The trial's remaining days are kept (booking computes it again, as for a renewal).
    end: periodEnd(trialKeptUntil(sub, now) ?? now, body.period),
  };
}

/** The order a person's checkout makes (or the quote prices) for what `checkoutPlan` decided. */
export function checkoutOrderSpec(
  p: Principal,
  body: Pick<CheckoutBody, 'plan' | 'currency'>,
  plan: ReturnType<typeof checkoutPlan>,
  userIp: string,
): OrderSpec {
  return {
    companyId: p.companyId,
    kind: plan.kind,
    plan: body.plan,
    period: plan.period,
    currency: body.currency,
    usdNetMinor: plan.usd,
    periodStart: plan.start,
    periodEnd: plan.end,
    userIp,
    email: p.email,
    createdBy: p.userId,
  };
}
