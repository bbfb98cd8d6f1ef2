import { describe, expect, it } from 'vitest';
import { en } from '../i18n/en.ts';
import { translator } from '../i18n/index.tsx';
import { emailErrors, newPasswordErrors, requiredAll } from './formChecks.ts';

const t = translator(en);

describe('form checks', () => {
  it('flag every empty field as required, blanks included', () => {
    expect(requiredAll(t, { companyName: ' ', fullName: '', other: 'x' })).toEqual({
      companyName: 'is required',
      fullName: 'is required',
    });
  });

  it('an empty password is required, not "too short"', () => {
    expect(newPasswordErrors(t, '')).toEqual({ password: 'is required' });
    expect(newPasswordErrors(t, 'short').password).toMatch(/at least/);
  });

  it('an address is required, then must look like one', () => {
    expect(emailErrors(t, '')).toEqual({ email: 'is required' });
    expect(emailErrors(t, 'ada@')).toEqual({ email: en['fieldError.invalidFormat'] });
    expect(emailErrors(t, 'ada@example.com')).toEqual({});
  });
});
