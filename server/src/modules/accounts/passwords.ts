import { readFileSync } from 'node:fs';
import { hash, verify } from '@node-rs/argon2';
import type { FieldCode } from '@youarecoder/contract';

// Algorithm.Argon2id (a const enum, which isolated modules cannot read).
const ARGON2ID = 2;

// OWASP's argon2id baseline (19 MiB, 2 passes); about 25 ms here.
const OPTIONS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** Hash a password with argon2id. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

/** Check a password against its hash; false on any malformed hash. */
export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;
/** Spend the same time as a real check, so a missing account cannot be told apart by timing. */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword('dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

const COMMON = new Set(
  readFileSync(new URL('./data/common-passwords.txt', import.meta.url), 'utf8')
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter((l) => l && !l.startsWith('#')),
);

/** Why a new password is refused beyond its length, as a field code of the contract. */
export type PasswordWeakness = Extract<FieldCode, `password_${string}`>;

/** The API's English text for each weakness (clients translate the field code instead). */
export const PASSWORD_WEAKNESS_MESSAGES: Record<PasswordWeakness, string> = {
  password_common: 'is too common; choose one that is harder to guess',
  password_repeated: 'may not be one repeated character',
  password_contains_email: 'may not contain your email address',
};

/** Why a new password is refused beyond its length, or null when it is acceptable. */
export function passwordWeaknessCode(
  password: string,
  context: { email?: string; name?: string } = {},
): PasswordWeakness | null {
  const lower = password.toLowerCase();
  if (COMMON.has(lower)) return 'password_common';
  if (/^(.)\1+$/.test(password)) return 'password_repeated';
  const local = context.email?.split('@')[0]?.toLowerCase();
  if (local && local.length >= 4 && lower.includes(local)) return 'password_contains_email';
  return null;
}

/** Why a new password is refused beyond its length, in English, or null when it is acceptable. */
export function passwordWeakness(
  password: string,
  context: { email?: string; name?: string } = {},
): string | null {
  const code = passwordWeaknessCode(password, context);
  return code && PASSWORD_WEAKNESS_MESSAGES[code];
}
