import { type ReactNode, useEffect, useState } from 'react';
import { Link } from 'wouter';
import { useI18n } from '../i18n/index.tsx';
import { useDevMailAvailable } from '../lib/devmail.ts';
import { useSession } from '../lib/session.tsx';
import { LegalLinks } from '../pages/public/LegalDocs.tsx';
import { Brand } from './Brand.tsx';
import { LocaleSwitch } from './LocaleSwitch.tsx';
import { MenuToggle } from './MenuToggle.tsx';
import { SkipLink } from './SkipLink.tsx';

const linkCls = 'rounded-md text-sm font-medium text-slate-600 hover:text-slate-900';

/** Header and footer of the public pages. */
export function PublicLayout({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { status } = useSession();
  const devMail = useDevMailAvailable();
  // Below md the header's navigation and the language switch fold into a menu (none before).
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  // A section link (/#pricing) changes only the hash: the menu closes then too.
  useEffect(() => {
    const onHash = () => setOpen(false);
    window.addEventListener('hashchange', onHash);
    return () => window.removeEventListener('hashchange', onHash);
  }, []);
  return (
    <div className="flex min-h-screen flex-col">
      <SkipLink />
      <header className="border-b border-slate-200 bg-white/90 backdrop-blur">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 py-3 sm:px-6">
          <Brand />
          <nav aria-label={t('nav.public')} className="hidden items-center gap-6 md:flex">
            <a href="/#features" className={linkCls}>
              {t('nav.features')}
            </a>
            <a href="/#pricing" className={linkCls}>
              {t('nav.pricing')}
            </a>
            <Link href="/contact" className={linkCls}>
              {t('nav.contact')}
            </Link>
          </nav>
          <div className="flex items-center gap-2 sm:gap-3">
            <LocaleSwitch className="hidden sm:inline-flex" />
            {status === 'signedIn' ? (
              <Link
                href="/app"
                className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700"
              >
                {t('nav.dashboard')}
              </Link>
            ) : (
              <>
                <Link
                  href="/login"
                  className={`${linkCls} hidden whitespace-nowrap px-1 py-1.5 sm:inline sm:px-2`}
                >
                  {t('nav.login')}
                </Link>
                <Link
                  href="/signup"
                  className="whitespace-nowrap rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-700"
                >
                  {t('nav.signup')}
                </Link>
              </>
            )}
            <MenuToggle
              open={open}
              onToggle={() => setOpen((o) => !o)}
              controls="public-mobile-nav"
              className="rounded-md p-1.5 text-slate-700 hover:bg-slate-100 md:hidden"
              testId="public-menu-button"
            />
          </div>
        </div>
        {open && (
          <nav
            id="public-mobile-nav"
            aria-label={t('nav.public')}
            className="flex flex-col gap-1 border-t border-slate-100 px-4 pb-4 pt-2 md:hidden"
          >
            <a href="/#features" className={`${linkCls} px-1 py-2`}>
              {t('nav.features')}
            </a>
            <a href="/#pricing" className={`${linkCls} px-1 py-2`}>
              {t('nav.pricing')}
            </a>
            <Link href="/contact" onClick={close} className={`${linkCls} px-1 py-2`}>
              {t('nav.contact')}
            </Link>
            {status !== 'signedIn' && (
              // On a phone the bar keeps only the sign-up button: sign-in is here.
              <Link href="/login" onClick={close} className={`${linkCls} px-1 py-2 sm:hidden`}>
                {t('nav.login')}
              </Link>
            )}
            <LocaleSwitch className="mt-2 inline-flex self-start" />
          </nav>
        )}
      </header>
      <main id="main" className="flex-1">
        {children}
      </main>
      <footer className="border-t border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl flex-col gap-4 px-4 py-6 text-sm text-slate-500 sm:flex-row sm:items-center sm:justify-between sm:px-6">
          <p>© 2026 YouAreCoder</p>
          <nav aria-label={t('nav.footer')} className="flex flex-wrap items-center gap-x-5 gap-y-2">
            <Link href="/terms" className="hover:text-slate-900">
              {t('nav.terms')}
            </Link>
            <Link href="/privacy" className="hover:text-slate-900">
              {t('nav.privacy')}
            </Link>
            <Link href="/contact" className="hover:text-slate-900">
              {t('nav.contact')}
            </Link>
            <LegalLinks className="contents" />
            {devMail && (
              <Link href="/dev/mail" className="hover:text-slate-900" data-testid="dev-mail-link">
                {t('nav.devMail')}
              </Link>
            )}
            <LocaleSwitch />
          </nav>
        </div>
      </footer>
    </div>
  );
}

/** A narrow centred card for the sign-in style pages. */
export function AuthCard({
  title,
  subtitle,
  children,
}: {
  title: ReactNode;
  subtitle?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="mx-auto w-full max-w-md px-4 py-10 sm:py-16">
      <div className="rounded-xl bg-white p-6 shadow-sm ring-1 ring-slate-200 sm:p-8">
        <h1 className="text-2xl font-semibold tracking-tight text-slate-900">{title}</h1>
        {subtitle && <p className="mt-1 text-sm text-slate-500">{subtitle}</p>}
        <div className="mt-6">{children}</div>
      </div>
    </div>
  );
}
