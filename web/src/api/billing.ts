// Billing DTO types, read off the contract's schemas without importing zod (a schema's `_output` is
// the type it parses to), and the billing calls of the API.
import type {
  BillingDetailsBody,
  BillingPeriod,
  billingDetailsDto,
  CheckoutBody,
  Currency,
  checkoutResult,
  invoiceDto,
  Locale,
  orderDto,
  planChangeResult,
  planPriceDto,
  plansResult,
  subscriptionDto,
  subscriptionStatusDto,
} from '@youarecoder/contract';
import type { PlanId } from '@youarecoder/contract/plans';
import { apiUrl, request } from './client.ts';

type Out<S extends { _output: unknown }> = S['_output'];

/** GET /billing/plans */
export type PlansResult = Out<typeof plansResult>;
/** One plan of GET /billing/plans. */
export type PlanPrice = Out<typeof planPriceDto>;
/** GET /billing/subscription */
export type Subscription = Out<typeof subscriptionDto>;
/** GET /billing/status (every member). */
export type SubscriptionState = Out<typeof subscriptionStatusDto>;
/** GET /billing/details (when filled). */
export type BillingDetails = Out<typeof billingDetailsDto>;
/** POST /billing/checkout */
export type CheckoutResult = Out<typeof checkoutResult>;
/** POST /billing/plan */
export type PlanChangeResult = Out<typeof planChangeResult>;
/** A payment attempt. */
export type Order = Out<typeof orderDto>;
/** An invoice or credit note. */
export type Invoice = Out<typeof invoiceDto>;
export type { BillingDetailsBody, BillingPeriod, CheckoutBody, Currency, PlanId };

const enc = encodeURIComponent;

/** Typed billing calls (owners and admins; the plan list is public). */
export const billingApi = {
  plans: (currency: Currency) => request<PlansResult>('GET', '/billing/plans', { query: { currency } }),
  subscription: () => request<Subscription>('GET', '/billing/subscription'),
  status: () => request<SubscriptionState>('GET', '/billing/status'),
  setCurrency: (currency: Currency) =>
    request<Subscription>('PUT', '/billing/currency', { body: { currency } }),
  // The API answers `null` before the details are filled (the client turns an empty body into {}).
  details: async () => {
    const d = await request<BillingDetails | Record<string, never> | null>('GET', '/billing/details');
    return d && 'legalName' in d ? (d as BillingDetails) : null;
  },
  saveDetails: (body: BillingDetailsBody) => request<BillingDetails>('PUT', '/billing/details', { body }),
  checkout: (body: CheckoutBody) => request<CheckoutResult>('POST', '/billing/checkout', { body }),
  changePlan: (body: {
    plan: PlanId;
    period?: BillingPeriod;
    currency?: Currency;
    acceptLegal?: boolean;
    legalVersion?: string;
  }) => request<PlanChangeResult>('POST', '/billing/plan', { body }),
  cancel: (when: 'period_end' | 'now' = 'period_end') =>
    request<Subscription>('POST', '/billing/cancel', { body: { when } }),
  resume: () => request<Subscription>('POST', '/billing/resume'),
  orders: () => request<{ orders: Order[] }>('GET', '/billing/orders'),
  order: (id: string) => request<Order>('GET', `/billing/orders/${enc(id)}`),
  invoices: () => request<{ invoices: Invoice[] }>('GET', '/billing/invoices'),
  /** The PDF of an invoice (for a download link). */
  invoicePdfUrl: (id: string, locale: Locale) => apiUrl(`/billing/invoices/${enc(id)}/pdf?locale=${locale}`),
};
