import {
  checkoutQuoteDto,
  checkoutQuoteQuery,
  refundRequestBody,
  refundRequestDto,
  refundsOverviewDto,
  sellerDto,
} from '@youarecoder/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { principalOf, requestMeta } from '../../platform/http/auth.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });
const tags = ['billing'];

/** The seller's legal pages' data, the preliminary information quote and customers' refund requests. */
export const billingLegalRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const billing = deps.services.billing;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/legal/seller',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The seller the legal pages name (SELLER_* settings) and the documents’ version',
        response: { 200: sellerDto },
      },
    },
    async () => billing.seller(),
  );

  r.get(
    '/billing/checkout/quote',
    {
      schema: {
        tags,
        summary:
          'What a checkout would charge now, with VAT: the preliminary information form’s facts (creates nothing)',
        querystring: checkoutQuoteQuery,
        response: { 200: checkoutQuoteDto },
      },
    },
    async (req) => billing.quote(principalOf(req), req.query),
  );

  r.get(
    '/billing/refunds',
    {
      schema: {
        tags,
        summary: 'What the refund policy gives now for each paid order, and the refund requests made',
        response: { 200: refundsOverviewDto },
      },
    },
    async (req) => billing.refunds(principalOf(req)),
  );

  r.post(
    '/billing/orders/:id/refund-request',
    {
      schema: {
        tags,
        summary:
          'Ask for a refund of a paid order under the policy (full within 14 days of the first payment, else pro rata); one open request per payment',
        params: idParams,
        body: refundRequestBody,
        response: { 201: refundRequestDto },
      },
    },
    async (req, reply) => {
      const res = await billing.requestRefund(
        principalOf(req),
        req.params.id,
        req.body.reason,
        requestMeta(req),
      );
      reply.status(201);
      return res;
    },
  );
};
