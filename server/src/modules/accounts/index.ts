export { accountsRoutes, setSessionCookie } from './accounts.routes.ts';
export {
  type AccountsService,
  createAccountsService,
  type IssuedSession,
  type NewUser,
  THROTTLE_AFTER,
  throttleMs,
} from './accounts.service.ts';
export type { AccountsDeps } from './accounts.shared.ts';
