import { type ReactNode, useEffect, useState } from 'react';
import { Link, useLocation } from 'wouter';
import { type MessageKey, useI18n } from '../i18n/index.tsx';
import { useDevMailAvailable } from '../lib/devmail.ts';
import { useIsOperator } from '../lib/operator.ts';
import { useMe, useSession } from '../lib/session.tsx';
import { SubscriptionProvider } from '../lib/subscription.tsx';
import { BillingBanner } from './BillingBanner.tsx';
import { Brand } from './Brand.tsx';
import { Icon } from './Icon.tsx';
import { LocaleSwitch } from './LocaleSwitch.tsx';
import { MenuToggle } from './MenuToggle.tsx';
import { SkipLink } from './SkipLink.tsx';
import { VerifyBanner } from './VerifyBanner.tsx';

interface NavItem {
  href: string;
  label: MessageKey;
  icon: string;
  adminOnly?: boolean;
  /** Only for platform operators (see useIsOperator). */
  operatorOnly?: boolean;
}

const NAV: NavItem[] = [
  { href: '/app', label: 'nav.dashboard', icon: 'M3 12l9-8 9 8M5 10v10h14V10' },
  { href: '/app/workspaces', label: 'nav.workspaces', icon: 'M4 5h16v11H4zM8 20h8M12 16v4' },
  {
    href: '/app/templates',
    label: 'nav.templates',
    icon: 'M4 4h7v7H4zM13 4h7v7h-7zM4 13h7v7H4zM16.5 13v7M13 16.5h7',
    adminOnly: true,
  },
  {
    href: '/app/team',
    label: 'nav.team',
    icon: 'M16 19v-1a4 4 0 00-8 0v1M12 11a3 3 0 100-6 3 3 0 000 6zM20 19v-1a3 3 0 00-2-2.8M4 19v-1a3 3 0 012-2.8',
  },
  { href: '/app/billing', label: 'nav.billing', icon: 'M3 7h18v10H3zM3 11h18', adminOnly: true },
  {
    href: '/app/audit',
    label: 'nav.audit',
    icon: 'M9 5h10M9 12h10M9 19h10M5 5h.01M5 12h.01M5 19h.01',
    adminOnly: true,
  },
  {
    href: '/app/security',
    label: 'nav.security',
    icon: 'M6 11h12v10H6zM8 11V7a4 4 0 018 0v4M12 15v2',
    adminOnly: true,
  },
  { href: '/app/account', label: 'nav.account', icon: 'M12 12a4 4 0 100-8 4 4 0 000 8zM4 21a8 8 0 0116 0' },
  {
    href: '/app/admin',
    label: 'nav.admin',
    icon: 'M12 3l8 3v6c0 4.5-3.4 8.3-8 9-4.6-.7-8-4.5-8-9V6zM9 12l2 2 4-4',
    operatorOnly: true,
  },
];

function NavLinks({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useI18n();
  const me = useMe();
  const [location] = useLocation();
  const isAdmin = me.user.role === 'owner' || me.user.role === 'admin';
  const isOperator = useIsOperator();
  return (
    <ul className="space-y-1">
      {NAV.filter((n) => (!n.adminOnly || isAdmin) && (!n.operatorOnly || isOperator)).map((n) => {
        const active =
          n.href === '/app' ? location === '/app' || location === '/app/' : location.startsWith(n.href);
        return (
          <li key={n.href}>
            <Link
              href={n.href}
              onClick={onNavigate}
              aria-current={active ? 'page' : undefined}
              className={`flex items-center gap-3 rounded-md px-3 py-2 text-sm font-medium ${
                active ? 'bg-indigo-50 text-indigo-700' : 'text-slate-700 hover:bg-slate-100'
              }`}
            >
              <Icon d={n.icon} className="h-5 w-5 shrink-0" />
              {t(n.label)}
            </Link>
          </li>
        );
      })}
    </ul>
  );
}

function UserBox() {
  const { t } = useI18n();
  const me = useMe();
  const { logout } = useSession();
  const [, navigate] = useLocation();
  const [busy, setBusy] = useState(false);
  const devMail = useDevMailAvailable();
  return (
    <div className="space-y-3 border-t border-slate-200 pt-4">
      <div className="min-w-0 px-3">
        <p className="truncate text-sm font-medium text-slate-900" data-testid="shell-user-name">
          {me.user.fullName}
        </p>
        <p className="truncate text-xs text-slate-500">{me.user.email}</p>
      </div>
      <div className="flex flex-wrap items-center justify-between gap-2 px-3">
        <LocaleSwitch />
        <button
          type="button"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await logout();
            } finally {
              navigate('/login');
            }
          }}
          className="rounded-md px-2 py-1 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900"
        >
          {t('nav.logout')}
        </button>
      </div>
      {devMail && (
        <Link
          href="/dev/mail"
          className="block px-3 text-xs text-slate-500 hover:text-slate-800"
          data-testid="dev-mail-link"
        >
          {t('nav.devMail')}
        </Link>
      )}
    </div>
  );
}

/** The signed-in frame: sidebar on wide screens, a menu button on phones; banners over every page. */
export function AppShell({ children }: { children: ReactNode }) {
  return (
    <SubscriptionProvider>
      <Frame>{children}</Frame>
    </SubscriptionProvider>
  );
}

function Frame({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const me = useMe();
  const [open, setOpen] = useState(false);
  const [location] = useLocation();

  // biome-ignore lint/correctness/useExhaustiveDependencies: close the phone menu on every navigation
  useEffect(() => setOpen(false), [location]);

  return (
    <div className="min-h-screen lg:flex">
      <SkipLink />
      <aside className="hidden w-64 shrink-0 border-r border-slate-200 bg-white lg:block">
        <div className="sticky top-0 flex h-screen flex-col overflow-y-auto px-3 py-5">
          <div className="px-3">
            <Brand href="/app" />
            <p className="mt-3 truncate text-sm font-medium text-slate-500" title={me.company.name}>
              {me.company.name}
            </p>
          </div>
          <nav aria-label={t('nav.main')} className="mt-5 flex-1">
            <NavLinks />
          </nav>
          <UserBox />
        </div>
      </aside>

      <div className="sticky top-0 z-30 border-b border-slate-200 bg-white lg:hidden">
        <div className="flex items-center justify-between px-4 py-3">
          <Brand href="/app" />
          <MenuToggle
            open={open}
            onToggle={() => setOpen((o) => !o)}
            controls="mobile-nav"
            className="rounded-md p-2 text-slate-700 hover:bg-slate-100"
            testId="menu-button"
          />
        </div>
        {open && (
          <nav
            id="mobile-nav"
            aria-label={t('nav.main')}
            className="border-t border-slate-100 px-3 pb-4 pt-3"
          >
            <p className="mb-2 truncate px-3 text-sm font-medium text-slate-500">{me.company.name}</p>
            <NavLinks onNavigate={() => setOpen(false)} />
            <div className="mt-4">
              <UserBox />
            </div>
          </nav>
        )}
      </div>

      <div className="min-w-0 flex-1">
        <VerifyBanner />
        <BillingBanner />
        <main id="main" className="mx-auto max-w-5xl px-4 py-6 sm:px-6 lg:py-8">
          {children}
        </main>
      </div>
    </div>
  );
}
