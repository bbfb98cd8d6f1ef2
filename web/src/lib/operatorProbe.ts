// Whether the signed-in user is a platform operator, asked once and shared (no React here: tested alone).
import { ApiError } from '../api/client.ts';

/** The probe's answer: the user is an operator or not, or the question could not be answered. */
export type OperatorAnswer = { operator: boolean } | { error: ApiError };

interface ProbeEntry {
  userId: string;
  answer: Promise<OperatorAnswer>;
  /** The answer once it came, so a newly mounted menu shows it without a flicker. */
  settled?: OperatorAnswer;
}

let probe: ProbeEntry | null = null;
const listeners = new Set<() => void>();
const notify = () => {
  for (const fn of listeners) fn();
};

/** Be told whenever the probe's answer changes (for useSyncExternalStore); returns the unsubscribe. */
export function subscribeOperator(fn: () => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/**
 * Whether `userId` is a platform operator, asked once per signed-in user and page load: `ask` is an
 * operators-only call (GET /admin/companies), which answers 404 to everyone else. A 200 or a 404 (or
 * 403) is kept; any other failure (network, 5xx) is kept only until the next probe, which asks again.
 */
export function probeOperator(userId: string, ask: () => Promise<unknown>): Promise<OperatorAnswer> {
  if (probe?.userId === userId && !(probe.settled && 'error' in probe.settled)) return probe.answer;
  const entry: ProbeEntry = {
    userId,
    answer: ask().then(
      (): OperatorAnswer => ({ operator: true }),
      (e: unknown): OperatorAnswer => {
        const err =
          e instanceof ApiError
            ? e
            : new ApiError(0, { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) });
        return err.status === 404 || err.status === 403 ? { operator: false } : { error: err };
      },
    ),
  };
  void entry.answer.then((a) => {
    entry.settled = a;
    if (probe === entry) notify();
  });
  probe = entry;
  return entry.answer;
}

/** The probe's kept answer for `userId`, if it has come. */
export function knownOperator(userId: string): OperatorAnswer | undefined {
  return probe?.userId === userId ? probe.settled : undefined;
}

/** Forget the probe's answer, so the next look asks again (Retry on the admin page; tests). */
export function forgetOperatorProbe(): void {
  probe = null;
  notify();
}
