import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';
import { localizedFields } from './fieldErrors.ts';

/** Turn anything thrown into an ApiError so pages show one kind of error. */
export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
}

/** State of a load: data, error, loading, and a way to load again or patch the data. */
export interface Loaded<T> {
  data: T | null;
  error: ApiError | null;
  loading: boolean;
  reload: () => void;
  setData: (fn: (d: T | null) => T | null) => void;
}

/** Load data once per change of `deps`; later answers replace earlier ones only if still current. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[] = []): Loaded<T> {
  const [data, setDataState] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const [tick, setTick] = useState(0);
  const fnRef = useRef(fn);
  fnRef.current = fn;

  // biome-ignore lint/correctness/useExhaustiveDependencies: deps are the caller's
  useEffect(() => {
    let live = true;
    setLoading(true);
    fnRef.current().then(
      (d) => {
        if (!live) return;
        setDataState(d);
        setError(null);
        setLoading(false);
      },
      (e: unknown) => {
        if (!live) return;
        setError(toApiError(e));
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [tick, ...deps]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  const setData = useCallback((f: (d: T | null) => T | null) => setDataState(f), []);
  return { data, error, loading, reload, setData };
}

/** State of a submit: busy while running, the last error, and its field errors in the portal's language. */
export interface Action {
  busy: boolean;
  error: ApiError | null;
  fields: Record<string, string>;
  /** Run `fn`; returns its result, or undefined when it threw (the error is kept). */
  run: <R>(fn: () => Promise<R>) => Promise<R | undefined>;
  clear: () => void;
  /** Show a client-side error without calling the API. */
  fail: (message: string, fields?: Record<string, string>) => void;
}

/** Track one form's submission. */
export function useAction(): Action {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const run = useCallback(async <R>(fn: () => Promise<R>) => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      setError(toApiError(e));
      return undefined;
    } finally {
      setBusy(false);
    }
  }, []);
  const clear = useCallback(() => setError(null), []);
  const fail = useCallback((message: string, fields?: Record<string, string>) => {
    setError(new ApiError(0, { code: 'VALIDATION_FAILED', message, fields }));
  }, []);
  const fields = useMemo(() => (error ? localizedFields(t, error) : {}), [error, t]);
  return { busy, error, fields, run, clear, fail };
}
