import {
  type BILLING_PERIODS,
  type BillingDetailsBody,
  billingDetailsBody,
  type CheckoutBody,
  type Currency,
  exemptionCheck,
  type Locale,
  PAYER_EMAIL_MAX_LENGTH,
  PLAN_IDS,
  PLAN_NAMES,
  type PlanId,
  planPriceUsdCents,
  planRank,
  TRIAL_DAYS,
} from '@youarecoder/contract';
import { PLANS, publicPlanLimits } from '@youarecoder/contract/plans';
import type { Tx } from '../../platform/db/client.ts';
import { type Principal, type RequestMeta, requireRole, requireVerified } from '../../platform/http/auth.ts';
import { AppError, notFound } from '../../platform/http/errors.ts';
import { basketItemName } from './basket.ts';
import { cancelNow, cancelNowPreview } from './billing.cancel.ts';
import { checkoutOrderSpec, checkoutPlan } from './billing.checkout-plan.ts';
import type { BillingContext } from './billing.context.ts';
import { dunningView } from './billing.dunning.ts';
import {
  quoteCheckout,
  recordCheckoutAcceptance,
  requireLegalAcceptance,
  sellerOf,
} from './billing.legal.ts';
import { alertOps } from './billing.mail.ts';
import { createOrder } from './billing.orders.ts';
import {
  presentDetails,
  presentInvoice,
  presentOrder,
  presentStatus,
  presentSubscription,
} from './billing.present.ts';
import { priceFrom, quoteOrFail } from './billing.pricing.ts';
import { createRefundRequests } from './billing.refund-requests.ts';
import * as repo from './billing.repo.ts';
import { availableCredit, creditBalance } from './credits.repo.ts';
import { GatewayError } from './gateways/gateway.ts';
import { invoicePdf, listInvoices } from './invoices/index.ts';
import { DAY } from './periods.ts';
import { usdToMinor } from './rates/index.ts';
import { reviewKey, taxTreatment } from './tax-evidence.ts';

const actorOf = (p: Principal) => ({ userId: p.userId, email: p.email });
const billingRoles = (p: Principal) => requireRole(p, 'owner', 'admin');

