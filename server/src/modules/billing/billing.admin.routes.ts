import {
  adminCallbackDto,
  adminCompanyDto,
  adminPaymentRowDto,
  declineRefundBody,
  exemptionDecisionBody,
  failingJobDto,
  reconcileBody,
  reconciliationQuery,
  reconciliationResult,
  reconciliationRunDto,
  refundBody,
  refundDto,
  refundRequestDto,
  resolveDiscrepancyBody,
  reviewBody,
} from '@youarecoder/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { principalOf, requestMeta } from '../../platform/http/auth.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });
const tags = ['admin'];

/** Platform operators (users with the operator flag); 404 for everyone else. */
export const billingAdminRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const admin = deps.billing.admin;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/admin/companies',
    {
      schema: {
        tags,
        summary: 'Every company with plan, subscription status and what it paid (operators)',
        response: { 200: z.object({ companies: z.array(adminCompanyDto) }) },
      },
    },
    async (req) => admin.companies(principalOf(req)),
  );

  r.get(
    '/admin/payments',
    {
      schema: {
        tags,
        summary: 'Latest payments across companies, each with its latest refund request (operators)',
        response: { 200: z.object({ payments: z.array(adminPaymentRowDto) }) },
      },
    },
    async (req) => admin.payments(principalOf(req)),
  );

  r.get(
    '/admin/callbacks',
    {
      schema: {
        tags,
        summary:
          'Payment notifications held for review (?all=1: every stored one but duplicates) (operators)',
        querystring: z.object({ all: z.enum(['0', '1']).optional() }),
        response: { 200: z.object({ callbacks: z.array(adminCallbackDto) }) },
      },
    },
    async (req) => admin.callbacks(principalOf(req), req.query.all !== '1'),
  );

  r.post(
    '/admin/callbacks/:id/review',
    {
      schema: {
        tags,
        summary: 'Mark a held notification reviewed, with a note (operators)',
        params: idParams,
        body: reviewBody,
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (req) => admin.review(principalOf(req), req.params.id, req.body.note),
  );

  r.get(
    '/admin/jobs',
    {
      schema: {
        tags,
        summary: 'Jobs failing repeatedly or for good (operators)',
        response: { 200: z.object({ jobs: z.array(failingJobDto) }) },
      },
    },
    async (req) => admin.jobs(principalOf(req)),
  );

  r.post(
    '/admin/companies/:id/vat-exemption',
    {
      schema: {
        tags,
        summary:
          'Confirm or refuse the export exemption of a company whose billing details contradict it (operators)',
        params: idParams,
        body: exemptionDecisionBody,
        response: { 200: z.object({ status: z.enum(['confirmed', 'refused']) }) },
      },
    },
    async (req) => admin.vatExemption(principalOf(req), req.params.id, req.body, requestMeta(req)),
  );

  r.post(
    '/admin/orders/:id/refund',
    {
      schema: {
        tags,
        summary:
          "Refund part or all of a paid order through PayTR's refund API, issuing a credit note (operators)",
        params: idParams,
        body: refundBody,
        response: { 200: refundDto },
      },
    },
    async (req) => admin.refund(principalOf(req), req.params.id, req.body, requestMeta(req)),
  );

  r.post(
    '/admin/refund-requests/:id/decline',
    {
      schema: {
        tags,
        summary: "Decline a customer's refund request with a note the customer is mailed (operators)",
        params: idParams,
        body: declineRefundBody,
        response: { 200: refundRequestDto },
      },
    },
    async (req) => admin.declineRequest(principalOf(req), req.params.id, req.body.note, requestMeta(req)),
  );

  r.get(
    '/admin/reconciliation',
    {
      schema: {
        tags,
        summary:
          "Differences between PayTR's transaction report and our books (?status=open by default), and the latest runs (operators)",
        querystring: reconciliationQuery,
        response: { 200: reconciliationResult },
      },
    },
    async (req) => admin.reconciliation(principalOf(req), req.query.status ?? 'open'),
  );

  r.post(
    '/admin/reconciliation/runs',
    {
      schema: {
        tags,
        summary: "Reconcile Istanbul days from..to with PayTR's transaction report now (operators)",
        body: reconcileBody,
        response: { 200: reconciliationRunDto },
      },
    },
    async (req) => admin.reconcile(principalOf(req), req.body, requestMeta(req)),
  );

  r.post(
    '/admin/reconciliation/discrepancies/:id/resolve',
    {
      schema: {
        tags,
        summary: 'Close a discrepancy with a note of what was done about it (operators)',
        params: idParams,
        body: resolveDiscrepancyBody,
        response: { 200: z.object({ ok: z.boolean() }) },
      },
    },
    async (req) => admin.resolveDiscrepancy(principalOf(req), req.params.id, req.body.note, requestMeta(req)),
  );

  r.get(
    '/admin/orders/:id/evidence',
    {
      schema: {
        tags,
        summary: 'Evidence package of a disputed payment: ZIP of a PDF summary and raw JSON (operators)',
        params: idParams,
      },
    },
    async (req, reply) => {
      const { name, zip } = await admin.evidence(principalOf(req), req.params.id);
      reply
        .header('content-type', 'application/zip')
        .header('content-disposition', `attachment; filename="${name}"`)
        .header('cache-control', 'no-store');
      return zip;
    },
  );
};
