import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { en } from '../i18n/en.ts';
import { translator } from '../i18n/index.tsx';
import { tr } from '../i18n/tr.ts';
import { fieldCodeText, localizedFields } from './fieldErrors.ts';

const trT = translator(tr);
const enT = translator(en);

// What POST /api/v1/signup answers for a common password, a bad email and a reserved subdomain.
const signupError = () =>
  new ApiError(400, {
    code: 'VALIDATION_FAILED',
    message:
      'email must be a valid email address; password is too common; choose one that is harder to guess',
    fields: {
      email: 'must be a valid email address',
      password: 'is too common; choose one that is harder to guess',
      subdomain: 'is reserved',
      companyName: 'must be at least 2 characters',
      acceptTerms: 'must be accepted',
    },
    fieldCodes: {
      email: 'invalid_format',
      password: 'password_common',
      subdomain: 'subdomain_reserved',
      companyName: 'too_small',
      acceptTerms: 'must_accept',
    },
    fieldParams: { companyName: { minimum: 2, origin: 'string' } },
    requestId: 'req-1',
  });

describe('single sign-on refused for an address', () => {
  it('is worded by the portal, in Turkish too', () => {
    expect(fieldCodeText(trT, 'sso_unavailable')).toBe(tr['fieldError.ssoUnavailable']);
    expect(fieldCodeText(enT, 'sso_unavailable')).toMatch(/^no company has single sign-on/);
  });
});

describe('localizedFields', () => {
  it('shows Turkish text for the codes the API gave', () => {
    expect(localizedFields(trT, signupError())).toEqual({
      email: 'geçerli bir biçimde değil',
      password: 'çok yaygın bir şifre; tahmin edilmesi daha zor bir şifre seçin',
      subdomain: 'ayrılmış bir ad; lütfen başka bir ad seçin',
      companyName: 'en az 2 karakter olmalı',
      acceptTerms: 'kabul edilmelidir',
    });
  });

  it('translates the field of an error other than a validation failure', () => {
    const taken = new ApiError(409, {
      code: 'SUBDOMAIN_TAKEN',
      message: 'The subdomain "acme" is already taken; choose another.',
      fields: { subdomain: 'is already taken' },
      fieldCodes: { subdomain: 'already_taken' },
    });
    expect(localizedFields(trT, taken)).toEqual({ subdomain: 'zaten kullanılıyor' });
  });

  it("keeps the API's English text where there is no code, or one the portal does not know", () => {
    const err = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      message: 'x',
      fields: { a: 'is odd', b: 'is newer than this portal', c: 'must be more than 0' },
      fieldCodes: { b: 'some_future_reason', c: 'too_small' },
    });
    expect(localizedFields(trT, err)).toEqual({
      a: 'is odd',
      b: 'is newer than this portal',
      c: 'must be more than 0',
    });
  });

  it('translates a refused billing country and Turkish tax number', () => {
    const err = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      message: 'x',
      fields: {
        country: 'must be an ISO 3166 country code such as TR or DE',
        taxNumber: 'is not a valid VKN or TCKN (check digit)',
      },
      fieldCodes: { country: 'country_unknown', taxNumber: 'tax_number_invalid' },
    });
    expect(localizedFields(trT, err)).toEqual({
      country: 'TR ya da DE gibi bir ISO 3166 ülke kodu olmalı',
      taxNumber: 'geçerli bir VKN (10 hane) ya da TCKN (11 hane) değil; lütfen numarayı kontrol edin',
    });
    expect(localizedFields(enT, err).country).toBe('must be an ISO 3166 country code such as TR or DE');
  });

  it('words limits with their numbers, and a one-character minimum as required', () => {
    expect(fieldCodeText(trT, 'too_big', { maximum: 3, origin: 'number' })).toBe('en fazla 3 olabilir');
    expect(fieldCodeText(enT, 'too_small', { minimum: 10, origin: 'string' })).toBe(
      'must be at least 10 characters',
    );
    expect(fieldCodeText(trT, 'too_small', { minimum: 1, origin: 'string' })).toBe('zorunludur');
    expect(fieldCodeText(trT, 'too_small')).toBeNull();
    expect(fieldCodeText(trT, 'toString')).toBeNull();
  });
});
