import type { enLegal } from './en.legal.ts';

/** Turkish texts of the seller's legal documents (issue 11) and of refund requests. */
export const trLegal: Record<keyof typeof enLegal, string> = {
  'legal.seller.title': 'Satıcı',
  'legal.seller.name': 'Unvan',
  'legal.seller.address': 'Adres',
  'legal.seller.tax': 'Vergi dairesi / numarası',
  'legal.seller.mersis': 'MERSİS numarası',
  'legal.seller.email': 'E-posta',
  'legal.seller.phone': 'Telefon',
  'legal.seller.website': 'İnternet sitesi',
  'legal.seller.loading': 'Satıcı bilgileri yükleniyor…',
  'legal.docs': 'Yasal belgeler',
  'legal.otherLanguage': 'English',

  'legal.distance.title': 'Mesafeli Satış Sözleşmesi',
  'legal.distance.s1h': '1. Taraflar',
  'legal.distance.s1b':
    'Bu sözleşme, yukarıda bilgileri yer alan satıcı ("Satıcı") ile internet sitesi üzerinden YouAreCoder aboneliği satın alan ve ödemeden önce girdiği fatura bilgileriyle tanımlanan şirket veya kişi ("Alıcı") arasında kurulur. Alıcı sözleşmeyi ödeme adımında elektronik ortamda onaylar; Satıcı onayın kaydını (sürüm, zaman, IP adresi, kullanıcı ve sipariş) saklar.',
  'legal.distance.s2h': '2. Konu',
  'legal.distance.s2b':
    'Sözleşmenin konusu YouAreCoder hizmetidir: Alıcı’nın ekibi için tarayıcıda çalışan geliştirme ortamları; Alıcı’nın seçtiği plan ve dönem (aylık veya yıllık) için, fiyatlandırma sayfasında yayımlanan plan sınırlarıyla. Her siparişin planı, dönemi, KDV dahil fiyatı, para birimi ve hizmet dönemi, ödeme adımında gösterilen ve bu sözleşmenin parçası olan Ön Bilgilendirme Formu’ndaki gibidir.',
  'legal.distance.s3h': '3. Fiyat ve ödeme',
  'legal.distance.s3b':
    'Fiyatlar ABD doları cinsinden liste fiyatlarıdır; Türk lirası veya avroya, sipariş oluşturulurken kayıtlı Türkiye Cumhuriyet Merkez Bankası kuruyla çevrilir. Kanunun muaf tuttuğu durumlar dışında yasal oranda KDV eklenir. Ödeme adımında gösterilen toplam o sipariş için kesindir. Ödeme PayTR Ödeme ve Elektronik Para Kuruluşu A.Ş. aracılığıyla kartla yapılır; Satıcı kart numaralarını görmez ve saklamaz. Ödeme onaylandığında fatura düzenlenir ve Alıcı’ya e-postayla gönderilir.',
  'legal.distance.s4h': '4. İfa (teslimat)',
  'legal.distance.s4b':
    'Hizmet dijitaldir ve elektronik ortamda anında ifa edilir: PayTR ödemeyi onayladığı anda plan Alıcı’nın hesabında etkin olur ve çalışma alanları Alıcı’nın kendi adresinde kullanılabilir. Fiziksel gönderim yoktur, teslimat ücreti alınmaz. Ayrıntılar Teslimat Koşulları’ndadır.',
  'legal.distance.s5h': '5. Yenileme ve iptal',
  'legal.distance.s5b':
    'Abonelik, Alıcı iptal etmedikçe aynı dönem için yenilenir; her yenilemenin tutarı yenilemeden 7, 3 ve 1 gün önce Alıcı’ya bildirilir. Alıcı kartının saklanmasını seçtiyse yenileme, ilk ödemede verilen onaya dayanarak bu karttan tahsil edilir. Alıcı aboneliği faturalandırma sayfasından dilediği zaman iptal edebilir; hizmet ödenmiş dönemin sonuna kadar sürer.',
  'legal.distance.s6h': '6. Cayma hakkı',
  'legal.distance.s6b':
    'Tüketici, 6502 sayılı Tüketicinin Korunması Hakkında Kanun ve Mesafeli Sözleşmeler Yönetmeliği uyarınca mesafeli sözleşmeden 14 gün içinde gerekçe göstermeksizin cayabilir. Yönetmeliğin 15. maddesi uyarınca bu hak, elektronik ortamda anında ifa edilen hizmetlerde ve cayma süresi dolmadan tüketicinin onayıyla ifasına başlanan hizmetlerde kullanılamaz. Alıcı bu sözleşmeyi onaylayıp ödeme yaparak hizmetin hemen başlamasını talep eder ve bu nedenle yasal cayma hakkının hizmetin başlamasıyla sona erdiğini kabul eder.',
  'legal.distance.s7h': '7. İadeler',
  'legal.distance.s7b':
    'Cayma hakkından bağımsız olarak Satıcı, İptal ve İade Politikası’na göre iade yapar: Alıcı’nın ilk ödemesinden itibaren {fullDays} gün içinde yapılan her ödemenin %100’ü, sonrasında ise içinde bulunulan dönemin kullanılmamış tam günleri oranında. Politika bu sözleşmenin parçasıdır.',
  'legal.distance.s8h': '8. Tarafların yükümlülükleri',
  'legal.distance.s8b':
    'Satıcı hizmeti makul özenle sunar, Alıcı’nın verilerini Gizlilik Bildirimi’nde anlatıldığı gibi korur ve planlı kesintileri önceden duyurur. Alıcı hizmeti hukuka ve Hizmet Koşulları’na uygun kullanır, giriş bilgilerini gizli tutar ve fatura bilgilerini güncel tutar.',
  'legal.distance.s9h': '9. Uyuşmazlıklar',
  'legal.distance.s9b':
    'Türk hukuku uygulanır. Tüketici, Ticaret Bakanlığınca her yıl ilan edilen parasal sınırlar içinde, yerleşim yerinin veya işlemin yapıldığı yerin Tüketici Hakem Heyetine ya da Tüketici Mahkemesine başvurabilir. Soru ve şikâyetler önce Satıcı’ya {email} adresinden iletilebilir.',
  'legal.distance.s10h': '10. Yürürlük',
  'legal.distance.s10b':
    'Sözleşme, Alıcı’nın ödeme adımında onay vermesi ve ödemenin onaylanmasıyla kurulur ve Satıcı tarafından saklanır. Alıcı sözleşmeyi dilediği zaman bu adreste okuyabilir. Türkçe ve İngilizce metinler eşdeğerdir; tereddüt halinde Türkçe metin esas alınır.',

  'legal.pre.title': 'Ön Bilgilendirme Formu',
  'legal.pre.intro':
    'Bu form, Alıcı Mesafeli Satış Sözleşmesi ile bağlanmadan önce Mesafeli Sözleşmeler Yönetmeliği’nin 5. maddesinin istediği bilgileri verir. Ödeme adımında aşağıda siparişin kendi bilgilerini gösterir.',
  'legal.pre.order': 'Siparişiniz',
  'legal.pre.orderGeneric':
    'Ödeme adımında bu bölüm, ödenen siparişin planını, dönemini, hizmet tarihlerini, KDV hariç fiyatını, KDV’sini ve seçilen para birimindeki toplamını gösterir.',
  'legal.pre.plan': 'Hizmet',
  'legal.pre.planValue': 'YouAreCoder {plan} planı, {period}',
  'legal.pre.kind.subscribe': 'yeni abonelik',
  'legal.pre.kind.renewal': 'yenileme',
  'legal.pre.kind.upgrade': 'içinde bulunulan dönemin kalanı için plan yükseltme',
  'legal.pre.dates': 'Hizmet dönemi',
  'legal.pre.net': 'KDV hariç fiyat',
  'legal.pre.vat': 'KDV (%{rate})',
  'legal.pre.total': 'Ödenecek toplam (KDV dahil)',
  'legal.pre.s1h': '1. Satıcı',
  'legal.pre.s1b':
    'Satıcı, yukarıda bilgileri yer alan şirkettir; {email} adresinden ve iletişim sayfasından ulaşılabilir.',
  'legal.pre.s2h': '2. Hizmetin temel nitelikleri',
  'legal.pre.s2b':
    'Alıcı’nın ekibi için Alıcı’nın kendi alt alan adında, tarayıcıda çalışan VS Code geliştirme ortamları; seçilen planın fiyatlandırma sayfasında yayımlanan çalışma alanı sayısı, işlemci, bellek, disk ve boşta kalma süresi sınırlarıyla.',
  'legal.pre.s3h': '3. Fiyat, vergiler ve ödeme',
  'legal.pre.s3b':
    'Yukarıdaki toplam KDV dahil tüm vergileri içerir; teslimat veya başka bir ücret yoktur. Ödeme PayTR aracılığıyla kartla yapılır. Fiyat bu sipariş için sabittir; yenilemeler kendi tarihlerindeki fiyatla, vadelerinden önce bildirilerek tahsil edilir.',
  'legal.pre.s4h': '4. İfa',
  'legal.pre.s4b':
    'Hizmet, ödeme onaylandığında elektronik ortamda anında teslim edilir (bkz. Teslimat Koşulları). Sözleşme gösterilen dönem boyunca sürer ve iptal edilmedikçe yenilenir.',
  'legal.pre.s5h': '5. Cayma hakkı ve istisnası',
  'legal.pre.s5b':
    'Tüketici mesafeli sözleşmeden 14 gün içinde cayabilir. Bu hak, elektronik ortamda anında ifa edilen hizmetlerde ve cayma süresi dolmadan tüketicinin onayıyla ifasına başlanan hizmetlerde kullanılamaz (Mesafeli Sözleşmeler Yönetmeliği, 15. madde). Alıcı hizmetin hemen başlamasını talep ederek cayma hakkının hizmetin başlamasıyla sona erdiğini kabul eder. Satıcı’nın kendi İptal ve İade Politikası yine geçerlidir: ilk ödemeden itibaren {fullDays} gün içinde %100, sonrasında kıst esasıyla.',
  'legal.pre.s6h': '6. Şikâyet ve uyuşmazlıklar',
  'legal.pre.s6b':
    'Şikâyetler {email} adresine iletilebilir. Tüketici, Ticaret Bakanlığınca her yıl ilan edilen sınırlar içinde Tüketici Hakem Heyetine veya Tüketici Mahkemesine başvurabilir.',

  'legal.refunds.title': 'İptal ve İade Politikası',
  'legal.refunds.s1h': '1. İptal',
  'legal.refunds.s1b':
    'Şirket sahibi veya bir yönetici aboneliği faturalandırma sayfasından dilediği zaman iptal edebilir. Hizmet ödenmiş dönemin sonuna kadar sürer ve yenilenmez; veriler o zamana kadar saklanır.',
  'legal.refunds.s2h': '2. {fullDays} gün içinde tam iade',
  'legal.refunds.s2b':
    'Şirketin ilk ödemesinden itibaren (ödeme anından sayılarak) {fullDays} gün içinde, yapılan her ödeme hangi nedenle olursa olsun tamamen iade edilir.',
  'legal.refunds.s3h': '3. Sonrasında kıst esasıyla iade',
  'legal.refunds.s3b':
    '{fullDays} günden sonra bir ödeme kıst esasıyla iade edilir: dönem için ödenen tutar (KDV dahil) × o dönemin kullanılmamış tam gün sayısı ÷ dönemin gün sayısı; kuruş veya sente aşağı yuvarlanır. Günler İstanbul saatine göre takvim günleridir; iadenin istendiği gün başlamış olduğu için kullanılmış sayılır. Örnek: 30 günlük bir dönem için 1.198,80 TL ödendi ve iade dönemin 21. gününde istendi: 9 gün kullanılmadı, 1.198,80 × 9 ÷ 30 = 359,64 TL. Peşin ödenmiş ve henüz başlamamış bir dönem tamamen iade edilir; bitmiş bir dönem için iade yapılmaz. Plan yükseltmesi ödendiği andan itibaren hesaplanır.',
  'legal.refunds.s4h': '4. Nasıl istenir',
  'legal.refunds.s4b':
    'Faturalandırma sayfasında, ödeme geçmişinin altında, şirket sahibi veya bir yönetici bu politikanın her ödeme için şu anda ne verdiğini görür ve dilerse gerekçe yazarak isteyebilir. Bir ödeme için aynı anda tek talep açık olabilir. Talepleri 14 gün içinde yanıtlar, her adımı e-postayla bildiririz.',
  'legal.refunds.s5h': '5. Paranın geri ödenmesi',
  'legal.refunds.s5b':
    'İadeler PayTR aracılığıyla ödemenin yapıldığı karta, ödenen para biriminde yapılır; iade faturası düzenlenip e-postayla gönderilir. Bankaya bağlı olarak yansıması birkaç iş günü sürebilir. Bankanın taksit farkları Satıcı’ya ait değildir ve Satıcı tarafından iade edilmez.',
  'legal.refunds.s6h': '6. Cayma hakkı',
  'legal.refunds.s6b':
    'Yasal cayma hakkı, tüketicinin onayıyla elektronik ortamda anında ifa edilen hizmetlerde kullanılamaz (Mesafeli Sözleşmeler Yönetmeliği, 15. madde). Bu politika Satıcı’nın kanunun ötesinde gönüllü taahhüdüdür ve tüketicinin 6502 sayılı Kanun’dan doğan hiçbir hakkını kısıtlamaz.',

  'legal.delivery.title': 'Teslimat Koşulları',
  'legal.delivery.s1h': '1. Teslim edilen',
  'legal.delivery.s1b':
    'YouAreCoder dijital bir hizmettir. Fiziksel bir ürün gönderilmez; kargo veya teslimat ücreti yoktur.',
  'legal.delivery.s2h': '2. Ne zaman',
  'legal.delivery.s2b':
    'Anında: PayTR ödemeyi onayladığı anda (genellikle saniyeler içinde) plan hesapta etkin olur; çalışma alanları, sınırlar ve faturalar kullanılabilir. Deneme süresi, kayıttan hemen sonra ödeme olmadan başlar.',
  'legal.delivery.s3h': '3. Nerede',
  'legal.delivery.s3b':
    'Tarayıcıda, şirketin sitedeki kendi adresinde, şirket sahibinin davet ettiği üyelere. Onay ve fatura, şirket sahibine ve yöneticilere e-postayla gönderilir.',
  'legal.delivery.s4h': '4. Bir sorun olursa',
  'legal.delivery.s4b':
    'Onaylanmış bir ödeme bir saat içinde hesaba yansımazsa {email} adresine yazın: sorunu gideririz ya da ödemeyi tamamen iade ederiz. Uygulanamayan bir ödeme kendiliğinden iade edilir.',

  'billing.refund.title': 'İadeler',
  'billing.refund.subtitle':
    'İade politikamız: ilk ödemenizden itibaren {fullDays} gün içinde %100, sonrasında dönemin kullanılmamış tam günleri oranında.',
  'billing.refund.policyLink': 'İade politikasını okuyun',
  'billing.refund.colPayment': 'Ödeme',
  'billing.refund.colOffer': 'Politikaya göre şu an',
  'billing.refund.colRequest': 'Talep',
  'billing.refund.offerFull': 'Tam iade yapılabilir: {amount}',
  'billing.refund.offerProRata': 'Kıst iade yapılabilir: {amount} ({days} günün {unused} günü kullanılmadı)',
  'billing.refund.offerNone': 'Politikaya göre iade yok',
  'billing.refund.ask': 'İade iste',
  'billing.refund.askLabel': '{what} için iade iste',
  'billing.refund.dialogTitle': 'İade isteği',
  'billing.refund.dialogBody':
    'İade politikasına göre bu ödeme için şu anda {amount} iade edilebilir ({rule}).',
  'billing.refund.rule.full': 'ilk ödemeden itibaren {fullDays} gün içinde tam iade',
  'billing.refund.rule.pro_rata': 'kıst esasıyla, {days} günün {unused} günü kullanılmadı',
  'billing.refund.rule.proRataShort': 'kullanılmamış tam günler oranında',
  'billing.refund.reason': 'Gerekçe (isteğe bağlı)',
  'billing.refund.reasonHint': 'Hizmetimizi geliştirmemize yardım eder; tutarı değiştirmez.',
  'billing.refund.submit': 'Talebi gönder',
  'billing.refund.sent': 'İade talebiniz gönderildi. 14 gün içinde yanıtlayıp size e-posta göndereceğiz.',
  'billing.refund.status.open': 'İade istendi',
  'billing.refund.status.approved': 'İade onaylandı',
  'billing.refund.status.declined': 'İade reddedildi',
  'billing.refund.requested': '{date} tarihinde {amount} istendi',
  'billing.refund.declinedNote': 'Gerekçe: {note}',
  'billing.refund.admin.request': 'İade talebi: {amount} ({rule})',
  'billing.refund.admin.reason': 'Müşterinin gerekçesi: {reason}',
  'billing.refund.admin.approve': 'Onayla',
  'billing.refund.admin.approveLabel': '{company} şirketinin {oid} için iade talebini onayla',
  'billing.refund.admin.decline': 'Reddet',
  'billing.refund.admin.declineLabel': '{company} şirketinin {oid} için iade talebini reddet',
  'billing.refund.admin.declineTitle': 'İade talebini reddet',
  'billing.refund.admin.declineBody': '{company} {amount} istedi. Notunuz müşteriye e-postayla gönderilir.',
  'billing.refund.admin.declineNote': 'Müşteriye not',
  'billing.refund.admin.declined': '{company} şirketinin iade talebi reddedildi.',
  'billing.refund.admin.prefilled': 'Müşterinin iade talebinden dolduruldu ({rule}).',

  'checkout.legal.title': 'Ön bilgilendirme',
  'checkout.legal.accept':
    '{preInfo} okudum ve {contract} kabul ediyorum; hizmetin hemen başlamasını talep ediyor, cayma hakkının hizmetin başlamasıyla sona erdiğini kabul ediyorum.',
  'checkout.legal.preInfo': 'Ön Bilgilendirme Formu’nu',
  'checkout.legal.contract': 'Mesafeli Satış Sözleşmesi’ni',
  'checkout.legal.refunds':
    'İade politikası: ilk ödemenizden itibaren {fullDays} gün içinde %100, sonrasında kıst esasıyla.',
  'checkout.legal.continue': 'Ödemeye geç',
  'checkout.legal.required': 'Devam etmek için sözleşmeyi ve formu onaylayın.',
};
