import type { Locale } from '@youarecoder/contract';
import { type BuildersOf, type Parts, PRODUCT } from './mail-layout.ts';
import { failureLines } from './payfail-text.ts';

/**
 * What each billing template needs. Amounts and dates arrive formatted by the caller, who knows
 * the invoice's currency and reckons dates in Europe/Istanbul.
 */
export interface BillingTemplateData {
  payment_succeeded: {
    name: string;
    companyName: string;
    planName: string;
    periodLabel: string;
    amount: string;
    invoiceNumber: string;
    billingUrl: string;
  };
  payment_failed: {
    name: string;
    companyName: string;
    planName: string;
    amount: string;
    /** PayTR's failure message; may be empty. */
    reason: string;
    /** PayTR's failed_reason_code (null: none given). */
    reasonCode: string | null;
    billingUrl: string;
  };
  trial_ending: { name: string; companyName: string; daysLeft: number; endsOn: string; billingUrl: string };
  trial_ended: { name: string; companyName: string; billingUrl: string };
  renewal_due: {
    name: string;
    companyName: string;
    planName: string;
    periodLabel: string;
    net: string;
    vat: string;
    total: string;
    dueOn: string;
    daysLeft: number;
    payUrl: string;
    /** The stored card is charged on dueOn; the link is for paying early or with another card. */
    automatic: boolean;
  };
  past_due: { name: string; companyName: string; total: string; suspendOn: string; payUrl: string };
  suspended: { name: string; companyName: string; payUrl: string };
  restored: { name: string; companyName: string; planName: string; billingUrl: string };
  refund_issued: {
    name: string;
    companyName: string;
    amount: string;
    creditNoteNumber: string;
    billingUrl: string;
  };
  /** To the platform's operators, not to a customer: English in every locale. */
  ops_alert: { subject: string; body: string; url?: string };
}

const FOOTER: Record<Locale, string> = {
  en: `This is a billing message about your company's ${PRODUCT} subscription.`,
  tr: `Bu e-posta, şirketinizin ${PRODUCT} aboneliğiyle ilgili bir faturalandırma bildirimidir.`,
};

/** "in 3 days", "tomorrow", "today": a day count as it reads inside a sentence. */
function inDays(n: number, l: Locale): string {
  if (l === 'tr') return n <= 0 ? 'bugün' : n === 1 ? 'yarın' : `${n} gün sonra`;
  return n <= 0 ? 'today' : n === 1 ? 'tomorrow' : `in ${n} days`;
}

function opsAlert(d: BillingTemplateData['ops_alert']): Parts {
  return {
    // A subject is one header line, whatever the caller put in it.
    subject: `[${PRODUCT}] ${d.subject.replace(/\s+/g, ' ').trim()}`,
    paragraphs: d.body
      .split(/\n\s*\n/)
      .map((x) => x.trim())
      .filter(Boolean),
    ...(d.url ? { action: { label: 'Open', url: d.url } } : {}),
    footer: `Operator alert from ${PRODUCT}: this address is configured to receive them.`,
    lang: 'en',
  };
}

