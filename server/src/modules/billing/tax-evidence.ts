// Whether KDV is charged, and on what evidence. A buyer abroad is exempt (export of services) only
// when their details back it: a tax number of their own, not a Turkish one nor another EU state's VAT
// number. Details that contradict themselves are taxed until an operator confirms the exemption; the
// evidence goes with each order and onto its invoice.
import { exemptionCheck } from '@youarecoder/contract';

/** The evidence an order's VAT treatment rests on, stored with the order and its invoice. */
export interface TaxEvidence {
  basis: 'domestic' | 'foreign_tax_id' | 'operator' | 'contradiction';
  /** The buyer's country and tax number the decision was made on. */
  country: string;
  taxNumber: string;
  /** For a contradiction: what contradicts the exemption. */
  reason?: string;
  /** For a contradiction or an operator's decision: the review's state and who decided. */
  review?: 'pending' | 'confirmed' | 'refused';
  reviewedBy?: string;
  reviewedAt?: string;
  note?: string;
}

/** KDV charged or not, and why. */
export interface TaxTreatment {
  taxed: boolean;
  evidence: TaxEvidence;
}

/** The details a treatment is decided on (a billing details row). */
export interface TaxedDetails {
  country: string;
  taxNumber: string;
  exemptionReview: 'pending' | 'confirmed' | 'refused' | null;
  exemptionReviewKey: string | null;
  exemptionReviewedBy: string | null;
  exemptionReviewedAt: Date | null;
  exemptionReviewNote: string | null;
}

/** What an operator's review is about: the country and tax number as they were when it was asked. */
export function reviewKey(country: string, taxNumber: string): string {
  return `${country.trim().toUpperCase()}:${taxNumber.replace(/[\s.-]/g, '').toUpperCase()}`;
}

/** The VAT treatment of a company's next order; without details, taxed as a Turkish sale. */
export function taxTreatment(d: TaxedDetails | undefined): TaxTreatment {
  if (!d) return { taxed: true, evidence: { basis: 'domestic', country: 'TR', taxNumber: '' } };
  const base = { country: d.country, taxNumber: d.taxNumber };
  const check = exemptionCheck(d.country, d.taxNumber);
  if (check.kind === 'domestic') return { taxed: true, evidence: { basis: 'domestic', ...base } };
  if (check.kind === 'foreign_tax_id')
    return { taxed: false, evidence: { basis: 'foreign_tax_id', ...base } };
  const reviewed =
    d.exemptionReviewKey === reviewKey(d.country, d.taxNumber) && d.exemptionReview !== null
      ? {
          review: d.exemptionReview,
          ...(d.exemptionReviewedBy ? { reviewedBy: d.exemptionReviewedBy } : {}),
          ...(d.exemptionReviewedAt ? { reviewedAt: d.exemptionReviewedAt.toISOString() } : {}),
          ...(d.exemptionReviewNote ? { note: d.exemptionReviewNote } : {}),
        }
      : { review: 'pending' as const };
  if (reviewed.review === 'confirmed')
    return { taxed: false, evidence: { basis: 'operator', reason: check.reason, ...base, ...reviewed } };
  return { taxed: true, evidence: { basis: 'contradiction', reason: check.reason, ...base, ...reviewed } };
}
