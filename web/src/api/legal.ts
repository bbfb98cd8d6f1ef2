// The seller's identity for the legal pages, the preliminary information quote and refund requests,
// typed off the contract's schemas without importing zod.
import type {
  checkoutQuoteDto,
  refundOfferDto,
  refundRequestDto,
  refundsOverviewDto,
  sellerDto,
} from '@youarecoder/contract';
import type { BillingPeriod, Currency } from '@youarecoder/contract/billing-rules';
import type { PlanId } from '@youarecoder/contract/plans';
import { request } from './client.ts';

type Out<S extends { _output: unknown }> = S['_output'];

/** GET /legal/seller */
export type Seller = Out<typeof sellerDto>;
/** GET /billing/checkout/quote */
export type CheckoutQuote = Out<typeof checkoutQuoteDto>;
/** What the refund policy gives now for one payment. */
export type RefundOffer = Out<typeof refundOfferDto>;
/** A customer's refund request. */
export type RefundRequest = Out<typeof refundRequestDto>;
/** GET /billing/refunds */
export type RefundsOverview = Out<typeof refundsOverviewDto>;

const enc = encodeURIComponent;

/** Typed calls of the legal pages and refund requests. */
export const legalApi = {
  seller: () => request<Seller>('GET', '/legal/seller'),
  quote: (q: { plan: PlanId; period: BillingPeriod; currency: Currency }) =>
    request<CheckoutQuote>('GET', '/billing/checkout/quote', { query: q }),
  refunds: () => request<RefundsOverview>('GET', '/billing/refunds'),
  requestRefund: (orderId: string, reason: string) =>
    request<RefundRequest>('POST', `/billing/orders/${enc(orderId)}/refund-request`, {
      body: reason.trim() ? { reason: reason.trim() } : {},
    }),
};
