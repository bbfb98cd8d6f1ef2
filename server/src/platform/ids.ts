import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** Source of ids and secrets; tests may pass a deterministic one. */
export interface Ids {
  /** A prefixed random id, e.g. `usr_3k9…` (lowercase alphanumeric, 20 random characters). */
  id(prefix: string): string;
  /** A random URL-safe secret of `bytes` bytes. */
  secret(bytes?: number): string;
}

/** Lowercase alphanumeric random string (rejection sampling keeps it uniform). */
export function randomAlnum(length: number): string {
  let out = '';
  while (out.length < length) {
    for (const b of randomBytes(length * 2)) {
      if (b < 252 && out.length < length) out += ALPHABET[b % 36];
    }
  }
  return out;
}

/** Random ids and secrets from the OS. */
export const cryptoIds: Ids = {
  id: (prefix) => `${prefix}_${randomAlnum(20)}`,
  secret: (bytes = 32) => randomBytes(bytes).toString('base64url'),
};

/** SHA-256 hex of a secret: what the database stores for tokens. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

/** Constant-time string comparison. */
export function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}
