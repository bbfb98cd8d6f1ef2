import type { Locale } from '@youarecoder/contract/constants';
import type { ErrorCode } from '@youarecoder/contract/errors';
import type { ApiError } from '../api/client.ts';
import type { MessageKey, TFunction } from '../i18n/index.tsx';
import { fieldCodeText } from './fieldErrors.ts';

/** The language the API writes its messages in. */
const API_LOCALE: Locale = 'en';

/**
 * How the portal words each error code in another language than the API's:
 * - `own`: the portal's sentence says everything the API's message does, and replaces it;
 * - `lead`: the API's message names what the portal cannot rebuild (a limit and the current sum,
 *   a policy's reason, an invitation's state and date, the field at fault); the portal's sentence
 *   leads and the API's English follows.
 * Every code of the contract is here, so a new one cannot be forgotten.
 */
const WORDING: Record<ErrorCode, { own: MessageKey } | { lead: MessageKey }> = {
  VALIDATION_FAILED: { lead: 'apiError.validationFailed' },
  BAD_REQUEST: { lead: 'apiError.badRequest' },
  TOKEN_INVALID: { lead: 'apiError.tokenInvalid' },
  UNAUTHENTICATED: { own: 'apiError.unauthenticated' },
  INVALID_CREDENTIALS: { own: 'apiError.invalidCredentials' },
  CSRF_FAILED: { own: 'apiError.csrfFailed' },
  FORBIDDEN: { lead: 'apiError.forbidden' },
  EMAIL_NOT_VERIFIED: { own: 'apiError.emailNotVerified' },
  TWO_FACTOR_REQUIRED: { own: 'apiError.twoFactorRequired' },
  SSO_REQUIRED: { own: 'apiError.ssoRequired' },
  FEATURE_NOT_IN_PLAN: { lead: 'apiError.featureNotInPlan' },
  NOT_FOUND: { own: 'apiError.notFound' },
  CONFLICT: { lead: 'apiError.conflict' },
  SUBDOMAIN_TAKEN: { own: 'apiError.subdomainTaken' },
  EMAIL_TAKEN: { own: 'apiError.emailTaken' },
  QUOTA_EXCEEDED: { lead: 'apiError.quotaExceeded' },
  BILLING_DETAILS_REQUIRED: { lead: 'apiError.billingDetailsRequired' },
  PLAN_LIMIT_EXCEEDED: { lead: 'apiError.planLimitExceeded' },
  SUBSCRIPTION_INACTIVE: { lead: 'apiError.subscriptionInactive' },
  PAYLOAD_TOO_LARGE: { own: 'apiError.payloadTooLarge' },
  UNSUPPORTED_MEDIA_TYPE: { own: 'apiError.unsupportedMediaType' },
  RATE_LIMITED: { own: 'apiError.rateLimited' },
  INTERNAL: { own: 'apiError.internal' },
  PAYMENT_PROVIDER_ERROR: { lead: 'apiError.paymentProvider' },
  UNAVAILABLE: { own: 'apiError.unavailable' },
};

/** An error as the portal shows it: a sentence in its language, and the API's own words where they add something. */
export interface ErrorText {
  summary: string;
  /** The API's (English) message under the summary, or null. */
  detail: string | null;
}

const only = (summary: string): ErrorText => ({ summary, detail: null });

function ownText(t: TFunction, err: ApiError, key: MessageKey): string {
  if (err.code === 'RATE_LIMITED' && err.retryAfterSeconds !== null) {
    return t('apiError.rateLimitedWait', { n: Math.max(1, Math.ceil(err.retryAfterSeconds / 60)) });
  }
  return t(key);
}

/**
 * The summary above a form or a list, in the portal's language:
 * - a network failure, or an error the portal made itself (already in its language): as it is;
 * - a validation error whose every field the portal can word: "correct the highlighted fields";
 * - in the API's language: the API's message, which is the most specific;
 * - else the portal's sentence for the code, with the API's message below it where that names specifics.
 */
export function describeError(t: TFunction, locale: Locale, err: ApiError): ErrorText {
  if (err.code === 'NETWORK') return only(t('error.network'));
  if (err.status === 0) return only(err.message);
  const fields = Object.keys(err.fields);
  const allWorded =
    fields.length > 0 &&
    fields.every((f) => fieldCodeText(t, err.fieldCodes[f], err.fieldParams[f]) !== null);
  if (err.code === 'VALIDATION_FAILED' && allWorded) return only(t('form.fixErrors'));
  if (locale === API_LOCALE) return only(err.message);
  // A quota refusal whose room the API gave in numbers: the portal says all of it (the limit and what
  // is allocated are on the page's quota card).
  const room = Object.values(err.fieldParams).find((p) => typeof p?.maximum === 'number')?.maximum;
  if (err.code === 'QUOTA_EXCEEDED' && allWorded && room !== undefined)
    return only(t('apiError.quotaExceededRoom', { n: room }));
  // A code newer than this portal: a general lead, then the API's words.
  const wording = WORDING[err.code] ?? WORDING.BAD_REQUEST;
  if ('own' in wording) return only(ownText(t, err, wording.own));
  return { summary: t(wording.lead), detail: err.message };
}

/**
 * Whether an error is worth a request id on screen: not a plain validation error, which the person
 * fixes in the form (an id there only reads as something broken).
 */
export function showsRequestId(error: Pick<ApiError, 'code' | 'status'>): boolean {
  return error.code !== 'VALIDATION_FAILED' && error.status !== 0;
}
