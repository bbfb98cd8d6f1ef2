import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { DevMail, DevMailList } from '@youarecoder/contract';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, createTestContext, signupCompany } from '../../../test/harness.ts';
import { MINUTE } from '../../platform/clock.ts';

/** An app wired like `npm run dev` without SMTP_URL: mail goes to .eml files under DATA_DIR/mail. */
function devWorld(env: Record<string, string> = {}, mail: 'file' | 'from-config' = 'from-config') {
  return createTestContext({ fakeClock: true, mail, env: { NODE_ENV: 'development', ...env } });
}

describe('development mail (file transport, not production)', () => {
  let w: Awaited<ReturnType<typeof devWorld>>;
  beforeAll(async () => {
    w = await devWorld();
  });
  afterAll(() => w.close());

  it('is what a development start without SMTP_URL uses', () => {
    expect(w.deps.mail.kind).toBe('file');
  });

  it('writes each delivered message as an .eml file under DATA_DIR/mail', async () => {
    const owner = await signupCompany(w, { fullName: 'Ayşe <b>Yılmaz</b>' });
    await w.runJobs();
    const { rows } = await w.deps.database.pool.query(
      'select id, subject, status from mail_outbox where to_address = $1',
      [owner.email],
    );
    expect(rows.length).toBeGreaterThanOrEqual(1);
    const files = await readdir(path.join(w.dataDir, 'mail'));
    // Only the platform may read them: they hold sign-in links, and workspaces may run on this host.
    expect((await stat(path.join(w.dataDir, 'mail'))).mode & 0o777).toBe(0o700);
    for (const row of rows) {
      expect((await stat(path.join(w.dataDir, 'mail', `${row.id}@youarecoder.eml`))).mode & 0o777).toBe(
        0o600,
      );
      expect(row.status).toBe('sent');
      const file = `${row.id}@youarecoder.eml`;
      expect(files).toContain(file);
      const parsed = await simpleParser(await readFile(path.join(w.dataDir, 'mail', file)));
      expect(parsed.messageId).toBe(`<${row.id}@youarecoder>`);
      expect(parsed.subject).toBe(row.subject);
      expect(JSON.stringify(parsed.to)).toContain(owner.email);
      expect(parsed.text).toContain('Ayşe <b>Yılmaz</b>');
      expect(parsed.html).toContain('Ayşe &lt;b&gt;Yılmaz&lt;/b&gt;');
    }
  });

  it('GET /api/v1/dev/mail lists messages newest first without a session; /:id adds the bodies', async () => {
    const first = await signupCompany(w);
    w.fakeClock?.advance(MINUTE);
    const second = await signupCompany(w);
    const anon = new Client(w.app);

    const list = await anon.get<DevMailList>('/api/v1/dev/mail');
    expect(list.status).toBe(200);
    const msgs = list.body.messages;
    const times = msgs.map((m) => Date.parse(m.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
    const firstIdx = msgs.findIndex((m) => m.to === first.email);
    const secondIdx = msgs.findIndex((m) => m.to === second.email);
    expect(secondIdx).toBeGreaterThanOrEqual(0);
    expect(secondIdx).toBeLessThan(firstIdx);

    const verify = msgs.find((m) => m.to === second.email && m.template === 'verify_email');
    expect(verify).toMatchObject({ status: 'queued', attempts: 0, lastError: null, sentAt: null });
    expect(Object.keys(verify ?? {}).sort()).toEqual(
      ['attempts', 'createdAt', 'id', 'lastError', 'sentAt', 'status', 'subject', 'template', 'to'].sort(),
    );

    await w.runJobs();
    const one = await anon.get<DevMail>(`/api/v1/dev/mail/${verify?.id}`);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ id: verify?.id, status: 'sent', attempts: 1, to: second.email });
    expect(one.body.sentAt).toBe(w.clock.now().toISOString());
    expect(one.body.text).toMatch(/\/verify-email\?token=/);
    expect(one.body.html).toMatch(/href="[^"]*\/verify-email\?token=/);

    const missing = await anon.get('/api/v1/dev/mail/msg_doesnotexist');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });

  it('answers only this machine: from another address the page does not exist, X-Forwarded-For or not', async () => {
    await signupCompany(w);
    const far = new Client(w.app, '203.0.113.9');
    for (const url of ['/api/v1/dev/mail', '/api/v1/dev/mail/msg_x']) {
      const res = await far.request('GET', url, undefined, { headers: { 'x-forwarded-for': '127.0.0.1' } });
      expect([url, res.status, res.body.code]).toEqual([url, 404, 'NOT_FOUND']);
    }
    expect((await new Client(w.app, '::1').get('/api/v1/dev/mail')).status).toBe(200);
    expect((await new Client(w.app, '::ffff:127.0.0.1').get('/api/v1/dev/mail')).status).toBe(200);
  });

  it('lists at most 100 messages', async () => {
    await w.deps.database.db.transaction(async (tx) => {
      for (let i = 0; i < 105; i++) {
        await w.deps.services.notifications.queue(tx, {
          template: 'password_reset',
          to: `bulk${i}@example.com`,
          locale: 'en',
          data: { name: `Bulk ${i}`, url: 'http://localhost:8080/reset-password?token=x' },
        });
      }
    });
    const list = await new Client(w.app).get<DevMailList>('/api/v1/dev/mail');
    expect(list.body.messages).toHaveLength(100);
  });

  it('is in the OpenAPI document', async () => {
    const doc = (await w.app.inject({ url: '/api/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/dev/mail', '/api/v1/dev/mail/{id}']),
    );
  });
});

