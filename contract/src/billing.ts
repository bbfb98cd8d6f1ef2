import { z } from 'zod';
import {
  BILLING_PERIODS,
  CANCEL_REFUND_POLICIES,
  CURRENCIES,
  ORDER_STATUSES,
  SUBSCRIPTION_STATUSES,
} from './billing-rules.ts';
import { NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE } from './constants.ts';
import { isCountryCode } from './countries.ts';
import { PLAN_IDS } from './plans.ts';
import { type TurkishTaxIdProblem, turkishTaxIdProblem } from './tax-ids.ts';

/** Schema of a currency. */
export const currencySchema = z.enum(CURRENCIES, { message: 'must be TRY, USD or EUR' });
/** Schema of a billing period. */
export const billingPeriodSchema = z.enum(BILLING_PERIODS, { message: 'must be monthly or annual' });
/** Schema of a plan id. */
export const planIdSchema = z.enum(PLAN_IDS, { message: 'must be starter, team or enterprise' });

const ts = z.string().describe('ISO 8601 timestamp');
const text = (max: number, min = 1) =>
  z
    .string({ message: 'is required' })
    .trim()
    .min(min, min === 1 ? 'is required' : `must be at least ${min} characters`)
    .max(max, `must be at most ${max} characters`)
    .regex(NO_CONTROL_CHARS, NO_CONTROL_CHARS_MESSAGE);

/**
 * The payer's acceptance of the distance sales contract and the preliminary information form. Optional
 * in the schema so the service answers its absence with a field error in the payer's language; the
 * version, when sent, must be the one the server publishes (a page left open across a change is refused).
 */
const legalAcceptanceFields = {
  acceptLegal: z.boolean().optional(),
  legalVersion: z.string().max(40).optional(),
};

/** Query of GET /billing/plans. */
export const plansQuery = z.object({ currency: currencySchema.optional() });

/** A plan with its limits and prices in one currency. */
export const planPriceDto = z.object({
  id: z.enum(PLAN_IDS),
  limits: z.object({
    workspaceLimit: z.number().int(),
    diskQuotaBytes: z.number().int(),
    maxIdleTimeoutMinutes: z.number().int(),
    /** Per workspace: CPU cores, memory in bytes, processes. */
    cpuLimit: z.number(),
    memoryLimitBytes: z.number().int(),
    processLimit: z.number().int(),
    /** Single sign-on (OpenID Connect) with the company's identity provider. */
    sso: z.boolean(),
  }),
  /** Net prices (VAT not included) per period, minor units of `currency`. */
  prices: z.object({ monthly: z.number().int(), annual: z.number().int() }),
  usdPrices: z.object({ monthly: z.number().int(), annual: z.number().int() }),
});

/** GET /billing/plans. */
export const plansResult = z.object({
  currency: currencySchema,
  /** TRY per one unit of `currency` and of USD, as printed by TCMB; null for USD pricing in USD. */
  rate: z.string().nullable(),
  usdRate: z.string().nullable(),
  /** The TCMB bulletin the rate comes from (YYYY-MM-DD), and whether it is older than expected. */
  rateDate: z.string().nullable(),
  rateStale: z.boolean(),
  vatRateBp: z.number().int(),
  plans: z.array(planPriceDto),
});

/** What a subscription entitles its company to, derived in one place. */
export const entitlementsDto = z.object({
  plan: z.enum(PLAN_IDS),
  workspaceLimit: z.number().int(),
  diskQuotaBytes: z.number().int(),
  maxIdleTimeoutMinutes: z.number().int(),
  /** False when suspended: nothing new may be created or started. */
  canUseWorkspaces: z.boolean(),
});

