import {
  billingDetailsBody,
  billingDetailsDto,
  cancelBody,
  checkoutBody,
  checkoutResult,
  currencyBody,
  invoicesResult,
  localeSchema,
  orderDto,
  ordersResult,
  planChangeBody,
  planChangeResult,
  plansQuery,
  plansResult,
  subscriptionDto,
  subscriptionStatusDto,
} from '@youarecoder/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { principalOf, requestMeta } from '../../platform/http/auth.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });
const tags = ['billing'];

/** Billing under /api/v1: plans (public), subscription, details, checkout, plan changes, orders, invoices. */
export const billingRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const billing = deps.services.billing;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/billing/plans',
    {
      config: { public: true },
      schema: {
        tags,
        summary:
          'Plans with limits and prices per period in minor units (VAT not included), at the latest TCMB rate',
        querystring: plansQuery,
        response: { 200: plansResult },
      },
    },
    async (req) => billing.plans(req.query.currency ?? 'USD'),
  );

  r.get(
    '/billing/subscription',
    {
      schema: {
        tags,
        summary: 'The company subscription, its entitlements and next charge',
        response: { 200: subscriptionDto },
      },
    },
    async (req) => billing.subscription(principalOf(req)),
  );

  r.get(
    '/billing/status',
    {
      schema: {
        tags,
        summary: "The subscription's state for every member (trial end, past due, suspended); no amounts",
        response: { 200: subscriptionStatusDto },
      },
    },
    async (req) => billing.status(principalOf(req)),
  );

  r.put(
    '/billing/currency',
    {
      schema: {
        tags,
        summary: 'Remember the currency prices are shown and renewals charged in',
        body: currencyBody,
        response: { 200: subscriptionDto },
      },
    },
    async (req) => billing.setCurrency(principalOf(req), req.body.currency, requestMeta(req)),
  );

  r.get(
    '/billing/details',
    {
      schema: {
        tags,
        summary: 'Billing details invoices are made out to (null before they are filled)',
        response: { 200: billingDetailsDto.nullable() },
      },
    },
    async (req) => billing.details(principalOf(req)),
  );

  r.put(
    '/billing/details',
    {
      schema: {
        tags,
        summary: 'Fill or change billing details (issued invoices keep the details they were issued with)',
        body: billingDetailsBody,
        response: { 200: billingDetailsDto },
      },
    },
    async (req) => {
      const d = await billing.putDetails(principalOf(req), req.body, requestMeta(req));
      if (!d) throw new Error('billing details vanished');
      return d;
    },
  );

  r.post(
    '/billing/checkout',
    {
      schema: {
        tags,
        summary:
          "Create an order and PayTR's payment page (owner or admin, verified email, billing details filled)",
        body: checkoutBody,
        response: { 201: checkoutResult },
      },
    },
    async (req, reply) => {
      const res = await billing.checkout(principalOf(req), req.body, requestMeta(req));
      reply.status(201);
      return res;
    },
  );

  r.post(
    '/billing/plan',
    {
      schema: {
        tags,
        summary:
          'Change plan: an upgrade returns a checkout for the prorated difference; a downgrade is scheduled for the period end',
        body: planChangeBody,
        response: { 200: planChangeResult },
      },
    },
    async (req) => billing.changePlan(principalOf(req), req.body, requestMeta(req)),
  );

  r.post(
    '/billing/cancel',
    {
      schema: {
        tags,
        summary:
          'Cancel at the end of the period (or trial; the default), or now (owner only; what it credits is in the subscription as cancelNow)',
        body: cancelBody,
        response: { 200: subscriptionDto },
      },
    },
    async (req) => billing.cancel(principalOf(req), requestMeta(req), req.body?.when ?? 'period_end'),
  );

  r.post(
    '/billing/resume',
    {
      schema: {
        tags,
        summary: 'Undo a cancellation before the period ends',
        response: { 200: subscriptionDto },
      },
    },
    async (req) => billing.resume(principalOf(req), requestMeta(req)),
  );

  r.get(
    '/billing/orders',
    { schema: { tags, summary: 'Payment history, with failure reasons', response: { 200: ordersResult } } },
    async (req) => billing.orders(principalOf(req)),
  );

  r.get(
    '/billing/orders/:id',
    {
      schema: {
        tags,
        summary: 'One order (poll it after the payment page)',
        params: idParams,
        response: { 200: orderDto },
      },
    },
    async (req) => billing.order(principalOf(req), req.params.id),
  );

  r.get(
    '/billing/invoices',
    { schema: { tags, summary: 'Invoices and credit notes', response: { 200: invoicesResult } } },
    async (req) => billing.invoices(principalOf(req)),
  );

  r.get(
    '/billing/invoices/:id/pdf',
    {
      schema: {
        tags,
        summary: 'An invoice as PDF (the same bytes every time)',
        params: idParams,
        // The portal's language, which may differ from the account's (a switch not saved yet):
        // it decides the number format (₺4.817,76 or ₺4,817.76); default the account's language.
        querystring: z.object({ locale: localeSchema.optional() }),
      },
    },
    async (req, reply) => {
      const { number, pdf } = await billing.invoicePdf(principalOf(req), req.params.id, req.query.locale);
      reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `attachment; filename="${number}.pdf"`)
        .header('cache-control', 'private, max-age=0');
      return pdf;
    },
  );
};

/** PayTR's notification URL (outside /api/v1: no session, no CSRF; the signature is the proof). */
export const paytrCallbackRoute: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  app.post(
    '/billing/paytr/callback',
    // PayTR's form is a few hundred bytes: a bigger body is refused before it is read (413).
    { config: { public: true }, schema: { hide: true }, bodyLimit: 32 * 1024 },
    async (req, reply) => {
      const raw = (req.body ?? {}) as Record<string, unknown>;
      const body = Object.fromEntries(
        Object.entries(raw)
          .filter(([, v]) => typeof v === 'string')
          .map(([k, v]) => [k, v as string]),
      );
      reply.type('text/plain; charset=utf-8');
      try {
        const r = await deps.payments.handleNotification(body, req.ip ?? null);
        // Only `OK` stops PayTR's retries; it is sent once the outcome is committed.
        if (r.ok) return 'OK';
        reply.status(r.reason === 'rate_limited' ? 429 : r.reason === 'not_allowed' ? 403 : 400);
        return `REJECTED ${r.reason ?? ''}`.trim();
      } catch (err) {
        req.log.error({ err }, 'payment notification could not be processed; PayTR will retry');
        reply.status(500);
        return 'ERROR';
      }
    },
  );
};
