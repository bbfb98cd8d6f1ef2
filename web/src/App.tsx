import { type ComponentType, lazy, type ReactNode, Suspense, useEffect } from 'react';
import { Redirect, Route, Switch, useLocation, useSearch } from 'wouter';
import { ApiError } from './api/client.ts';
import { AppShell } from './components/AppShell.tsx';
import { PublicLayout } from './components/PublicLayout.tsx';
import { Button, ErrorAlert, Loading } from './components/ui.tsx';
import { useI18n } from './i18n/index.tsx';
import { useSession } from './lib/session.tsx';
import { Account } from './pages/app/Account.tsx';
import { Audit } from './pages/app/Audit.tsx';
import { Billing } from './pages/app/Billing.tsx';
import { Dashboard } from './pages/app/Dashboard.tsx';
import { Security } from './pages/app/Security.tsx';
import { Team } from './pages/app/Team.tsx';
import { Templates } from './pages/app/Templates.tsx';
import { TwoFactorRequired } from './pages/app/TwoFactorRequired.tsx';
import { NewTemplate, TemplateDetail } from './pages/app/templates/TemplateEditor.tsx';
import { Workspace } from './pages/app/Workspace.tsx';
import { Workspaces } from './pages/app/Workspaces.tsx';
import { AcceptInvite } from './pages/public/AcceptInvite.tsx';
import { DevMail } from './pages/public/DevMail.tsx';
import { ForgotPassword } from './pages/public/ForgotPassword.tsx';
import { Landing } from './pages/public/Landing.tsx';
import { Contact, Privacy, Terms } from './pages/public/Legal.tsx';
import { Delivery, DistanceSales, PreInformation, RefundPolicy } from './pages/public/LegalDocs.tsx';
import { Login } from './pages/public/Login.tsx';
import { NotFound } from './pages/public/NotFound.tsx';
import { ResetPassword } from './pages/public/ResetPassword.tsx';
import { Signup } from './pages/public/Signup.tsx';
import { VerifyDomain } from './pages/public/VerifyDomain.tsx';
import { VerifyEmail } from './pages/public/VerifyEmail.tsx';

const PUBLIC: [string, ComponentType][] = [
  ['/', Landing],
  ['/signup', Signup],
  ['/login', Login],
  ['/verify-email', VerifyEmail],
  ['/verify-domain', VerifyDomain],
  ['/forgot-password', ForgotPassword],
  ['/reset-password', ResetPassword],
  ['/accept-invite', AcceptInvite],
  ['/terms', Terms],
  ['/privacy', Privacy],
  ['/legal/distance-sales', DistanceSales],
  ['/legal/pre-information', PreInformation],
  ['/legal/refunds', RefundPolicy],
  ['/legal/delivery', Delivery],
  ['/contact', Contact],
  ['/dev/mail', DevMail],
];

/** The admin pages could not be loaded (offline, or a new release replaced the file): offer a reload. */
function AdminLoadFailed() {
  const { t } = useI18n();
  return (
    <div className="mx-auto max-w-md space-y-4 py-16">
      <ErrorAlert error={new ApiError(0, { code: 'NETWORK', message: t('error.network') })} />
      <Button onClick={() => window.location.reload()}>{t('common.retry')}</Button>
    </div>
  );
}

// Operators only: their pages load when first opened rather than with every customer's portal.
const Admin = lazy(() =>
  import('./pages/app/Admin.tsx').then(
    (m) => ({ default: m.Admin }),
    () => ({ default: AdminLoadFailed }),
  ),
);

/** Shows its children only with a session; otherwise sends to login and remembers where to return. */
function RequireSession({ children }: { children: ReactNode }) {
  const { t } = useI18n();
  const { status, error, refresh, me } = useSession();
  const [location] = useLocation();
  const search = useSearch();
  if (status === 'loading') return <Loading />;
  if (status === 'signedOut') {
    const next = location + (search ? `?${search}` : '');
    return <Redirect to={`/login?next=${encodeURIComponent(next)}`} replace />;
  }
  if (status === 'error') {
    return (
      <div className="mx-auto max-w-md space-y-4 px-4 py-16">
        <ErrorAlert error={error} />
        <Button onClick={() => void refresh()}>{t('common.retry')}</Button>
      </div>
    );
  }
  if (me?.twoFactorSetupNeeded) return <TwoFactorRequired />;
  return <>{children}</>;
}

function ScrollToTop() {
  const [location] = useLocation();
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs on every navigation on purpose
  useEffect(() => {
    if (!window.location.hash) window.scrollTo(0, 0);
  }, [location]);
  return null;
}

/** Every route of the portal. */
export function App() {
  return (
    <>
      <ScrollToTop />
      <Switch>
        {PUBLIC.map(([path, Page]) => (
          <Route key={path} path={path}>
            <PublicLayout>
              <Page />
            </PublicLayout>
          </Route>
        ))}
        <Route path="/app/*?">
          <RequireSession>
            <AppShell>
              <Switch>
                <Route path="/app" component={Dashboard} />
                <Route path="/app/workspaces" component={Workspaces} />
                <Route path="/app/workspaces/:id" component={Workspace} />
                <Route path="/app/templates" component={Templates} />
                <Route path="/app/templates/new" component={NewTemplate} />
                <Route path="/app/templates/:id" component={TemplateDetail} />
                <Route path="/app/team" component={Team} />
                <Route path="/app/billing" component={Billing} />
                <Route path="/app/audit" component={Audit} />
                <Route path="/app/security" component={Security} />
                <Route path="/app/account" component={Account} />
                <Route path="/app/admin/:tab?">
                  <Suspense fallback={<Loading />}>
                    <Admin />
                  </Suspense>
                </Route>
                <Route>
                  <NotFound inApp />
                </Route>
              </Switch>
            </AppShell>
          </RequireSession>
        </Route>
        <Route>
          <PublicLayout>
            <NotFound />
          </PublicLayout>
        </Route>
      </Switch>
    </>
  );
}
