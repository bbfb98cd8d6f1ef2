// Who may do what to whom inside a company: the server enforces it (its services call `can`), the
// portal uses the same rules only to show or hide controls. No zod here: the portal imports this
// module (through `@youarecoder/contract/team-policy`).
import type { Role } from './constants.ts';

/**
 * The rules:
 * - any member may list the members;
 * - owner and admins manage invites, members' quotas and members;
 * - only the owner touches admins (their role, quota, removal) and the owner's own quota, except
 *   that an invite (owner or admin) may take what it lacks from the owner's quota, which holds the
 *   plan's unallocated workspaces from signup (`takeFromOwner`);
 * - admins may grant the admin role (they can invite admins anyway) but not take it away,
 *   so two admins cannot demote each other;
 * - nobody changes their own role or removes themselves, and the owner's role changes only
 *   by transferring ownership.
 */

/** The acting member (on the server: read from the database inside the transaction). */
export interface Actor {
  id: string;
  role: Role;
}

/** The member acted upon. */
export interface Target {
  id: string;
  role: Role;
}

/** Something a member may try to do. */
export type TeamAction =
  | { type: 'members.list' }
  | { type: 'invites.manage' }
  | { type: 'member.changeRole'; target: Target; to: 'admin' | 'member' }
  | { type: 'member.changeQuota'; target: Target }
  | { type: 'member.remove'; target: Target }
  | { type: 'company.transferOwnership'; target: Target };

/** Allowed, or refused with a reason a person can act on. */
export type Decision = { allowed: true } | { allowed: false; reason: string };

const yes: Decision = { allowed: true };
const no = (reason: string): Decision => ({ allowed: false, reason });
const manager = (r: Role) => r === 'owner' || r === 'admin';

/** Decide whether `actor` may perform `action`. Pure. */
export function can(actor: Actor, action: TeamAction): Decision {
  switch (action.type) {
    case 'members.list':
      return yes;
    case 'invites.manage':
      return manager(actor.role) ? yes : no('Managing invites needs the owner or admin role.');
    case 'member.changeRole': {
      const { target } = action;
      if (!manager(actor.role)) return no('Changing roles needs the owner or admin role.');
      if (target.id === actor.id) {
        return no(
          actor.role === 'owner'
            ? 'You cannot change your own role; transfer ownership to another member instead.'
            : 'You cannot change your own role; ask the company owner.',
        );
      }
      if (target.role === 'owner') return no("The owner's role changes only by transferring ownership.");
      if (actor.role === 'admin' && target.role === 'admin')
        return no("Only the owner can change another admin's role.");
      return yes;
    }
    case 'member.changeQuota': {
      const { target } = action;
      if (!manager(actor.role)) return no('Changing workspace quotas needs the owner or admin role.');
      if (target.id === actor.id) return yes;
      if (target.role === 'owner') return no("Only the owner can change the owner's workspace quota.");
      if (actor.role === 'admin' && target.role === 'admin')
        return no("Only the owner can change another admin's workspace quota.");
      return yes;
    }
    case 'member.remove': {
      const { target } = action;
      if (!manager(actor.role)) return no('Removing members needs the owner or admin role.');
      if (target.id === actor.id) {
        return no(
          actor.role === 'owner'
            ? 'You cannot remove yourself: transfer ownership to another member first, then ask them to remove you.'
            : 'You cannot remove yourself; ask the company owner to remove you.',
        );
      }
      if (target.role === 'owner')
        return no('The owner cannot be removed; the owner must transfer ownership first.');
      if (actor.role === 'admin' && target.role === 'admin') return no('Only the owner can remove an admin.');
      return yes;
    }
    case 'company.transferOwnership': {
      if (actor.role !== 'owner') return no('Only the owner can transfer ownership.');
      if (action.target.id === actor.id) return no('You already own the company; choose another member.');
      return yes;
    }
  }
}

/** What a team list may offer `actor` for one member. */
export interface TeamControls {
  changeRole: boolean;
  changeQuota: boolean;
  remove: boolean;
  transferOwnership: boolean;
}

/**
 * Which controls to offer `actor` for `target`, by the same rules the server enforces. A role
 * change counts when at least one new role is allowed; ownership also needs the target's
 * verified email address (the server refuses an unverified one with a field error).
 */
export function teamControls(actor: Actor, target: Target & { emailVerified: boolean }): TeamControls {
  const ok = (action: TeamAction) => can(actor, action).allowed;
  const roleTarget = { id: target.id, role: target.role };
  return {
    changeRole:
      ok({ type: 'member.changeRole', target: roleTarget, to: 'admin' }) ||
      ok({ type: 'member.changeRole', target: roleTarget, to: 'member' }),
    changeQuota: ok({ type: 'member.changeQuota', target: roleTarget }),
    remove: ok({ type: 'member.remove', target: roleTarget }),
    transferOwnership: ok({ type: 'company.transferOwnership', target: roleTarget }) && target.emailVerified,
  };
}
