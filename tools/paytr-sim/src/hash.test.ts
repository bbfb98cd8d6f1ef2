import { describe, expect, it } from 'vitest';
import {
  callbackMessage,
  capiDeleteMessage,
  capiListMessage,
  directPaymentMessage,
  encodeBasket,
  iframeTokenMessage,
  refundMessage,
  signedCallback,
  signWith,
  simSign,
  simVerify,
  statusInquiryMessage,
  transactionListMessage,
} from './hash.ts';

// Expected values were computed once, outside this code, with:
//   printf '%s' "$MESSAGE" | openssl dgst -sha256 -hmac "$KEY" -binary | base64
const secrets = { merchantKey: 'simkey0000000000', merchantSalt: 'simsalt000000000' };
const basket = 'W1siUHJvIHBsYW4iLCIzNC41NiIsMV1d'; // base64 of [["Pro plan","34.56",1]]

describe('simSign', () => {
  it('is base64 of the raw HMAC-SHA256 digest, UTF-8 message', () => {
    expect(simSign('anahtar', 'ödeme')).toBe('JTXGz6o4g5adAvjTPZoTHGBC4XP5qaNgPrPrj2hDw0w=');
  });

  it('verifies only the exact signature', () => {
    const sig = simSign('k', 'm');
    expect(simVerify('k', 'm', sig)).toBe(true);
    expect(simVerify('k', 'm2', sig)).toBe(false);
    expect(simVerify('k', 'm', sig.slice(1))).toBe(false);
    expect(simVerify('k', 'm', '')).toBe(false);
  });
});

describe('message signatures', () => {
  it('get-token paytr_token (salt last)', () => {
    const sig = signWith(secrets, (salt) =>
      iframeTokenMessage(
        {
          merchant_id: '100000',
          user_ip: '203.0.113.7',
          merchant_oid: 'ORDER123',
          email: 'payer@example.com',
          payment_amount: 3456,
          user_basket: basket,
          no_installment: 0,
          max_installment: 0,
          currency: 'TL',
          test_mode: 1,
        },
        salt,
      ),
    );
    expect(sig).toBe('2bDPJ54cwkE/rI28wkD5PvBxGHUrj80qrV9nI+ALMzE=');
  });

  it('notification hash (salt second)', () => {
    const ok = { merchant_oid: 'ORDER123', status: 'success', total_amount: 3456 };
    expect(signWith(secrets, (s) => callbackMessage(ok, s))).toBe(
      'affKNBFDReMpBWpVClCgin+V/0as+mMatEKHqCz/GPY=',
    );
    const failed = { merchant_oid: 'ORDER123', status: 'failed', total_amount: '0' };
    expect(signWith(secrets, (s) => callbackMessage(failed, s))).toBe(
      'oPWaWf9iKbEIZI/tHu44cnShcK2f+yQ6G2iE0iSuJ9o=',
    );
  });

  it('status inquiry', () => {
    const sig = signWith(secrets, (s) =>
      statusInquiryMessage({ merchant_id: '100000', merchant_oid: 'ORDER123' }, s),
    );
    expect(sig).toBe('nVTQrFCbqACX0+aYXFpiM/UpzXaioxW6cTNm7aoHumI=');
  });

  it('refund, amount signed as sent', () => {
    const f = { merchant_id: '100000', merchant_oid: 'ORDER123', return_amount: '10.00' };
    expect(signWith(secrets, (s) => refundMessage(f, s))).toBe(
      'HaGjU6clQLDVh6S18sm0jgSiQ8puQE6deHV5Qrl2Dzs=',
    );
  });

  it('transaction list', () => {
    const f = { merchant_id: '100000', start_date: '2024-05-01 00:00:00', end_date: '2024-05-03 23:59:59' };
    expect(signWith(secrets, (s) => transactionListMessage(f, s))).toBe(
      'Ydhxw/9Qee3IST8A7NKyBaIC9bOPmEHxcp7bHTNTlSs=',
    );
  });

  it('Direct API payment', () => {
    const f = {
      merchant_id: '100000',
      user_ip: '203.0.113.7',
      merchant_oid: 'ORDER123',
      email: 'payer@example.com',
      payment_amount: '34.56',
      payment_type: 'card',
      installment_count: 0,
      currency: 'TL',
      test_mode: 1,
      non_3d: 0,
    };
    expect(signWith(secrets, (s) => directPaymentMessage(f, s))).toBe(
      'FggDEqYMoxeapNoQNUu7MtdIPF0kcZGABIk5S6x/6Hw=',
    );
  });

  it('stored-card list and delete', () => {
    expect(signWith(secrets, (s) => capiListMessage({ utoken: 'u1234' }, s))).toBe(
      'tQRmIYvkmAM7fm8T0/+bBUPf7J2U5Sb75iQ4HXoFY+Y=',
    );
    expect(signWith(secrets, (s) => capiDeleteMessage({ ctoken: 'c5678', utoken: 'u1234' }, s))).toBe(
      'ihO7ocVyMo0lxoZCe9Bnth1TjaBoDacvrTtBdJhiIrc=',
    );
  });
});

describe('signedCallback', () => {
  it('builds the success fields with TL for TRY and the verified hash', () => {
    const f = signedCallback(
      { merchantOid: 'ORDER123', status: 'success', totalAmount: 3456, currency: 'TRY', testMode: true },
      secrets,
    );
    expect(f).toEqual({
      merchant_oid: 'ORDER123',
      status: 'success',
      total_amount: '3456',
      hash: 'affKNBFDReMpBWpVClCgin+V/0as+mMatEKHqCz/GPY=',
      test_mode: '1',
      payment_type: 'card',
      currency: 'TL',
      payment_amount: '3456',
      installment_count: '1',
    });
  });

  it('adds the failure reason and unsigned extras', () => {
    const f = signedCallback(
      {
        merchantOid: 'ORDER123',
        status: 'failed',
        totalAmount: 0,
        paymentAmount: 3456,
        currency: 'USD',
        failedReasonCode: 0,
        failedReasonMsg: 'Kartın limiti yetersiz',
        extra: { utoken: 'u1' },
      },
      secrets,
    );
    expect(f).toMatchObject({
      hash: 'oPWaWf9iKbEIZI/tHu44cnShcK2f+yQ6G2iE0iSuJ9o=',
      failed_reason_code: '0',
      failed_reason_msg: 'Kartın limiti yetersiz',
      currency: 'USD',
      payment_amount: '3456',
      total_amount: '0',
      test_mode: '0',
      utoken: 'u1',
    });
  });
});

describe('encodeBasket', () => {
  it('is base64 of the UTF-8 JSON', () => {
    expect(encodeBasket([['Pro plan', '34.56', 1]])).toBe(basket);
    expect(Buffer.from(encodeBasket([['Çay', '1.00', 2]]), 'base64').toString('utf8')).toBe(
      '[["Çay","1.00",2]]',
    );
  });
});
