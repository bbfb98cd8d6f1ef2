import { createHmac, timingSafeEqual } from 'node:crypto';

/** The secrets a PayTR store is given; the simulator signs and verifies with the same ones. */
export interface SimCredentials {
  merchantId: string;
  merchantKey: string;
  merchantSalt: string;
}

/** The two secrets that enter a signature (merchant_id travels in the clear). */
export type SigningSecrets = Pick<SimCredentials, 'merchantKey' | 'merchantSalt'>;

/** Wire fields as PayTR names them; numbers are accepted for convenience and stringified. */
export type Wire<K extends string> = Record<K, string | number>;

/** base64(HMAC-SHA256(key, message)): the one signature primitive every PayTR API uses. */
export function simSign(key: string, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('base64');
}

/** Constant-time check of a received signature, so timing reveals nothing about the expected one. */
export function simVerify(key: string, message: string, signature: string): boolean {
  const expected = Buffer.from(simSign(key, message), 'utf8');
  const got = Buffer.from(signature, 'utf8');
  // timingSafeEqual throws on unequal lengths; a length mismatch is a plain "no".
  if (expected.length !== got.length) return false;
  return timingSafeEqual(expected, got);
}

function join(parts: Array<string | number>): string {
  return parts.map(String).join('');
}

/** Message for get-token's paytr_token (salt last). */
export function iframeTokenMessage(
  f: Wire<
    | 'merchant_id'
    | 'user_ip'
    | 'merchant_oid'
    | 'email'
    | 'payment_amount'
    | 'user_basket'
    | 'no_installment'
    | 'max_installment'
    | 'currency'
    | 'test_mode'
  >,
  salt: string,
): string {
  return join([
    f.merchant_id,
    f.user_ip,
    f.merchant_oid,
    f.email,
    f.payment_amount,
    f.user_basket,
    f.no_installment,
    f.max_installment,
    f.currency,
    f.test_mode,
    salt,
  ]);
}

/** Message for the notification callback hash (salt second, unlike every other API). */
export function callbackMessage(f: Wire<'merchant_oid' | 'status' | 'total_amount'>, salt: string): string {
  return join([f.merchant_oid, salt, f.status, f.total_amount]);
}

/** Message for the status inquiry (/odeme/durum-sorgu). */
export function statusInquiryMessage(f: Wire<'merchant_id' | 'merchant_oid'>, salt: string): string {
  return join([f.merchant_id, f.merchant_oid, salt]);
}

/** Message for a refund (/odeme/iade); return_amount is signed exactly as sent ("9.99"). */
export function refundMessage(
  f: Wire<'merchant_id' | 'merchant_oid' | 'return_amount'>,
  salt: string,
): string {
  return join([f.merchant_id, f.merchant_oid, f.return_amount, salt]);
}

/** Message for the transaction list (/rapor/islem-dokumu). */
export function transactionListMessage(
  f: Wire<'merchant_id' | 'start_date' | 'end_date'>,
  salt: string,
): string {
  return join([f.merchant_id, f.start_date, f.end_date, salt]);
}

/** Message for a Direct API payment (/odeme). */
export function directPaymentMessage(
  f: Wire<
    | 'merchant_id'
    | 'user_ip'
    | 'merchant_oid'
    | 'email'
    | 'payment_amount'
    | 'payment_type'
    | 'installment_count'
    | 'currency'
    | 'test_mode'
    | 'non_3d'
  >,
  salt: string,
): string {
  return join([
    f.merchant_id,
    f.user_ip,
    f.merchant_oid,
    f.email,
    f.payment_amount,
    f.payment_type,
    f.installment_count,
    f.currency,
    f.test_mode,
    f.non_3d,
    salt,
  ]);
}

/** Message for the stored-card list (/odeme/capi/list). */
export function capiListMessage(f: Wire<'utoken'>, salt: string): string {
  return join([f.utoken, salt]);
}

/** Message for a stored-card delete (/odeme/capi/delete). */
export function capiDeleteMessage(f: Wire<'ctoken' | 'utoken'>, salt: string): string {
  return join([f.ctoken, f.utoken, salt]);
}

/** Signs any of the messages above with the store's key. */
export function signWith(secrets: SigningSecrets, build: (salt: string) => string): string {
  return simSign(secrets.merchantKey, build(secrets.merchantSalt));
}

/** What a notification callback says; names are camelCase, amounts are minor units. */
export interface CallbackInput {
  merchantOid: string;
  status: 'success' | 'failed';
  /** Minor units actually charged; 0 for a failed payment. */
  totalAmount: number;
  /** Minor units the merchant asked for; defaults to totalAmount. */
  paymentAmount?: number;
  /** `TL` for Turkish lira (PayTR never sends `TRY` here); defaults to `TL`. */
  currency?: string;
  testMode?: boolean;
  installmentCount?: number;
  failedReasonCode?: number;
  failedReasonMsg?: string;
  /** Unsigned extras such as utoken/ctoken for a stored card. */
  extra?: Record<string, string>;
}

/** Builds the form fields of a notification callback exactly as the simulator posts them, hash included. */
export function signedCallback(input: CallbackInput, secrets: SigningSecrets): Record<string, string> {
  const currency = input.currency === undefined || input.currency === 'TRY' ? 'TL' : input.currency;
  const fields: Record<string, string> = {
    merchant_oid: input.merchantOid,
    status: input.status,
    total_amount: String(input.totalAmount),
    hash: '',
  };
  fields.hash = signWith(secrets, (salt) =>
    callbackMessage(
      { merchant_oid: input.merchantOid, status: input.status, total_amount: input.totalAmount },
      salt,
    ),
  );
  if (input.status === 'failed') {
    fields.failed_reason_code = String(input.failedReasonCode ?? 0);
    fields.failed_reason_msg = input.failedReasonMsg ?? '';
  }
  fields.test_mode = input.testMode ? '1' : '0';
  fields.payment_type = 'card';
  fields.currency = currency;
  fields.payment_amount = String(input.paymentAmount ?? input.totalAmount);
  fields.installment_count = String(input.installmentCount ?? 1);
  return { ...fields, ...input.extra };
}

/** Encodes a basket the way get-token expects it: base64 of UTF-8 JSON `[[name, "18.00", qty], …]`. */
export function encodeBasket(items: Array<[name: string, unitPrice: string, quantity: number]>): string {
  return Buffer.from(JSON.stringify(items), 'utf8').toString('base64');
}
