import { z } from 'zod';
import { adminPaymentDto, billingPeriodSchema, currencySchema, planIdSchema } from './billing.ts';
import { NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE } from './constants.ts';
import { REFUND_REASON_MAX_LENGTH } from './legal.ts';

const ts = z.string().describe('ISO 8601 timestamp');

/** The seller as the legal pages and invoices name it (GET /legal/seller, public). */
export const sellerDto = z.object({
  legalName: z.string(),
  address: z.string(),
  taxOffice: z.string(),
  taxNumber: z.string(),
  mersisNo: z.string().nullable(),
  email: z.string(),
  phone: z.string().nullable(),
  website: z.string(),
  /** Version of the legal documents (contract LEGAL_VERSION). */
  legalVersion: z.string(),
  vatRateBp: z.number().int(),
});

/** Query of GET /billing/checkout/quote: what a checkout would charge. */
export const checkoutQuoteQuery = z.object({
  plan: planIdSchema,
  period: billingPeriodSchema,
  currency: currencySchema,
});

/** The order-specific facts of the preliminary information form, before anything is created. */
export const checkoutQuoteDto = z.object({
  kind: z.enum(['subscribe', 'renewal', 'upgrade']),
  plan: planIdSchema,
  period: billingPeriodSchema,
  currency: currencySchema,
  netMinor: z.number().int(),
  vatMinor: z.number().int(),
  amountMinor: z.number().int(),
  vatRateBp: z.number().int(),
  periodStart: ts,
  periodEnd: ts,
  legalVersion: z.string(),
});

/** What the refund policy gives now for one paid order. */
export const refundOfferDto = z.object({
  orderId: z.string(),
  rule: z.enum(['full', 'pro_rata', 'none']),
  amountMinor: z.number().int(),
  currency: currencySchema,
  periodDays: z.number().int(),
  unusedDays: z.number().int(),
});

/** A customer's refund request. */
export const refundRequestDto = z.object({
  id: z.string(),
  orderId: z.string(),
  status: z.enum(['open', 'approved', 'declined']),
  reason: z.string().nullable(),
  rule: z.enum(['full', 'pro_rata']),
  /** What the policy gave when it was asked (the operator's prefilled amount). */
  amountMinor: z.number().int(),
  currency: currencySchema,
  createdAt: ts,
  decidedAt: ts.nullable(),
  decisionNote: z.string().nullable(),
  refundId: z.string().nullable(),
});

/** Answer of GET /billing/refunds: the policy's offer per paid order and the requests made. */
export const refundsOverviewDto = z.object({
  offers: z.array(refundOfferDto),
  requests: z.array(refundRequestDto),
});

/** Body of POST /billing/orders/:id/refund-request. */
export const refundRequestBody = z.object({
  reason: z
    .string()
    .trim()
    .max(REFUND_REASON_MAX_LENGTH, `must be at most ${REFUND_REASON_MAX_LENGTH} characters`)
    .refine((v) => !v.includes(String.fromCharCode(0)), 'may not contain NUL characters')
    .optional(),
});

/** Body of POST /admin/refund-requests/:id/decline. */
export const declineRefundBody = z.object({
  note: z.string().trim().min(1, 'is required').max(1000).regex(NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE),
});

/** A payment as operators see it, with the customer's latest refund request beside it. */
export const adminPaymentRowDto = adminPaymentDto.extend({ refundRequest: refundRequestDto.nullable() });
