import { describe, expect, it } from 'vitest';
import {
  callbackSignature,
  cardListSignature,
  directSignature,
  inquirySignature,
  refundSignature,
  signatureMatches,
  tokenSignature,
  transactionListSignature,
} from './paytr.hash.ts';

// Expected values computed independently with
//   printf '%s' "<message>" | openssl dgst -sha256 -hmac testkey123456 -binary | base64
const c = { merchantId: '100001', merchantKey: 'testkey123456', merchantSalt: 'testsalt654321' };

describe('PayTR signatures (known vectors)', () => {
  it('iFrame token: merchant_id … test_mode, salt last', () => {
    expect(
      tokenSignature(c, {
        user_ip: '203.0.113.7',
        merchant_oid: 'ORD123abc',
        email: 'payer@example.com',
        payment_amount: '348000',
        user_basket: 'W1siVGVhbSIsIjk5LjAwIiwxXV0=',
        no_installment: '1',
        max_installment: '0',
        currency: 'TL',
        test_mode: '1',
      }),
    ).toBe('wqAJV0mIsdDv8xHFwmd/o8A9yakp0m75ODhVLRxAXfY=');
  });

  it('callback: merchant_oid, salt second, status, total_amount', () => {
    expect(callbackSignature(c, 'ORD123abc', 'success', '348000')).toBe(
      'XlLW4qafH2nv2pKlS3QTc9yxjDWP+mnvPo5TLcLp9XE=',
    );
  });

  it('status inquiry, refund, Direct API, card list, transaction list', () => {
    expect(inquirySignature(c, 'ORD123abc')).toBe('0bOAl378tpSOqOqaZBgedONoeEjhwKv+xFwHxyPS5os=');
    expect(refundSignature(c, 'ORD123abc', '12.50')).toBe('LXEiiWVAnvUuos44Nv5XLSEa0i3h5aKTHCUHH4OXcz8=');
    expect(
      directSignature(c, {
        user_ip: '203.0.113.7',
        merchant_oid: 'ORD123abc',
        email: 'payer@example.com',
        payment_amount: '99.00',
        payment_type: 'card',
        installment_count: '0',
        currency: 'USD',
        test_mode: '0',
        non_3d: '1',
      }),
    ).toBe('oFsJo3j3q+uHG7sLwsOjcdY28yyIolccAHu5TIV9Lu4=');
    expect(cardListSignature(c, 'utok1')).toBe('ZkeEFnUfnXjSGXz91QOR7qnKjgtGBJgllgP/NixR9QE=');
    expect(transactionListSignature(c, '2026-11-01 00:00:00', '2026-11-03 23:59:59')).toBe(
      'r+BH3lVeVBFHwyCrtUSttRceGFeRzFaEgrb26CX8OoI=',
    );
  });

  it('compares signatures exactly', () => {
    const good = callbackSignature(c, 'ORD123abc', 'success', '348000');
    expect(signatureMatches(good, good)).toBe(true);
    expect(signatureMatches(good, `${good.slice(0, -2)}A=`)).toBe(false);
    expect(signatureMatches(good, '')).toBe(false);
    expect(signatureMatches(good, `${good}x`)).toBe(false);
  });
});
