import { type BillingPeriod, type Currency, type PlanId, planPriceUsdCents } from '@youarecoder/contract';
import { MINUTE } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { BillingContext } from './billing.context.ts';
import { type Price, priceFrom, quoteOrFail } from './billing.pricing.ts';
import * as repo from './billing.repo.ts';
import { availableCredit } from './credits.repo.ts';
import { anchoredPeriodEnd } from './periods.ts';
import { taxTreatment } from './tax-evidence.ts';

/** What an order is for. */
export interface OrderSpec {
  companyId: string;
  kind: 'subscribe' | 'renewal' | 'upgrade';
  plan: PlanId;
  period: BillingPeriod;
  currency: Currency;
  usdNetMinor: number;
  periodStart: Date;
  periodEnd: Date;
  userIp: string;
  email: string;
  createdBy: string | null;
  /** Charged to the stored card by the lifecycle (no payer at a browser). */
  autoCharge?: boolean;
  /** The n-th dunning retry of the period's stored-card charge (0: the first charge). */
  dunningAttempt?: number;
  /**
   * Priced by the lifecycle for a company already paying (renewal notices, stored-card charges,
   * retries): converted at the newest bulletin even past RATES_MAX_AGE_DAYS, so a rate outage on
   * our side does not turn into the customer's suspension. Operators are alerted either way.
   */
  allowOldRates?: boolean;
}

/** The order that renews a subscription at `start`: its next plan and period, in its currency. */
export function renewalSpec(sub: repo.SubscriptionRow, start: Date, email = ''): OrderSpec {
  const plan = sub.nextPlan ?? sub.plan;
  const period = sub.nextPeriod ?? sub.period;
  return {
    companyId: sub.companyId,
    kind: 'renewal',
    plan,
    period,
    currency: sub.currency,
    usdNetMinor: planPriceUsdCents(plan, period),
    periodStart: start,
    // Booking the payment fixes the period again from the coverage it continues.
    periodEnd: anchoredPeriodEnd(sub.billingAnchor ?? sub.currentPeriodStart, start, period),
    // Nobody is at a browser: PayTR gets the loopback, as for any merchant-initiated charge.
    userIp: '127.0.0.1',
    email,
    createdBy: null,
    // A company already paying is not stopped by our rate outage (see OrderSpec.allowOldRates).
    allowOldRates: true,
  };
}

/**
 * Price an order at the latest stored rate for the company's country, less the company's unused
 * credit (billing_credits; what pending orders already hold is not offered twice).
 */
export async function priceOrder(ctx: BillingContext, tx: Tx, spec: OrderSpec): Promise<Price> {
  const details = await repo.findDetails(tx, spec.companyId);
  const q = await quoteOrFail(ctx.rates, tx, spec.currency, spec.allowOldRates ? null : ctx.rateAge);
  if (spec.allowOldRates && ctx.rateAge.refuses(spec.currency, q.date))
    ctx.log.warn(
      { companyId: spec.companyId, fxDate: q.date },
      'renewal priced at a bulletin past the age limit',
    );
  const credit = await availableCredit(tx, spec.companyId);
  return priceFrom(q, spec.usdNetMinor, taxTreatment(details), ctx.config.VAT_RATE_BP, credit);
}

/** Create a pending order with its price fixed now (rate and bulletin stored with it). */
export async function createOrder(ctx: BillingContext, tx: Tx, spec: OrderSpec): Promise<repo.OrderRow> {
  const now = ctx.clock.now();
  const price = await priceOrder(ctx, tx, spec);
  const id = ctx.ids.id('ord');
  const row = {
    id,
    companyId: spec.companyId,
    // PayTR's merchant_oid: letters and digits only; the order id without its separator.
    merchantOid: id.replace(/[^A-Za-z0-9]/g, '').toUpperCase(),
    kind: spec.kind,
    plan: spec.plan,
    period: spec.period,
    currency: spec.currency,
    usdNetMinor: price.usdNetMinor,
    netMinor: price.netMinor,
    vatMinor: price.vatMinor,
    amountMinor: price.amountMinor,
    vatRateBp: price.vatRateBp,
    vatExemptReason: price.vatExemptReason,
    taxEvidence: price.taxEvidence,
    tryRate: price.tryRate,
    usdTryRate: price.usdTryRate,
    fxDate: price.fxDate,
    fxRateType: ctx.config.TCMB_RATE_TYPE,
    periodStart: spec.periodStart,
    periodEnd: spec.periodEnd,
    status: 'pending' as const,
    testMode: ctx.gateway.testMode,
    userIp: spec.userIp,
    email: spec.email,
    createdBy: spec.createdBy,
    autoCharge: spec.autoCharge ?? false,
    dunningAttempt: spec.dunningAttempt ?? 0,
    creditUsdMinor: price.creditUsdMinor,
    discountMinor: price.discountMinor,
    createdAt: now,
    expiresAt: new Date(now.getTime() + ctx.config.PAYTR_ORDER_TIMEOUT_MINUTES * MINUTE),
  };
  await repo.insertOrder(tx, row);
  const [saved] = [await repo.findOrder(tx, spec.companyId, id)];
  if (!saved) throw new Error('order vanished');
  return saved;
}
