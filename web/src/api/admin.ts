// The platform operators' calls (users with the operator flag; everyone else gets 404), with DTO types
// read off the contract's schemas without importing zod.
import type {
  adminCallbackDto,
  adminCompanyDto,
  adminPaymentRowDto,
  discrepancyDto,
  failingJobDto,
  reconciliationRunDto,
  refundDto,
  refundRequestDto,
} from '@youarecoder/contract';
import { apiUrl, request } from './client.ts';

type Out<S extends { _output: unknown }> = S['_output'];

/** A company as operators see it. */
export type AdminCompany = Out<typeof adminCompanyDto>;
/** A payment attempt of any company, with its latest refund request. */
export type AdminPayment = Out<typeof adminPaymentRowDto>;
/** A customer's refund request. */
export type AdminRefundRequest = Out<typeof refundRequestDto>;
/** A stored PayTR notification. */
export type AdminCallback = Out<typeof adminCallbackDto>;
/** A background job failing repeatedly or for good. */
export type FailingJob = Out<typeof failingJobDto>;
/** A refund of an order. */
export type Refund = Out<typeof refundDto>;
/** A difference between PayTR's transaction report and our books. */
export type Discrepancy = Out<typeof discrepancyDto>;
/** One reconciliation with PayTR's report. */
export type ReconciliationRun = Out<typeof reconciliationRunDto>;
/** Which discrepancies to list. */
export type DiscrepancyFilter = Discrepancy['status'] | 'all';

const enc = encodeURIComponent;

/** Typed calls under /admin. */
export const adminApi = {
  companies: () => request<{ companies: AdminCompany[] }>('GET', '/admin/companies'),
  payments: () => request<{ payments: AdminPayment[] }>('GET', '/admin/payments'),
  /** Held notifications not reviewed yet; `all`: every stored one but duplicates. */
  callbacks: (all: boolean) =>
    request<{ callbacks: AdminCallback[] }>('GET', '/admin/callbacks', {
      query: { all: all ? '1' : undefined },
    }),
  review: (id: string, note: string) =>
    request<{ ok: boolean }>('POST', `/admin/callbacks/${enc(id)}/review`, { body: { note } }),
  /** Confirm or refuse an export exemption that a company's billing details contradict. */
  vatExemption: (companyId: string, decision: 'confirm' | 'refuse', note: string) =>
    request<{ status: 'confirmed' | 'refused' }>('POST', `/admin/companies/${enc(companyId)}/vat-exemption`, {
      body: { decision, note },
    }),
  jobs: () => request<{ jobs: FailingJob[] }>('GET', '/admin/jobs'),
  refund: (orderId: string, body: { amountMinor?: number; reason: string; requestId?: string }) =>
    request<Refund>('POST', `/admin/orders/${enc(orderId)}/refund`, { body }),
  /** Decline a customer's refund request with a note they are mailed. */
  declineRefundRequest: (id: string, note: string) =>
    request<AdminRefundRequest>('POST', `/admin/refund-requests/${enc(id)}/decline`, { body: { note } }),
  reconciliation: (status: DiscrepancyFilter) =>
    request<{ discrepancies: Discrepancy[]; runs: ReconciliationRun[] }>('GET', '/admin/reconciliation', {
      query: { status },
    }),
  /** Reconcile Istanbul days `from`..`to` (YYYY-MM-DD) with PayTR's report now. */
  reconcile: (from: string, to: string) =>
    request<ReconciliationRun>('POST', '/admin/reconciliation/runs', { body: { from, to } }),
  resolveDiscrepancy: (id: string, note: string) =>
    request<{ ok: boolean }>('POST', `/admin/reconciliation/discrepancies/${enc(id)}/resolve`, {
      body: { note },
    }),
  /** The evidence package of an order (ZIP, for a download link). */
  evidenceUrl: (orderId: string) => apiUrl(`/admin/orders/${enc(orderId)}/evidence`),
};
