import { useCallback, useEffect, useSyncExternalStore } from 'react';
import { adminApi } from '../api/admin.ts';
import {
  forgetOperatorProbe,
  knownOperator,
  type OperatorAnswer,
  probeOperator,
  subscribeOperator,
} from './operatorProbe.ts';
import { useMe } from './session.tsx';

/** Whether the signed-in user is a platform operator: null until the probe answers. */
export interface OperatorState {
  answer: OperatorAnswer | null;
  /** Ask again (after an answer that was an error). */
  retry: () => void;
}

const ask = () => adminApi.companies();

/**
 * The portal does not know the operator flag: it asks GET /admin/companies once per signed-in user
 * and page load (see probeOperator), and every menu and page shares that one answer.
 */
export function useOperator(): OperatorState {
  const userId = useMe().user.id;
  const answer = useSyncExternalStore(subscribeOperator, () => knownOperator(userId) ?? null);
  const asked = answer !== null;

  useEffect(() => {
    // Starts the probe, or joins the one under way; the answer arrives through the store.
    if (!asked) void probeOperator(userId, ask);
  }, [userId, asked]);

  const retry = useCallback(() => forgetOperatorProbe(), []);
  return { answer, retry };
}

/** Whether the menu shows the Admin entry: only once the probe answered 200. */
export function useIsOperator(): boolean {
  const { answer } = useOperator();
  return answer !== null && 'operator' in answer && answer.operator;
}