/** The account-facing billing use cases (owners and admins). */
export function createBillingService(ctx: BillingContext) {
  const { db, clock, audit } = ctx;

  /** An audit entry of a person's billing change, in its transaction. */
  const auditAs = (
    tx: Tx,
    p: Principal,
    meta: RequestMeta,
    action: Parameters<typeof audit.record>[1]['action'],
    target: { type: string; id: string },
    metadata: Record<string, unknown>,
  ) => audit.record(tx, { companyId: p.companyId, actor: actorOf(p), action, target, metadata, meta });

  /** The subscription row, created on the spot for a company that predates billing. */
  async function subscriptionOf(tx: Tx, companyId: string) {
    let sub = await repo.lockSubscription(tx, companyId);
    if (!sub) {
      await startTrial(tx, companyId, clock.now());
      sub = await repo.lockSubscription(tx, companyId);
    }
    if (!sub) throw notFound('Subscription');
    return sub;
  }

  /** A new company's trial (called inside the signup transaction). */
  async function startTrial(tx: Tx, companyId: string, now: Date) {
    await repo.insertSubscription(tx, {
      companyId,
      status: 'trialing',
      plan: 'starter',
      trialEndsAt: new Date(now.getTime() + TRIAL_DAYS * DAY),
      createdAt: now,
      updatedAt: now,
    });
  }

  async function view(companyId: string) {
    return db.transaction(async (tx) => {
      const sub = await subscriptionOf(tx, companyId);
      const details = await repo.findDetails(tx, companyId);
      let nextCharge = null;
      // What the renewal will charge in (renewalSpec), not the details' last choice.
      const currency = sub.currency;
      const q = await ctx.rates.quote(tx, currency);
      const credit = await availableCredit(tx, companyId);
      // A trial is never charged by itself (it ends, or the company chooses a plan): no next charge.
      const at = sub.currentPeriodEnd;
      if (q && at && !sub.cancelAtPeriodEnd && (sub.status === 'active' || sub.status === 'past_due')) {
        const plan = sub.nextPlan ?? sub.plan;
        const period = sub.nextPeriod ?? sub.period;
        const price = priceFrom(
          q,
          planPriceUsdCents(plan, period),
          taxTreatment(details),
          ctx.config.VAT_RATE_BP,
          credit,
        );
        nextCharge = { amountMinor: price.amountMinor, currency, at: at.toISOString(), plan };
      }
      return presentSubscription(ctx, sub, {
        details,
        nextCharge,
        openOrderId: null,
        dunning: await dunningView(ctx, tx, sub),
        creditUsdMinor: await creditBalance(tx, companyId),
        cancelNow: await cancelNowPreview(ctx, tx, sub),
        // The portal shows the bulletin's date near prices; a refusal here alerts like a checkout's.
        rates: { date: q?.date ?? null, unavailable: !!q && ctx.rateAge.refuses(currency, q.date) },
      });
    });
  }

  const refundRequests = createRefundRequests(ctx);

  const service = {
    startTrial,

    /** The seller the legal pages name (public). */
    seller: () => sellerOf(ctx.config),

    /** What the refund policy gives now per paid order, and the requests made. */
    refunds: refundRequests.overview,

    /** Ask for a refund of a paid order under the policy. */
    requestRefund: refundRequests.request,

    /** Plans with prices in a currency at the latest stored rate (public: the landing page uses it). */
    async plans(currency: Currency = 'USD') {
      const q = await quoteOrFail(ctx.rates, db, currency, ctx.rateAge);
      // List prices are net: converted, without VAT.
      const price = (plan: PlanId, period: (typeof BILLING_PERIODS)[number]) =>
        usdToMinor(planPriceUsdCents(plan, period), q.currency, {
          usdTry: q.usdTry,
          targetTry: q.tryPerUnit,
        });
      return {
        currency,
        rate: currency === 'USD' ? q.usdTry : q.tryPerUnit,
        usdRate: q.usdTry,
        rateDate: q.date,
        rateStale: q.stale,
        vatRateBp: ctx.config.VAT_RATE_BP,
        plans: PLAN_IDS.map((id) => ({
          id,
          limits: publicPlanLimits(id),
          prices: { monthly: price(id, 'monthly'), annual: price(id, 'annual') },
          usdPrices: { monthly: planPriceUsdCents(id, 'monthly'), annual: planPriceUsdCents(id, 'annual') },
        })),
      };
    },

    /** The subscription's state for any member (the portal's banner): no amounts, no details. */
    async status(p: Principal) {
      // No prices here: the state alone, without the rate lookup of the full view.
      const sub = await db.transaction((tx) => subscriptionOf(tx, p.companyId));
      return presentStatus(sub);
    },

    /** The company's subscription with its entitlements and next charge. */
    async subscription(p: Principal) {
      billingRoles(p);
      return view(p.companyId);
    },

    /** Billing details, or null before they are filled. */
    async details(p: Principal) {
      billingRoles(p);
      const d = await repo.findDetails(db, p.companyId);
      if (!d) return null;
      return presentDetails(d);
    },

    /** Fill or change billing details (they are copied onto each invoice; issued ones never change). */
    async putDetails(p: Principal, body: BillingDetailsBody, meta: RequestMeta) {
      billingRoles(p);
      await db.transaction(async (tx) => {
        const before = await repo.findDetails(tx, p.companyId);
        // Details that contradict the export exemption are held for an operator (taxed meanwhile); the
        // review is asked once per country and tax number, and cleared when the contradiction goes.
        const check = exemptionCheck(body.country, body.taxNumber);
        const key = reviewKey(body.country, body.taxNumber);
        const asked = check.kind === 'contradiction' && before?.exemptionReviewKey !== key;
        const review =
          check.kind !== 'contradiction'
            ? {
                exemptionReview: null,
                exemptionReviewKey: null,
                exemptionReviewedBy: null,
                exemptionReviewedAt: null,
                exemptionReviewNote: null,
              }
            : asked
              ? {
                  exemptionReview: 'pending' as const,
                  exemptionReviewKey: key,
                  exemptionReviewedBy: null,
                  exemptionReviewedAt: null,
                  exemptionReviewNote: null,
                }
              : {};
        await repo.upsertDetails(tx, {
          companyId: p.companyId,
          ...body,
          phone: body.phone ?? null,
          currency: before?.currency ?? 'TRY',
          updatedAt: clock.now(),
          updatedBy: p.userId,
          ...review,
        });
        if (asked && check.kind === 'contradiction') {
          await auditAs(
            tx,
            p,
            meta,
            'billing.vat_exemption_review_requested',
            { type: 'company', id: p.companyId },
            { country: body.country, reason: check.reason },
          );
          await alertOps(
            ctx,
            tx,
            `VAT exemption to review for company ${p.companyId}`,
            `Billing details give the country ${body.country} with the tax number ${body.taxNumber} (${check.reason.replaceAll('_', ' ')}). KDV is charged until you confirm or refuse the export exemption on the admin Companies page.`,
          );
        }
        await auditAs(
          tx,
          p,
          meta,
          'billing.details_updated',
          { type: 'company', id: p.companyId },
          { fields: Object.keys(body) },
        );
      });
      return service.details(p);
    },

    /** Remember the currency the portal shows and renewals charge in. */
    async setCurrency(p: Principal, currency: Currency, meta: RequestMeta) {
      billingRoles(p);
      await db.transaction(async (tx) => {
        await subscriptionOf(tx, p.companyId);
        await repo.updateSubscription(tx, p.companyId, { currency, updatedAt: clock.now() });
        const d = await repo.findDetails(tx, p.companyId);
        if (d) await repo.upsertDetails(tx, { ...d, currency });
        await auditAs(
          tx,
          p,
          meta,
          'billing.currency_changed',
          { type: 'company', id: p.companyId },
          { currency },
        );
      });
      return view(p.companyId);
    },

    /** What a checkout would charge now (the preliminary information form's facts); creates nothing. */
    quote: (p: Principal, body: Pick<CheckoutBody, 'plan' | 'period' | 'currency'>) => {
      billingRoles(p);
      return quoteCheckout(ctx, p, body);
    },

    /** Create an order and ask PayTR for its payment page. */
    async checkout(p: Principal, body: CheckoutBody, meta: RequestMeta) {
      billingRoles(p);
      requireVerified(p);
      const now = clock.now();
      const { order, details, userName, utoken } = await db.transaction(async (tx) => {
        const details = await repo.findDetails(tx, p.companyId);
        if (!details)
          throw new AppError(
            'BILLING_DETAILS_REQUIRED',
            'Fill in the billing details (legal name, tax office, tax number, address, city, country) before the first payment: invoices are made out to them.',
            {
              fields: Object.fromEntries(
                ['legalName', 'taxOffice', 'taxNumber', 'address', 'city', 'country'].map((f) => [
                  f,
                  'is required',
                ]),
              ),
            },
          );
        // Details saved before today's rules (a check digit, a country code) are checked again: an invoice
        // must not be made out to a tax number that cannot exist.
        const recheck = billingDetailsBody.safeParse({ ...details, phone: details.phone ?? undefined });
        if (!recheck.success) {
          const fields = Object.fromEntries(recheck.error.issues.map((i) => [i.path.join('.'), i.message]));
          throw new AppError(
            'BILLING_DETAILS_REQUIRED',
            `Update the billing details before paying: ${Object.entries(fields)
              .map(([k, m]) => `${k} ${m}`)
              .join('; ')}.`,
            { fields },
          );
        }
        if (p.email.length > PAYER_EMAIL_MAX_LENGTH)
          throw new AppError(
            'VALIDATION_FAILED',
            `PayTR accepts payer email addresses of at most ${PAYER_EMAIL_MAX_LENGTH} characters and yours has ${p.email.length}: change your email on the Account page, or ask another owner or admin to pay.`,
            { fields: { email: `must be at most ${PAYER_EMAIL_MAX_LENGTH} characters for PayTR` } },
          );
        if (!details.phone)
          throw new AppError(
            'BILLING_DETAILS_REQUIRED',
            'Add a phone number to the billing details: PayTR asks for one with each card payment.',
            {
              fields: { phone: 'is required for card payments' },
            },
          );
        requireLegalAcceptance(p, body);
        const sub = await subscriptionOf(tx, p.companyId);
        const plan = checkoutPlan(sub, body, now);
        const order = await createOrder(ctx, tx, checkoutOrderSpec(p, body, plan, meta.ip ?? '127.0.0.1'));
        // The order is tied to its acceptance: both rows carry its id, in its transaction.
        await recordCheckoutAcceptance(ctx, tx, p, meta, order);
        await auditAs(
          tx,
          p,
          meta,
          'billing.checkout_started',
          { type: 'order', id: order.id },
          {
            kind: order.kind,
            plan: order.plan,
            period: order.period,
            amountMinor: order.amountMinor,
            currency: order.currency,
          },
        );
        const { rows } = await repo.billingContacts(tx, p.companyId);
        return {
          order,
          details,
          utoken: sub.cardUtoken,
          userName: rows.find((r) => r.id === p.userId)?.full_name ?? '',
        };
      });
      const request = {
        merchantOid: order.merchantOid,
        userIp: order.userIp,
        email: order.email,
        amountMinor: order.amountMinor,
        currency: order.currency,
        basket: [
          {
            name: basketItemName(order, p.locale),
            unitPriceMinor: order.amountMinor,
            quantity: 1,
          },
        ],
        userName: userName || details.legalName,
        userAddress: `${details.address}, ${details.city}, ${details.country}`,
        userPhone: details.phone ?? '',
        okUrl: `${ctx.config.publicUrl}/app/billing?payment=ok&order=${order.id}`,
        failUrl: `${ctx.config.publicUrl}/app/billing?payment=fail&order=${order.id}`,
        lang: p.locale,
        timeoutMinutes: ctx.config.PAYTR_ORDER_TIMEOUT_MINUTES,
      };
      const answer = {
        orderId: order.id,
        merchantOid: order.merchantOid,
        amount: order.amountMinor,
        currency: order.currency,
        kind: order.kind,
      };
      // Stored-card renewals need the Direct API (the iFrame API cannot store cards).
      if (ctx.config.PAYTR_RECURRING === '1')
        return {
          ...answer,
          iframeUrl: null,
          directForm: ctx.gateway.directPaymentForm({ ...request, utoken: utoken ?? null }),
        };
      try {
        const page = await ctx.gateway.createPayment(request);
        return { ...answer, iframeUrl: page.iframeUrl, directForm: null };
      } catch (err) {
        const reason = err instanceof GatewayError ? err.reason : (err as Error).message;
        await repo.updateOrder(db, order.id, {
          status: 'failed',
          failedReasonMsg: `payment page not created: ${reason}`.slice(0, 500),
          settledAt: clock.now(),
        });
        ctx.log.error({ err, orderId: order.id }, 'PayTR refused or could not be reached');
        throw new AppError(
          'PAYMENT_PROVIDER_ERROR',
          `The payment provider could not start the payment: ${reason}`,
          {
            cause: err,
          },
        );
      }
    },

    /** Upgrade now (a checkout for the prorated difference), or schedule a downgrade for the period end. */
    async changePlan(
      p: Principal,
      body: {
        plan: PlanId;
        period?: (typeof BILLING_PERIODS)[number];
        currency?: Currency;
        acceptLegal?: boolean;
        legalVersion?: string;
      },
      meta: RequestMeta,
    ) {
      billingRoles(p);
      const decision = await db.transaction(async (tx) => {
        const sub = await subscriptionOf(tx, p.companyId);
        const period = body.period ?? sub.period;
        if (sub.status !== 'active') return { checkout: true as const, period };
        const up = planRank(body.plan) > planRank(sub.plan);
        if (up) return { checkout: true as const, period: sub.period };
        const target = body.plan;
        if (target === sub.plan && period === sub.period) {
          if (!sub.nextPlan && !sub.nextPeriod)
            return { checkout: false as const, effect: 'unchanged' as const };
          await repo.updateSubscription(tx, p.companyId, {
            nextPlan: null,
            nextPeriod: null,
            updatedAt: clock.now(),
          });
          await audit.record(tx, {
            companyId: p.companyId,
            actor: actorOf(p),
            action: 'billing.downgrade_canceled',
            target: { type: 'company', id: p.companyId },
            metadata: { plan: sub.plan },
            meta,
          });
          return { checkout: false as const, effect: 'scheduled' as const };
        }
        if (planRank(target) < planRank(sub.plan)) await ensureFits(tx, p.companyId, target);
        await repo.updateSubscription(tx, p.companyId, {
          nextPlan: target === sub.plan ? null : target,
          nextPeriod: period === sub.period ? null : period,
          updatedAt: clock.now(),
        });
        await auditAs(
          tx,
          p,
          meta,
          'billing.downgrade_scheduled',
          { type: 'company', id: p.companyId },
          { from: sub.plan, to: target, period, at: sub.currentPeriodEnd?.toISOString() },
        );
        return { checkout: false as const, effect: 'scheduled' as const };
      });
      if (decision.checkout) {
        const currency = body.currency ?? (await repo.findSubscription(db, p.companyId))?.currency ?? 'TRY';
        const checkout = await service.checkout(
          p,
          {
            plan: body.plan,
            period: decision.period,
            currency,
            acceptLegal: body.acceptLegal,
            legalVersion: body.legalVersion,
          },
          meta,
        );
        return { effect: 'checkout' as const, checkout, subscription: await view(p.companyId) };
      }
      return { effect: decision.effect, checkout: null, subscription: await view(p.companyId) };
    },

    /** Cancel at the period end (or the trial's end), or now (owner only: billing.cancel.ts). */
    async cancel(p: Principal, meta: RequestMeta, when: 'period_end' | 'now' = 'period_end') {
      billingRoles(p);
      if (when === 'now') {
        requireRole(p, 'owner');
        await db.transaction(async (tx) =>
          cancelNow(ctx, tx, p, await subscriptionOf(tx, p.companyId), meta),
        );
        return view(p.companyId);
      }
      await db.transaction(async (tx) => {
        const sub = await subscriptionOf(tx, p.companyId);
        if (sub.status !== 'active' && sub.status !== 'trialing')
          throw new AppError(
            'CONFLICT',
            `A ${sub.status.replace('_', ' ')} subscription cannot be canceled; it is not renewing.`,
          );
        if (sub.cancelAtPeriodEnd) return;
        await repo.updateSubscription(tx, p.companyId, { cancelAtPeriodEnd: true, updatedAt: clock.now() });
        await auditAs(
          tx,
          p,
          meta,
          'billing.cancel_scheduled',
          { type: 'company', id: p.companyId },
          { at: (sub.currentPeriodEnd ?? sub.trialEndsAt)?.toISOString() },
        );
      });
      return view(p.companyId);
    },

    /** Undo a cancellation before the period ends. */
    async resume(p: Principal, meta: RequestMeta) {
      billingRoles(p);
      await db.transaction(async (tx) => {
        const sub = await subscriptionOf(tx, p.companyId);
        if (!sub.cancelAtPeriodEnd) return;
        if (sub.status !== 'active' && sub.status !== 'trialing')
          throw new AppError(
            'CONFLICT',
            'The period has already ended: choose a plan and pay to start again.',
          );
        await repo.updateSubscription(tx, p.companyId, { cancelAtPeriodEnd: false, updatedAt: clock.now() });
        await auditAs(tx, p, meta, 'billing.resumed', { type: 'company', id: p.companyId }, {});
      });
      return view(p.companyId);
    },

    /** Payment history. */
    async orders(p: Principal) {
      billingRoles(p);
      const rows = await repo.listOrders(db, p.companyId);
      return { orders: rows.map((r) => presentOrder(r.order, r.invoiceId)) };
    },

    /** One order (the portal polls it after the iframe). */
    async order(p: Principal, id: string) {
      billingRoles(p);
      const r = await repo.findOrderWithInvoice(db, p.companyId, id);
      if (!r) throw notFound('Order');
      return presentOrder(r.order, r.invoiceId);
    },

    /** Invoices and credit notes. */
    async invoices(p: Principal) {
      billingRoles(p);
      return { invoices: (await listInvoices(db, p.companyId)).map(presentInvoice) };
    },

    /** An invoice's PDF (the same bytes every time). */
    async invoicePdf(p: Principal, id: string, locale?: Locale) {
      billingRoles(p);
      const r = await invoicePdf(db, p.companyId, id, { locale: locale ?? p.locale });
      if (!r) throw notFound('Invoice');
      return { number: r.invoice.number, pdf: r.pdf };
    },
  };

  /** Refuse a downgrade that the workspaces in use would not fit, naming what must go. */
  async function ensureFits(tx: Tx, companyId: string, plan: PlanId) {
    if (!ctx.hooks.usage) return;
    const { workspaces } = await ctx.hooks.usage(tx, companyId);
    const limits = PLANS[plan];
    const over = workspaces.length - limits.workspaceLimit;
    const tooBig = workspaces.filter((w) => (w.diskBytes ?? 0) > limits.diskQuotaBytes).map((w) => w.name);
    const problems: string[] = [];
    if (over > 0)
      problems.push(
        `${PLAN_NAMES[plan]} allows ${limits.workspaceLimit} workspaces and the company has ${workspaces.length}: delete ${over} of ${workspaces.map((w) => w.name).join(', ')}`,
      );
    if (tooBig.length)
      problems.push(
        `${PLAN_NAMES[plan]} allows ${Math.round(limits.diskQuotaBytes / 1024 ** 3)} GB per workspace: free space in ${tooBig.join(', ')}`,
      );
    if (problems.length)
      throw new AppError(
        'PLAN_LIMIT_EXCEEDED',
        `Cannot move to ${PLAN_NAMES[plan]}: ${problems.join('; ')}.`,
        {
          fields: { plan: problems.join('; ') },
        },
      );
  }

  return service;
}

/** The billing service. */
export type BillingService = ReturnType<typeof createBillingService>;
