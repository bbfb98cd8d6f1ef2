import type { enOnboard } from './en.onboard.ts';

/** Turkish texts of the first steps: exactly the keys of the English ones. */
export const trOnboard: Record<keyof typeof enOnboard, string> = {
  'onboard.takeFromOwner': 'Kendi kotanızdan {n} tane verin (size {left} kalır)',
  'onboard.takeFromOwnerHint':
    'Kayıttan beri planın {limit} çalışma alanının tamamı sizde; davet edilen kişi bunların bir kısmını alır.',
  'onboard.takeFromTheOwner': 'Şirket sahibinin kotasından {n} tane verin ({name} için {left} kalır)',
  'onboard.takeFromTheOwnerHint':
    'Planın {limit} çalışma alanının tamamı kayıtta şirket sahibine verildi; davet edilen kişi sahibin kotasından pay alır. Bu aktarım ekibin denetim kaydına yazılır.',
  'onboard.verifyToCreate': 'Birden fazla çalışma alanı oluşturmak için e-posta adresinizi doğrulayın.',
  'onboard.orderSummary': 'Sipariş özeti',
  'onboard.keepPlan': 'Denemeden sonra {plan} ile devam et',
  'onboard.addPayment': 'Ödeme yöntemi ekle',
  'onboard.addPaymentNote':
    '{plan} planını şimdi öderseniz denemenizin kalan {days} günü sizde kalır: ilk döneminiz {date} tarihine kadar sürer. Siz ödeyene kadar hiçbir ücret alınmaz.',
};
