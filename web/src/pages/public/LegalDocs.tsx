import { formatMoney } from '@youarecoder/contract/billing-rules';
import {
  LEGAL_PATHS,
  LEGAL_VERSION,
  type LegalDocument,
  REFUND_FULL_DAYS,
} from '@youarecoder/contract/legal';
import { PLAN_NAMES } from '@youarecoder/contract/plans';
import { Fragment, type ReactNode } from 'react';
import { Link } from 'wouter';
import { type CheckoutQuote, legalApi, type Seller } from '../../api/legal.ts';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { formatBillingDate } from '../../lib/billing.ts';
import { useLoad } from '../../lib/hooks.ts';

type Doc = { title: MessageKey; sections: number; prefix: string };
const DOCS: Record<LegalDocument, Doc> = {
  distance_sales: { title: 'legal.distance.title', sections: 10, prefix: 'legal.distance' },
  pre_information: { title: 'legal.pre.title', sections: 6, prefix: 'legal.pre' },
  refunds: { title: 'legal.refunds.title', sections: 6, prefix: 'legal.refunds' },
  delivery: { title: 'legal.delivery.title', sections: 4, prefix: 'legal.delivery' },
};

/** The configured seller (GET /legal/seller): every legal page names it. */
export function useSeller() {
  return useLoad(() => legalApi.seller(), []);
}

/** The seller's identity as a careful seller prints it: name, address, tax office and number, contacts. */
export function SellerBlock({ seller }: { seller: Seller | null }) {
  const { t } = useI18n();
  if (!seller) return <p className="mt-6 text-sm text-slate-500">{t('legal.seller.loading')}</p>;
  const rows: [MessageKey, ReactNode][] = [
    ['legal.seller.name', seller.legalName],
    ['legal.seller.address', seller.address],
    ['legal.seller.tax', `${seller.taxOffice} / ${seller.taxNumber}`],
    ...(seller.mersisNo ? [['legal.seller.mersis', seller.mersisNo] as [MessageKey, ReactNode]] : []),
    [
      'legal.seller.email',
      <a key="e" href={`mailto:${seller.email}`} className="text-indigo-700 underline">
        {seller.email}
      </a>,
    ],
    ...(seller.phone ? [['legal.seller.phone', seller.phone] as [MessageKey, ReactNode]] : []),
    ['legal.seller.website', seller.website],
  ];
  return (
    <section className="mt-6 rounded-lg bg-slate-50 p-4 ring-1 ring-slate-200" data-testid="seller-block">
      <h2 className="text-sm font-semibold text-slate-900">{t('legal.seller.title')}</h2>
      <dl className="mt-2 grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]">
        {rows.map(([k, v]) => (
          <Fragment key={k}>
            <dt className="text-slate-500">{t(k)}</dt>
            <dd className="break-words text-slate-900">{v}</dd>
          </Fragment>
        ))}
      </dl>
    </section>
  );
}

/** Links to the four documents (footer, pricing page, checkout). */
export function LegalLinks({ className = '', newTab = false }: { className?: string; newTab?: boolean }) {
  const { t } = useI18n();
  const target = newTab ? { target: '_blank', rel: 'noopener' } : {};
  return (
    <span className={className}>
      {(Object.keys(DOCS) as LegalDocument[]).map((d) =>
        newTab ? (
          <a key={d} href={LEGAL_PATHS[d]} className="hover:text-slate-900 hover:underline" {...target}>
            {t(DOCS[d].title)}
          </a>
        ) : (
          <Link key={d} href={LEGAL_PATHS[d]} className="hover:text-slate-900">
            {t(DOCS[d].title)}
          </Link>
        ),
      )}
    </span>
  );
}

