import { describe, expect, it } from 'vitest';
import { PAYMENT_FAILURES, paymentFailure } from './payment-failures.ts';

describe('paymentFailure', () => {
  it("maps each of PayTR's documented codes to its own reason", () => {
    const codes = ['0', '1', '2', '3', '6', '8', '9', '10', '11'];
    const reasons = codes.map(paymentFailure);
    expect(new Set(reasons).size).toBe(codes.length);
    expect(reasons).not.toContain('unknown');
    expect(paymentFailure('0')).toBe('bank');
    expect(paymentFailure(10)).toBe('secure_required');
    for (const r of reasons) expect(PAYMENT_FAILURES).toContain(r);
  });

  it('calls a missing or undocumented code unknown', () => {
    expect(paymentFailure(null)).toBe('unknown');
    expect(paymentFailure(undefined)).toBe('unknown');
    expect(paymentFailure('99')).toBe('unknown');
    expect(paymentFailure('toString')).toBe('unknown');
  });
});
