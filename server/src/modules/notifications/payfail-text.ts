// The emails explain a failed payment as the portal does (web/src/i18n/*.payfail.ts): a sentence
// chosen by PayTR's reason code in the reader's language, with PayTR's own Turkish sentence as detail.
import { type Locale, type PaymentFailure, paymentFailure } from '@youarecoder/contract';

const TEXT: Record<Locale, Record<PaymentFailure, string> & { detail: string }> = {
  en: {
    bank: 'Your bank declined the payment (for example, not enough limit). Ask your bank, or try another card.',
    sms_not_done: 'The SMS verification was not completed. Try again and enter the code your bank sends.',
    verification_failed:
      'The card verification failed. Try again and check the code from your bank, or use another card.',
    security_check:
      'The payment was stopped by the payment provider’s security check. Try another card, or contact us.',
    abandoned: 'The payment page was left or timed out before paying. Start the payment again.',
    no_installments: 'This card cannot pay in installments. Pay in one installment, or use another card.',
    store_not_authorised: 'This card cannot be used for this payment. Use another card, or contact us.',
    secure_required: 'This card needs 3-D Secure. Try again and complete your bank’s verification.',
    security_alert: 'The bank raised a security alert for this card. Contact your bank, or use another card.',
    unknown: 'The payment did not go through. Try again, or use another card.',
    detail: 'Payment provider’s message:',
  },
  tr: {
    bank: 'Bankanız ödemeyi onaylamadı (örneğin limit yetersiz). Bankanıza danışın ya da başka bir kart deneyin.',
    sms_not_done: 'SMS doğrulaması tamamlanmadı. Yeniden deneyin ve bankanızın gönderdiği kodu girin.',
    verification_failed:
      'Kart doğrulaması başarısız oldu. Bankanızdan gelen kodu kontrol ederek yeniden deneyin ya da başka bir kart kullanın.',
    security_check:
      'Ödeme, ödeme kuruluşunun güvenlik kontrolüne takıldı. Başka bir kart deneyin ya da bizimle iletişime geçin.',
    abandoned: 'Ödeme sayfası, ödeme yapılmadan kapatıldı ya da süresi doldu. Ödemeyi yeniden başlatın.',
    no_installments: 'Bu kartla taksitli ödeme yapılamıyor. Tek çekim ödeyin ya da başka bir kart kullanın.',
    store_not_authorised:
      'Bu kart bu ödeme için kullanılamıyor. Başka bir kart kullanın ya da bizimle iletişime geçin.',
    secure_required:
      'Bu kart için 3-D Secure gerekiyor. Yeniden deneyin ve bankanızın doğrulamasını tamamlayın.',
    security_alert:
      'Banka bu kart için bir güvenlik uyarısı verdi. Bankanızla görüşün ya da başka bir kart kullanın.',
    unknown: 'Ödeme gerçekleşmedi. Yeniden deneyin ya da başka bir kart kullanın.',
    detail: 'Ödeme kuruluşunun mesajı:',
  },
};

/**
 * The paragraphs explaining a failure: the reader's sentence for PayTR's code, then PayTR's own
 * message (only when PayTR gave a code: a note the platform wrote itself is for operators).
 */
export function failureLines(locale: Locale, code: string | null, msg: string): string[] {
  const t = TEXT[locale];
  const lines = [t[paymentFailure(code)]];
  if (code !== null && msg.trim()) lines.push(`${t.detail} ${msg.trim()}`);
  return lines;
}
