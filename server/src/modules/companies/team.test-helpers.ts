import type { InviteDto } from '@youarecoder/contract';
import type { ParsedMail } from 'mailparser';
import { expect } from 'vitest';
import { Client, signupCompany, type TestContext } from '../../../test/harness.ts';
import { linkIn, tokenFrom } from '../../../test/smtp-sink.ts';

/** A company owner from signupCompany. */
export type Owner = Awaited<ReturnType<typeof signupCompany>>;

/** A person who joined through an invite, with a signed-in client. */
export interface Joined {
  client: Client;
  userId: string;
  email: string;
  password: string;
}

const PASSWORD = 'another sturdy passphrase 7';
let seq = 0;

/** A fresh, unused email address. */
export function freshEmail(tag = 'person'): string {
  seq++;
  return `${tag}-${Date.now().toString(36)}${seq}@example.com`;
}

/** Run due jobs and wait for mail number `index` (0-based) to `to` whose subject contains `subject`. */
export async function nthMailTo(
  ctx: TestContext,
  to: string,
  subject: string,
  index = 0,
): Promise<ParsedMail> {
  await ctx.runJobs();
  const match = (m: ParsedMail) =>
    JSON.stringify(m.to).toLowerCase().includes(to.toLowerCase()) && (m.subject ?? '').includes(subject);
  await ctx.smtp.waitFor(() => ctx.smtp.messages.filter(match).length > index);
  return ctx.smtp.messages.filter(match)[index] as ParsedMail;
}

/** Verify an address through the real verification mail and link. */
export async function verifyEmail(ctx: TestContext, email: string): Promise<void> {
  const mail = await nthMailTo(ctx, email, 'Confirm your email');
  const res = await new Client(ctx.app).post('/api/v1/verify-email', {
    token: tokenFrom(linkIn(mail, '/verify-email?token=')),
  });
  expect(res.status).toBe(200);
}

/** A company whose owner has verified their email and keeps `ownerQuota` of the limit for themself. */
export async function verifiedCompany(ctx: TestContext, ownerQuota = 0): Promise<Owner> {
  const owner = await signupCompany(ctx);
  await verifyEmail(ctx, owner.email);
  const res = await owner.client.patch(`/api/v1/members/${owner.userId}`, { workspaceQuota: ownerQuota });
  expect(res.status).toBe(200);
  return owner;
}

/** Invite an address and return the invite and the token read from the delivered mail. */
export async function invite(
  ctx: TestContext,
  by: Client,
  body: { email?: string; role?: 'admin' | 'member'; workspaceQuota?: number } = {},
): Promise<{ invite: InviteDto; token: string; email: string }> {
  const email = body.email ?? freshEmail('invitee');
  const res = await by.post<InviteDto>('/api/v1/invites', {
    email,
    role: body.role ?? 'member',
    workspaceQuota: body.workspaceQuota ?? 0,
  });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const mail = await nthMailTo(ctx, email, 'invited you');
  return { invite: res.body, token: tokenFrom(linkIn(mail, '/accept-invite?token=')), email };
}

/** Body of an accept answer: the result on 201, an error body otherwise. */
export type AcceptAnswer = {
  user: { id: string; email: string };
  company: { id: string };
  code?: string;
  message?: string;
  fields?: Record<string, string>;
};

/** Accept an invite token with a fresh client. */
export async function accept(ctx: TestContext, token: string, over: Record<string, unknown> = {}) {
  const client = new Client(ctx.app);
  const res = await client.post<AcceptAnswer>('/api/v1/invites/accept', {
    token,
    fullName: 'Invited Person',
    password: PASSWORD,
    acceptTerms: true,
    ...over,
  });
  return { client, res };
}

/** Invite someone and have them join; returns their signed-in client. */
export async function join(
  ctx: TestContext,
  by: Client,
  body: { role?: 'admin' | 'member'; workspaceQuota?: number } = {},
): Promise<Joined> {
  const sent = await invite(ctx, by, body);
  const { client, res } = await accept(ctx, sent.token);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { client, userId: res.body.user.id, email: sent.email, password: PASSWORD };
}

/** Audit actions of a company, oldest first. */
export async function auditActions(ctx: TestContext, companyId: string) {
  const { rows } = await ctx.deps.database.pool.query<{
    action: string;
    actor_user_id: string | null;
    target_id: string | null;
    diff: Record<string, unknown> | null;
    metadata: Record<string, unknown> | null;
  }>(
    'select action, actor_user_id, target_id, diff, metadata from audit_events where company_id = $1 order by created_at, id',
    [companyId],
  );
  return rows;
}
