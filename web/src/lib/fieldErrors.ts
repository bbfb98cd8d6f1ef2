import type { FieldCode, FieldParams } from '@youarecoder/contract/errors';
import type { ApiError } from '../api/client.ts';
import type { MessageKey, TFunction } from '../i18n/index.tsx';

// Every field code of the contract, so a new one cannot be forgotten here; null keeps the API's
// English text (codes the portal's forms never meet).
const KEYS: Record<FieldCode, MessageKey | null> = {
  invalid_type: 'fieldError.invalidType',
  too_small: null, // worded with its limit, below
  too_big: null,
  invalid_format: 'fieldError.invalidFormat',
  invalid_value: 'fieldError.invalidValue',
  not_multiple_of: null,
  unrecognized_keys: null,
  invalid_union: null,
  invalid_key: null,
  invalid_element: null,
  custom: null,
  must_accept: 'signup.mustAccept',
  password_common: 'fieldError.passwordCommon',
  password_repeated: 'fieldError.passwordRepeated',
  password_contains_email: 'fieldError.passwordContainsEmail',
  wrong_password: 'fieldError.wrongPassword',
  subdomain_too_short: 'subdomain.tooShort',
  subdomain_too_long: 'subdomain.tooLong',
  subdomain_chars: 'subdomain.chars',
  subdomain_double_hyphen: 'subdomain.doubleHyphen',
  subdomain_reserved: 'subdomain.reserved',
  already_taken: 'fieldError.alreadyTaken',
  already_invited: 'fieldError.alreadyInvited',
  token_invalid: 'fieldError.tokenInvalid',
  not_verified: 'fieldError.notVerified',
  country_unknown: 'fieldError.countryUnknown',
  tax_number_invalid: 'fieldError.taxNumberInvalid',
  rates_unavailable: 'billing.rates.unavailableHere',
  sso_unavailable: 'fieldError.ssoUnavailable',
};

function limitText(t: TFunction, code: 'too_small' | 'too_big', params?: FieldParams): string | null {
  const n = params?.[code === 'too_small' ? 'minimum' : 'maximum'];
  if (typeof n !== 'number') return null;
  if (params?.origin === 'string') {
    if (code === 'too_small' && n === 1) return t('form.required');
    return t(code === 'too_small' ? 'fieldError.tooShort' : 'fieldError.tooLong', { n });
  }
  if (params?.origin === 'number')
    return t(code === 'too_small' ? 'fieldError.tooSmall' : 'fieldError.tooBig', { n });
  return null;
}

/** The portal's own text for a field code, or null when it has none (show the API's text then). */
export function fieldCodeText(t: TFunction, code: string | undefined, params?: FieldParams): string | null {
  if (!code || !Object.hasOwn(KEYS, code)) return null;
  if (code === 'too_small' || code === 'too_big') return limitText(t, code, params);
  const key = KEYS[code as FieldCode];
  return key ? t(key) : null;
}

/** Field errors in the portal's language: translated where the API gave a known code, else its English text. */
export function localizedFields(t: TFunction, err: ApiError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, text] of Object.entries(err.fields)) {
    out[field] = fieldCodeText(t, err.fieldCodes[field], err.fieldParams[field]) ?? text;
  }
  return out;
}
