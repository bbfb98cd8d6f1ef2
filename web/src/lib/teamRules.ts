import type { MemberDto, Role } from '@youarecoder/contract';

// Mirrors server/src/modules/companies/team.policy.ts only to decide which controls to show;
// the API is the one that decides (and its refusal message is shown when they disagree).
const manager = (r: Role) => r === 'owner' || r === 'admin';

/** What the signed-in member may do to `target` in the team list. */
export function teamControls(actor: { id: string; role: Role }, target: MemberDto) {
  const self = target.id === actor.id;
  const overAdmin = actor.role === 'admin' && target.role === 'admin';
  return {
    changeRole: manager(actor.role) && !self && target.role !== 'owner' && !overAdmin,
    changeQuota: manager(actor.role) && (self || (target.role !== 'owner' && !overAdmin)),
    remove: manager(actor.role) && !self && target.role !== 'owner' && !overAdmin,
    transferOwnership: actor.role === 'owner' && !self && target.emailVerified,
  };
}
