import {
  acceptInviteBody,
  acceptInviteResult,
  createInviteBody,
  inviteDto,
  inviteListDto,
  inviteLookupDto,
  memberDto,
  memberListDto,
  removeMemberQuery,
  removeMemberResult,
  transferOwnershipBody,
  updateMemberBody,
} from '@youarecoder/contract';
import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Deps } from '../../deps.ts';
import { principalOf, requestMeta, requireRole, requireVerified } from '../../platform/http/auth.ts';
import { authRateLimit } from '../../platform/http/rate-limit.ts';
import { setSessionCookie } from '../accounts/index.ts';

const idParams = z.object({ id: z.string().min(1).max(80) });
const ok = z.object({ ok: z.literal(true) });
const tokenQuery = z.object({ token: z.string().min(10, 'is not a valid token').max(200) });

/** Members, invites and ownership transfer. Fine-grained rules live in contract's team-policy.ts. */
export const teamRoutes: FastifyPluginAsync<{ deps: Deps }> = async (app, { deps }) => {
  const team = deps.services.companies;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/members',
    {
      schema: { tags: ['members'], summary: 'Members of my company', response: { 200: memberListDto } },
    },
    async (req) => ({ members: await team.listMembers(principalOf(req)) }),
  );

  r.patch(
    '/members/:id',
    {
      schema: {
        tags: ['members'],
        summary: "Change a member's role or workspace quota (owner, admin)",
        params: idParams,
        body: updateMemberBody,
        response: { 200: memberDto },
      },
    },
    async (req) => {
      const p = principalOf(req);
      requireRole(p, 'owner', 'admin');
      return team.updateMember(p, req.params.id, req.body, requestMeta(req));
    },
  );

  r.delete(
    '/members/:id',
    {
      schema: {
        tags: ['members'],
        summary:
          'Remove a member; resources=transfer|delete decides what happens to their workspaces (owner, admin)',
        params: idParams,
        querystring: removeMemberQuery,
        response: { 200: removeMemberResult },
      },
    },
    async (req) => {
      const p = principalOf(req);
      requireRole(p, 'owner', 'admin');
      await team.removeMember(p, req.params.id, req.query.resources, requestMeta(req));
      return { ok: true as const, resources: req.query.resources };
    },
  );

  r.post(
    '/company/ownership',
    {
      config: authRateLimit(deps.config),
      schema: {
        tags: ['company'],
        summary: 'Transfer ownership to a verified member; you become admin (owner, password required)',
        body: transferOwnershipBody,
        response: { 200: ok },
      },
    },
    async (req) => {
      const p = principalOf(req);
      requireRole(p, 'owner');
      await team.transferOwnership(p, req.body, requestMeta(req));
      return { ok: true as const };
    },
  );

  r.get(
    '/invites',
    {
      schema: {
        tags: ['invites'],
        summary: 'Pending and recently expired invites (owner, admin)',
        response: { 200: inviteListDto },
      },
    },
    async (req) => {
      const p = principalOf(req);
      requireRole(p, 'owner', 'admin');
      return { invites: await team.listInvites(p) };
    },
  );

  r.post(
    '/invites',
    {
      schema: {
        tags: ['invites'],
        summary: 'Invite someone by email (owner, admin; verified email)',
        body: createInviteBody,
        response: { 201: inviteDto },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      requireRole(p, 'owner', 'admin');
      requireVerified(p);
      return reply.status(201).send(await team.createInvite(p, req.body, requestMeta(req)));
    },
  );

  r.post(
    '/invites/:id/resend',
    {
      schema: {
        tags: ['invites'],
        summary: 'Send an invite again with a new link; the old link stops working (owner, admin)',
        params: idParams,
        response: { 200: inviteDto },
      },
    },
    async (req) => {
      const p = principalOf(req);
      requireRole(p, 'owner', 'admin');
      return team.resendInvite(p, req.params.id, requestMeta(req));
    },
  );

  r.delete(
    '/invites/:id',
    {
      schema: {
        tags: ['invites'],
        summary: 'Revoke an invite (owner, admin)',
        params: idParams,
        response: { 200: ok },
      },
    },
    async (req) => {
      const p = principalOf(req);
      requireRole(p, 'owner', 'admin');
      await team.revokeInvite(p, req.params.id, requestMeta(req));
      return { ok: true as const };
    },
  );

  r.get(
    '/invites/lookup',
    {
      config: { public: true, ...authRateLimit(deps.config) },
      schema: {
        tags: ['invites'],
        summary: 'What an invitation link is about (public)',
        querystring: tokenQuery,
        response: { 200: inviteLookupDto },
      },
    },
    async (req) => team.lookupInvite(req.query.token),
  );

  r.post(
    '/invites/accept',
    {
      config: { public: true, ...authRateLimit(deps.config) },
      schema: {
        tags: ['invites'],
        summary: 'Accept an invitation: create the account and sign in (public)',
        body: acceptInviteBody,
        response: { 201: acceptInviteResult },
      },
    },
    async (req, reply) => {
      const res = await team.acceptInvite(req.body, requestMeta(req));
      setSessionCookie(reply, deps.config, res.session);
      return reply
        .status(201)
        .send({ company: res.company, user: res.user, csrfToken: res.session.csrfToken });
    },
  );
};
