import type { ReactNode } from 'react';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { SellerBlock, useSeller } from './LegalDocs.tsx';

/** Version of the terms a signup accepts (the server's TERMS_VERSION default). */
export const TERMS_VERSION = '2026-11-01';

function LegalPage({
  title,
  meta,
  sections,
  children,
}: {
  title: MessageKey;
  meta?: ReactNode;
  sections: [MessageKey, MessageKey][];
  children?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <article className="mx-auto max-w-3xl px-4 py-12 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t(title)}</h1>
      {meta && <p className="mt-2 text-sm text-slate-500">{meta}</p>}
      {children}
      <div className="mt-8 space-y-8">
        {sections.map(([h, b]) => (
          <section key={h}>
            <h2 className="text-lg font-semibold text-slate-900">{t(h)}</h2>
            <p className="mt-2 leading-relaxed text-slate-700">{t(b)}</p>
          </section>
        ))}
      </div>
    </article>
  );
}

/** Terms of service, version 2026-11-01. */
export function Terms() {
  const { t } = useI18n();
  return (
    <LegalPage
      title="terms.title"
      meta={<span data-testid="terms-version">{t('legal.version', { version: TERMS_VERSION })}</span>}
      sections={[
        ['terms.s1h', 'terms.s1b'],
        ['terms.s2h', 'terms.s2b'],
        ['terms.s3h', 'terms.s3b'],
        ['terms.s4h', 'terms.s4b'],
        ['terms.s5h', 'terms.s5b'],
        ['terms.s6h', 'terms.s6b'],
        ['terms.s7h', 'terms.s7b'],
        ['terms.s8h', 'terms.s8b'],
      ]}
    />
  );
}

/** Privacy notice. */
export function Privacy() {
  const { t } = useI18n();
  return (
    <LegalPage
      title="privacy.title"
      meta={t('legal.updated', { date: TERMS_VERSION })}
      sections={[
        ['privacy.s1h', 'privacy.s1b'],
        ['privacy.s2h', 'privacy.s2b'],
        ['privacy.s3h', 'privacy.s3b'],
        ['privacy.s4h', 'privacy.s4b'],
        ['privacy.s5h', 'privacy.s5b'],
        ['privacy.s6h', 'privacy.s6b'],
      ]}
    />
  );
}

const CONTACTS: { title: MessageKey; body: MessageKey; email: string }[] = [
  { title: 'contact.salesTitle', body: 'contact.salesBody', email: 'sales@youarecoder.com' },
  { title: 'contact.supportTitle', body: 'contact.supportBody', email: 'support@youarecoder.com' },
  { title: 'contact.privacyTitle', body: 'contact.privacyBody', email: 'privacy@youarecoder.com' },
];

/** How to reach us. */
export function Contact() {
  const { t } = useI18n();
  const seller = useSeller();
  return (
    <div className="mx-auto max-w-4xl px-4 py-12 sm:px-6">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900">{t('contact.title')}</h1>
      <p className="mt-3 max-w-2xl text-slate-600">{t('contact.intro')}</p>
      <div className="mt-8 grid gap-6 md:grid-cols-3">
        {CONTACTS.map((c) => (
          <div key={c.email} className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
            <h2 className="font-semibold text-slate-900">{t(c.title)}</h2>
            <p className="mt-2 text-sm text-slate-600">{t(c.body)}</p>
            <a
              href={`mailto:${c.email}`}
              className="mt-4 inline-block break-all text-sm font-medium text-indigo-700 hover:underline"
            >
              {c.email}
            </a>
          </div>
        ))}
      </div>
      {/* The seller as configured (SELLER_*): PayTR's merchant check wants it on the contact page too. */}
      <SellerBlock seller={seller.data} />
    </div>
  );
}
