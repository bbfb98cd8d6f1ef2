import { describe, expect, it } from 'vitest';
import type { Role } from './constants.ts';
import { type Actor, can, type TeamAction, teamControls } from './team-policy.ts';

const owner: Actor = { id: 'usr_owner', role: 'owner' };
const admin: Actor = { id: 'usr_admin', role: 'admin' };
const admin2: Actor = { id: 'usr_admin2', role: 'admin' };
const member: Actor = { id: 'usr_member', role: 'member' };
const member2: Actor = { id: 'usr_member2', role: 'member' };

const allowed = (a: Actor, action: TeamAction) => can(a, action).allowed;
const role = (target: Actor, to: 'admin' | 'member' = 'admin'): TeamAction => ({
  type: 'member.changeRole',
  target,
  to,
});
const quota = (target: Actor): TeamAction => ({ type: 'member.changeQuota', target });
const remove = (target: Actor): TeamAction => ({ type: 'member.remove', target });
const transfer = (target: Actor): TeamAction => ({ type: 'company.transferOwnership', target });

describe('team policy', () => {
  it('everyone lists members; only owner and admins manage invites', () => {
    for (const a of [owner, admin, member]) expect(allowed(a, { type: 'members.list' })).toBe(true);
    expect([owner, admin, member].map((a) => allowed(a, { type: 'invites.manage' }))).toEqual([
      true,
      true,
      false,
    ]);
  });

  it('roles: the owner changes anyone but themself; admins only grant admin to members; members nothing', () => {
    expect(allowed(owner, role(admin, 'member'))).toBe(true);
    expect(allowed(owner, role(member, 'admin'))).toBe(true);
    expect(allowed(owner, role(owner, 'admin'))).toBe(false);
    expect(allowed(admin, role(member, 'admin'))).toBe(true);
    expect(allowed(admin, role(admin2, 'member'))).toBe(false);
    expect(allowed(admin, role(owner, 'member'))).toBe(false);
    expect(allowed(admin, role(admin, 'member'))).toBe(false);
    expect(allowed(member, role(member2, 'admin'))).toBe(false);
    expect(allowed(member, role(member, 'admin'))).toBe(false);
  });

  it("quotas: the owner sets anyone's; admins set members' and their own; members nobody's", () => {
    expect([owner, admin, member].map((t) => allowed(owner, quota(t)))).toEqual([true, true, true]);
    expect([owner, admin, admin2, member].map((t) => allowed(admin, quota(t)))).toEqual([
      false,
      true,
      false,
      true,
    ]);
    expect([member, member2].map((t) => allowed(member, quota(t)))).toEqual([false, false]);
  });

  it('removal: never the owner, never oneself, admins only members', () => {
    expect([owner, admin, member].map((t) => allowed(owner, remove(t)))).toEqual([false, true, true]);
    expect([owner, admin, admin2, member].map((t) => allowed(admin, remove(t)))).toEqual([
      false,
      false,
      false,
      true,
    ]);
    expect(allowed(member, remove(member2))).toBe(false);
  });

  it('ownership: only the owner, to someone else', () => {
    expect(allowed(owner, transfer(admin))).toBe(true);
    expect(allowed(owner, transfer(member))).toBe(true);
    expect(allowed(owner, transfer(owner))).toBe(false);
    expect(allowed(admin, transfer(admin2))).toBe(false);
  });

  it('every refusal says what to do instead', () => {
    const refusals: Array<[Actor, TeamAction]> = [
      [owner, role(owner)],
      [owner, remove(owner)],
      [admin, remove(admin)],
      [admin, role(owner)],
    ];
    for (const [a, action] of refusals) {
      const d = can(a, action);
      expect(d.allowed).toBe(false);
      if (!d.allowed) expect(d.reason).toMatch(/transfer|ask|owner/i);
    }
    expect((can(owner, remove(owner)) as { reason: string }).reason).toMatch(/transfer ownership/);
  });

  it('decides on roles, not on who the ids are', () => {
    const roles: Role[] = ['owner', 'admin', 'member'];
    for (const r of roles) {
      const a: Actor = { id: 'usr_x', role: r };
      expect(allowed(a, remove({ id: 'usr_x', role: 'member' }))).toBe(false);
    }
  });
});

describe('teamControls (what the portal offers)', () => {
  const row = (a: Actor, emailVerified = true) => ({ ...a, emailVerified });
  const offered = (a: Actor, t: Actor, verified = true) => {
    const c = teamControls(a, row(t, verified));
    return (Object.keys(c) as (keyof typeof c)[]).filter((k) => c[k]);
  };

  it('offers exactly what the policy allows', () => {
    expect(offered(owner, owner)).toEqual(['changeQuota']);
    expect(offered(owner, admin)).toEqual(['changeRole', 'changeQuota', 'remove', 'transferOwnership']);
    expect(offered(owner, member)).toEqual(['changeRole', 'changeQuota', 'remove', 'transferOwnership']);
    expect(offered(admin, owner)).toEqual([]);
    expect(offered(admin, admin)).toEqual(['changeQuota']);
    expect(offered(admin, admin2)).toEqual([]);
    expect(offered(admin, member)).toEqual(['changeRole', 'changeQuota', 'remove']);
    expect(offered(member, member)).toEqual([]);
    expect(offered(member, member2)).toEqual([]);
  });

  it('offers ownership only to a member with a verified email address', () => {
    expect(teamControls(owner, row(member, false)).transferOwnership).toBe(false);
    expect(teamControls(owner, row(member, true)).transferOwnership).toBe(true);
  });
});
