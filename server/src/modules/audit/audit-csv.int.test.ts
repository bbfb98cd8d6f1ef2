import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany, type TestContext } from '../../../test/harness.ts';
import { MINUTE } from '../../platform/clock.ts';
import { auditUrl, parseCsv, record } from './audit.test-helpers.ts';

let ctx: TestContext;
beforeAll(async () => {
  ctx = await createTestContext({ fakeClock: true });
});
afterAll(() => ctx.close());

describe('GET /api/v1/audit-events?format=csv', () => {
  it('downloads a CSV attachment named after the subdomain and the Istanbul date', async () => {
    const s = await signupCompany(ctx);
    const sub = (await s.client.get<{ company: { subdomain: string } }>('/api/v1/me')).body.company.subdomain;
    ctx.fakeClock?.set('2026-12-01T22:30:00Z'); // already 2 December in Istanbul (UTC+3)
    const owner = new Client(ctx.app);
    await owner.post('/api/v1/sessions', { email: s.email, password: s.password });
    const res = await owner.get<string>(auditUrl({ format: 'csv', action: 'user.signup' }));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="audit-${sub}-2026-12-02.csv"`);
    expect(res.headers['x-audit-truncated']).toBeUndefined();
    const lines = res.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'id,createdAt,action,actorId,actorEmail,targetType,targetId,ip,userAgent,diff,metadata',
    );
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(1, -1).map((l) => l.split(',')[2])).toEqual(['user.signup']);
  });

  it('escapes per RFC 4180 and defuses formulas', async () => {
    const s = await signupCompany(ctx);
    ctx.fakeClock?.advance(MINUTE);
    const nasty = { note: 'a "quoted", comma\r\nnew line' };
    await record(ctx, s.companyId, 'invite.sent', {
      actor: 'usr_x',
      target: '=HYPERLINK("http://evil","x")',
      metadata: nasty,
    });
    for (const t of ['+SUM(1)', '-2+3', '@cmd', '\tTAB', 'plain']) {
      ctx.fakeClock?.advance(1000);
      await record(ctx, s.companyId, 'user.login', { target: t });
    }
    const res = await s.client.get<string>(auditUrl({ format: 'csv', action: 'invite.sent' }));
    const rows = parseCsv(res.body.replace(/^\uFEFF/, ''));
    expect(rows).toHaveLength(2);
    const [header, row] = rows as [string[], string[]];
    const cell = (name: string) => row[header.indexOf(name)];
    expect(cell('targetId')).toBe(`'=HYPERLINK("http://evil","x")`);
    expect(JSON.parse(cell('metadata') as string)).toEqual(nasty);
    expect(cell('actorEmail')).toBe('usr_x@example.com');
    expect(res.body).toContain(`"'=HYPERLINK(""http://evil"",""x"")"`);

    const logins = parseCsv(
      (await s.client.get<string>(auditUrl({ format: 'csv', action: 'user.login' }))).body.replace(
        /^\uFEFF/,
        '',
      ),
    );
    const targets = logins.slice(1).map((r) => r[(logins[0] as string[]).indexOf('targetId')]);
    expect(targets).toEqual(['plain', "'\tTAB", "'@cmd", "'-2+3", "'+SUM(1)"]);
  });

  it('exports up to 10,000 rows without pagination and says when it cut', async () => {
    const s = await signupCompany(ctx);
    await ctx.deps.database.pool.query(
      `insert into audit_events (id, company_id, action, created_at)
       select 'aud_bulk' || lpad(g::text, 6, '0'), $1, 'invite.sent', $2::timestamptz - g * interval '1 second'
         from generate_series(1, 10005) g`,
      [s.companyId, ctx.clock.now().toISOString()],
    );
    const res = await s.client.get<string>(auditUrl({ format: 'csv', action: 'invite.sent', limit: 5 }));
    expect(res.status).toBe(200);
    expect(res.headers['x-audit-truncated']).toBe('true');
    const lines = res.body.split('\r\n').filter(Boolean);
    expect(lines).toHaveLength(10_001);
    expect(lines[1]?.startsWith('aud_bulk000001,')).toBe(true);
    const exact = await s.client.get<string>(
      auditUrl({
        format: 'csv',
        action: 'invite.sent',
        from: new Date(ctx.clock.now().getTime() - 10_000_000).toISOString(),
      }),
    );
    expect(exact.headers['x-audit-truncated']).toBeUndefined();
    expect(exact.body.split('\r\n').filter(Boolean)).toHaveLength(10_001);
  });
});

describe('OpenAPI', () => {
  it('documents the JSON schema and the CSV answer', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/openapi.json' })).json();
    const op = doc.paths['/api/v1/audit-events'].get;
    expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual([
      'action',
      'actorId',
      'cursor',
      'format',
      'from',
      'limit',
      'targetId',
      'to',
    ]);
    const content = op.responses['200'].content;
    expect(Object.keys(content).sort()).toEqual(['application/json', 'text/csv']);
    expect(Object.keys(content['application/json'].schema.properties).sort()).toEqual([
      'events',
      'nextCursor',
    ]);
    expect(content['text/csv'].schema.type).toBe('string');
  });
});