/** GET /billing/subscription. */
export const subscriptionDto = z.object({
  status: z.enum(SUBSCRIPTION_STATUSES),
  plan: z.enum(PLAN_IDS),
  period: billingPeriodSchema,
  currency: currencySchema,
  trialEndsAt: ts.nullable(),
  currentPeriodStart: ts.nullable(),
  currentPeriodEnd: ts.nullable(),
  cancelAtPeriodEnd: z.boolean(),
  nextPlan: z.enum(PLAN_IDS).nullable(),
  nextPeriod: billingPeriodSchema.nullable(),
  pastDueSince: ts.nullable(),
  /** When a past-due company will be suspended. */
  graceEndsAt: ts.nullable(),
  suspendedAt: ts.nullable(),
  entitlements: entitlementsDto,
  /** The next payment expected: amount with VAT, minor units, and when. */
  nextCharge: z
    .object({ amountMinor: z.number().int(), currency: currencySchema, at: ts, plan: z.enum(PLAN_IDS) })
    .nullable(),
  /** An unpaid renewal order the payment link points at. */
  openOrderId: z.string().nullable(),
  billingDetailsComplete: z.boolean(),
  /** `simulator` when no PayTR credentials are set (development). */
  gateway: z.object({ kind: z.enum(['paytr', 'simulator']), testMode: z.boolean(), recurring: z.boolean() }),
  card: z.object({ last4: z.string() }).nullable(),
  /**
   * While the trial runs: paying now starts the plan at once and adds the trial's remaining days to the
   * first period, which then ends a period after the trial's end (said before the customer pays).
   */
  trialCredit: z
    .object({
      days: z.number().int(),
      trialEndsAt: ts,
      firstPeriodEnds: z.object({ monthly: ts, annual: ts }),
    })
    .nullable(),
  /**
   * A declined stored-card renewal and its automatic retries (past due only): when it failed and
   * why, retries made so far, and the next one (null: none left, or retries off).
   */
  dunning: z
    .object({
      failedAt: ts,
      /** PayTR's own (Turkish) sentence: detail beside the message chosen by reasonCode. */
      reason: z.string().nullable(),
      /** PayTR's failed_reason_code (see paymentFailure). */
      reasonCode: z.string().nullable(),
      attempts: z.number().int(),
      retryDays: z.array(z.number().int()),
      nextRetryAt: ts.nullable(),
    })
    .nullable(),
  /** Credit on the company (USD cents of list price), used against its next payment. */
  creditUsdMinor: z.number().int(),
  /** What canceling now would do (null: nothing to cancel now). */
  cancelNow: z
    .object({
      policy: z.enum(CANCEL_REFUND_POLICIES),
      /** Service ends at this moment (the request's). */
      endsAt: ts,
      /** Whole unused days of the paid period and the credit for them (0 under `none`). */
      unusedDays: z.number().int(),
      creditUsdMinor: z.number().int(),
    })
    .nullable(),
  /**
   * The TCMB bulletin prices are converted at (YYYY-MM-DD), and whether prices in the company's
   * currency are unavailable now (production, bulletin past RATES_MAX_AGE_DAYS).
   */
  rates: z.object({ date: z.string().nullable(), unavailable: z.boolean() }),
});

/** Body of POST /billing/cancel: at the period end (the default, as before) or now. */
export const cancelBody = z.object({ when: z.enum(['period_end', 'now']).default('period_end') }).optional();

/** GET /billing/status: what every member may know (the banner), no money. */
export const subscriptionStatusDto = z.object({
  status: z.enum(SUBSCRIPTION_STATUSES),
  plan: z.enum(PLAN_IDS),
  trialEndsAt: ts.nullable(),
  currentPeriodEnd: ts.nullable(),
  graceEndsAt: ts.nullable(),
  suspendedAt: ts.nullable(),
  canUseWorkspaces: z.boolean(),
});

/** Billing details' fields as stored (also rows saved before the country and check-digit rules). */
const billingDetailsFields = z.object({
  legalName: text(200, 2),
  taxOffice: text(100),
  taxNumber: z
    .string({ message: 'is required' })
    .trim()
    .regex(/^[A-Za-z0-9-]{5,20}$/, 'must be 5-20 letters or digits (VKN: 10 digits, TCKN: 11 digits)'),
  address: text(400, 5),
  city: text(100),
  country: z
    .string({ message: 'is required' })
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{2}$/, 'must be a two-letter country code, e.g. TR'),
  /** The payer's phone, which PayTR asks for with each payment. */
  phone: z
    .string()
    .trim()
    .regex(/^\+?[0-9 ()-]{7,20}$/, 'must be a phone number of 7-20 digits')
    .optional(),
});

/** The English text of each refusal of a Turkish buyer's tax number (field code tax_number_invalid). */
const TURKISH_TAX_ID_MESSAGES: Record<TurkishTaxIdProblem, string> = {
  format: 'must be a 10-digit VKN (companies) or an 11-digit TCKN (individuals) for a buyer in Türkiye',
  check_digit: 'is not a valid VKN or TCKN (check digit)',
};

