import { Link } from 'wouter';
import { Icon } from '../../components/Icon.tsx';
import { type MessageKey, useI18n } from '../../i18n/index.tsx';
import { Pricing } from './Pricing.tsx';

const FEATURES: { title: MessageKey; body: MessageKey; icon: string }[] = [
  { title: 'landing.f1Title', body: 'landing.f1Body', icon: 'M8 9l-3 3 3 3M16 9l3 3-3 3M13 7l-2 10' },
  {
    title: 'landing.f2Title',
    body: 'landing.f2Body',
    icon: 'M12 3a9 9 0 100 18 9 9 0 000-18zM3 12h18M12 3c2.5 3 2.5 15 0 18M12 3c-2.5 3-2.5 15 0 18',
  },
  { title: 'landing.f3Title', body: 'landing.f3Body', icon: 'M6 11V8a6 6 0 0112 0v3M5 11h14v10H5z' },
  { title: 'landing.f4Title', body: 'landing.f4Body', icon: 'M12 7v5l3 2M12 3a9 9 0 100 18 9 9 0 000-18z' },
  {
    title: 'landing.f5Title',
    body: 'landing.f5Body',
    icon: 'M16 19v-1a4 4 0 00-8 0v1M12 11a3 3 0 100-6 3 3 0 000 6z',
  },
  { title: 'landing.f6Title', body: 'landing.f6Body', icon: 'M7 3h7l5 5v13H7zM14 3v5h5M10 13h6M10 17h6' },
];

/** The public home page: pitch, features, pricing. */
export function Landing() {
  const { t } = useI18n();
  const host = typeof window === 'undefined' ? 'youarecoder.com' : window.location.host;
  return (
    <>
      <section className="bg-gradient-to-b from-indigo-50 to-slate-50">
        <div className="mx-auto grid max-w-6xl items-center gap-12 px-4 py-16 sm:px-6 md:py-24 lg:grid-cols-2">
          <div>
            <p className="text-sm font-semibold uppercase tracking-wide text-indigo-700">
              {t('landing.eyebrow')}
            </p>
            <h1 className="mt-3 text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
              {t('landing.title')}
            </h1>
            <p className="mt-5 text-lg leading-relaxed text-slate-600">{t('landing.subtitle')}</p>
            <div className="mt-8 flex flex-wrap gap-3">
              <Link
                href="/signup"
                className="rounded-md bg-indigo-600 px-5 py-3 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700"
              >
                {t('landing.ctaTrial')}
              </Link>
              <a
                href="#pricing"
                className="rounded-md bg-white px-5 py-3 text-sm font-semibold text-slate-800 ring-1 ring-inset ring-slate-300 hover:bg-slate-50"
              >
                {t('landing.ctaPricing')}
              </a>
            </div>
            <p className="mt-3 text-sm text-slate-500">{t('landing.noCard')}</p>
          </div>
          <div
            aria-hidden="true"
            className="overflow-hidden rounded-xl bg-slate-900 shadow-2xl ring-1 ring-slate-900/10"
          >
            <div className="flex items-center gap-2 border-b border-slate-700 px-4 py-2.5">
              <span className="h-3 w-3 rounded-full bg-red-400" />
              <span className="h-3 w-3 rounded-full bg-amber-400" />
              <span className="h-3 w-3 rounded-full bg-emerald-400" />
              <span className="ml-3 truncate rounded bg-slate-800 px-3 py-1 font-mono text-xs text-slate-300">
                https://acme.{host}
              </span>
            </div>
            <div className="flex min-h-56 font-mono text-xs leading-6">
              <div className="hidden w-36 border-r border-slate-700 p-3 text-slate-400 sm:block">
                <p>▾ api</p>
                <p className="pl-3">server.ts</p>
                <p className="pl-3 text-slate-200">routes.ts</p>
                <p>▸ web</p>
                <p>package.json</p>
              </div>
              <pre className="flex-1 overflow-hidden p-3 text-slate-300">
                <span className="text-indigo-300">export async function</span>{' '}
                <span className="text-amber-200">listOrders</span>() {'{\n'}
                {'  '}
                <span className="text-indigo-300">const</span> rows ={' '}
                <span className="text-indigo-300">await</span> db.query(
                <span className="text-emerald-300">'…'</span>);{'\n'}
                {'  '}
                <span className="text-indigo-300">return</span> rows.map(present);{'\n'}
                {'}\n\n'}
                <span className="text-slate-500">$ npm test</span>
                {'\n'}
                <span className="text-emerald-400">✓ 42 passed</span>
              </pre>
            </div>
          </div>
        </div>
      </section>

      <section id="features" className="mx-auto max-w-6xl scroll-mt-8 px-4 py-16 sm:px-6">
        <h2 className="text-center text-3xl font-bold tracking-tight text-slate-900">
          {t('landing.featuresTitle')}
        </h2>
        <p className="mx-auto mt-3 max-w-2xl text-center text-slate-600">{t('landing.featuresSubtitle')}</p>
        <div className="mt-12 grid gap-6 sm:grid-cols-2 lg:grid-cols-3">
          {FEATURES.map((f) => (
            <div key={f.title} className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200">
              <span className="flex h-10 w-10 items-center justify-center rounded-lg bg-indigo-50 text-indigo-600">
                <Icon d={f.icon} />
              </span>
              <h3 className="mt-4 font-semibold text-slate-900">{t(f.title)}</h3>
              <p className="mt-2 text-sm leading-relaxed text-slate-600">{t(f.body)}</p>
            </div>
          ))}
        </div>
      </section>

      <section id="pricing" className="scroll-mt-8 bg-white py-16">
        <div className="mx-auto max-w-6xl px-4 sm:px-6">
          <h2 className="text-center text-3xl font-bold tracking-tight text-slate-900">
            {t('pricing.title')}
          </h2>
          <p className="mx-auto mt-3 mb-10 max-w-2xl text-center text-slate-600">{t('pricing.subtitle')}</p>
          <Pricing />
        </div>
      </section>

      <section className="mx-auto max-w-4xl px-4 py-16 text-center sm:px-6">
        <h2 className="text-2xl font-bold tracking-tight text-slate-900">{t('landing.finalTitle')}</h2>
        <p className="mt-3 text-slate-600">{t('landing.finalBody')}</p>
        <Link
          href="/signup"
          className="mt-6 inline-block rounded-md bg-indigo-600 px-5 py-3 text-sm font-semibold text-white hover:bg-indigo-700"
        >
          {t('landing.ctaTrial')}
        </Link>
      </section>
    </>
  );
}
