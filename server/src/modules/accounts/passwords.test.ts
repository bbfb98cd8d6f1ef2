import { describe, expect, it } from 'vitest';
import {
  hashPassword,
  passwordWeakness,
  passwordWeaknessCode,
  verifyAgainstDummy,
  verifyPassword,
} from './passwords.ts';

describe('hashPassword / verifyPassword', () => {
  it('hashes with argon2id and a random salt, and verifies only the right password', async () => {
    const a = await hashPassword('a sturdy passphrase 42');
    const b = await hashPassword('a sturdy passphrase 42');
    expect(a).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword(a, 'a sturdy passphrase 42')).toBe(true);
    expect(await verifyPassword(a, 'a sturdy passphrase 43')).toBe(false);
    expect(await verifyPassword(a, '')).toBe(false);
  });

  it('handles non-ASCII passwords byte-exactly', async () => {
    const h = await hashPassword('şifre-İstanbul-ğüı');
    expect(await verifyPassword(h, 'şifre-İstanbul-ğüı')).toBe(true);
    expect(await verifyPassword(h, 'sifre-Istanbul-gui')).toBe(false);
  });

  it('answers false, not an exception, for a malformed stored hash', async () => {
    for (const bad of [
      '',
      'not-a-hash',
      '$argon2id$v=19$m=19456,t=2,p=1$short',
      '$2b$10$abcdefghijklmnopqrstuu',
    ]) {
      expect(await verifyPassword(bad, 'whatever')).toBe(false);
    }
  });

  it('verifyAgainstDummy resolves for any input', async () => {
    await expect(verifyAgainstDummy('anything')).resolves.toBeUndefined();
    await expect(verifyAgainstDummy('')).resolves.toBeUndefined();
  });
});

describe('passwordWeakness', () => {
  it('accepts a reasonable passphrase', () => {
    expect(passwordWeakness('a sturdy passphrase 42')).toBeNull();
    expect(passwordWeakness('correct horse battery', { email: 'ayse@example.com' })).toBeNull();
  });

  it('refuses common passwords whatever their case', () => {
    for (const p of ['password123', 'PASSWORD123', 'Password123', 'qwertyuiop', '1234567890']) {
      expect(passwordWeakness(p), p).toMatch(/too common/);
    }
  });

  it('refuses one repeated character', () => {
    expect(passwordWeakness('aaaaaaaaaaaa')).toMatch(/repeated/);
    expect(passwordWeakness('############')).toMatch(/repeated/);
    expect(passwordWeakness('aaaaaaaaaaab')).toBeNull();
  });

  it('refuses the email local part inside the password, ignoring case', () => {
    expect(passwordWeakness('my-Mehmet.Oz-pass', { email: 'mehmet.oz@example.com' })).toMatch(/email/);
    expect(passwordWeakness('xxMEHMET.OZxx123', { email: 'mehmet.oz@example.com' })).toMatch(/email/);
  });

  it('ignores a very short local part, which would refuse too much', () => {
    expect(passwordWeakness('bob builds bridges', { email: 'bob@example.com' })).toBeNull();
  });

  it('names each weakness with the field code the API answers', () => {
    expect(passwordWeaknessCode('password123')).toBe('password_common');
    expect(passwordWeaknessCode('aaaaaaaaaaaa')).toBe('password_repeated');
    expect(passwordWeaknessCode('my-Mehmet.Oz-pass', { email: 'mehmet.oz@example.com' })).toBe(
      'password_contains_email',
    );
    expect(passwordWeaknessCode('a sturdy passphrase 42')).toBeNull();
  });
});
