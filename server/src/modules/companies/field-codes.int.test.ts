import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';

// Field errors carry machine-readable reasons (fieldCodes) next to the English text, so the portal
// can show them in the user's language.

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext();
});
afterAll(() => ctx.close());

type ErrorAnswer = {
  code: string;
  fields?: Record<string, string>;
  fieldCodes?: Record<string, string>;
  fieldParams?: Record<string, Record<string, string | number>>;
};

const good = {
  companyName: 'Kod Atölyesi',
  fullName: 'Ayşe Yılmaz',
  password: 'a sturdy passphrase 42',
  acceptTerms: true,
};
let n = 0;
const email = () => `codes-${++n}-${Date.now()}@example.com`;

describe('signup field codes', () => {
  it('schema errors: zod issue codes, subdomain reasons, must_accept, and the limits', async () => {
    const res = await new Client(ctx.app).post<ErrorAnswer>('/api/v1/signup', {
      companyName: 'A',
      subdomain: 'admin',
      email: 'nope',
      password: 'short',
      acceptTerms: false,
      locale: 'de',
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.fieldCodes).toEqual({
      companyName: 'too_small',
      subdomain: 'subdomain_reserved',
      fullName: 'invalid_type',
      email: 'invalid_format',
      password: 'too_small',
      acceptTerms: 'must_accept',
      locale: 'invalid_value',
    });
    expect(res.body.fields).toMatchObject({
      subdomain: 'is reserved',
      password: 'must be at least 10 characters',
      acceptTerms: 'must be accepted',
    });
    expect(res.body.fieldParams).toEqual({
      companyName: { minimum: 2, origin: 'string' },
      password: { minimum: 10, origin: 'string' },
    });
    // A missing consent is refused the same way as a false one.
    const { acceptTerms: _, ...noConsent } = good;
    const missing = await new Client(ctx.app).post<ErrorAnswer>('/api/v1/signup', {
      ...noConsent,
      email: email(),
    });
    expect(missing.body.fieldCodes).toEqual({ acceptTerms: 'must_accept' });
  });

  it('every subdomain rule has its own code, from the schema and from a derived subdomain alike', async () => {
    const c = new Client(ctx.app);
    for (const [subdomain, code] of [
      ['ab', 'subdomain_too_short'],
      ['a'.repeat(41), 'subdomain_too_long'],
      ['bad_name', 'subdomain_chars'],
      ['a--b', 'subdomain_double_hyphen'],
    ] as const) {
      const res = await c.post<ErrorAnswer>('/api/v1/signup', { ...good, subdomain, email: email() });
      expect(res.status, subdomain).toBe(400);
      expect(res.body.fieldCodes, subdomain).toEqual({ subdomain: code });
    }
    const derived = await c.post<ErrorAnswer>('/api/v1/signup', {
      ...good,
      companyName: 'Admin',
      email: email(),
    });
    expect(derived.status).toBe(400);
    expect(derived.body.fields?.subdomain).toMatch(/^"admin" derived from the company name is reserved/);
    expect(derived.body.fieldCodes).toEqual({ subdomain: 'subdomain_reserved' });
  });

  it('password checks beyond the schema: common, one repeated character, the email inside', async () => {
    const c = new Client(ctx.app);
    for (const [password, code, address] of [
      ['password123', 'password_common', email()],
      ['zzzzzzzzzzzz', 'password_repeated', email()],
      ['my name is mehmet.kaya', 'password_contains_email', 'mehmet.kaya@example.com'],
    ] as const) {
      const res = await c.post<ErrorAnswer>('/api/v1/signup', { ...good, password, email: address });
      expect(res.status, password).toBe(400);
      expect(res.body.fieldCodes, password).toEqual({ password: code });
    }
  });

  it('a taken subdomain or email answers already_taken', async () => {
    const first = await signupCompany(ctx);
    const me = await first.client.get<{ company: { subdomain: string } }>('/api/v1/me');
    const taken = await new Client(ctx.app).post<ErrorAnswer>('/api/v1/signup', {
      ...good,
      subdomain: me.body.company.subdomain,
      email: email(),
    });
    expect(taken.status).toBe(409);
    expect(taken.body.fieldCodes).toEqual({ subdomain: 'already_taken' });
    const again = await new Client(ctx.app).post<ErrorAnswer>('/api/v1/signup', {
      ...good,
      subdomain: 'not-taken-yet',
      email: first.email,
    });
    expect(again.status).toBe(409);
    expect(again.body.fieldCodes).toEqual({ email: 'already_taken' });
  });

  it('answers without a reason keep the body as before: no fieldCodes', async () => {
    const s = await signupCompany(ctx);
    const res = await s.client.post<ErrorAnswer>('/api/v1/sessions', {
      email: s.email,
      password: 'wrong password',
    });
    expect(res.body.fields).toBeUndefined();
    expect(res.body.fieldCodes).toBeUndefined();
  });
});

describe('password change field codes', () => {
  it('wrong_password for the current one, the weakness code for the new one', async () => {
    const s = await signupCompany(ctx);
    const wrong = await s.client.post<ErrorAnswer>('/api/v1/me/password', {
      currentPassword: 'not the password',
      newPassword: 'another sturdy one 5',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.fieldCodes).toEqual({ currentPassword: 'wrong_password' });
    const weak = await s.client.post<ErrorAnswer>('/api/v1/me/password', {
      currentPassword: s.password,
      newPassword: 'qwertyuiop',
    });
    expect(weak.status).toBe(400);
    expect(weak.body.fieldCodes).toEqual({ newPassword: 'password_common' });
    expect(weak.body.fields?.newPassword).toMatch(/too common/);
  });
});

describe('the OpenAPI document', () => {
  it('still describes the rules that now live in shared code: subdomain syntax and consent', async () => {
    const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
    const body = doc.paths['/api/v1/signup'].post.requestBody.content['application/json'].schema;
    expect(body.properties.subdomain).toMatchObject({ type: 'string', minLength: 3, maxLength: 40 });
    expect(body.properties.subdomain.pattern).toBeTruthy();
    const consent = body.properties.acceptTerms;
    expect(consent.type).toBe('boolean');
    expect(consent.enum ?? [consent.const]).toEqual([true]); // OpenAPI 3.0 spells const as a one-value enum
    expect(body.required).toContain('acceptTerms');
  });
});
