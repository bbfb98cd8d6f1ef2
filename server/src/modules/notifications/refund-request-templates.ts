import type { Locale } from '@youarecoder/contract';
import { type BuildersOf, PRODUCT } from './mail-layout.ts';

/** What the refund request messages need (amounts formatted by the caller). */
export interface RefundRequestTemplateData {
  refund_request_update: {
    name: string;
    companyName: string;
    status: 'received' | 'approved' | 'declined';
    planName: string;
    amount: string;
    /** The operator's note with a decline; may be empty. */
    note: string;
    billingUrl: string;
  };
}

const FOOTER: Record<Locale, string> = {
  en: `This is a billing message about your company's ${PRODUCT} subscription.`,
  tr: `Bu e-posta, şirketinizin ${PRODUCT} aboneliğiyle ilgili bir faturalandırma bildirimidir.`,
};

/** English refund request messages. */
export const refundRequestEn: BuildersOf<RefundRequestTemplateData> = {
  refund_request_update: (d) => ({
    subject:
      d.status === 'received'
        ? `Refund request received: ${PRODUCT}`
        : d.status === 'approved'
          ? `Refund request approved: ${PRODUCT}`
          : `Refund request declined: ${PRODUCT}`,
    greeting: `Hello ${d.name},`,
    paragraphs:
      d.status === 'received'
        ? [
            `We received the refund request of ${d.companyName} for the ${d.planName} plan. Under our refund policy it comes to ${d.amount}.`,
            'We will answer within 14 days; the billing page shows where it stands.',
          ]
        : d.status === 'approved'
          ? [
              `We approved the refund request of ${d.companyName} and refunded ${d.amount} to the card the payment was made with.`,
              'A credit note follows in a separate email. Depending on your bank, the refund can take a few business days to appear on your statement.',
            ]
          : [
              `We declined the refund request of ${d.companyName} for the ${d.planName} plan (${d.amount}).`,
              ...(d.note.trim() ? [`Our reason: ${d.note.trim()}`] : []),
              'Reply to this email if you think this is a mistake.',
            ],
    action: { label: 'Open billing', url: d.billingUrl },
    footer: FOOTER.en,
  }),
};

/** Turkish refund request messages. */
export const refundRequestTr: BuildersOf<RefundRequestTemplateData> = {
  refund_request_update: (d) => ({
    subject:
      d.status === 'received'
        ? `İade talebiniz alındı: ${PRODUCT}`
        : d.status === 'approved'
          ? `İade talebiniz onaylandı: ${PRODUCT}`
          : `İade talebiniz reddedildi: ${PRODUCT}`,
    greeting: `Merhaba ${d.name},`,
    paragraphs:
      d.status === 'received'
        ? [
            `${d.companyName} şirketinin ${d.planName} planı için iade talebini aldık. İade politikamıza göre tutar ${d.amount}.`,
            'Talebinizi 14 gün içinde yanıtlayacağız; durumunu faturalandırma sayfasında görebilirsiniz.',
          ]
        : d.status === 'approved'
          ? [
              `${d.companyName} şirketinin iade talebini onayladık ve ${d.amount} tutarını ödemenin yapıldığı karta iade ettik.`,
              'İade belgesi ayrı bir e-postayla gelecek. Bankanıza bağlı olarak iadenin hesap ekstrenize yansıması birkaç iş günü sürebilir.',
            ]
          : [
              `${d.companyName} şirketinin ${d.planName} planı için iade talebini (${d.amount}) reddettik.`,
              ...(d.note.trim() ? [`Gerekçemiz: ${d.note.trim()}`] : []),
              'Bir yanlışlık olduğunu düşünüyorsanız bu e-postayı yanıtlayın.',
            ],
    action: { label: 'Faturalandırma sayfasını aç', url: d.billingUrl },
    footer: FOOTER.tr,
  }),
};
