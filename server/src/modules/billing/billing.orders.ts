import type { BillingPeriod, Currency, PlanId } from '@youarecoder/contract';
import { MINUTE } from '../../platform/clock.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { BillingContext } from './billing.context.ts';
import { type Price, priceFrom, quoteOrFail } from './billing.pricing.ts';
import * as repo from './billing.repo.ts';
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
}

/** Price an order at the latest stored rate for the company's country. */
export async function priceOrder(ctx: BillingContext, tx: Tx, spec: OrderSpec): Promise<Price> {
  const details = await repo.findDetails(tx, spec.companyId);
  const q = await quoteOrFail(ctx.rates, tx, spec.currency);
  return priceFrom(q, spec.usdNetMinor, taxTreatment(details), ctx.config.VAT_RATE_BP);
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
    createdAt: now,
    expiresAt: new Date(now.getTime() + ctx.config.PAYTR_ORDER_TIMEOUT_MINUTES * MINUTE),
  };
  await repo.insertOrder(tx, row);
  const [saved] = [await repo.findOrder(tx, spec.companyId, id)];
  if (!saved) throw new Error('order vanished');
  return saved;
}
