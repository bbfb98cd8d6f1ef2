import type { CompaniesDeps } from './companies.service.ts';

/** Invites: send, resend, revoke, look up, accept. (Filled in by the team work.) */
export function createInvitesService(_deps: CompaniesDeps) {
  return {};
}
