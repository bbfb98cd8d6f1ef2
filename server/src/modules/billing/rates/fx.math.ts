// Exact decimal arithmetic for currency conversion, on BigInt: a rate string such as '48.6116' is read
// as the fraction 486116 / 10^4 and never becomes a float, so no conversion is off by a kuruş because
// 0.1 has no binary representation.
//
// Rounding rule: every conversion is computed exactly as a fraction and rounded once, at the end, to
// the target's minor unit (kuruş, cent), half up: a remainder of exactly one half goes up. Negative
// amounts (credits) round half away from zero, so a credit mirrors its charge to the kuruş. Rates
// stored or quoted per unit are kept at 6 decimals (the numeric(18,6) columns), also rounded half up.
import type { Currency } from '@youarecoder/contract';

/** Decimal places of every stored or quoted rate (the numeric(18,6) columns). */
export const RATE_SCALE = 6;

/** Integer digits numeric(18,6) can hold. */
const MAX_INTEGER_DIGITS = 18 - RATE_SCALE;
const DECIMAL = /^(\d+)(?:\.(\d+))?$/;
const TEN = 10n;

/** An exact non-negative decimal: n / 10^scale. */
interface Fraction {
  n: bigint;
  scale: number;
}

function readDecimal(s: string): Fraction | null {
  const m = DECIMAL.exec(s.trim());
  if (!m) return null;
  const whole = m[1] as string;
  const frac = m[2] ?? '';
  return { n: BigInt(whole + frac), scale: frac.length };
}

function pow10(k: number): bigint {
  return TEN ** BigInt(k);
}

/** num / den rounded to an integer, half away from zero; den must be positive. */
function roundHalfUp(num: bigint, den: bigint): bigint {
  const neg = num < 0n;
  const abs = neg ? -num : num;
  const q = (2n * abs + den) / (2n * den);
  return neg ? -q : q;
}

function formatScaled(v: bigint, scale: number): string {
  const digits = v.toString().padStart(scale + 1, '0');
  return `${digits.slice(0, -scale)}.${digits.slice(-scale)}`;
}

/** A rate as an exact positive fraction; a zero, negative or malformed rate is a programming error. */
function positiveRate(s: string, what: string): Fraction {
  const f = readDecimal(s);
  if (!f || f.n === 0n) throw new RangeError(`${what} must be a positive decimal string, got '${s}'`);
  return f;
}

function safeInteger(n: number, what: string): bigint {
  if (!Number.isSafeInteger(n)) throw new RangeError(`${what} must be a safe integer, got ${n}`);
  return BigInt(n);
}

function toSafeNumber(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`result ${v} is beyond Number.MAX_SAFE_INTEGER`);
  return n;
}

/** a × b ÷ c in whole numbers, rounded once, half up (c > 0): the one rounding rule of billing. */
export function mulDivHalfUp(a: number, b: number, c: number): number {
  const den = safeInteger(c, 'c');
  if (den <= 0n) throw new RangeError('c must be positive');
  return toSafeNumber(roundHalfUp(safeInteger(a, 'a') * safeInteger(b, 'b'), den));
}

/**
 * A decimal as read from a bulletin, normalised to RATE_SCALE places ('48.6116' -> '48.611600'), or null
 * when empty, malformed, zero or too large for numeric(18,6): a rate of zero is no rate at all.
 */
export function normalizeDecimal(raw: string | null | undefined): string | null {
  if (raw == null) return null;
  const f = readDecimal(raw);
  if (!f) return null;
  const scaled =
    f.scale <= RATE_SCALE ? f.n * pow10(RATE_SCALE - f.scale) : roundHalfUp(f.n, pow10(f.scale - RATE_SCALE));
  if (scaled === 0n || scaled >= pow10(MAX_INTEGER_DIGITS + RATE_SCALE)) return null;
  return formatScaled(scaled, RATE_SCALE);
}

/** TRY per one unit from a value printed per `unit` units (JPY: per 100), at 6 decimals, half up. */
export function perUnit(value: string, unit: number): string {
  const v = positiveRate(value, 'value');
  if (!Number.isSafeInteger(unit) || unit < 1)
    throw new RangeError(`unit must be a positive integer, got ${unit}`);
  const num = v.n * pow10(RATE_SCALE);
  const den = pow10(v.scale) * BigInt(unit);
  return formatScaled(roundHalfUp(num, den), RATE_SCALE);
}

/**
 * A USD price in cents converted to minor units of `target`, rounded once, half up:
 * TRY = cents x usdTry; EUR = cents x usdTry / targetTry (EUR's TRY rate); USD unchanged.
 */
export function usdToMinor(
  usdCents: number,
  target: Currency,
  q: { usdTry: string; targetTry: string },
): number {
  const cents = safeInteger(usdCents, 'usdCents');
  if (target === 'USD') return usdCents;
  const usd = positiveRate(q.usdTry, 'usdTry');
  if (target === 'TRY') return toSafeNumber(roundHalfUp(cents * usd.n, pow10(usd.scale)));
  const tgt = positiveRate(q.targetTry, 'targetTry');
  // cents x (usd.n / 10^us) / (tgt.n / 10^ts) = cents x usd.n x 10^ts / (10^us x tgt.n)
  return toSafeNumber(roundHalfUp(cents * usd.n * pow10(tgt.scale), pow10(usd.scale) * tgt.n));
}

/** The TRY equivalent, in kuruş, of an amount in minor units at `tryPerUnit` TRY per unit, half up. */
export function toTryMinor(amountMinor: number, tryPerUnit: string): number {
  const amount = safeInteger(amountMinor, 'amountMinor');
  const rate = positiveRate(tryPerUnit, 'tryPerUnit');
  return toSafeNumber(roundHalfUp(amount * rate.n, pow10(rate.scale)));
}
