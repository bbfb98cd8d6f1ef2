import { type ChangeEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
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
  /** Show the portal's own field errors (if any) under "correct the highlighted fields"; true when there were some. */
  reject: (fields: Record<string, string>) => boolean;
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
  const reject = useCallback(
    (problems: Record<string, string>) => {
      if (Object.keys(problems).length === 0) return false;
      fail(t('form.fixErrors'), problems);
      return true;
    },
    [fail, t],
  );
  const fields = useMemo(() => (error ? localizedFields(t, error) : {}), [error, t]);
  return { busy, error, fields, run, clear, fail, reject };
}

/** What an input needs from its form: name, value, change handler, field error, disabled while busy. */
export interface FieldBinding {
  name: string;
  value: string;
  onChange: (e: ChangeEvent<HTMLInputElement | HTMLSelectElement>) => void;
  error: string | undefined;
  disabled: boolean;
}

/** A form's text values and its submission (an Action), with `field(name)` to bind an input to both. */
export interface Form<V extends Record<keyof V, string>> extends Action {
  values: V;
  set: (name: keyof V, value: string) => void;
  /** Back to the initial values. */
  reset: () => void;
  /** Bind the input `name`; its error is the API's field `errorKey` (default: the same name). */
  field: (name: keyof V & string, errorKey?: string) => FieldBinding;
}

/** Track one form: its values (all strings, as inputs hold them) and its submission. */
export function useForm<V extends Record<keyof V, string>>(initial: V): Form<V> {
  const action = useAction();
  const first = useRef(initial);
  const [values, setValues] = useState<V>(initial);
  const set = useCallback(
    (name: keyof V, value: string) => setValues((v) => ({ ...v, [name]: value }) as V),
    [],
  );
  const reset = useCallback(() => setValues(first.current), []);
  const field = (name: keyof V & string, errorKey: string = name): FieldBinding => ({
    name,
    value: values[name] as string,
    onChange: (e) => set(name, e.target.value),
    error: action.fields[errorKey],
    disabled: action.busy,
  });
  return { ...action, values, set, reset, field };
}

/** What <RevokeDialog> needs from useConfirm. */
export interface ConfirmState {
  open: boolean;
  onClose: () => void;
  onSubmit: () => void;
  busy: boolean;
  error: ApiError | null;
}

/**
 * Ask before doing something to one item (revoke a token, an invite): `ask(item)` opens the
 * confirmation, `dialog` goes to <RevokeDialog>, and `done(item)` runs once `perform` succeeded.
 */
export function useConfirm<T>(
  perform: (item: T) => Promise<unknown>,
  done: (item: T) => void,
): { target: T | null; ask: (item: T) => void; dialog: ConfirmState } {
  const action = useAction();
  const [target, setTarget] = useState<T | null>(null);
  const confirm = async () => {
    if (target === null) return;
    const item = target;
    const r = await action.run(() => perform(item));
    if (r === undefined) return;
    setTarget(null);
    done(item);
  };
  const close = () => {
    setTarget(null);
    action.clear();
  };
  return {
    target,
    ask: setTarget,
    dialog: {
      open: target !== null,
      onClose: close,
      onSubmit: confirm,
      busy: action.busy,
      error: action.error,
    },
  };
}
