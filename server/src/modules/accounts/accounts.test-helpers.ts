import type { ParsedMail } from 'mailparser';
import * as OTPAuth from 'otpauth';
import { type Answer, Client, type TestContext } from '../../../test/harness.ts';

/** Sign in with a fresh client; the client keeps the cookie and the CSRF token on success. */
export async function login(
  ctx: TestContext,
  email: string,
  password: string,
  opts: { remember?: boolean; ip?: string; userAgent?: string } = {},
): Promise<{ client: Client; res: Answer }> {
  const client = new Client(ctx.app, opts.ip);
  const body = { email, password, ...(opts.remember !== undefined ? { remember: opts.remember } : {}) };
  const res = await client.request('POST', '/api/v1/sessions', body, {
    headers: opts.userAgent ? { 'user-agent': opts.userAgent } : {},
  });
  return { client, res };
}

/** One stored audit event, as the table holds it. */
export interface AuditRow {
  action: string;
  company_id: string | null;
  actor_user_id: string | null;
  target_id: string | null;
  ip: string | null;
  user_agent: string | null;
  diff: Record<string, unknown> | null;
  metadata: Record<string, unknown> | null;
}

/** Audit events about a user (as actor or target), oldest first. */
export async function auditOf(ctx: TestContext, userId: string): Promise<AuditRow[]> {
  const { rows } = await ctx.deps.database.pool.query<AuditRow>(
    `select action, company_id, actor_user_id, target_id, ip, user_agent, diff, metadata
       from audit_events where actor_user_id = $1 or target_id = $1 order by created_at, id`,
    [userId],
  );
  return rows;
}

/** Run due jobs and wait for a mail to `to` whose subject contains `subject`. */
export async function mailTo(ctx: TestContext, to: string, subject: string): Promise<ParsedMail> {
  await ctx.runJobs();
  return ctx.smtp.waitFor(
    (m) =>
      JSON.stringify(m.to).toLowerCase().includes(to.toLowerCase()) && (m.subject ?? '').includes(subject),
  );
}

/** A client authenticated with an API token only (no cookie, no CSRF token). */
export function bearerClient(ctx: TestContext, token: string): Client {
  const c = new Client(ctx.app);
  c.bearer = token;
  return c;
}

/** A TOTP code of a base32 key at a time, as an authenticator app would show it. */
export const totpAt = (secret: string, at: Date) =>
  new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret) }).generate({ timestamp: at.getTime() });

/** Turn two-factor on for a signed-in client, as a person would (key, then a code from it). */
export async function enrolTwoFactor(ctx: TestContext, client: Client) {
  const setup = await client.post<{ secret: string }>('/api/v1/me/two-factor/setup');
  if (setup.status !== 200) throw new Error(`setup: ${setup.status} ${JSON.stringify(setup.body)}`);
  const on = await client.post<{ recoveryCodes: string[] }>('/api/v1/me/two-factor/enable', {
    code: totpAt(setup.body.secret, ctx.clock.now()),
  });
  if (on.status !== 200) throw new Error(`enable: ${on.status} ${JSON.stringify(on.body)}`);
  return { secret: setup.body.secret, recoveryCodes: on.body.recoveryCodes };
}
