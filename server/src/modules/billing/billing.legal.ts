import {
  CHECKOUT_DOCUMENTS,
  type CheckoutBody,
  LEGAL_VERSION,
  type Locale,
  planPriceUsdCents,
} from '@youarecoder/contract';
import type { Config } from '../../config/index.ts';
import type { Tx } from '../../platform/db/client.ts';
import type { Principal, RequestMeta } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import { checkoutOrderSpec, checkoutPlan } from './billing.checkout-plan.ts';
import type { BillingContext } from './billing.context.ts';
import { priceOrder } from './billing.orders.ts';
import type { OrderRow } from './billing.repo.ts';
import * as repo from './billing.repo.ts';
import * as legalRepo from './legal.repo.ts';
import { periodEnd } from './periods.ts';

/** The seller the legal pages name, from the SELLER_* settings (the invoices' issuer). */
export function sellerOf(config: Config) {
  return {
    legalName: config.SELLER_LEGAL_NAME,
    address: config.SELLER_ADDRESS,
    taxOffice: config.SELLER_TAX_OFFICE,
    taxNumber: config.SELLER_TAX_NUMBER,
    mersisNo: config.SELLER_MERSIS ?? null,
    email: config.SELLER_EMAIL,
    phone: config.SELLER_PHONE ?? null,
    website: config.publicUrl,
    legalVersion: LEGAL_VERSION,
    vatRateBp: config.VAT_RATE_BP,
  };
}

const NOT_ACCEPTED: Record<Locale, string> = {
  en: 'Accept the distance sales contract and the preliminary information form before paying.',
  tr: 'Ödemeden önce Mesafeli Satış Sözleşmesi’ni ve Ön Bilgilendirme Formu’nu onaylayın.',
};
const STALE: Record<Locale, string> = {
  en: `The contract changed while the page was open (now version ${LEGAL_VERSION}): read it again and accept it.`,
  tr: `Sayfa açıkken sözleşme değişti (şimdiki sürüm ${LEGAL_VERSION}): yeniden okuyup onaylayın.`,
};

/**
 * Refuse a checkout whose payer did not accept the documents (Distance Contracts Regulation art. 5-6:
 * the consumer confirms the preliminary information before being bound). The message is in the
 * payer's language; the field code lets the portal show its own text.
 */
export function requireLegalAcceptance(
  p: Principal,
  body: { acceptLegal?: boolean; legalVersion?: string },
): void {
  if (body.acceptLegal !== true)
    throw new AppError('VALIDATION_FAILED', NOT_ACCEPTED[p.locale], {
      fields: { acceptLegal: 'must be accepted' },
      fieldCodes: { acceptLegal: 'must_accept' },
    });
  if (body.legalVersion !== undefined && body.legalVersion !== LEGAL_VERSION)
    throw new AppError('VALIDATION_FAILED', STALE[p.locale], {
      fields: { legalVersion: `must be ${LEGAL_VERSION}` },
    });
}

/** Record the acceptance of both checkout documents with the order's facts, in the order's transaction. */
export async function recordCheckoutAcceptance(
  ctx: BillingContext,
  tx: Tx,
  p: Principal,
  meta: RequestMeta,
  order: OrderRow,
): Promise<void> {
  const now = ctx.clock.now();
  const seller = sellerOf(ctx.config);
  // What the preliminary information form showed for this order (kept as it was, whatever changes later).
  const facts = {
    orderId: order.id,
    kind: order.kind,
    plan: order.plan,
    period: order.period,
    currency: order.currency,
    netMinor: order.netMinor,
    vatMinor: order.vatMinor,
    vatRateBp: order.vatRateBp,
    amountMinor: order.amountMinor,
    periodStart: order.periodStart.toISOString(),
    periodEnd: order.periodEnd.toISOString(),
    seller,
    buyerEmail: p.email,
    locale: p.locale,
  };
  await legalRepo.insertAcceptances(
    tx,
    CHECKOUT_DOCUMENTS.map((document) => ({
      id: ctx.ids.id('lga'),
      companyId: p.companyId,
      userId: p.userId,
      orderId: order.id,
      document,
      version: LEGAL_VERSION,
      acceptedAt: now,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 500) ?? null,
      facts,
    })),
  );
  await ctx.audit.record(tx, {
    companyId: p.companyId,
    actor: { userId: p.userId, email: p.email },
    action: 'billing.legal_accepted',
    target: { type: 'order', id: order.id },
    metadata: { documents: [...CHECKOUT_DOCUMENTS], version: LEGAL_VERSION },
    meta,
  });
}

/**
 * What a checkout would charge now: the preliminary information form's order facts (plan, period,
 * dates, net, KDV, total in the chosen currency). Priced exactly as the order will be; creates nothing.
 */
export async function quoteCheckout(
  ctx: BillingContext,
  p: Principal,
  body: Pick<CheckoutBody, 'plan' | 'period' | 'currency'>,
) {
  return ctx.db.transaction(async (tx) => {
    const sub = await repo.findSubscription(tx, p.companyId);
    const now = ctx.clock.now();
    // A company from before billing has no row yet: its checkout would start a subscription.
    const plan = sub
      ? checkoutPlan(sub, body, now)
      : {
          kind: 'subscribe' as const,
          period: body.period,
          usd: planPriceUsdCents(body.plan, body.period),
          start: now,
          end: periodEnd(now, body.period),
        };
    const price = await priceOrder(ctx, tx, checkoutOrderSpec(p, body, plan, ''));
    return {
      kind: plan.kind,
      plan: body.plan,
      period: plan.period,
      currency: body.currency,
      netMinor: price.netMinor,
      vatMinor: price.vatMinor,
      amountMinor: price.amountMinor,
      vatRateBp: price.vatRateBp,
      periodStart: plan.start.toISOString(),
      periodEnd: plan.end.toISOString(),
      legalVersion: LEGAL_VERSION,
    };
  });
}