/** The order's own facts of the preliminary information form (at checkout). */
export function OrderFacts({ quote }: { quote: CheckoutQuote }) {
  const { t, locale } = useI18n();
  const money = (m: number) => formatMoney(m, quote.currency, locale);
  const period = t(`billing.billed.${quote.period}`);
  const rows: [string, string][] = [
    [
      t('legal.pre.plan'),
      `${t('legal.pre.planValue', { plan: PLAN_NAMES[quote.plan], period })} — ${t(`legal.pre.kind.${quote.kind}`)}`,
    ],
    [
      t('legal.pre.dates'),
      `${formatBillingDate(quote.periodStart, locale)} – ${formatBillingDate(quote.periodEnd, locale)}`,
    ],
    [t('legal.pre.net'), money(quote.netMinor)],
    [t('legal.pre.vat', { rate: quote.vatRateBp / 100 }), money(quote.vatMinor)],
    [t('legal.pre.total'), money(quote.amountMinor)],
  ];
  return (
    <dl className="grid gap-x-4 gap-y-1 text-sm sm:grid-cols-[max-content_1fr]" data-testid="order-facts">
      {rows.map(([k, v]) => (
        <Fragment key={k}>
          <dt className="text-slate-500">{k}</dt>
          <dd className="font-medium text-slate-900">{v}</dd>
        </Fragment>
      ))}
    </dl>
  );
}

/** One document: title, version, seller, its sections (the pre-information form with the order, if any). */
export function LegalDocBody({
  doc,
  seller,
  quote,
}: {
  doc: LegalDocument;
  seller: Seller | null;
  quote?: CheckoutQuote | null;
}) {
  const { t } = useI18n();
  const d = DOCS[doc];
  const vars = { email: seller?.email ?? '…', fullDays: REFUND_FULL_DAYS };
  const key = (s: string) => `${d.prefix}.${s}` as MessageKey;
  return (
    <>
      <SellerBlock seller={seller} />
      {doc === 'pre_information' && (
        <>
          <p className="mt-6 leading-relaxed text-slate-700">{t('legal.pre.intro')}</p>
          <section className="mt-4 rounded-lg p-4 ring-1 ring-slate-200">
            <h2 className="text-sm font-semibold text-slate-900">{t('legal.pre.order')}</h2>
            <div className="mt-2">
              {quote ? (
                <OrderFacts quote={quote} />
              ) : (
                <p className="text-sm text-slate-600">{t('legal.pre.orderGeneric')}</p>
              )}
            </div>
          </section>
        </>
      )}
      <div className="mt-8 space-y-6">
        {Array.from({ length: d.sections }, (_, i) => `s${i + 1}`).map((n) => (
          <section key={n}>
            <h2 className="text-lg font-semibold text-slate-900">{t(key(`${n}h`), vars)}</h2>
            <p className="mt-2 leading-relaxed text-slate-700">{t(key(`${n}b`), vars)}</p>
          </section>
        ))}
      </div>
    </>
  );
}

function LegalDocPage({ doc }: { doc: LegalDocument }) {
  const { t, locale, setLocale } = useI18n();
  const seller = useSeller();
  return (
    <article className="mx-auto max-w-3xl px-4 py-12 sm:px-6" data-testid={`legal-${doc}`}>
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t(DOCS[doc].title)}</h1>
      <p className="mt-2 flex flex-wrap gap-x-4 text-sm text-slate-500">
        <span data-testid="legal-version">
          {t('legal.version', { version: seller.data?.legalVersion ?? LEGAL_VERSION })}
        </span>
        <button
          type="button"
          className="text-indigo-700 underline"
          onClick={() => setLocale(locale === 'tr' ? 'en' : 'tr')}
        >
          {t('legal.otherLanguage')}
        </button>
      </p>
      <LegalDocBody doc={doc} seller={seller.data} />
      <nav
        aria-label={t('legal.docs')}
        className="mt-10 border-t border-slate-200 pt-4 text-sm text-slate-500"
      >
        <LegalLinks className="flex flex-wrap gap-x-5 gap-y-2" />
      </nav>
    </article>
  );
}

/** Mesafeli Satış Sözleşmesi / distance sales contract. */
export const DistanceSales = () => <LegalDocPage doc="distance_sales" />;
/** Ön Bilgilendirme Formu / preliminary information form (generic; checkout shows the order's). */
export const PreInformation = () => <LegalDocPage doc="pre_information" />;
/** Cancellation and refund policy. */
export const RefundPolicy = () => <LegalDocPage doc="refunds" />;
/** Delivery terms: a digital service delivered at once. */
export const Delivery = () => <LegalDocPage doc="delivery" />;
