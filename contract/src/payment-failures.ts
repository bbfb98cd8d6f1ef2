// PayTR reports why a payment failed as a number (`failed_reason_code`) and a Turkish sentence
// (`failed_reason_msg`). The sentence is only in Turkish, so people are shown a message chosen by
// the code, in their own language, and PayTR's sentence stays available as detail.

/** Why a payment failed, as the portal and the emails explain it. */
export const PAYMENT_FAILURES = [
  'bank',
  'sms_not_done',
  'verification_failed',
  'security_check',
  'abandoned',
  'no_installments',
  'store_not_authorised',
  'secure_required',
  'security_alert',
  'unknown',
] as const;
/** One reason of PAYMENT_FAILURES. */
export type PaymentFailure = (typeof PAYMENT_FAILURES)[number];

// PayTR's failed_reason_code values (reference: docs of the iFrame API's notification).
const BY_CODE: Record<string, PaymentFailure> = {
  '0': 'bank',
  '1': 'sms_not_done',
  '2': 'verification_failed',
  '3': 'security_check',
  '6': 'abandoned',
  '8': 'no_installments',
  '9': 'store_not_authorised',
  '10': 'secure_required',
  '11': 'security_alert',
};

/** The reason for PayTR's failed_reason_code; a missing or newer code is 'unknown'. */
export function paymentFailure(code: string | number | null | undefined): PaymentFailure {
  if (code === null || code === undefined) return 'unknown';
  const key = String(code).trim();
  return Object.hasOwn(BY_CODE, key) ? (BY_CODE[key] as PaymentFailure) : 'unknown';
}
