import { PASSWORD_MIN_LENGTH } from '@youarecoder/contract/constants';
import type { TFunction } from '../i18n/index.tsx';

/**
 * The portal's own checks of a new password before it is sent: long enough, then (when it was asked
 * for twice) typed the same both times. Field errors keyed by `field` and `confirm`; empty when fine.
 */
export function newPasswordErrors(
  t: TFunction,
  password: string,
  { field = 'password', confirm }: { field?: string; confirm?: string } = {},
): Record<string, string> {
  if (!password) return { [field]: t('form.required') };
  if (password.length < PASSWORD_MIN_LENGTH)
    return { [field]: t('password.tooShort', { n: PASSWORD_MIN_LENGTH }) };
  if (confirm !== undefined && confirm !== password) return { confirm: t('password.mismatch') };
  return {};
}

/** The terms must be accepted before an account is made. */
export function termsErrors(t: TFunction, accepted: boolean): Record<string, string> {
  return accepted ? {} : { acceptTerms: t('signup.mustAccept') };
}

/** A field that must not be empty (pass the trimmed value where blanks do not count). */
export function requiredErrors(t: TFunction, field: string, value: string): Record<string, string> {
  return value ? {} : { [field]: t('form.required') };
}

/** Every empty field of `values` at once (trimmed: blanks do not count), each as "is required". */
export function requiredAll(t: TFunction, values: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(values))
    Object.assign(out, requiredErrors(t, field, value.trim()));
  return out;
}

/** An address must be filled and look like one (the server checks it fully). */
export function emailErrors(t: TFunction, email: string, field = 'email'): Record<string, string> {
  const v = email.trim();
  if (!v) return { [field]: t('form.required') };
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v) ? {} : { [field]: t('fieldError.invalidFormat') };
}