/** English billing messages. */
export const billingEn: BuildersOf<BillingTemplateData> = {
  payment_succeeded: (d) => ({
    subject: `Payment received: ${PRODUCT} invoice ${d.invoiceNumber}`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `We received your payment of ${d.amount} for the ${d.planName} plan of ${d.companyName} (${d.periodLabel}). Thank you.`,
      `Invoice ${d.invoiceNumber} is attached to this email as a PDF. It and every earlier invoice can also be downloaded from the billing page.`,
    ],
    action: { label: 'Open billing', url: d.billingUrl },
    footer: FOOTER.en,
  }),
  payment_failed: (d) => ({
    subject: `Payment failed for your ${PRODUCT} subscription`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `We could not take the payment of ${d.amount} for the ${d.planName} plan of ${d.companyName}.`,
      ...failureLines('en', d.reasonCode, d.reason),
      'Your card was not charged. Please check the card details, or try again with another card.',
    ],
    action: { label: 'Try the payment again', url: d.billingUrl },
    footer: FOOTER.en,
  }),
  trial_ending: (d, l) => ({
    subject: `Your ${PRODUCT} trial ends ${inDays(d.daysLeft, l)}`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `The free trial of ${d.companyName} ends ${inDays(d.daysLeft, l)}, on ${d.endsOn}.`,
      'Choose a plan and pay before then to keep your workspaces running. When the trial ends, the workspaces are stopped until a plan is paid; no data is deleted.',
    ],
    action: { label: 'Choose a plan', url: d.billingUrl },
    footer: FOOTER.en,
  }),
  trial_ended: (d) => ({
    subject: `Your ${PRODUCT} trial has ended`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `The free trial of ${d.companyName} has ended, and its workspaces have been stopped.`,
      'Your data is kept: nothing has been deleted. Choose a plan and pay, and the workspaces can run again.',
    ],
    action: { label: 'Choose a plan', url: d.billingUrl },
    footer: FOOTER.en,
  }),
  renewal_due: (d, l) => ({
    subject: d.automatic
      ? `Your ${PRODUCT} subscription renews on ${d.dueOn}`
      : `Your ${PRODUCT} subscription is due for payment on ${d.dueOn}`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `The ${d.planName} plan of ${d.companyName} renews for ${d.periodLabel} on ${d.dueOn}, ${inDays(d.daysLeft, l)}.`,
      `Pro-forma for ${d.periodLabel}:\nNet: ${d.net}\nVAT: ${d.vat}\nTotal: ${d.total}`,
      d.automatic
        ? `Your stored card will be charged ${d.total} automatically on ${d.dueOn}; there is nothing you need to do. To pay now or with another card, use the link below.`
        : `Please pay ${d.total} by ${d.dueOn} to keep your workspaces running without interruption.`,
      'This is not an invoice: the invoice is issued when the payment is received.',
    ],
    action: { label: d.automatic ? 'Open the payment page' : 'Pay now', url: d.payUrl },
    footer: FOOTER.en,
  }),
  past_due: (d) => ({
    subject: `Payment overdue for your ${PRODUCT} subscription`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `We have not received the payment of ${d.total} for ${d.companyName}.`,
      `Your workspaces keep running until ${d.suspendOn}. If the payment has not arrived by then, they will be stopped; no data is deleted.`,
    ],
    action: { label: 'Pay now', url: d.payUrl },
    footer: FOOTER.en,
  }),
  suspended: (d) => ({
    subject: `Your ${PRODUCT} account has been suspended`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `The subscription payment of ${d.companyName} was not received, so its workspaces have been stopped.`,
      'Your data is kept. Once the payment is made, the account is restored within a minute.',
    ],
    action: { label: 'Pay now', url: d.payUrl },
    footer: FOOTER.en,
  }),
  restored: (d) => ({
    subject: `Your ${PRODUCT} account is active again`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `Thank you, we received the payment. ${d.companyName} is active again on the ${d.planName} plan, and your workspaces are available again.`,
    ],
    action: { label: 'Open billing', url: d.billingUrl },
    footer: FOOTER.en,
  }),
  refund_issued: (d) => ({
    subject: `Refund issued: ${PRODUCT} credit note ${d.creditNoteNumber}`,
    greeting: `Hello ${d.name},`,
    paragraphs: [
      `We refunded ${d.amount} for ${d.companyName} to the card the payment was made with.`,
      `Depending on your bank, it can take a few business days to appear on your statement. Credit note ${d.creditNoteNumber} is attached to this email as a PDF.`,
    ],
    action: { label: 'Open billing', url: d.billingUrl },
    footer: FOOTER.en,
  }),
  ops_alert: opsAlert,
};

