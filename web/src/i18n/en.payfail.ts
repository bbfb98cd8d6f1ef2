import type { PaymentFailure } from '@youarecoder/contract/payment-failures';

/** English explanations of a failed payment, by PayTR's reason code, each with what to do next. */
export const enPayfail = {
  'payfail.bank':
    'Your bank declined the payment (for example, not enough limit). Ask your bank, or try another card.',
  'payfail.sms_not_done':
    'The SMS verification was not completed. Try again and enter the code your bank sends.',
  'payfail.verification_failed':
    'The card verification failed. Try again and check the code from your bank, or use another card.',
  'payfail.security_check':
    'The payment was stopped by the payment provider’s security check. Try another card, or contact us.',
  'payfail.abandoned': 'The payment page was left or timed out before paying. Start the payment again.',
  'payfail.no_installments':
    'This card cannot pay in installments. Pay in one installment, or use another card.',
  'payfail.store_not_authorised':
    'This card cannot be used for this payment. Use another card, or contact us.',
  'payfail.secure_required': 'This card needs 3-D Secure. Try again and complete your bank’s verification.',
  'payfail.security_alert':
    'The bank raised a security alert for this card. Contact your bank, or use another card.',
  'payfail.unknown': 'The payment did not go through. Try again, or use another card.',
  'payfail.detail': 'Payment provider’s message: {msg}',
} as const satisfies Record<`payfail.${PaymentFailure}` | 'payfail.detail', string>;
