import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import { billingApi, type Subscription } from '../api/billing.ts';
import type { ApiError } from '../api/client.ts';
import { useLoad } from './hooks.ts';
import { useIsManager, useMe } from './session.tsx';

interface SubscriptionValue {
  /** The company's subscription; null for members (the API answers them 403) and until loaded. */
  sub: Subscription | null;
  loading: boolean;
  error: ApiError | null;
  /** Whether the user may see and manage billing (owner or admin). */
  manager: boolean;
  reload: () => void;
  /** Adopt a subscription an API call answered with. */
  set: (s: Subscription) => void;
}

const SubscriptionContext = createContext<SubscriptionValue | null>(null);

/** Holds the company's subscription for the signed-in app: the banner and the billing page share it. */
export function SubscriptionProvider({ children }: { children: ReactNode }) {
  const me = useMe();
  const manager = useIsManager();
  // Members cannot read billing; they get no banner rather than an error.
  const load = useLoad(
    () => (manager ? billingApi.subscription() : Promise.resolve(null)),
    [manager, me.company.id],
  );
  const { setData, reload } = load;
  const set = useCallback((s: Subscription) => setData(() => s), [setData]);
  const value = useMemo(
    () => ({ sub: load.data, loading: load.loading, error: load.error, manager, reload, set }),
    [load.data, load.loading, load.error, manager, reload, set],
  );
  return <SubscriptionContext.Provider value={value}>{children}</SubscriptionContext.Provider>;
}

/** The subscription context (inside the app shell). */
export function useSubscription(): SubscriptionValue {
  const v = useContext(SubscriptionContext);
  if (!v) throw new Error('useSubscription outside SubscriptionProvider');
  return v;
}