describe('development mail is absent', () => {
  it('when mail goes through SMTP', async () => {
    const ctx = await createTestContext();
    try {
      expect(ctx.deps.mail.kind).toBe('smtp');
      const owner = await signupCompany(ctx);
      const [msg] = (await ctx.deps.database.pool.query('select id from mail_outbox limit 1')).rows;
      for (const url of ['/api/v1/dev/mail', `/api/v1/dev/mail/${msg.id}`]) {
        const res = await owner.client.get(url);
        expect(res.status, url).toBe(404);
        expect(res.body.code).toBe('NOT_FOUND');
        // Without a session an unknown /api/v1 path is refused before routing; either way no mail.
        expect([401, 404]).toContain((await new Client(ctx.app).get(url)).status);
      }
      const doc = (await ctx.app.inject({ url: '/api/openapi.json' })).json();
      expect(Object.keys(doc.paths).some((p) => p.startsWith('/api/v1/dev/'))).toBe(false);
    } finally {
      await ctx.close();
    }
  });

  it('in production, even with the file transport', async () => {
    const w = await devWorld(
      {
        NODE_ENV: 'production',
        PUBLIC_URL: 'https://yac.example.com',
        SMTP_URL: 'smtp://127.0.0.1:1',
        // Production refuses to start without PayTR credentials; nothing here talks to PayTR.
        SELLER_LEGAL_NAME: 'Örnek Yazılım A.Ş.',
        SELLER_TAX_NUMBER: '6153928400',
        SELLER_ADDRESS: 'Kadıköy, İstanbul',
        PAYTR_MERCHANT_ID: '123456',
        PAYTR_MERCHANT_KEY: 'test-merchant-key',
        PAYTR_MERCHANT_SALT: 'test-merchant-salt',
      },
      'file',
    );
    try {
      expect(w.deps.mail.kind).toBe('file');
      expect(w.deps.config.isProduction).toBe(true);
      const owner = await signupCompany(w);
      const res = await owner.client.get('/api/v1/dev/mail');
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('NOT_FOUND');
      expect([401, 404]).toContain((await new Client(w.app).get('/api/v1/dev/mail')).status);
    } finally {
      await w.close();
    }
  });
});
