import type { Locale, MeDto } from '@youarecoder/contract';
import {
  createContext,
  type ReactNode,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useRef,
  useState,
} from 'react';
import { type ApiError, setCsrfToken, setUnauthenticatedHandler } from '../api/client.ts';
import { api } from '../api/endpoints.ts';
import { useI18n } from '../i18n/index.tsx';

type Status = 'loading' | 'signedIn' | 'signedOut' | 'error';

interface SessionValue {
  status: Status;
  me: MeDto | null;
  /** Why GET /me failed when status is `error` (not a 401). */
  error: ApiError | null;
  /** Ask GET /me again (after a change that shows on it). */
  refresh: () => Promise<MeDto | null>;
  /** Adopt the CSRF token of a fresh session (signup, login, accept) and load /me. */
  startSession: (csrfToken: string) => Promise<MeDto | null>;
  logout: () => Promise<void>;
  /** Switch the language; saved on the account when signed in. */
  changeLocale: (l: Locale) => void;
}

const SessionContext = createContext<SessionValue | null>(null);

/** Holds the signed-in user (GET /me) and the CSRF token for the whole portal. */
export function SessionProvider({ children }: { children: ReactNode }) {
  const { setLocale } = useI18n();
  const [status, setStatus] = useState<Status>('loading');
  const [me, setMe] = useState<MeDto | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const adoptedFor = useRef<string | null>(null);

  const refresh = useCallback(async () => {
    try {
      const m = await api.me();
      setCsrfToken(m.csrfToken);
      setMe(m);
      setError(null);
      setStatus('signedIn');
      // The account's language wins once per signed-in user; later switches are saved to it.
      if (adoptedFor.current !== m.user.id) {
        adoptedFor.current = m.user.id;
        setLocale(m.user.locale);
      }
      return m;
    } catch (e) {
      const err = e as ApiError;
      setMe(null);
      if (err.status === 401) {
        setCsrfToken(null);
        setStatus('signedOut');
      } else {
        setError(err);
        setStatus('error');
      }
      return null;
    }
  }, [setLocale]);

  useEffect(() => {
    setUnauthenticatedHandler(() => {
      setCsrfToken(null);
      setMe(null);
      setStatus('signedOut');
    });
    void refresh();
    return () => setUnauthenticatedHandler(null);
  }, [refresh]);

  const startSession = useCallback(
    async (csrfToken: string) => {
      setCsrfToken(csrfToken);
      adoptedFor.current = null;
      return refresh();
    },
    [refresh],
  );

  const logout = useCallback(async () => {
    try {
      await api.logout();
    } finally {
      setCsrfToken(null);
      setMe(null);
      adoptedFor.current = null;
      setStatus('signedOut');
    }
  }, []);

  const changeLocale = useCallback(
    (l: Locale) => {
      setLocale(l);
      if (me && me.user.locale !== l) {
        setMe({ ...me, user: { ...me.user, locale: l } });
        api.updateMe({ locale: l }).catch(() => {
          // The choice still holds in this browser; the account keeps its old language.
        });
      }
    },
    [me, setLocale],
  );

  const value = useMemo(
    () => ({ status, me, error, refresh, startSession, logout, changeLocale }),
    [status, me, error, refresh, startSession, logout, changeLocale],
  );
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** The session context. */
export function useSession(): SessionValue {
  const v = useContext(SessionContext);
  if (!v) throw new Error('useSession outside SessionProvider');
  return v;
}

/** `me` of a signed-in page (the /app shell guarantees it). */
export function useMe(): MeDto {
  const { me } = useSession();
  if (!me) throw new Error('useMe on a page without a session');
  return me;
}

/** Whether the signed-in user is an owner or an admin (who manage templates, the team, the audit log). */
export function useIsManager(): boolean {
  const me = useMe();
  return me.user.role === 'owner' || me.user.role === 'admin';
}
