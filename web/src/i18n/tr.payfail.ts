import type { enPayfail } from './en.payfail.ts';

/** Turkish explanations of a failed payment, by PayTR's reason code. */
export const trPayfail: Record<keyof typeof enPayfail, string> = {
  'payfail.bank':
    'Bankanız ödemeyi onaylamadı (örneğin limit yetersiz). Bankanıza danışın ya da başka bir kart deneyin.',
  'payfail.sms_not_done':
    'SMS doğrulaması tamamlanmadı. Yeniden deneyin ve bankanızın gönderdiği kodu girin.',
  'payfail.verification_failed':
    'Kart doğrulaması başarısız oldu. Bankanızdan gelen kodu kontrol ederek yeniden deneyin ya da başka bir kart kullanın.',
  'payfail.security_check':
    'Ödeme, ödeme kuruluşunun güvenlik kontrolüne takıldı. Başka bir kart deneyin ya da bizimle iletişime geçin.',
  'payfail.abandoned':
    'Ödeme sayfası, ödeme yapılmadan kapatıldı ya da süresi doldu. Ödemeyi yeniden başlatın.',
  'payfail.no_installments':
    'Bu kartla taksitli ödeme yapılamıyor. Tek çekim ödeyin ya da başka bir kart kullanın.',
  'payfail.store_not_authorised':
    'Bu kart bu ödeme için kullanılamıyor. Başka bir kart kullanın ya da bizimle iletişime geçin.',
  'payfail.secure_required':
    'Bu kart için 3-D Secure gerekiyor. Yeniden deneyin ve bankanızın doğrulamasını tamamlayın.',
  'payfail.security_alert':
    'Banka bu kart için bir güvenlik uyarısı verdi. Bankanızla görüşün ya da başka bir kart kullanın.',
  'payfail.unknown': 'Ödeme gerçekleşmedi. Yeniden deneyin ya da başka bir kart kullanın.',
  'payfail.detail': 'Ödeme kuruluşunun mesajı: {msg}',
};
