import { ERROR_CODES, type ErrorCode } from '@youarecoder/contract/errors';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client.ts';
import { en } from '../i18n/en.ts';
import { translator } from '../i18n/index.tsx';
import { tr } from '../i18n/tr.ts';
import { describeError, showsRequestId } from './errorSummary.ts';

const trT = translator(tr);
const enT = translator(en);
const inTr = (err: ApiError) => describeError(trT, 'tr', err);
const inEn = (err: ApiError) => describeError(enT, 'en', err);

const apiError = (code: ErrorCode, message: string, status = ERROR_CODES[code]) =>
  new ApiError(status, { code, message, requestId: 'req-1' });

// What POST /api/v1/login answers for a wrong password.
const wrongLogin = apiError(
  'INVALID_CREDENTIALS',
  'Email or password is wrong. After 5 failed attempts from your address you have to wait a little before each next one; use "Forgot password" if you are stuck.',
);
// What POST /api/v1/invites answers when the quota does not fit.
const overQuota = apiError(
  'QUOTA_EXCEEDED',
  "The company's workspace limit is 5 and 4 are already allocated to members and open invites; at most 1 can be given here.",
);

describe('describeError', () => {
  it('translates a code whose sentence carries everything the API said', () => {
    expect(inTr(wrongLogin)).toEqual({ summary: tr['apiError.invalidCredentials'], detail: null });
    expect(inTr(apiError('CSRF_FAILED', 'Missing or wrong x-csrf-token header for this session.'))).toEqual({
      summary: tr['apiError.csrfFailed'],
      detail: null,
    });
  });

  it("leads with a translated sentence and keeps the API's specifics in English", () => {
    expect(inTr(overQuota)).toEqual({ summary: tr['apiError.quotaExceeded'], detail: overQuota.message });
    const policy = apiError('FORBIDDEN', 'Only the owner can remove an admin.');
    expect(inTr(policy)).toEqual({ summary: tr['apiError.forbidden'], detail: policy.message });
  });

  it('words the quota refusal of a form in full when the API sent the room left (it showed the English)', () => {
    const invite = new ApiError(409, {
      code: 'QUOTA_EXCEEDED',
      message:
        "The company's workspace limit is 5 and 5 are already allocated to members and open invites; at most 0 can be given here.",
      fields: { workspaceQuota: 'may be at most 0' },
      fieldCodes: { workspaceQuota: 'too_big' },
      fieldParams: { workspaceQuota: { maximum: 0, origin: 'number' } },
      requestId: 'req-1',
    });
    expect(inTr(invite)).toEqual({
      summary: 'Bu, şirketin çalışma alanı sınırını aşıyor: burada en fazla 0 verilebilir.',
      detail: null,
    });
    expect(inEn(invite)).toEqual({ summary: invite.message, detail: null });
  });

  it("shows the API's own message, and nothing more, when the portal speaks the API's language", () => {
    expect(inEn(wrongLogin)).toEqual({ summary: wrongLogin.message, detail: null });
    expect(inEn(overQuota)).toEqual({ summary: overQuota.message, detail: null });
  });

  it('has Turkish words for every error code of the contract', () => {
    for (const code of Object.keys(ERROR_CODES) as ErrorCode[]) {
      const { summary } = inTr(apiError(code, 'English from the API'));
      expect(summary, code).not.toBe('English from the API');
      expect(Object.values(tr), code).toContain(summary);
    }
  });

  it('says how long to wait when the API sent Retry-After', () => {
    const limited = new ApiError(
      429,
      { code: 'RATE_LIMITED', message: 'Too many attempts from your address; try again in 1 minute.' },
      { retryAfterSeconds: 90 },
    );
    expect(inTr(limited).summary).toBe(
      'Adresinizden çok fazla deneme yapıldı; 2 dakika sonra tekrar deneyin.',
    );
    expect(inTr(apiError('RATE_LIMITED', 'Too many attempts')).summary).toBe(tr['apiError.rateLimited']);
  });

  it('summarises a fully translated validation error as "correct the highlighted fields" in any language', () => {
    const invalid = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      message: 'email must be a valid email address; password is too common',
      fields: { email: 'must be a valid email address', password: 'is too common' },
      fieldCodes: { email: 'invalid_format', password: 'password_common' },
    });
    expect(inTr(invalid)).toEqual({ summary: 'Lütfen işaretli alanları düzeltin.', detail: null });
    expect(inEn(invalid)).toEqual({ summary: en['form.fixErrors'], detail: null });
    // A field the portal cannot word: the API's list of problems stays visible under the lead.
    const odd = new ApiError(400, {
      code: 'VALIDATION_FAILED',
      message: 'sort must be one of name, date',
      fields: { sort: 'must be one of name, date' },
    });
    expect(inTr(odd)).toEqual({ summary: tr['apiError.validationFailed'], detail: odd.message });
  });

  it("keeps the portal's own errors as they are, and words a network failure", () => {
    const own = new ApiError(0, {
      code: 'VALIDATION_FAILED',
      message: tr['form.fixErrors'],
      fields: { a: 'b' },
    });
    expect(inTr(own)).toEqual({ summary: tr['form.fixErrors'], detail: null });
    expect(inTr(new ApiError(0, { code: 'NETWORK', message: 'down' }))).toEqual({
      summary: tr['error.network'],
      detail: null,
    });
  });

  it('gives a code newer than the portal a general lead', () => {
    const future = new ApiError(418, { code: 'TEAPOT' as ErrorCode, message: 'I am a teapot.' });
    expect(inTr(future)).toEqual({ summary: tr['apiError.badRequest'], detail: 'I am a teapot.' });
  });
});

describe('showsRequestId', () => {
  it('hides the id on a plain validation error, shows it where support may need it', () => {
    expect(showsRequestId(apiError('VALIDATION_FAILED', 'companyName: must be at least 2 characters'))).toBe(
      false,
    );
    expect(showsRequestId(new ApiError(0, { code: 'VALIDATION_FAILED', message: 'fix' }))).toBe(false);
    expect(showsRequestId(apiError('INTERNAL', 'Something went wrong'))).toBe(true);
  });
});