/**
 * Body of PUT /billing/details. The country decides the VAT (KDV, or the export exemption abroad), so it
 * must be an officially assigned ISO 3166-1 code; a Turkish buyer's tax number must be a VKN or a TCKN
 * with valid check digits; a foreign buyer's is free text (a foreign tax id). Refusals carry their field
 * code in `params.reason`.
 */
export const billingDetailsBody = billingDetailsFields
  .extend({
    country: z
      .string({ message: 'is required' })
      .trim()
      .toUpperCase()
      .superRefine((c, ctx) => {
        if (!isCountryCode(c))
          ctx.addIssue({
            code: 'custom',
            message: 'must be an ISO 3166 country code such as TR or DE',
            params: { reason: 'country_unknown' },
          });
      })
      // The refinement is opaque to JSON Schema: describe it for the OpenAPI document.
      .meta({ description: 'ISO 3166-1 alpha-2 country code (officially assigned), e.g. TR or DE' }),
  })
  .superRefine((d, ctx) => {
    const problem = d.country === 'TR' ? turkishTaxIdProblem(d.taxNumber) : null;
    if (problem)
      ctx.addIssue({
        code: 'custom',
        path: ['taxNumber'],
        message: TURKISH_TAX_ID_MESSAGES[problem],
        params: { reason: 'tax_number_invalid' },
      });
  });
/** Body of PUT /billing/details. */
export type BillingDetailsBody = z.infer<typeof billingDetailsBody>;

/** Billing details as stored. */
export const billingDetailsDto = billingDetailsFields.extend({
  phone: z.string().nullable(),
  currency: currencySchema,
  updatedAt: ts,
  /**
   * KDV on the next order and why: `taxed` (a buyer in Türkiye), `exempt` (abroad, with a foreign tax
   * number), `review_pending` / `review_refused` (the details contradict the exemption — a Turkish tax
   * number, or another EU state's VAT number — so KDV is charged unless an operator confirms it).
   */
  vat: z.object({
    status: z.enum(['taxed', 'exempt', 'review_pending', 'review_refused']),
    reason: z.enum(['turkish_tax_number', 'vat_number_of_another_country']).nullable(),
  }),
});

/** Body of POST /admin/companies/:id/vat-exemption: an operator's decision on a contradicted exemption. */
export const exemptionDecisionBody = z.object({
  decision: z.enum(['confirm', 'refuse']),
  note: z.string().trim().min(3, 'must say why, in at least 3 characters').max(1000),
});

/** Body of PUT /billing/currency (the remembered display and renewal currency). */
export const currencyBody = z.object({ currency: currencySchema });

/** Body of POST /billing/checkout. */
export const checkoutBody = z.object({
  plan: planIdSchema,
  period: billingPeriodSchema,
  currency: currencySchema,
  ...legalAcceptanceFields,
});
/** Body of POST /billing/checkout. */
export type CheckoutBody = z.infer<typeof checkoutBody>;

/** Answer of POST /billing/checkout: what the portal needs to show PayTR's iframe. */
export const checkoutResult = z.object({
  orderId: z.string(),
  merchantOid: z.string(),
  /** Amount with VAT, minor units. */
  amount: z.number().int(),
  currency: currencySchema,
  /** PayTR's payment page for an iframe (the iFrame API); null when `directForm` is used. */
  iframeUrl: z.string().nullable(),
  /**
   * With PAYTR_RECURRING=1: a card form the browser posts straight to PayTR (Direct API with
   * store_card=1, so renewals can charge the stored card). Card data never reaches the platform.
   */
  directForm: z.object({ action: z.string(), fields: z.record(z.string(), z.string()) }).nullable(),
  kind: z.enum(['subscribe', 'renewal', 'upgrade']),
});

/** Body of POST /billing/plan (upgrade now with a prorated charge, or downgrade at the period end). */
export const planChangeBody = z.object({
  plan: planIdSchema,
  period: billingPeriodSchema.optional(),
  currency: currencySchema.optional(),
  /** Needed only when the change is paid now (an upgrade): see checkoutBody. */
  ...legalAcceptanceFields,
});

/** Answer of POST /billing/plan. */
export const planChangeResult = z.object({
  effect: z.enum(['checkout', 'scheduled', 'unchanged']),
  checkout: checkoutResult.nullable(),
  subscription: subscriptionDto,
});

