export { accountsRoutes, setSessionCookie } from './accounts.routes.ts';
export {
  type AccountsService,
  createAccountsService,
  type IssuedSession,
  LOCKOUT_MS,
  LOCKOUT_THRESHOLD,
  type NewUser,
} from './accounts.service.ts';
export type { AccountsDeps } from './accounts.shared.ts';
