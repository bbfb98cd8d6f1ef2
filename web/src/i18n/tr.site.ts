import type { enSite } from './en.site.ts';

/** Turkish texts of the public site: landing, pricing, legal pages. */
export const trSite: Record<keyof typeof enSite, string> = {
  'landing.eyebrow': 'Bulutta geliştirme ortamları',
  'landing.title': 'Tüm ekibiniz için tarayıcıda VS Code',
  'landing.subtitle':
    'Her geliştiriciye, şirketinizin kendi alt alan adında ve kendi girişinizin arkasında, kodlamaya hazır bir çalışma alanı verin. Boşta kalan çalışma alanları kendiliğinden durur, faturalar Türkçe gelir.',
  'landing.ctaTrial': '14 günlük ücretsiz denemeyi başlatın',
  'landing.ctaPricing': 'Fiyatları görün',
  'landing.noCard': 'Kredi kartı gerekmez. Kurulum iki dakika sürer.',
  'landing.featuresTitle': 'Ekibin her yerden kod yazması için gereken her şey',
  'landing.featuresSubtitle':
    'Geliştirme ortamlarını tek yerden verin, sınırlayın ve geri alın — dizüstü bilgisayar taşımadan.',
  'landing.f1Title': 'Tarayıcıda tam VS Code',
  'landing.f1Body':
    'Eklentileri, terminali ve Git’iyle gerçek VS Code. Herhangi bir bilgisayardan açın; kurulacak bir şey yok.',
  'landing.f2Title': 'Şirketinizin kendi alt alan adında',
  'landing.f2Body':
    'Ekibiniz sirketiniz.youarecoder.com adresinde çalışır; her çalışma alanı bunun altında kendi adresini alır.',
  'landing.f3Title': 'Kendi girişinizin arkasında',
  'landing.f3Body':
    'Çalışma alanlarına yalnızca şirketinizin oturum açmış üyeleri ulaşır. Roller, oturumlar ve denetim kaydı erişimi kontrol altında tutar.',
  'landing.f4Title': 'Boştaki çalışma alanları otomatik durur',
  'landing.f4Body':
    'Kullanılmayan çalışma alanları kendiliğinden durur ve saniyeler içinde yeniden başlar. Dosyalar olduğu yerde kalır.',
  'landing.f5Title': 'Kişi başına kota',
  'landing.f5Body':
    'Her üyenin kaç çalışma alanı çalıştırabileceğine siz karar verin; planınızın ne kadarının dağıtıldığını bir bakışta görün.',
  'landing.f6Title': 'Türkçe faturalar',
  'landing.f6Body':
    'PayTR üzerinden TRY, USD veya EUR ile kartla ödeyin; muhasebeniz için düzgün Türkçe faturalar alın.',
  'landing.finalTitle': 'Ekibiniz hazır olduğunda biz de hazırız',
  'landing.finalBody':
    'Şirketinizi oluşturun, geliştiricilerinizi davet edin ve bugün herkes kod yazmaya başlasın.',

  'pricing.title': 'Sade fiyatlandırma',
  'pricing.subtitle': 'Tüm şirket için tek plan. Her plan 14 günlük ücretsiz denemeyle başlar.',
  'pricing.period': 'Faturalama dönemi',
  'pricing.monthly': 'Aylık',
  'pricing.annual': 'Yıllık — 2 ay bedava',
  'pricing.perMonth': '/ ay',
  'pricing.perYear': '/ yıl',
  'pricing.annualSaving': 'Yılda {amount} tasarruf',
  'pricing.popular': 'En çok tercih edilen',
  'pricing.workspaces': '{n} çalışma alanı',
  'pricing.storage': 'Çalışma alanı başına {size} disk',
  'pricing.compute': 'Çalışma alanı başına {cpus} vCPU ve {memory} bellek',
  'pricing.idle': 'En fazla {time} boşta kalma süresi',
  'pricing.sso': 'Tek oturum açma (OpenID Connect: Google, Entra ID, Okta…)',
  'pricing.currency': 'Para birimi',
  'pricing.plusVat': '+ KDV %{rate}',
  'pricing.rates': 'Kurlar: TCMB döviz alış, {date} tarihli bülten',
  'pricing.fallback': 'Döviz kurları şu anda alınamıyor; bu yüzden fiyatlar ABD doları olarak gösteriliyor.',
  'pricing.featureSubdomain': 'Şirketinize özel alt alan adı',
  'pricing.featureAutoStop': 'Boştaki çalışma alanlarını otomatik durdurma',
  'pricing.featureInvoices': 'Türkçe faturalar',
  'pricing.cta': 'Ücretsiz denemeyi başlat',
  'pricing.trialNote':
    'Her planda 14 gün ücretsiz deneme, kart gerekmez. Yıllık plan 10 aylık ücrete denk gelir.',
  'pricing.currencyNote':
    'Kartla TRY, USD veya EUR olarak ödeyin. TRY ve EUR fiyatları Türkiye Cumhuriyet Merkez Bankası’nın günlük kurunu izler; faturalar Türkçe düzenlenir.',

  'legal.version': 'Sürüm {version}',
  'legal.updated': 'Son güncelleme {date}',
  'terms.title': 'Hizmet Koşulları',
  'terms.s1h': '1. Hizmet',
  'terms.s1b':
    'YouAreCoder, şirketlere tarayıcı tabanlı geliştirme ortamları sunar. Bu koşullar YouAreCoder ile kaydolan şirket (“müşteri”) arasında geçerlidir. Hesap oluşturarak koşulları şirketiniz adına kabul etmiş olursunuz.',
  'terms.s2h': '2. Hesaplar ve ekibiniz',
  'terms.s2b':
    'Kimin davet edileceğine, her üyenin rolüne ve çalışma alanı kotasına şirket hesabının sahibi karar verir. Şifrelerinizi ve API anahtarlarınızı gizli tutmak ve hesaplarınız altında yapılanlar sizin sorumluluğunuzdadır.',
  'terms.s3h': '3. Deneme, planlar ve ödeme',
  'terms.s3b':
    'Her şirket kart gerektirmeyen 14 günlük ücretsiz denemeyle başlar. Ücretli planlar PayTR üzerinden aylık veya yıllık olarak peşin faturalandırılır. Fiyatlar ABD doları cinsindendir; TRY veya EUR ile ödemelerde ödeme anındaki Türkiye Cumhuriyet Merkez Bankası günlük kuru kullanılır. Faturalar Türkçe düzenlenir.',
  'terms.s4h': '4. Kabul edilebilir kullanım',
  'terms.s4b':
    'Çalışma alanlarını yasa dışı içerik, başka sistemlere saldırı, istenmeyen e-posta veya kripto para madenciliği için kullanmayın. Hizmeti veya diğer müşterileri tehlikeye atan bir çalışma alanını durdurabilir, nedenini size bildiririz.',
  'terms.s5h': '5. Kodunuz ve verileriniz',
  'terms.s5b':
    'Kodunuz ve dosyalarınız size aittir. Bunları yalnızca hizmeti sunmak için işleriz. Boştaki çalışma alanları otomatik olarak durdurulabilir; dosyaları korunur. Hesap kapatıldıktan sonra veriler 30 gün içinde silinir.',
  'terms.s6h': '6. Erişilebilirlik ve sorumluluk',
  'terms.s6b':
    'Hizmeti erişilebilir, verilerinizi güvende tutmak için çalışırız; ancak hizmet olduğu gibi sunulur. Sorumluluğumuz, talepten önceki 12 ayda ödediğiniz ücretlerle sınırlıdır.',
  'terms.s7h': '7. Sözleşmenin sona ermesi',
  'terms.s7b':
    'Dilediğiniz zaman iptal edebilirsiniz; plan ödenmiş dönemin sonuna kadar sürer. Bu koşulların ciddi ihlalinde sözleşmeyi sona erdirebiliriz.',
  'terms.s8h': '8. Değişiklikler ve uygulanacak hukuk',
  'terms.s8b':
    'Bu koşullardaki değişiklikleri en az 30 gün önceden e-postayla duyururuz. Bu koşullar Türkiye Cumhuriyeti hukukuna tabidir; İstanbul mahkemeleri yetkilidir.',

  'privacy.title': 'Gizlilik Bildirimi',
  'privacy.s1h': 'Topladığımız veriler',
  'privacy.s1b':
    'Hesap verileri (ad, e-posta adresi, şirket adı, dil), güvenlik kayıtları (oturum açmalar, IP adresleri, tarayıcı bilgileri, denetim olayları) ve çalışma alanlarınızda tuttuğunuz dosyalar.',
  'privacy.s2h': 'Neden kullanıyoruz',
  'privacy.s2b':
    'Hizmeti sunmak ve güvenliğini sağlamak, doğrulama, davet ve şifre sıfırlama gibi hesap e-postalarını göndermek ve şirketinizi faturalandırmak için. Kişisel verileri satmayız ve reklam için kullanmayız.',
  'privacy.s3h': 'Ödemeler',
  'privacy.s3b':
    'Kart ödemeleri PayTR tarafından işlenir. Kart numaralarının tamamını hiçbir zaman görmez ve saklamayız.',
  'privacy.s4h': 'Ne kadar süre saklıyoruz',
  'privacy.s4b':
    'Hesap verileri hesap var olduğu sürece; denetim kayıtları en fazla iki yıl; faturalar Türk vergi mevzuatının gerektirdiği süre boyunca saklanır.',
  'privacy.s5h': 'Haklarınız',
  'privacy.s5b':
    'Kişisel Verilerin Korunması Kanunu (KVKK) ve GDPR kapsamında kişisel verilerinizi görmeyi, düzeltmeyi, dışa aktarmayı veya silmeyi talep edebilirsiniz.',
  'privacy.s6h': 'İletişim',
  'privacy.s6b': 'Verilerinizle ilgili her soru için privacy@youarecoder.com adresine yazın.',

  'contact.title': 'Bize ulaşın',
  'contact.intro': 'Genellikle bir iş günü içinde, Türkçe veya İngilizce yanıt veririz.',
  'contact.salesTitle': 'Satış',
  'contact.salesBody': 'Planlar, büyük ekipler veya faturalarla ilgili sorular.',
  'contact.supportTitle': 'Destek',
  'contact.supportBody': 'Hesabınız, çalışma alanlarınız veya ekibinizle ilgili sorunlar.',
  'contact.privacyTitle': 'Gizlilik',
  'contact.privacyBody': 'Kişisel verilerinizle ilgili talepler.',
};
