import { useMe } from './session.tsx';

/**
 * Whether the signed-in user is a platform operator, from GET /me (`user.isOperator`). The portal
 * used to probe GET /admin/companies on every page, which logged a 404 for everyone else.
 */
export function useIsOperator(): boolean {
  return useMe().user.isOperator;
}
