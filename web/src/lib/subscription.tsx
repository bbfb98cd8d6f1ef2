import { createContext, type ReactNode, useCallback, useContext, useMemo } from 'react';
import { billingApi, type Subscription, type SubscriptionState } from '../api/billing.ts';
import type { ApiError } from '../api/client.ts';
import { useLoad } from './hooks.ts';
import { useIsManager, useMe } from './session.tsx';

interface SubscriptionValue {
  /** The company's subscription; null for members (the API answers them 403) and until loaded. */
  sub: Subscription | null;
  /** The subscription's state, for everyone (members get it from GET /billing/status). */
  state: Pick<SubscriptionState, 'status' | 'trialEndsAt' | 'graceEndsAt'> | null;
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
  // Members cannot read billing: they load only its state, for the banner.
  const load = useLoad(
    () => (manager ? billingApi.subscription() : Promise.resolve(null)),
    [manager, me.company.id],
  );
  const memberState = useLoad(
    () => (manager ? Promise.resolve(null) : billingApi.status()),
    [manager, me.company.id],
  );
  const { setData, reload } = load;
  const set = useCallback((s: Subscription) => setData(() => s), [setData]);
  const state = load.data ?? memberState.data ?? null;
  const value = useMemo(
    () => ({ sub: load.data, state, loading: load.loading, error: load.error, manager, reload, set }),
    [load.data, state, load.loading, load.error, manager, reload, set],
  );
  return <SubscriptionContext.Provider value={value}>{children}</SubscriptionContext.Provider>;
}

/** The subscription context (inside the app shell). */
export function useSubscription(): SubscriptionValue {
  const v = useContext(SubscriptionContext);
  if (!v) throw new Error('useSubscription outside SubscriptionProvider');
  return v;
}
