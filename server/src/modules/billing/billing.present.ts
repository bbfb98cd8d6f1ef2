import type {
  billingDetailsDto,
  invoiceDto,
  orderDto,
  subscriptionDto,
  subscriptionStatusDto,
} from '@youarecoder/contract';
import { GRACE_DAYS } from '@youarecoder/contract';
import type { z } from 'zod';
import type { BillingContext } from './billing.context.ts';
import type { DetailsRow, OrderRow, SubscriptionRow } from './billing.repo.ts';
import { entitlementsOf } from './entitlements.ts';
import type { InvoiceRow } from './invoices/index.ts';
import { DAY, daysUntil, periodEnd, trialKeptUntil } from './periods.ts';
import { taxTreatment } from './tax-evidence.ts';

type Dto = z.infer<typeof subscriptionDto>;

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** When a past-due company will be suspended. */
const graceEndsAt = (sub: SubscriptionRow) =>
  sub.pastDueSince ? new Date(sub.pastDueSince.getTime() + GRACE_DAYS * DAY).toISOString() : null;

/** The subscription's state for every member (no amounts). */
export function presentStatus(sub: SubscriptionRow): z.infer<typeof subscriptionStatusDto> {
  return {
    status: sub.status,
    plan: sub.plan,
    trialEndsAt: iso(sub.trialEndsAt),
    currentPeriodEnd: iso(sub.currentPeriodEnd),
    graceEndsAt: graceEndsAt(sub),
    suspendedAt: iso(sub.suspendedAt),
    canUseWorkspaces: entitlementsOf(sub).canUseWorkspaces,
  };
}

/** A subscription for the portal. */
export function presentSubscription(
  ctx: BillingContext,
  sub: SubscriptionRow,
  extra: {
    details: DetailsRow | undefined;
    nextCharge: Dto['nextCharge'];
    openOrderId: string | null;
    dunning: Dto['dunning'];
    creditUsdMinor: number;
    cancelNow: Dto['cancelNow'];
    rates: Dto['rates'];
  },
): z.infer<typeof subscriptionDto> {
  return {
    status: sub.status,
    plan: sub.plan,
    period: sub.period,
    // The currency renewals charge in (the last payment's, or the one chosen since): one, everywhere.
    currency: sub.currency,
    trialEndsAt: iso(sub.trialEndsAt),
    currentPeriodStart: iso(sub.currentPeriodStart),
    currentPeriodEnd: iso(sub.currentPeriodEnd),
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    nextPlan: sub.nextPlan,
    nextPeriod: sub.nextPeriod,
    pastDueSince: iso(sub.pastDueSince),
    graceEndsAt: graceEndsAt(sub),
    suspendedAt: iso(sub.suspendedAt),
    entitlements: entitlementsOf(sub),
    nextCharge: extra.nextCharge,
    openOrderId: extra.openOrderId,
    billingDetailsComplete: !!extra.details,
    gateway: {
      kind: ctx.gateway.kind,
      testMode: ctx.gateway.testMode,
      recurring: ctx.config.PAYTR_RECURRING === '1',
    },
    card: sub.cardCtoken ? { last4: sub.cardLast4 ?? '' } : null,
    trialCredit: trialCreditOf(sub, ctx.clock.now()),
    dunning: extra.dunning,
    creditUsdMinor: extra.creditUsdMinor,
    cancelNow: extra.cancelNow,
    rates: extra.rates,
  };
}

function trialCreditOf(sub: SubscriptionRow, now: Date) {
  const until = trialKeptUntil(sub, now);
  if (!until) return null;
  return {
    days: daysUntil(now, until),
    trialEndsAt: until.toISOString(),
    firstPeriodEnds: {
      monthly: periodEnd(until, 'monthly').toISOString(),
      annual: periodEnd(until, 'annual').toISOString(),
    },
  };
}

/** An order for the portal. */
export function presentOrder(o: OrderRow, invoiceId: string | null): z.infer<typeof orderDto> {
  return {
    id: o.id,
    merchantOid: o.merchantOid,
    kind: o.kind,
    plan: o.plan,
    period: o.period,
    currency: o.currency,
    netMinor: o.netMinor,
    vatMinor: o.vatMinor,
    amountMinor: o.amountMinor,
    status: o.status,
    failedReasonCode: o.failedReasonCode,
    failedReasonMsg: o.failedReasonMsg,
    paidTotalMinor: o.paidTotalMinor,
    refundedMinor: o.refundedMinor,
    periodStart: o.periodStart.toISOString(),
    periodEnd: o.periodEnd.toISOString(),
    rate: o.tryRate,
    rateDate: o.fxDate,
    createdAt: o.createdAt.toISOString(),
    paidAt: iso(o.paidAt),
    invoiceId,
  };
}

/** An invoice for the portal. */
export function presentInvoice(i: InvoiceRow): z.infer<typeof invoiceDto> {
  return {
    id: i.id,
    number: i.number,
    kind: i.kind,
    orderId: i.orderId,
    issuedAt: i.issuedAt.toISOString(),
    currency: i.currency,
    netMinor: i.netMinor,
    vatMinor: i.vatMinor,
    totalMinor: i.totalMinor,
    vatRateBp: i.vatRateBp,
    vatExemptReason: i.vatExemptReason,
    tryTotalMinor: i.tryTotalMinor,
    tryNetMinor: i.tryNetMinor,
    tryVatMinor: i.tryVatMinor,
    tryRate: i.tryRate,
    fxDate: i.fxDate,
    periodStart: iso(i.periodStart),
    periodEnd: iso(i.periodEnd),
  };
}

/** Billing details for the portal, with the VAT treatment they give the next order. */
export function presentDetails(d: DetailsRow): z.infer<typeof billingDetailsDto> {
  const { evidence, taxed } = taxTreatment(d);
  const reason = (evidence.reason ?? null) as z.infer<typeof billingDetailsDto>['vat']['reason'];
  return {
    legalName: d.legalName,
    taxOffice: d.taxOffice,
    taxNumber: d.taxNumber,
    address: d.address,
    city: d.city,
    country: d.country,
    phone: d.phone,
    currency: d.currency,
    updatedAt: d.updatedAt.toISOString(),
    vat: {
      status:
        evidence.basis === 'contradiction'
          ? evidence.review === 'refused'
            ? 'review_refused'
            : 'review_pending'
          : taxed
            ? 'taxed'
            : 'exempt',
      reason,
    },
  };
}