/** An order (payment attempt) as the portal lists it. */
export const orderDto = z.object({
  id: z.string(),
  merchantOid: z.string(),
  kind: z.enum(['subscribe', 'renewal', 'upgrade']),
  plan: z.enum(PLAN_IDS),
  period: billingPeriodSchema,
  currency: currencySchema,
  netMinor: z.number().int(),
  vatMinor: z.number().int(),
  amountMinor: z.number().int(),
  status: z.enum(ORDER_STATUSES),
  failedReasonCode: z.string().nullable(),
  failedReasonMsg: z.string().nullable(),
  paidTotalMinor: z.number().int().nullable(),
  refundedMinor: z.number().int(),
  periodStart: ts,
  periodEnd: ts,
  rate: z.string(),
  rateDate: z.string().nullable(),
  createdAt: ts,
  paidAt: ts.nullable(),
  invoiceId: z.string().nullable(),
});

/** An invoice or credit note. */
export const invoiceDto = z.object({
  id: z.string(),
  number: z.string(),
  kind: z.enum(['invoice', 'credit_note']),
  orderId: z.string(),
  issuedAt: ts,
  currency: currencySchema,
  netMinor: z.number().int(),
  vatMinor: z.number().int(),
  totalMinor: z.number().int(),
  vatRateBp: z.number().int(),
  vatExemptReason: z.string().nullable(),
  tryTotalMinor: z.number().int(),
  /** The VAT base and the VAT in TRY; null on invoices issued before they were kept. */
  tryNetMinor: z.number().int().nullable(),
  tryVatMinor: z.number().int().nullable(),
  tryRate: z.string(),
  fxDate: z.string().nullable(),
  periodStart: ts.nullable(),
  periodEnd: ts.nullable(),
});

/** List answers. */
export const ordersResult = z.object({ orders: z.array(orderDto) });
/** List answers. */
export const invoicesResult = z.object({ invoices: z.array(invoiceDto) });

/** Body of POST /admin/billing/orders/:id/refund. */
export const refundBody = z.object({
  amountMinor: z.number().int().positive('must be a positive amount in minor units').optional(),
  reason: text(500),
  /** The customer's refund request this refund carries out (it is then marked approved). */
  requestId: z.string().min(1).max(80).optional(),
});

/** A company as the platform operators see it. */
export const adminCompanyDto = z.object({
  id: z.string(),
  name: z.string(),
  subdomain: z.string(),
  ownerEmail: z.string().nullable(),
  plan: z.enum(PLAN_IDS),
  status: z.enum(SUBSCRIPTION_STATUSES),
  trialEndsAt: ts.nullable(),
  currentPeriodEnd: ts.nullable(),
  createdAt: ts,
  /** What its paid orders came to, less refunds, per currency (minor units): never added across currencies. */
  paid: z.array(z.object({ currency: currencySchema, minor: z.number().int() })),
  /** An export exemption the billing details contradict, held for an operator's decision. */
  vatReview: z
    .object({
      status: z.enum(['pending', 'confirmed', 'refused']),
      country: z.string(),
      taxNumber: z.string(),
    })
    .nullable(),
});

/** A payment across companies (operators). */
export const adminPaymentDto = orderDto.extend({ companyId: z.string(), companyName: z.string() });

/** A stored notification (operators). */
export const adminCallbackDto = z.object({
  id: z.string(),
  receivedAt: ts,
  merchantOid: z.string().nullable(),
  orderId: z.string().nullable(),
  companyId: z.string().nullable(),
  outcome: z.enum(['booked', 'failure_recorded', 'duplicate', 'rejected', 'held']),
  reason: z.string().nullable(),
  hashValid: z.boolean(),
  body: z.record(z.string(), z.string()),
  remoteIp: z.string().nullable(),
  reviewedAt: ts.nullable(),
  reviewNote: z.string().nullable(),
});

/** A job failing repeatedly (operators). */
export const failingJobDto = z.object({
  id: z.string(),
  task: z.string(),
  attempts: z.number().int(),
  maxAttempts: z.number().int(),
  lastError: z.string().nullable(),
  runAt: z.string(),
  permanent: z.boolean(),
});

/** A refund (operators). */
export const refundDto = z.object({
  id: z.string(),
  orderId: z.string(),
  amountMinor: z.number().int(),
  referenceNo: z.string(),
  status: z.enum(['pending', 'done', 'failed']),
  error: z.string().nullable(),
  creditNoteId: z.string().nullable(),
  createdAt: ts,
});

/** Body of POST /admin/callbacks/:id/review. */
export const reviewBody = z.object({ note: z.string().trim().min(1, 'is required').max(1000) });
