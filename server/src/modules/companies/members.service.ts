import type { CompaniesDeps } from './companies.service.ts';

/** Members: list, role and quota changes, removal, ownership transfer. (Filled in by the team work.) */
export function createMembersService(_deps: CompaniesDeps) {
  return {};
}
