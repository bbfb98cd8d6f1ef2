import { Refusal } from './http.ts';
import type { BasketLine } from './types.ts';

/** Reads posted fields the way PayTR checks them, refusing with a reason that names the field. */
export class Fields {
  constructor(readonly raw: Record<string, string>) {}

  /** A field that must be present and non-empty, at most max characters. */
  required(name: string, max = 1000): string {
    const v = this.raw[name];
    if (v === undefined || v === '') throw new Refusal(`${name} is required`);
    if (v.length > max) throw new Refusal(`${name} is longer than ${max} characters`);
    return v;
  }

  /** A field that may be left out or empty. */
  optional(name: string, max = 1000, fallback = ''): string {
    const v = this.raw[name];
    if (v === undefined || v === '') return fallback;
    if (v.length > max) throw new Refusal(`${name} is longer than ${max} characters`);
    return v;
  }

  /** A 0/1 switch. */
  flag(name: string, fallback?: '0' | '1'): '0' | '1' {
    const v = fallback === undefined ? this.required(name, 1) : this.optional(name, 1, fallback);
    if (v !== '0' && v !== '1') throw new Refusal(`${name} must be 0 or 1`);
    return v;
  }

  /** A field limited to a few values. */
  oneOf<T extends string>(name: string, values: readonly T[], fallback?: T): T {
    const v = fallback === undefined ? this.required(name, 20) : this.optional(name, 20, fallback);
    if (!(values as readonly string[]).includes(v)) {
      throw new Refusal(`${name} must be one of ${values.join(', ')}`);
    }
    return v as T;
  }

  /** An integer within bounds. */
  integer(name: string, min: number, max: number, fallback?: number): number {
    const v = fallback === undefined ? this.required(name, 12) : this.optional(name, 12, String(fallback));
    if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
      throw new Refusal(`${name} must be a whole number from ${min} to ${max}`);
    }
    return Number(v);
  }
}

/** PayTR's order number rule: letters and digits only, at most 64. */
export function checkMerchantOid(f: Fields): string {
  const v = f.required('merchant_oid', 64);
  if (!/^[A-Za-z0-9]+$/.test(v)) throw new Refusal('merchant_oid must contain only letters and digits');
  return v;
}

/** A plausible email address, at most 100 characters. */
export function checkEmail(f: Fields): string {
  const v = f.required('email', 100);
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v)) throw new Refusal('email is not a valid address');
  return v;
}

/** An absolute http(s) URL, where the browser is sent back to. */
export function checkUrl(f: Fields, name: string): string {
  const v = f.required(name, 400);
  let url: URL;
  try {
    url = new URL(v);
  } catch {
    throw new Refusal(`${name} is not a valid URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new Refusal(`${name} must be http or https`);
  return v;
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&#0?39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}

/**
 * Decodes user_basket: base64 of UTF-8 JSON for the iFrame API. The Direct API samples post the JSON itself
 * (HTML-escaped by PHP's htmlentities), so `allowPlainJson` accepts that form too.
 */
export function decodeBasket(text: string, allowPlainJson = false): BasketLine[] {
  let value: unknown;
  const trimmed = text.trim();
  try {
    if (allowPlainJson && (trimmed.startsWith('[') || trimmed.startsWith('&'))) {
      value = JSON.parse(decodeEntities(trimmed));
    } else {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(trimmed)) throw new Error('not base64');
      value = JSON.parse(Buffer.from(trimmed, 'base64').toString('utf8'));
    }
  } catch {
    throw new Refusal(`user_basket could not be decoded (expected base64 of a JSON array)`);
  }
  if (!Array.isArray(value) || value.length === 0) throw new Refusal('user_basket must be a non-empty array');
  return value.map((line: unknown, i) => {
    if (!Array.isArray(line) || line.length < 3) {
      throw new Refusal(`user_basket line ${i + 1} must be [name, unit price, quantity]`);
    }
    const [name, price, qty] = line as unknown[];
    const quantity = Number(qty);
    if (typeof name !== 'string' || name === '') throw new Refusal(`user_basket line ${i + 1} has no name`);
    if (typeof price !== 'string' || !/^\d+(\.\d{1,2})?$/.test(price)) {
      throw new Refusal(`user_basket line ${i + 1} unit price must be a decimal string like "18.00"`);
    }
    if (!Number.isInteger(quantity) || quantity < 1) {
      throw new Refusal(`user_basket line ${i + 1} quantity must be a positive whole number`);
    }
    return { name, unitPrice: price, quantity };
  });
}
