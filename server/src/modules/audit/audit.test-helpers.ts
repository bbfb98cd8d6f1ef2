import type { AuditEventDto } from '@youarecoder/contract';
import { expect } from 'vitest';
import { Client, type TestContext } from '../../../test/harness.ts';

/** A JSON answer of the listing. */
export type Page = { events: AuditEventDto[]; nextCursor: string | null };
/** The route under test. */
export const AUDIT_URL = '/api/v1/audit-events';

/** The route with a query string. */
export const auditUrl = (params: Record<string, string | number>) =>
  `${AUDIT_URL}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;

/** A member of the company, signed in. */
export async function memberOf(ctx: TestContext, companyId: string): Promise<Client> {
  const accounts = ctx.deps.services.accounts;
  const email = `member-${Date.now()}-${Math.random().toString(36).slice(2)}@example.com`;
  const password = 'member passphrase 11';
  const passwordHash = await accounts.preparePassword(password, {});
  await accounts.createUser(
    ctx.deps.database.db,
    {
      companyId,
      email,
      fullName: 'Mem Ber',
      password,
      passwordHash,
      role: 'member',
      workspaceQuota: 0,
      locale: 'en',
      emailVerified: true,
    },
    null,
  );
  const c = new Client(ctx.app);
  expect((await c.post('/api/v1/sessions', { email, password })).status).toBe(200);
  return c;
}

/** Append an event to a company's log at the clock's current time. */
export function record(
  ctx: TestContext,
  companyId: string | null,
  action: 'user.login' | 'member.role_changed' | 'invite.sent',
  extra: { actor?: string; target?: string; metadata?: Record<string, unknown> } = {},
) {
  return ctx.deps.services.audit.record(ctx.deps.database.db, {
    companyId,
    actor: extra.actor ? { userId: extra.actor, email: `${extra.actor}@example.com` } : null,
    action,
    target: extra.target ? { type: 'user', id: extra.target } : undefined,
    metadata: extra.metadata,
    meta: { ip: '192.0.2.1', userAgent: 'Agent', requestId: 'req_test' },
  });
}

/** Follow the cursor to the end; returns every event and how many pages it took. */
export async function allPages(
  c: Client,
  params: Record<string, string | number>,
): Promise<{ events: AuditEventDto[]; pages: number }> {
  const events: AuditEventDto[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const res: { status: number; body: Page } = await c.get<Page>(
      auditUrl({ ...params, ...(cursor ? { cursor } : {}) }),
    );
    expect(res.status).toBe(200);
    events.push(...res.body.events);
    cursor = res.body.nextCursor;
    pages++;
    expect(pages).toBeLessThan(100);
  } while (cursor);
  return { events, pages };
}

/** A strict RFC 4180 reader, so the test does not trust the writer's own idea of escaping. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const ch = text[i] as string;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i += 2;
        continue;
      }
      if (ch === '"') quoted = false;
      else cell += ch;
      i++;
      continue;
    }
    if (ch === '"' && cell === '') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else if (ch === '"' || ch === '\n' || ch === '\r')
      throw new Error(`bare ${JSON.stringify(ch)} at ${i}`);
    else cell += ch;
    i++;
  }
  if (cell !== '' || row.length) throw new Error('missing final CRLF');
  return rows;
}
