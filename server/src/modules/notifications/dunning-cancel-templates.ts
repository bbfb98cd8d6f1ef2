import type { Locale } from '@youarecoder/contract';
import { type BuildersOf, PRODUCT } from './mail-layout.ts';
import { failureLines } from './payfail-text.ts';

/** What the dunning-retry and immediate-cancellation messages need (dates and amounts formatted). */
export interface DunningCancelTemplateData {
  /** A stored-card renewal charged again on a dunning day, and how it went. */
  dunning_retry: {
    name: string;
    companyName: string;
    planName: string;
    amount: string;
    triedOn: string;
    paid: boolean;
    /** PayTR's failure message; may be empty. */
    reason: string;
    /** PayTR's failed_reason_code (null: none given). */
    reasonCode: string | null;
    /** The next automatic try, or null when none is left before the suspension. */
    nextTryOn: string | null;
    suspendOn: string;
    payUrl: string;
  };
  /** The owner canceled the subscription with immediate effect. */
  canceled_now: {
    name: string;
    companyName: string;
    endedOn: string;
    /** The credit kept for the next payment (formatted USD), or null: no refund or credit. */
    credit: string | null;
    billingUrl: string;
  };
}

const FOOTER: Record<Locale, string> = {
  en: `This is a billing message about your company's ${PRODUCT} subscription.`,
  tr: `Bu e-posta, şirketinizin ${PRODUCT} aboneliğiyle ilgili bir faturalandırma bildirimidir.`,
};

/** English messages. */
export const dunningCancelEn: BuildersOf<DunningCancelTemplateData> = {
  dunning_retry: (d) =>
    d.paid
      ? {
          subject: `Payment received on the second try: your ${PRODUCT} subscription is active`,
          greeting: `Hello ${d.name},`,
          paragraphs: [
            `We tried your stored card again on ${d.triedOn} and the payment of ${d.amount} for the ${d.planName} plan of ${d.companyName} went through.`,
            'The subscription continues without a gap; the invoice follows in a separate email.',
          ],
          action: { label: 'Open billing', url: d.payUrl },
          footer: FOOTER.en,
        }
      : {
          subject: `We tried your card again: ${PRODUCT} payment still failing`,
          greeting: `Hello ${d.name},`,
          paragraphs: [
            `We tried your stored card again on ${d.triedOn} for the ${d.amount} renewal of the ${d.planName} plan of ${d.companyName}, and it was declined.`,
            ...failureLines('en', d.reasonCode, d.reason),
            d.nextTryOn
              ? `We will try again automatically on ${d.nextTryOn}, or you can pay now with this or another card.`
              : 'There are no more automatic tries. Please pay now with this or another card.',
            `Your workspaces keep running until ${d.suspendOn}; after that they are stopped until the payment arrives. No data is deleted.`,
          ],
          action: { label: 'Pay now', url: d.payUrl },
          footer: FOOTER.en,
        },
  canceled_now: (d) => ({
    subject: `Your ${PRODUCT} subscription has been canceled`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `The subscription of ${d.companyName} was canceled with immediate effect on ${d.endedOn}, and its workspaces have been stopped. Your data is kept.`,
      d.credit
        ? `The unused time of the paid period is kept as a credit of ${d.credit}, taken off your next payment if you subscribe again.`
        : 'As set out before you confirmed, there is no refund or credit for the unused time.',
    ],
    action: { label: 'Open billing', url: d.billingUrl },
    footer: FOOTER.en,
  }),
};

/** Turkish messages. */
export const dunningCancelTr: BuildersOf<DunningCancelTemplateData> = {
  dunning_retry: (d) =>
    d.paid
      ? {
          subject: `Ödemeniz ikinci denemede alındı: ${PRODUCT} aboneliğiniz etkin`,
          greeting: `Merhaba ${d.name},`,
          paragraphs: [
            `${d.triedOn} tarihinde kayıtlı kartınızı yeniden denedik; ${d.companyName} şirketinin ${d.planName} planı için ${d.amount} tutarındaki ödeme alındı.`,
            'Aboneliğiniz kesintisiz devam ediyor; fatura ayrı bir e-postayla gelecek.',
          ],
          action: { label: 'Faturalandırma sayfasını aç', url: d.payUrl },
          footer: FOOTER.tr,
        }
      : {
          subject: `Kartınızı yeniden denedik: ${PRODUCT} ödemesi hâlâ alınamadı`,
          greeting: `Merhaba ${d.name},`,
          paragraphs: [
            `${d.triedOn} tarihinde ${d.companyName} şirketinin ${d.planName} planının ${d.amount} tutarındaki yenilemesi için kayıtlı kartınızı yeniden denedik; ödeme reddedildi.`,
            ...failureLines('tr', d.reasonCode, d.reason),
            d.nextTryOn
              ? `${d.nextTryOn} tarihinde otomatik olarak yeniden deneyeceğiz; dilerseniz şimdi bu ya da başka bir kartla ödeyebilirsiniz.`
              : 'Başka otomatik deneme yapılmayacak. Lütfen şimdi bu ya da başka bir kartla ödeyin.',
            `Çalışma alanlarınız ${d.suspendOn} tarihine kadar çalışmaya devam eder; sonrasında ödeme gelene kadar durdurulur. Verileriniz silinmez.`,
          ],
          action: { label: 'Şimdi öde', url: d.payUrl },
          footer: FOOTER.tr,
        },
  canceled_now: (d) => ({
    subject: `${PRODUCT} aboneliğiniz iptal edildi`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.companyName} şirketinin aboneliği ${d.endedOn} tarihinde hemen geçerli olmak üzere iptal edildi ve çalışma alanları durduruldu. Verileriniz korunuyor.`,
      d.credit
        ? `Ödenmiş dönemin kullanılmayan süresi ${d.credit} tutarında kredi olarak saklanıyor; yeniden abone olursanız bir sonraki ödemenizden düşülür.`
        : 'Onaylamadan önce belirtildiği gibi, kullanılmayan süre için iade ya da kredi yapılmaz.',
    ],
    action: { label: 'Faturalandırma sayfasını aç', url: d.billingUrl },
    footer: FOOTER.tr,
  }),
};