/** Turkish billing messages. */
export const billingTr: BuildersOf<BillingTemplateData> = {
  payment_succeeded: (d) => ({
    subject: `Ödemeniz alındı: ${PRODUCT} faturası ${d.invoiceNumber}`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.companyName} şirketinin ${d.planName} planı için ${d.amount} tutarındaki ödemenizi aldık (${d.periodLabel}). Teşekkür ederiz.`,
      `${d.invoiceNumber} numaralı fatura bu e-postanın ekinde PDF olarak yer alıyor. Bu faturayı ve önceki tüm faturalarınızı faturalandırma sayfasından da indirebilirsiniz.`,
    ],
    action: { label: 'Faturalandırma sayfasını aç', url: d.billingUrl },
    footer: FOOTER.tr,
  }),
  payment_failed: (d) => ({
    subject: `${PRODUCT} aboneliğiniz için ödeme başarısız oldu`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.companyName} şirketinin ${d.planName} planı için ${d.amount} tutarındaki ödeme alınamadı.`,
      ...failureLines('tr', d.reasonCode, d.reason),
      'Kartınızdan herhangi bir tutar çekilmedi. Lütfen kart bilgilerinizi kontrol edin ya da başka bir kartla yeniden deneyin.',
    ],
    action: { label: 'Ödemeyi yeniden dene', url: d.billingUrl },
    footer: FOOTER.tr,
  }),
  trial_ending: (d, l) => ({
    subject: `${PRODUCT} deneme süreniz ${inDays(d.daysLeft, l)} bitiyor`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.companyName} için ücretsiz deneme süreniz ${inDays(d.daysLeft, l)} (${d.endsOn}) bitiyor.`,
      'Çalışma alanlarınızın kesintisiz çalışması için bu tarihten önce bir plan seçip ödemenizi yapın. Deneme süresi bittiğinde çalışma alanları, bir planın ödemesi yapılana kadar durdurulur; verileriniz silinmez.',
    ],
    action: { label: 'Plan seç', url: d.billingUrl },
    footer: FOOTER.tr,
  }),
  trial_ended: (d) => ({
    subject: `${PRODUCT} deneme süreniz sona erdi`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.companyName} için ücretsiz deneme süresi sona erdi ve çalışma alanları durduruldu.`,
      'Verileriniz korunuyor, hiçbir şey silinmedi. Bir plan seçip ödemenizi yaptığınızda çalışma alanlarınız yeniden çalışabilir.',
    ],
    action: { label: 'Plan seç', url: d.billingUrl },
    footer: FOOTER.tr,
  }),
  renewal_due: (d, l) => ({
    subject: d.automatic
      ? `${PRODUCT} aboneliğiniz ${d.dueOn} tarihinde yenileniyor`
      : `${PRODUCT} aboneliğinizin son ödeme tarihi: ${d.dueOn}`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.companyName} şirketinin ${d.planName} planı ${d.dueOn} tarihinde (${inDays(d.daysLeft, l)}) ${d.periodLabel} dönemi için yenileniyor.`,
      `${d.periodLabel} dönemi proforma tutarları:\nNet tutar: ${d.net}\nKDV: ${d.vat}\nToplam: ${d.total}`,
      d.automatic
        ? `Kayıtlı kartınızdan ${d.dueOn} tarihinde ${d.total} otomatik olarak çekilecek; sizin bir şey yapmanıza gerek yok. Şimdi ya da başka bir kartla ödemek isterseniz aşağıdaki bağlantıyı kullanın.`
        : `Çalışma alanlarınızın kesintisiz çalışması için lütfen ${d.total} tutarını ${d.dueOn} tarihine kadar ödeyin.`,
      'Bu bir fatura değildir: faturanız ödeme alındığında düzenlenir.',
    ],
    action: { label: d.automatic ? 'Ödeme sayfasını aç' : 'Şimdi öde', url: d.payUrl },
    footer: FOOTER.tr,
  }),
  past_due: (d) => ({
    subject: `${PRODUCT} aboneliğinizin ödemesi gecikti`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.companyName} için ${d.total} tutarındaki ödemeyi henüz alamadık.`,
      `Çalışma alanlarınız ${d.suspendOn} tarihine kadar çalışmaya devam edecek. Ödeme o tarihe kadar yapılmazsa çalışma alanları durdurulur; verileriniz silinmez.`,
    ],
    action: { label: 'Şimdi öde', url: d.payUrl },
    footer: FOOTER.tr,
  }),
  suspended: (d) => ({
    subject: `${PRODUCT} hesabınız askıya alındı`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.companyName} şirketinin abonelik ödemesi alınamadığı için çalışma alanları durduruldu.`,
      'Verileriniz korunuyor. Ödemenizi yaptığınızda hesabınız bir dakika içinde yeniden etkinleşir.',
    ],
    action: { label: 'Şimdi öde', url: d.payUrl },
    footer: FOOTER.tr,
  }),
  restored: (d) => ({
    subject: `${PRODUCT} hesabınız yeniden etkin`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `Teşekkürler, ödemenizi aldık. ${d.companyName} ${d.planName} planıyla yeniden etkin ve çalışma alanlarınız yeniden kullanılabilir.`,
    ],
    action: { label: 'Faturalandırma sayfasını aç', url: d.billingUrl },
    footer: FOOTER.tr,
  }),
  refund_issued: (d) => ({
    subject: `İadeniz yapıldı: ${PRODUCT} iade belgesi ${d.creditNoteNumber}`,
    greeting: `Merhaba ${d.name},`,
    paragraphs: [
      `${d.companyName} için ${d.amount} tutarı, ödemenin yapıldığı karta iade edildi.`,
      `Bankanıza bağlı olarak iadenin hesap ekstrenize yansıması birkaç iş günü sürebilir. ${d.creditNoteNumber} numaralı iade belgesi bu e-postanın ekinde PDF olarak yer alıyor.`,
    ],
    action: { label: 'Faturalandırma sayfasını aç', url: d.billingUrl },
    footer: FOOTER.tr,
  }),
  ops_alert: opsAlert,
};
