import { createHmac, timingSafeEqual } from 'node:crypto';

/** PayTR's signature: base64 of the raw HMAC-SHA256 digest, keyed with the merchant key. */
export function paytrSign(merchantKey: string, message: string): string {
  return createHmac('sha256', merchantKey).update(message, 'utf8').digest('base64');
}

/** Constant-time comparison of a received signature with the expected one. */
export function signatureMatches(expected: string, received: string): boolean {
  const a = Buffer.from(expected, 'utf8');
  const b = Buffer.from(received, 'utf8');
  // Lengths of base64 SHA-256 digests are fixed: a length mismatch leaks nothing useful.
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Merchant credentials. */
export interface PaytrCredentials {
  merchantId: string;
  merchantKey: string;
  merchantSalt: string;
}

/** Fields signed by the iFrame token request, in PayTR's order. */
export interface TokenFields {
  user_ip: string;
  merchant_oid: string;
  email: string;
  payment_amount: string;
  user_basket: string;
  no_installment: string;
  max_installment: string;
  currency: string;
  test_mode: string;
}

/** paytr_token of the iFrame API: salt last. */
export function tokenSignature(c: PaytrCredentials, f: TokenFields): string {
  return paytrSign(
    c.merchantKey,
    c.merchantId +
      f.user_ip +
      f.merchant_oid +
      f.email +
      f.payment_amount +
      f.user_basket +
      f.no_installment +
      f.max_installment +
      f.currency +
      f.test_mode +
      c.merchantSalt,
  );
}

/** hash of a notification callback: salt second; only these four fields are signed. */
export function callbackSignature(
  c: PaytrCredentials,
  oid: string,
  status: string,
  totalAmount: string,
): string {
  return paytrSign(c.merchantKey, oid + c.merchantSalt + status + totalAmount);
}

/** paytr_token of the status inquiry. */
export function inquirySignature(c: PaytrCredentials, oid: string): string {
  return paytrSign(c.merchantKey, c.merchantId + oid + c.merchantSalt);
}

/** paytr_token of a refund (amount as PayTR's decimal string). */
export function refundSignature(c: PaytrCredentials, oid: string, returnAmount: string): string {
  return paytrSign(c.merchantKey, c.merchantId + oid + returnAmount + c.merchantSalt);
}

/** Fields signed by a Direct API payment, in PayTR's order. */
export interface DirectFields {
  user_ip: string;
  merchant_oid: string;
  email: string;
  payment_amount: string;
  payment_type: string;
  installment_count: string;
  currency: string;
  test_mode: string;
  non_3d: string;
}

/** paytr_token of a Direct API payment (stored-card recurring charges). */
export function directSignature(c: PaytrCredentials, f: DirectFields): string {
  return paytrSign(
    c.merchantKey,
    c.merchantId +
      f.user_ip +
      f.merchant_oid +
      f.email +
      f.payment_amount +
      f.payment_type +
      f.installment_count +
      f.currency +
      f.test_mode +
      f.non_3d +
      c.merchantSalt,
  );
}

/** paytr_token of the stored cards list. */
export function cardListSignature(c: PaytrCredentials, utoken: string): string {
  return paytrSign(c.merchantKey, utoken + c.merchantSalt);
}

/** paytr_token of the transaction list (dates `YYYY-MM-DD hh:mm:ss`). */
export function transactionListSignature(c: PaytrCredentials, start: string, end: string): string {
  return paytrSign(c.merchantKey, c.merchantId + start + end + c.merchantSalt);
}
